"""Mass assignment (issue #8): status, numbers, unit, creator and revocation fields cannot be set by a write.

Two checks: no write operation of the API even accepts such a field (from the OpenAPI schema, so a new
operation is covered the day it is added), and probes that send them anyway — through the API and the
pages — find them ignored in what was stored.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tdkt.org.tests.factories import client_for

FORBIDDEN = {
    "id", "status", "number", "submission_number", "created_by", "created_at", "updated_at", "registered_by",
    "reviewed_by", "approved_by", "revoked", "revoked_by", "revoked_on", "revocation_reason", "decision",
    "hash", "seq", "prev_hash", "holder", "held_by", "acclaimed", "rank", "total", "position_in_chain",
}  # fmt: skip
# fields of those names that mean something else in one operation (never the object's own state)
EXCEPTIONS = {
    "POST /api/v1/dossiers/{id}/items-from-screening/": {"status"},  # which screening results to add
    "POST /api/v1/people/": {"rank"},  # the person's military rank (cấp bậc), not a ranking
    "PUT /api/v1/people/{id}/": {"rank"},
    "PATCH /api/v1/people/{id}/": {"rank"},
    "POST /api/v1/councils/{id}/members/": {"rank"},  # the member's rank as printed in the council's list
    # locking with a tie at the top: the officer's choice among the tied units, refused for any other unit
    "POST /api/v1/scoring-rounds/{id}/advance/": {"acclaimed"},
}
# moving a person is a transfer (audited, dated), never an edit
NO_UNIT = {"PUT /api/v1/people/{id}/", "PATCH /api/v1/people/{id}/"}

pytestmark = pytest.mark.django_db


def _write_operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in ("post", "put", "patch"):
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ref = body.get("$ref", "")
            properties = set(components[ref.split("/")[-1]].get("properties", {})) if ref else set()
            yield f"{method.upper()} {path}", properties


def test_no_write_operation_accepts_a_state_field():
    operations = dict(_write_operations())
    assert len(operations) > 30
    offending = {op: sorted(props & FORBIDDEN - EXCEPTIONS.get(op, set())) for op, props in operations.items()}
    assert {op: f for op, f in offending.items() if f} == {}
    assert all("unit" not in operations[op] for op in NO_UNIT)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_probes_find_the_extra_fields_ignored(org):
    from tdkt.emulation.models import Exemplar, Registration
    from tdkt.nominations.models import Dossier
    from tdkt.nominations.tests.conftest import build_flow
    from tdkt.records.models import Award

    build_flow(org)
    client = api(org.officer_a)
    extras = {"status": "DA_HUY", "revoked_on": "2025-01-01", "revocation_reason": "x", "created_by": org.admin.pk,
              "id": 99999, "decision": 1, "revoked_by": 1}  # fmt: skip
    answer = client.post("/api/v1/awards/", {"person": org.person_a.pk, "entry": "GK", "year": 2025, **extras},
                         format="json")  # fmt: skip
    assert answer.status_code == 201
    award = Award.objects.get(pk=answer.json()["id"])
    assert award.pk != 99999 and award.status == "HIEU_LUC" and award.revoked_on is None
    assert award.revocation_reason == "" and award.revoked_by_id is None

    answer = client.post("/api/v1/dossiers/", {"unit": org.a.pk, "year": 2025, "kind": "THUONG_XUYEN", "title": "Hồ sơ",
                                               "status": "DA_DUYET", "submission_number": "99/TTr", "number": "1"},
                         format="json")  # fmt: skip
    assert answer.status_code == 201
    dossier = Dossier.objects.get(pk=answer.json()["id"])
    assert dossier.status == "NHAP" and dossier.submission_number == ""

    answer = client.patch(f"/api/v1/people/{org.person_a1.pk}/", {"unit": org.b.pk, "full_name": "Bùi Thị Hồng"},
                          format="json")  # fmt: skip
    assert answer.status_code == 200
    org.person_a1.refresh_from_db()
    assert org.person_a1.unit_id == org.a1.pk  # still in Phòng Tuyên huấn: a move is a transfer

    answer = client.post("/api/v1/registrations/", {"person": org.person_a.pk, "entry": "CSTT", "year": 2026,
                                                    "status": "DA_DUYET", "registered_by": org.admin.pk},
                         format="json")  # fmt: skip
    assert answer.status_code == 201
    registration = Registration.objects.get(pk=answer.json()["id"])
    assert registration.status == "DANG_KY" and registration.registered_by_id == org.officer_a.pk

    answer = client.post("/api/v1/exemplars/", {"person": org.person_a.pk, "field": "Huấn luyện", "campaigns": [],
                                                "on": "2025-03-01", "stage": "NHAN_RONG", "created_by": org.admin.pk},
                         format="json")  # fmt: skip
    assert answer.status_code == 201
    exemplar = Exemplar.objects.get(pk=answer.json()["id"])
    assert exemplar.stage == "PHAT_HIEN" and exemplar.created_by_id == org.officer_a.pk


def _form_token(client, url) -> dict:
    """The one-time token of the form shown at `url` (forms refuse a POST without one)."""
    import re

    found = re.search(r'name="form_token" value="([^"]+)"', client.get(url).content.decode())
    return {"form_token": found.group(1)} if found else {}


def test_page_probes_find_the_extra_fields_ignored(org):
    from tdkt.records.models import Award, CatalogueEntry

    client = client_for(org.officer_a)
    gk = CatalogueEntry.objects.get(code="GK")
    url = reverse("records:award_form", kwargs={"kind": "ca-nhan", "pk": org.person_a.pk})
    answer = client.post(url, {"entry": gk.pk, "year": 2025, "kind": "THUONG_XUYEN", "status": "DA_HUY",
                               "revoked_on": "01/01/2025", "revocation_reason": "x", "person": org.person_b.pk,
                               **_form_token(client, url)})  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:500]
    award = Award.objects.get(entry=gk, year=2025)
    assert award.status == "HIEU_LUC" and award.revoked_on is None
    assert award.person_id == org.person_a.pk  # the subject comes from the URL, never from the form

    url = reverse("org:person_update", kwargs={"pk": org.person_a1.pk})
    page = client.get(url).content.decode()
    assert 'name="unit"' not in page  # the edit form has no unit field ...
    client.post(url, {"code": "P-A1", "full_name": "Bùi Thị Hồng", "category": "SI_QUAN", "unit": org.b.pk,
                      "reason": "Sửa", "birth_date": "01/01/1990", "service_start": "01/01/2010",
                      **_form_token(client, url)})  # fmt: skip
    org.person_a1.refresh_from_db()
    assert org.person_a1.unit_id == org.a1.pk  # ... and a posted one changes nothing
