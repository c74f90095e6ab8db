"""Write pages of a dossier refused to the wrong side: the 403 page (never a flash message and a redirect that
looks like success), and not one row of the record changed, audit events included (issue #14)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tdkt.nominations import services
from tdkt.nominations.choices import DossierStatus
from tdkt.nominations.models import DecisionIssue, Dossier
from tdkt.nominations.tests.test_services import PDF, dossier_for, meeting, to_council
from tdkt.nominations.tests.test_views import grid
from tdkt.org.tests.factories import client_for
from tests.permissions.digest import changed_tables, record_digest

SIGNING = {
    "signed_on": f"{timezone.localdate():%d/%m/%Y}",  # a valid date: only the side is wrong
    "signer_title": "Chủ nhiệm",
    "signer_name": "Nguyễn Văn Bình",
    "signer_rank": "Đại tá",
    "idempotency_key": "refused-1",
}


def url(name, dossier, *args):
    return reverse(f"nominations:{name}", args=[dossier.pk, *args])


def refused(client, path, data, *, status=403):
    """POST and return the answer, asserting its status and that no table changed."""
    before = record_digest()
    response = client.post(path, data, HTTP_REFERER=f"http://testserver{path}")
    assert response.status_code == status, response.content.decode()[:500]
    assert changed_tables(before, record_digest()) == []
    return response


def test_only_the_commander_of_the_deciding_authority_signs_on_the_page(flow):
    org = flow.org
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    services.tally_record(actor=org.council_a, meeting=sitting, item=item, agree=9, disagree=0, abstain=0, invalid=0)
    services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    # the officer who prepared it, the council secretary and a viewer of the authority's unit see the dossier
    for user in (org.officer_a, org.council_a, org.viewer_a):
        response = refused(client_for(user), url("decision_issue", dossier), SIGNING)
        html = response.content.decode()
        assert "Chỉ chỉ huy có thẩm quyền ký" in html and "Quay lại" in html
    assert not DecisionIssue.objects.exists() and Dossier.objects.get(pk=dossier.pk).status == DossierStatus.DA_XET
    # another agency's officer does not even learn that the dossier exists
    refused(client_for(org.officer_b), url("decision_issue", dossier), SIGNING, status=404)


def test_the_council_pages_refuse_everyone_but_the_council(flow):
    org = flow.org
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    meeting_form = {
        "held_on": f"{timezone.localdate():%d/%m/%Y}",  # a valid date: only the side is wrong
        "place": "Hội trường",
        "presided_by": flow.members[0].pk,
        "attendees": [m.pk for m in flow.members],
    }
    tally = grid({item.pk: 9})  # the meeting's grid, one row
    for user in (org.officer_a, org.viewer_a, org.commander):
        refused(client_for(user), url("meeting", dossier), meeting_form)
        refused(client_for(user), url("tally", dossier, sitting.pk), tally)
    assert dossier.meetings.count() == 1 and not item.tallies.exists()
    # the secretary may: the same tally is recorded (the gate is not closed for everyone)
    assert client_for(org.council_a).post(url("tally", dossier, sitting.pk), tally).status_code == 302
    assert item.tallies.count() == 1


def test_the_submitting_pages_refuse_a_viewer_and_the_receiving_level_refuses_the_submitter(flow):
    org = flow.org
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    viewer = client_for(org.viewer_a)
    refused(viewer, url("transition", dossier, "submit"), {})
    refused(viewer, url("item_add", dossier), {"subject_code": org.person_a1.code, "entry": flow.entry("CSTT").pk})
    refused(viewer, url("bulk_add", dossier), {"award": "CSTT", "status": "ELIGIBLE"})
    refused(viewer, url("attachment_upload", dossier), {"file": SimpleUploadedFile("a.pdf", PDF)})
    refused(viewer, url("item_action", dossier, "withdraw"), {"item": item.pk})
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.NHAP and dossier.items.count() == 1
    assert not dossier.attachments.exists() and not dossier.events.exists()
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="submit")
    services.dossier_transition(actor=org.officer_a, dossier=dossier, action="receive")
    # an officer of a sub-unit submits there but is not the receiving level: approving an item is refused
    refused(client_for(org.officer_a1), url("item_action", dossier, "approve"), {"item": item.pk}, status=404)
    refused(viewer, url("item_action", dossier, "approve"), {"item": item.pk})
    item.refresh_from_db()
    assert item.status == "DE_NGHI"


def test_an_input_error_is_still_a_message_on_the_page(flow):
    """What run_service keeps: a domain refusal (the transition table) is a message, and nothing changes."""
    dossier = dossier_for(flow)
    client = client_for(flow.org.officer_a)
    before = record_digest()
    response = client.post(url("transition", dossier, "to_council"), follow=True)
    assert response.status_code == 200 and "Không thể" in response.content.decode()
    assert changed_tables(before, record_digest()) == []
