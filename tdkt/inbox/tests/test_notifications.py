"""Notifications from the audit trail after commit, and their e-mail copies for those who chose them."""

from django.core import mail

from tdkt.emulation import services as emulation
from tdkt.inbox import services
from tdkt.inbox.dispatch import dispatch_pending
from tdkt.inbox.models import Notification, NotificationPreference
from tdkt.inbox.tests.helpers import submitted_dossier
from tdkt.nominations import services as nominations
from tdkt.nominations.tests.conftest import YEAR
from tdkt.records.models import CatalogueEntry


def titles(user):
    return [n.title for n in Notification.objects.filter(user=user)]


def test_a_return_tells_the_sender_with_the_reason_and_not_the_one_who_returned(
    flow, django_capture_on_commit_callbacks
):
    org = flow.org
    with django_capture_on_commit_callbacks(execute=True):
        dossier = submitted_dossier(flow)
    assert any("cần tiếp nhận" in t for t in titles(org.officer_a))  # the receiving level is told it arrived
    with django_capture_on_commit_callbacks(execute=True):
        nominations.dossier_transition(actor=org.officer_a, dossier=dossier, action="return", reason="Thiếu biên bản")
    [note] = Notification.objects.filter(user=org.officer_a1, title__contains="trả lại")
    assert note.title == f"Hồ sơ “{dossier.title}” bị Cục Chính trị trả lại để bổ sung."
    assert note.body == "Lý do: Thiếu biên bản" and note.url == dossier.get_absolute_url() and note.read_at is None
    assert not Notification.objects.filter(user=org.officer_a, title__contains="trả lại").exists()
    assert not Notification.objects.filter(user=org.officer_b).exists()  # another agency is told nothing


def test_dispatch_is_idempotent_and_catches_up_what_was_not_dispatched(flow):
    org = flow.org
    dossier = submitted_dossier(flow)  # no commit callback ran (the test's transaction)
    nominations.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    assert not Notification.objects.exists()
    made = dispatch_pending()
    assert made >= 2
    count = Notification.objects.count()
    assert dispatch_pending() == 0 and Notification.objects.count() == count
    assert f"Hồ sơ “{dossier.title}” đã được Cục Chính trị tiếp nhận." in titles(org.officer_a1)


def test_registration_review_tells_who_registered(flow, django_capture_on_commit_callbacks):
    org = flow.org
    entry = CatalogueEntry.objects.get(code="CSTDCS")
    registration = emulation.registration_submit(actor=org.officer_a1, entry=entry, year=YEAR, person=org.person_a11)
    with django_capture_on_commit_callbacks(execute=True):
        emulation.registration_review(actor=org.officer_a, registration=registration, approve=False, reason="Sai năm")
    [note] = Notification.objects.filter(user=org.officer_a1)
    assert note.title.endswith("bị trả lại.") and note.body == "Lý do: Sai năm"
    assert "Chiến sĩ thi đua cơ sở" in note.title and "Lê Anh Tuấn" in note.title


