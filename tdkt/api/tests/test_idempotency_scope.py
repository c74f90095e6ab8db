"""Idempotency keys belong to (user, operation) and are read only after the permission check (issue #14, finding 7).

Replaying someone else's key must give the replayer their own result or their own refusal, never the stored answer,
and a refused replay writes nothing (no award, no decision, no stored answer)."""

from django.utils import timezone
from rest_framework.test import APIClient

from tdkt.api.models import IdempotentRequest
from tdkt.nominations import services as nominations
from tdkt.nominations.models import DecisionIssue
from tdkt.nominations.tests.conftest import build_flow
from tdkt.nominations.tests.test_services import dossier_for, meeting, to_council
from tdkt.org import services as org_services
from tdkt.org.choices import Role
from tdkt.records.models import Award

AWARDS = "/api/v1/awards/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def state():
    return (
        sorted(Award.objects.values_list("id", "person_id", "unit_id", "entry__code", "year", "achievement")),
        sorted(IdempotentRequest.objects.values_list("id", "actor_id", "operation", "key", "request_digest")),
    )


def first_award(org, key="chung-1"):
    body = {"person": org.person_a.pk, "entry": "GK", "year": 2025, "kind": "DOT_XUAT", "achievement": "Cứu hộ"}
    first = api(org.officer_a).post(AWARDS, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201
    return body, first.json()


def test_another_agency_replaying_a_key_with_the_same_body_is_not_found_and_learns_nothing(org):
    body, answer = first_award(org)
    before = state()
    replay = api(org.officer_b).post(AWARDS, body, format="json", HTTP_IDEMPOTENCY_KEY="chung-1")
    assert replay.status_code in (400, 404)  # the person is outside B's remit: "not found", as without a key
    assert "Idempotent-Replayed" not in replay.headers
    assert "Đặng Văn Đức" not in replay.content.decode() and '"id"' not in replay.content.decode()
    assert state() == before


def test_another_user_reusing_a_key_gets_their_own_award(org):
    _, answer = first_award(org)
    own = {"person": org.person_b.pk, "entry": "GK", "year": 2025, "kind": "DOT_XUAT", "achievement": "Cứu hộ"}
    mine = api(org.officer_b).post(AWARDS, own, format="json", HTTP_IDEMPOTENCY_KEY="chung-1")
    assert mine.status_code == 201 and "Idempotent-Replayed" not in mine.headers
    assert mine.json()["id"] != answer["id"] and mine.json()["person"]["id"] == org.person_b.pk
    assert Award.objects.filter(person=org.person_b, entry__code="GK").count() == 1
    assert IdempotentRequest.objects.filter(key="chung-1").count() == 2  # one per user


def test_a_viewer_replaying_a_key_is_refused_and_nothing_changes(org):
    body, answer = first_award(org)
    before = state()
    replay = api(org.viewer_a).post(AWARDS, body, format="json", HTTP_IDEMPOTENCY_KEY="chung-1")
    assert replay.status_code == 403
    assert "Idempotent-Replayed" not in replay.headers and '"id"' not in replay.content.decode()
    assert state() == before


def test_a_user_who_lost_the_right_to_write_gets_403_not_the_stored_answer(org):
    body, answer = first_award(org)
    for assignment in org.officer_a.role_assignments.all():
        org_services.role_revoke(actor=None, assignment=assignment)
    org_services.role_grant(actor=None, user=org.officer_a, unit=org.a, role=Role.XEM)
    before = state()
    replay = api(org.officer_a).post(AWARDS, body, format="json", HTTP_IDEMPOTENCY_KEY="chung-1")
    assert replay.status_code == 403 and '"id"' not in replay.content.decode()
    assert state() == before


def test_the_stored_answer_still_serves_the_same_user_and_operation(org):
    body, answer = first_award(org)
    again = api(org.officer_a).post(AWARDS, body, format="json", HTTP_IDEMPOTENCY_KEY="chung-1")
    assert again.status_code == 201 and again.json() == answer and again.headers["Idempotent-Replayed"] == "true"
    assert Award.objects.filter(person=org.person_a, entry__code="GK").count() == 1


def _ready(flow, person):
    dossier = dossier_for(flow, title=f"Đề nghị khen thưởng {person.code}")
    item = nominations.item_add(actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=person)
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    nominations.tally_record(
        actor=flow.org.council_a, meeting=sitting, item=item, agree=9, disagree=0, abstain=0, invalid=0
    )
    nominations.dossier_transition(actor=flow.org.council_a, dossier=dossier, action="close_vote")
    return dossier


def _signer():
    return {
        "signed_on": timezone.localdate().isoformat(),
        "signer_title": "Chủ nhiệm",
        "signer_name": "Nguyễn Văn Bình",
    }


def test_a_decision_key_is_scoped_to_the_user_and_the_dossier(org):
    flow = build_flow(org)
    first, second = _ready(flow, org.person_a), _ready(flow, org.person_a11)
    commander = api(org.commander)
    one = commander.post(f"/api/v1/dossiers/{first.pk}/decision/", _signer(), format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert one.status_code == 201 and one.json()["dossier"] == first.pk
    decisions = sorted(DecisionIssue.objects.values_list("id", "dossier_id", "sequence"))
    # the council's secretary may see the dossier but not sign: 403, not the commander's decision
    council = api(org.council_a).post(
        f"/api/v1/dossiers/{first.pk}/decision/", _signer(), format="json", HTTP_IDEMPOTENCY_KEY="x"
    )
    assert council.status_code == 403 and one.json()["number"] not in council.content.decode()
    assert sorted(DecisionIssue.objects.values_list("id", "dossier_id", "sequence")) == decisions
    # the same key for another dossier is another request: that dossier's own decision, the next number
    two = commander.post(f"/api/v1/dossiers/{second.pk}/decision/", _signer(), format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert two.status_code == 201 and two.json()["dossier"] == second.pk and two.json()["id"] != one.json()["id"]
    assert Award.objects.filter(person=org.person_a11, entry__code="CSTT", year=2025).count() == 1
    # and the retry of the first still gets the first
    again = commander.post(f"/api/v1/dossiers/{first.pk}/decision/", _signer(), format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert again.status_code == 201 and again.json() == one.json()
    assert DecisionIssue.objects.count() == 2
