import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tdkt.audit.models import AuditEvent
from tdkt.org.models import Person, Unit


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_requests_are_refused(org):
    assert api().get("/api/v1/people/").status_code in (401, 403)
    assert api().get("/api/v1/units/").status_code in (401, 403)


def test_token_authentication(org):
    token = Token.objects.create(user=org.officer_b)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/people/")
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["results"]] == ["P-B"]


def test_lists_return_no_foreign_rows(org):
    people = api(org.officer_a).get("/api/v1/people/?page_size=500").json()["results"]
    units = api(org.officer_a).get("/api/v1/units/?page_size=500").json()["results"]
    assert sorted(p["code"] for p in people) == ["P-A", "P-A1", "P-A11"]
    assert sorted(u["code"] for u in units) == ["CCT", "CCT-TH", "CCT-TH-TDKT"]


def test_list_filters_and_diacritic_insensitive_search(org):
    client = api(org.commander)
    found = client.get("/api/v1/people/", {"q": "dang van duc"}).json()["results"]
    assert [p["full_name"] for p in found] == ["Đặng Văn Đức"]
    sub = client.get("/api/v1/people/", {"unit": org.a1.pk}).json()["results"]
    assert sorted(p["code"] for p in sub) == ["P-A1", "P-A11"]
    foreign = api(org.officer_b).get("/api/v1/people/", {"unit": org.a1.pk}).json()["results"]
    assert foreign == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/people/{person_c}/",
        "/api/v1/units/{c}/",
        "/api/v1/people/{person_c}/history/",
        "/api/v1/units/{c}/history/",
        "/api/v1/people/{person_c}/transfers/",
    ],
)
def test_objects_outside_the_remit_are_404(org, path):
    url = path.format(person_c=org.person_c.pk, c=org.c.pk)
    assert api(org.officer_a).get(url).status_code == 404
    assert api(org.admin).get(url).status_code == 200


