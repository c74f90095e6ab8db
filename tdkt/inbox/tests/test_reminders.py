"""The calendar as data (validated dates) and `tdkt send_reminders` (once per deadline date and stage)."""

from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from tdkt.inbox import services
from tdkt.inbox.models import Deadline, Notification


def run(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_default_calendar_is_seeded_with_the_report_due_15_12(db):
    report = Deadline.objects.get(title="Báo cáo tổng kết công tác thi đua, khen thưởng năm")
    assert (report.due_day, report.due_month, report.level, report.active) == (15, 12, "QUAN_KHU", True)
    assert Deadline.objects.filter(kind="KHEN_CAO").count() == 2


@pytest.mark.parametrize(
    "values, field",
    [
        ({"due_day": 31, "due_month": 4}, "due_day"),
        ({"due_day": 1, "due_month": 13}, "due_day"),
        ({"opens_day": 20, "opens_month": 12, "due_day": 15, "due_month": 12}, "opens_day"),
        ({"opens_day": 1, "due_day": 15, "due_month": 12}, "opens_day"),
        ({"level": "XA", "due_day": 15, "due_month": 12}, "level"),
    ],
)
def test_a_wrong_date_or_level_is_refused_and_nothing_is_written(org, values, field):
    before = Deadline.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.deadline_create(actor=org.admin, **{"title": "Hạn thử", "kind": "KHAC", "level": "DON_VI", **values})
    assert field in refused.value.message_dict
    assert Deadline.objects.count() == before


def test_only_an_administrator_edits_the_calendar(org):
    report = Deadline.objects.get(title="Báo cáo tổng kết công tác thi đua, khen thưởng năm")
    with pytest.raises(PermissionDenied):
        services.deadline_update(actor=org.officer_a, deadline=report, due_day=10)
    report.refresh_from_db()
    assert report.due_day == 15
    services.deadline_update(actor=org.admin, deadline=report, due_day=10, reason="Kế hoạch năm")
    report.refresh_from_db()
    assert report.due_day == 10


def test_29_february_falls_on_the_28th_in_a_common_year(org):
    deadline = services.deadline_create(
        actor=org.admin, title="Hạn cuối tháng 2", kind="KHAC", level="DON_VI", due_day=29, due_month=2
    )
    from datetime import date

    assert deadline.due_in(2025) == date(2025, 2, 28) and deadline.due_in(2028) == date(2028, 2, 29)


def test_send_reminders_twice_a_day_sends_once(org):
    org.officer_a.email = "canbo.a@example.vn"
    org.officer_a.save()
    services.preference_set(actor=org.officer_a, email=True)
    dry = run("--date", "05/12/2025", "--dry-run")
    assert "Sẽ tạo" in dry and "Báo cáo tổng kết công tác thi đua, khen thưởng năm" in dry
    assert not Notification.objects.exists() and mail.outbox == []  # a dry run writes and sends nothing
    first = run("--date", "05/12/2025")
    made = Notification.objects.filter(kind="HAN").count()
    assert made > 0 and f"Đã tạo {made} thông báo" in first
    officers = set(Notification.objects.values_list("user__username", flat=True))
    assert {"canbo.a", "canbo.b", "admin", "chihuy"} <= officers and "xem.a" not in officers
    report = Notification.objects.get(user=org.officer_a, title__contains="Báo cáo tổng kết")
    assert report.title == "Còn 10 ngày đến hạn 15/12/2025: Báo cáo tổng kết công tác thi đua, khen thưởng năm"
    assert report.url == "/bao-cao/tong-ket/"
    assert [m.to for m in mail.outbox] == [["canbo.a@example.vn"]] * Notification.objects.filter(
        user=org.officer_a
    ).count()
    second = run("--date", "05/12/2025")
    assert Notification.objects.filter(kind="HAN").count() == made and "Đã tạo 0 thông báo" in second
    run("--date", "13/12/2025")  # three days before: the second reminder
    assert Notification.objects.filter(user=org.officer_a, title__contains="Báo cáo tổng kết").count() == 2


def test_a_deadline_of_one_unit_reminds_only_the_officers_it_concerns(org):
    Deadline.objects.update(active=False)
    services.deadline_create(
        actor=org.admin,
        title="Nộp báo cáo của Cục Chính trị",
        kind="BAO_CAO",
        level="DON_VI",
        unit=org.a,
        due_day=20,
        due_month=12,
    )
    run("--date", "10/12/2025")
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"canbo.a", "canbo.a1", "admin", "chihuy"}  # inside Cục Chính trị or above it; not canbo.b


def test_a_bad_date_is_a_vietnamese_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run("--date", "31/02/2025")


def test_reminders_go_to_the_level_that_must_meet_the_deadline(flow):
    org = flow.org  # with authorities: Cục Chính trị at the unit level, Bộ Tư lệnh Quân khu at the region's
    run("--date", "05/12/2025")

    def told(user):
        return {n.title.split(": ", 1)[1] for n in Notification.objects.filter(user=user, kind="HAN")}

    submit, report = (
        "Trình hồ sơ khen thưởng tổng kết năm lên Quân khu",
        "Báo cáo tổng kết công tác thi đua, khen thưởng năm",
    )
    assert told(org.officer_a) == {submit} and told(org.officer_a1) == {submit}
    assert told(org.commander) == {report} and told(org.admin) == {report}  # not what the units submit to it


def test_the_submitting_level_owns_the_default_submission_deadlines(db):
    levels = dict(Deadline.objects.filter(kind__in=["DE_NGHI", "KHEN_CAO"]).values_list("title", "level"))
    assert levels["Trình hồ sơ khen thưởng tổng kết năm lên Quân khu"] == "DON_VI"
    assert levels["Trình hồ sơ khen cao để Bộ Quốc phòng quyết định (thành tích năm trước)"] == "QUAN_KHU"