def test_email_only_for_users_who_opted_in(flow, django_capture_on_commit_callbacks):
    org = flow.org
    org.officer_a1.email = "canbo.a1@example.vn"
    org.officer_a1.save()
    dossier = submitted_dossier(flow)
    with django_capture_on_commit_callbacks(execute=True):
        nominations.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    assert mail.outbox == []  # not opted in: the notification only
    services.preference_set(actor=org.officer_a1, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        nominations.dossier_transition(actor=org.officer_a, dossier=dossier, action="return", reason="Thiếu biên bản")
    [message] = mail.outbox
    assert message.to == ["canbo.a1@example.vn"] and message.subject.startswith("[TĐKT] Hồ sơ")
    assert "Lý do: Thiếu biên bản" in message.body and f"/ho-so/{dossier.pk}/" in message.body
    assert Notification.objects.get(user=org.officer_a1, title__contains="trả lại").emailed_at is not None
    services.preference_set(actor=org.officer_a1, email=False)
    assert NotificationPreference.objects.get(user=org.officer_a1).email is False


def test_mark_read_is_the_owners_only(flow):
    import pytest
    from django.http import Http404

    org = flow.org
    dossier = submitted_dossier(flow)
    nominations.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    dispatch_pending()
    note = Notification.objects.filter(user=org.officer_a1).first()
    with pytest.raises(Http404):
        services.notification_mark_read(actor=org.officer_b, notification=note)
    note.refresh_from_db()
    assert note.read_at is None  # refused: unchanged
    services.notification_mark_read(actor=org.officer_a1, notification=note)
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_late_dispatch_names_the_level_of_each_step_not_the_dossiers_current_one(flow):
    from tdkt.nominations.models import Dossier

    org = flow.org
    dossier = submitted_dossier(flow)
    nominations.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    Dossier.objects.filter(pk=dossier.pk).update(authority=flow.btl)  # as if it had moved on before the dispatch
    dispatch_pending()
    assert f"Hồ sơ “{dossier.title}” đã được Cục Chính trị tiếp nhận." in titles(org.officer_a1)
    assert not any("Bộ Tư lệnh" in t for t in titles(org.officer_a1))


def test_a_return_by_the_level_above_names_that_level_not_the_one_holding_the_dossier(flow):
    from tdkt.org.choices import Role
    from tdkt.org.tests.factories import UserFactory

    org = flow.org
    # a superuser holding the administrator's role on the Military Region acts on Cục Chính trị's dossier
    region_admin = UserFactory(username="quantri", is_superuser=True, roles=[(org.root, Role.QUAN_TRI)])
    dossier = submitted_dossier(flow)
    nominations.dossier_transition(actor=region_admin, dossier=dossier, action="return", reason="Thiếu biên bản")
    dispatch_pending()
    [note] = Notification.objects.filter(user=org.officer_a1, title__contains="trả lại")
    assert note.title == f"Hồ sơ “{dossier.title}” bị Bộ Tư lệnh Quân khu trả lại để bổ sung."
    assert note.body == "Lý do: Thiếu biên bản"


def test_act_now_notifications_end_when_the_work_is_done(flow):
    from tdkt.nominations.tests.test_services import meeting

    org = flow.org
    dossier = submitted_dossier(flow)
    dispatch_pending()
    [receive] = Notification.objects.filter(user=org.officer_a, title__contains="cần tiếp nhận")
    assert receive.act and receive.read_at is None and receive.subject == f"nominations.dossier:{dossier.pk}"
    nominations.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    dispatch_pending()
    receive.refresh_from_db()
    assert receive.done_at is not None and receive.read_at is not None  # received: no longer "new"
    [received] = Notification.objects.filter(user=org.officer_a1, title__contains="tiếp nhận")
    assert not received.act and received.read_at is None  # news for the sender stays unread until read
    # asked and done within one dispatch: the vote notice is made done at once
    dossier = nominations.dossier_transition(actor=org.officer_a, dossier=dossier, action="to_council")
    item = dossier.items.get()  # Bùi Thị Hồng, a council member: 8 of the 9 vote
    nominations.tally_record(
        actor=org.council_a, meeting=meeting(flow, dossier), item=item, agree=8, disagree=0, abstain=0, invalid=0
    )
    nominations.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    dispatch_pending()
    [vote] = Notification.objects.filter(user=org.council_a, title__contains="cần biểu quyết")
    assert vote.act and vote.done_at is not None and vote.read_at is not None
    unread = set(Notification.objects.filter(read_at__isnull=True, act=True).values_list("title", flat=True))
    assert unread == {f"Hồ sơ “{dossier.title}” đã được Hội đồng xét: chờ ký quyết định."}  # the work still to do


def test_a_returned_dossiers_notice_ends_when_it_is_revised(flow):
    from tdkt.inbox.tests.helpers import returned_dossier

    org = flow.org
    dossier = returned_dossier(flow)
    dispatch_pending()
    [returned] = Notification.objects.filter(user=org.officer_a1, title__contains="trả lại")
    assert returned.act and returned.read_at is None
    nominations.dossier_transition(actor=org.officer_a1, dossier=dossier, action="revise")
    dispatch_pending()
    returned.refresh_from_db()
    assert returned.done_at is not None and returned.read_at is not None