def test_unknown_api_url_answers_json_404(org):
    response = api(org.admin).get("/api/v1/khong-co/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_create_person_through_the_service(org):
    response = api(org.officer_a).post(
        "/api/v1/people/",
        {
            "code": "api-1",
            "full_name": "Phan Văn Hải",
            "category": "QNCN",
            "unit": org.a11.pk,
            "birth_date": "1992-04-03",
            "service_start": "2012-09-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["code"] == "API-1" and response.json()["unit"]["code"] == "CCT-TH-TDKT"
    person = Person.objects.get(code="API-1")
    events = AuditEvent.objects.filter(action="org.person.created", object_id=str(person.pk), actor=org.officer_a)
    assert events.exists()


def test_create_accepts_dd_mm_yyyy_dates(org):
    response = api(org.officer_a).post(
        "/api/v1/people/",
        {
            "code": "api-2",
            "full_name": "Phan Văn Hải",
            "category": "QNCN",
            "unit": org.a11.pk,
            "birth_date": "03/04/1992",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()


def test_create_in_a_foreign_unit_is_refused_without_writing(org):
    before = (Person.objects.count(), AuditEvent.objects.count())
    response = api(org.officer_a).post(
        "/api/v1/people/", {"code": "X", "full_name": "Ai Đó", "category": "QNCN", "unit": org.b1.pk}, format="json"
    )
    assert response.status_code == 400
    assert (Person.objects.count(), AuditEvent.objects.count()) == before


def test_viewer_may_read_but_not_write(org):
    client = api(org.viewer_a)
    assert client.get(f"/api/v1/people/{org.person_a1.pk}/").status_code == 200
    response = client.patch(f"/api/v1/people/{org.person_a1.pk}/", {"position": "X"}, format="json")
    assert response.status_code == 403
    assert Person.objects.get(pk=org.person_a1.pk).position == "Trợ lý"


def test_validation_errors_are_vietnamese_and_change_nothing(org):
    response = api(org.officer_a).post(
        "/api/v1/people/", {"code": "P-A", "full_name": "Trùng Mã", "category": "QNCN", "unit": org.a.pk}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["attr"] == "code" and "Mã" in body["errors"][0]["detail"]
    bad_date = api(org.officer_a).post(
        "/api/v1/people/",
        {"code": "N1", "full_name": "Ai Đó", "category": "QNCN", "unit": org.a.pk, "birth_date": "2024-02-31"},
        format="json",
    )
    assert bad_date.status_code == 400 and bad_date.json()["errors"][0]["attr"] == "birth_date"


@pytest.mark.parametrize(
    "field, value",
    [
        ("unit", "other"),
        ("unit_since", "2020-01-01"),
        ("id", 999),
        ("created_at", "2000-01-01T00:00:00Z"),
        ("name_folded", "x"),
        ("sort_key", "0"),
    ],
)
def test_mass_assignment_cannot_move_or_rewrite_protected_fields(org, field, value):
    value = org.b1.pk if value == "other" else value
    person_before = Person.objects.values().get(pk=org.person_a1.pk)
    response = api(org.officer_a).patch(
        f"/api/v1/people/{org.person_a1.pk}/", {field: value, "position": "Mới", "reason": "Bổ nhiệm"}, format="json"
    )
    assert response.status_code == 200
    after = Person.objects.values().get(pk=org.person_a1.pk)
    assert after["position"] == "Mới"
    for key in ("unit_id", "unit_since", "id", "created_at", "name_folded", "sort_key"):
        assert after[key] == person_before[key]


def test_unit_dissolved_fields_cannot_be_set_directly(org):
    response = api(org.officer_a).patch(
        f"/api/v1/units/{org.a11.pk}/", {"dissolved_on": "2024-01-01", "successor": org.a.pk}, format="json"
    )
    assert response.status_code == 200
    unit = Unit.objects.get(pk=org.a11.pk)
    assert unit.dissolved_on is None and unit.successor is None


def test_unit_crud_and_refusals(org):
    client = api(org.officer_a)
    created = client.post(
        "/api/v1/units/",
        {"code": "cct-moi", "name": "Phòng Mới", "parent": org.a.pk, "unit_type": "PHONG"},
        format="json",
    )
    assert created.status_code == 201
    unit_id = created.json()["id"]
    cycle = client.patch(f"/api/v1/units/{org.a.pk}/", {"parent": org.a11.pk}, format="json")
    assert cycle.status_code == 400
    assert client.delete(f"/api/v1/units/{unit_id}/").status_code == 403  # officers dissolve, admins delete
    refused = api(org.admin).delete(f"/api/v1/units/{org.a11.pk}/")
    assert refused.status_code == 409 and "giải thể" in refused.json()["errors"][0]["detail"]
    assert api(org.admin).delete(f"/api/v1/units/{unit_id}/").status_code == 204


def test_transfer_and_dissolve_actions(org):
    client = api(org.officer_a)
    moved = client.post(
        f"/api/v1/people/{org.person_a.pk}/transfer/",
        {"to_unit": org.a1.pk, "effective_on": "2024-05-01", "decision_number": "5/QĐ-CCT"},
        format="json",
    )
    assert moved.status_code == 201 and moved.json()["to_unit"]["code"] == "CCT-TH"
    dissolved = client.post(
        f"/api/v1/units/{org.a11.pk}/dissolve/",
        {"dissolved_on": "2025-01-01", "successor": org.a1.pk, "reason": "Sáp nhập"},
        format="json",
    )
    assert dissolved.status_code == 200 and dissolved.json()["dissolved_on"] == "2025-01-01"
    again = client.post(
        f"/api/v1/units/{org.a11.pk}/dissolve/", {"dissolved_on": "2025-01-02", "reason": "Lần nữa"}, format="json"
    )
    assert again.status_code == 409
    into_dissolved = client.post(
        f"/api/v1/people/{org.person_a.pk}/transfer/",
        {"to_unit": org.a11.pk, "effective_on": "2025-02-01"},
        format="json",
    )
    assert into_dissolved.status_code == 400


def test_people_are_never_deleted(org):
    assert api(org.admin).delete(f"/api/v1/people/{org.person_a.pk}/").status_code == 405
    assert Person.objects.filter(pk=org.person_a.pk).exists()


def test_history_endpoint_lists_events(org):
    api(org.officer_a).patch(
        f"/api/v1/people/{org.person_a.pk}/", {"position": "Trưởng phòng", "reason": "Bổ nhiệm"}, format="json"
    )
    events = api(org.officer_a).get(f"/api/v1/people/{org.person_a.pk}/history/").json()
    assert [e["action"] for e in events][:2] == ["org.person.updated", "org.person.created"]
    assert events[0]["after"]["position"] == "Trưởng phòng"


def test_schema_is_served_and_valid(org):
    response = api(org.viewer_a).get("/api/v1/schema/")
    assert response.status_code == 200
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("patch", "/api/v1/people/{person_c}/", {"position": "X"}),
        ("put", "/api/v1/people/{person_c}/", {"code": "P-C", "full_name": "X", "category": "QNCN"}),
        ("post", "/api/v1/people/{person_c}/transfer/", {"to_unit": "{a1}", "effective_on": "2024-01-01"}),
        ("patch", "/api/v1/units/{c}/", {"name": "X"}),
        ("put", "/api/v1/units/{c}/", {"code": "CKT", "name": "X"}),
        ("post", "/api/v1/units/{c}/dissolve/", {"dissolved_on": "2024-01-01", "reason": "X"}),
        ("delete", "/api/v1/units/{c}/", None),
    ],
)
def test_writes_on_objects_outside_the_remit_are_404_and_change_nothing(org, method, path, body):
    ids = {"person_c": org.person_c.pk, "c": org.c.pk, "a1": org.a1.pk}
    if body:
        body = {k: (int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}
    before = (list(Person.objects.values()), list(Unit.objects.values()), AuditEvent.objects.count())
    response = getattr(api(org.officer_a), method)(path.format(**ids), body, format="json")
    assert response.status_code == 404
    assert (list(Person.objects.values()), list(Unit.objects.values()), AuditEvent.objects.count()) == before


def test_the_item_action_enum_of_the_schema_is_the_services_list():
    from django.conf import settings

    from tdkt.nominations import services

    declared = settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["ItemActionEnum"]
    assert [value for value, _ in declared] == list(services.ITEM_ACTIONS)
