"""The nomination flow over the API: the same services, the same refusals."""

from django.utils import timezone

from tdkt.api.tests.test_records_api import api
from tdkt.nominations.models import DecisionIssue, Dossier
from tdkt.nominations.tests.conftest import build_flow

SIGNER = {
    "signed_on": timezone.localdate().isoformat(),  # not before the submission (today)
    "signer_title": "Chủ nhiệm",
    "signer_name": "Nguyễn Văn Bình",
    "signer_rank": "Đại tá",
}


def test_a_dossier_from_creation_to_decision(org):
    flow = build_flow(org)
    officer, secretary, commander = api(org.officer_a), api(org.council_a), api(org.commander)
    created = officer.post(
        "/api/v1/dossiers/",
        {"unit": org.a.pk, "year": 2025, "kind": "THUONG_XUYEN", "title": "Tổng kết 2025", "status": "DA_QUYET_DINH"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["status"] == "NHAP"  # status cannot be set directly
    pk = created.json()["id"]
    base = f"/api/v1/dossiers/{pk}"
    bulk = officer.post(f"{base}/items-from-screening/", {"award": "CSTT"}, format="json")
    assert len(bulk.json()["items"]) == 3
    wrong = officer.post(f"{base}/transition/", {"action": "close_vote"}, format="json")
    assert wrong.status_code in (400, 403, 409)
    for step in ("submit", "receive", "to_council"):
        assert officer.post(f"{base}/transition/", {"action": step}, format="json").status_code == 200
    meeting = secretary.post(
        f"{base}/meetings/",
        {
            "held_on": timezone.localdate().isoformat(),  # not before the submission (today)
            "place": "Hội trường",
            "presided_by": flow.members[0].pk,
            "attendees": [m.pk for m in flow.members],
        },
        format="json",
    ).json()
    items = Dossier.objects.get(pk=pk).items.order_by("id")
    too_many = secretary.post(
        f"{base}/tallies/",
        {"meeting": meeting["id"], "item": items[0].pk, "agree": 12, "disagree": 0, "abstain": 0, "invalid": 0},
        format="json",
    )
    assert too_many.status_code == 400
    for item, agree in zip(items, (9, 2, 8), strict=True):
        response = secretary.post(
            f"{base}/tallies/",
            {"meeting": meeting["id"], "item": item.pk, "agree": agree, "disagree": 0, "abstain": 0, "invalid": 0},
            format="json",
        )
        assert response.status_code == 201, response.json()
    secretary.post(f"{base}/transition/", {"action": "close_vote"}, format="json")
    first = commander.post(f"{base}/decision/", SIGNER, format="json", HTTP_IDEMPOTENCY_KEY="api-1")
    again = commander.post(f"{base}/decision/", SIGNER, format="json", HTTP_IDEMPOTENCY_KEY="api-1")
    assert first.status_code == 201 and first.json() == again.json() and DecisionIssue.objects.count() == 1
    assert first.json()["number"] == "1/QĐ-CCT" and len(first.json()["awards"]) == 2
    assert officer.get(f"{base}/").json()["status"] == "DA_QUYET_DINH"
    listed = officer.get("/api/v1/decisions/").json()
    assert [d["number"] for d in listed["results"]] == ["1/QĐ-CCT"]


def test_another_agency_sees_nothing_and_cannot_write(org):
    build_flow(org)
    created = (
        api(org.officer_a)
        .post(
            "/api/v1/dossiers/",
            {"unit": org.a.pk, "year": 2025, "kind": "THUONG_XUYEN", "title": "Tổng kết 2025"},
            format="json",
        )
        .json()
    )
    other = api(org.officer_b)
    assert other.get(f"/api/v1/dossiers/{created['id']}/").status_code == 404
    assert other.get("/api/v1/dossiers/").json()["count"] == 0
    response = other.post(f"/api/v1/dossiers/{created['id']}/transition/", {"action": "submit"}, format="json")
    assert response.status_code == 404
    assert Dossier.objects.get(pk=created["id"]).status == "NHAP"
