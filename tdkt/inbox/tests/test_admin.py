"""The yearly calendar in Django admin: saved through the inbox services (validated, audited), never deleted."""

from django.urls import reverse

from tdkt.audit.models import AuditEvent
from tdkt.inbox.models import Deadline
from tdkt.org.tests.factories import UserFactory, client_for


def _form(deadline: Deadline, **changes) -> dict:
    data = {
        "title": deadline.title,
        "kind": deadline.kind,
        "level": deadline.level,
        "unit": "",
        "opens_day": deadline.opens_day or "",
        "opens_month": deadline.opens_month or "",
        "due_day": deadline.due_day,
        "due_month": deadline.due_month,
        "note": deadline.note,
        "active": "on" if deadline.active else "",
        "_save": "Lưu",
        **changes,
    }
    return {k: str(v) for k, v in data.items() if v != ""}


def test_the_admin_changes_a_date_through_the_service_and_refuses_an_impossible_one(db):
    admin = UserFactory(username="chuquan", is_staff=True, is_superuser=True)
    report = Deadline.objects.get(title="Báo cáo tổng kết công tác thi đua, khen thưởng năm")
    url = reverse("admin:inbox_deadline_change", args=[report.pk])
    client = client_for(admin)
    refused = client.post(url, _form(report, due_day=31, due_month=11))
    assert refused.status_code == 200 and "Ngày hạn không có trong tháng" in refused.content.decode()
    report.refresh_from_db()
    assert (report.due_day, report.due_month) == (15, 12)
    assert client.post(url, _form(report, due_day=12)).status_code == 302
    report.refresh_from_db()
    assert report.due_day == 12
    event = AuditEvent.objects.filter(action="inbox.deadline.updated").last()
    assert event.before["due_day"] == 15 and event.after["due_day"] == 12 and event.actor == admin
    page = client.get(reverse("admin:inbox_deadline_changelist")).content.decode()
    assert "15/12" not in page and "12/12" in page
    assert client.post(reverse("admin:inbox_deadline_delete", args=[report.pk])).status_code == 403
    assert Deadline.objects.filter(pk=report.pk).exists()
