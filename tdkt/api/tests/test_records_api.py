import pytest
from rest_framework.test import APIClient

from tdkt.audit.models import AuditEvent
from tdkt.records.models import Award, YearlyRating


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_catalogue_is_readable_with_sources(org):
    entries = api(org.viewer_a).get("/api/v1/catalogue/?page_size=100").json()["results"]
    cstdcs = next(e for e in entries if e["code"] == "CSTDCS")
    assert cstdcs["kind"] == "DANH_HIEU" and "Đ23" in cstdcs["legal_source"]


def test_rating_award_and_revocation_through_the_api(org):
    client = api(org.officer_a)
    response = client.post(
        "/api/v1/ratings/", {"person": org.person_a.pk, "year": 2024, "rating": "HTXSNV"}, format="json"
    )
    assert response.status_code == 201 and response.json()["rating"] == "HTXSNV"
    response = client.post(
        "/api/v1/awards/",
        {
            "person": org.person_a.pk,
            "entry": "CSTT",
            "year": 2024,
            "decision_number": "11/QĐ-CCT",
            "decision_date": "2025-01-05",
            "issuer": "Cục Chính trị",
            "status": "DA_HUY",
        },
        format="json",
    )
    assert response.status_code == 201
    award = response.json()
    assert award["status"] == "HIEU_LUC" and award["decision_number"] == "11/QĐ-CCT"  # status is not settable
    duplicate = client.post(
        "/api/v1/awards/", {"person": org.person_a.pk, "entry": "CSTT", "year": 2024}, format="json"
    )
    assert duplicate.status_code == 400 and "đã có danh hiệu" in duplicate.json()["errors"][0]["detail"]
    revoked = client.post(
        f"/api/v1/awards/{award['id']}/revoke/",
        {"decision_number": "2/QĐ-CCT", "decision_date": "2025-03-01", "issuer": "Cục Chính trị", "reason": "Sai"},
        format="json",
    )
    assert revoked.status_code == 200 and revoked.json()["status"] == "DA_HUY"
    again = client.post(
        f"/api/v1/awards/{award['id']}/revoke/",
        {"decision_number": "3/QĐ-CCT", "decision_date": "2025-03-02", "issuer": "Cục Chính trị", "reason": "Lần nữa"},
        format="json",
    )
    assert again.status_code == 409
    assert client.delete(f"/api/v1/awards/{award['id']}/").status_code == 405  # never deleted
    history = client.get(f"/api/v1/people/{org.person_a.pk}/records/").json()
    assert history[0]["year"] == 2024 and history[0]["rating"] == "HTXSNV"
    assert history[0]["titles"][0]["status"] == "DA_HUY"


def test_records_outside_the_remit(org):
    api(org.admin).post("/api/v1/awards/", {"person": org.person_c.pk, "entry": "GK", "year": 2024}, format="json")
    award = Award.objects.get(person=org.person_c)
    client = api(org.officer_a)
    assert client.get("/api/v1/awards/").json()["results"] == []
    assert client.get(f"/api/v1/awards/{award.pk}/").status_code == 404
    before = AuditEvent.objects.count()
    response = client.post(
        f"/api/v1/awards/{award.pk}/revoke/",
        {"decision_number": "1/QĐ", "decision_date": "2025-01-01", "reason": "X"},
        format="json",
    )
    assert response.status_code == 404 and AuditEvent.objects.count() == before
    response = client.post(
        "/api/v1/ratings/", {"person": org.person_c.pk, "year": 2024, "rating": "HTTNV"}, format="json"
    )
    assert response.status_code == 400 and not YearlyRating.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"year": 2024, "rating": "HTTNV"},
        {"person": "{a}", "unit": "{u}", "year": 2024, "rating": "HTTNV"},
        {"person": "{a}", "year": 2024, "rating": "GIOI"},
    ],
)
def test_rating_input_is_validated(org, body):
    body = {k: ({"{a}": org.person_a.pk, "{u}": org.a.pk}.get(v, v)) for k, v in body.items()}
    assert api(org.officer_a).post("/api/v1/ratings/", body, format="json").status_code == 400
    assert not YearlyRating.objects.exists()


def test_viewer_cannot_write_records(org):
    response = api(org.viewer_a).post(
        "/api/v1/initiatives/",
        {"person": org.person_a.pk, "year": 2024, "name": "Sáng kiến", "scope": "CO_SO"},
        format="json",
    )
    assert response.status_code == 403
