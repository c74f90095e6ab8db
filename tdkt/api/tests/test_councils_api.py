"""Councils (one per term, with members) and conferences over the API: read-only, scoped, filtered, paginated."""

from datetime import date

import pytest

from tdkt.api.tests.test_records_api import api
from tdkt.emulation import services as emulation
from tdkt.nominations import services as nominations
from tdkt.nominations.tests.conftest import build_flow


@pytest.fixture
def councils(org):
    flow = build_flow(org)  # CCT's council from 01/01/2024, nine members
    old = nominations.council_create(
        actor=org.admin, unit=org.a, name="Hội đồng TĐKT Cục Chính trị (2019–2023)",
        term_start=date(2019, 1, 1), term_end=date(2023, 12, 31),
    )  # fmt: skip
    hc = nominations.council_create(
        actor=org.admin, unit=org.b, name="Hội đồng TĐKT Cục Hậu cần", term_start=date(2024, 1, 1)
    )
    nominations.council_member_add(actor=org.admin, council=hc, full_name="Trần Văn Bình", role="CHU_TICH")
    return flow.council, old, hc


def _names(response):
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


def test_an_officer_sees_his_units_councils_with_their_members_and_not_another_agencys(org, councils):
    current, old, hc = councils
    officer = api(org.officer_a)
    body = officer.get("/api/v1/councils/").json()
    assert body["count"] == 2 and {"count", "next", "previous", "results"} <= set(body)  # paginated as the others
    assert _names(officer.get("/api/v1/councils/")) == sorted([current.name, old.name])
    detail = officer.get(f"/api/v1/councils/{current.pk}/").json()
    assert detail["unit"]["code"] == "CCT" and detail["term_start"] == "2024-01-01" and detail["term_end"] is None
    assert len(detail["members"]) == 9 and detail["members"][0]["role"] == "CHU_TICH"
    assert detail["members"][0]["role_label"] == "Chủ tịch"
    members = officer.get(f"/api/v1/councils/{current.pk}/members/").json()
    assert [m["position_in_list"] for m in members] == sorted(m["position_in_list"] for m in members)
    # Cục Hậu cần's council: not found for Cục Chính trị, exactly as an id that does not exist
    assert officer.get(f"/api/v1/councils/{hc.pk}/").status_code == 404
    assert officer.get(f"/api/v1/councils/{hc.pk}/members/").status_code == 404
    assert officer.get("/api/v1/councils/", {"unit": org.b.pk}).json()["results"] == []
    assert api(org.outsider).get("/api/v1/councils/").json()["count"] == 0
    assert _names(api(org.commander).get("/api/v1/councils/")) == sorted([current.name, old.name, hc.name])


def test_council_filters_unit_subunits_year_and_day(org, councils):
    current, old, hc = councils
    client = api(org.admin)
    assert _names(client.get("/api/v1/councils/", {"unit": org.b.pk})) == [hc.name]
    assert _names(client.get("/api/v1/councils/", {"unit": org.root.pk})) == []
    assert len(_names(client.get("/api/v1/councils/", {"unit": org.root.pk, "subunits": "true"}))) == 3
    assert _names(client.get("/api/v1/councils/", {"year": 2022})) == [old.name]
    assert _names(client.get("/api/v1/councils/", {"year": 2023, "unit": org.a.pk})) == [old.name]
    assert _names(client.get("/api/v1/councils/", {"on": "2025-06-01", "unit": org.a.pk})) == [current.name]
    response = client.get("/api/v1/councils/", {"year": "20x4"})
    assert response.status_code == 400 and "Năm phải là số" in response.json()["errors"][0]["detail"]


def test_a_council_is_formed_and_staffed_through_the_services(org, councils):
    from tdkt.audit.models import AuditEvent

    officer = api(org.officer_a)
    body = {"unit": org.a1.pk, "name": "Hội đồng TĐKT Phòng Tuyên huấn", "term_start": "01/01/2025"}
    created = officer.post("/api/v1/councils/", body, format="json")
    assert created.status_code == 201, created.content
    council = created.json()
    assert council["unit"]["code"] == "CCT-TH" and council["term_start"] == "2025-01-01" and council["members"] == []
    member = {"full_name": "  Bùi Thị   Hồng ", "role": "THU_KY", "rank": "Thiếu tá", "person": org.person_a1.pk}
    added = officer.post(f"/api/v1/councils/{council['id']}/members/", member, format="json")
    assert added.status_code == 201, added.content
    assert added.json()["full_name"] == "Bùi Thị Hồng" and added.json()["person"]["code"] == "P-A1"
    assert AuditEvent.objects.filter(action="nominations.council.member_added", object_id=str(added.json()["id"]))
    bad = officer.post("/api/v1/councils/", {**body, "term_end": "2024-12-31"}, format="json")
    assert bad.status_code == 400  # a term that ends before it starts


def test_refused_council_writes_change_nothing(org, councils):
    from tdkt.nominations.models import Council, CouncilMember

    current, old, hc = councils
    councils_before, members_before = Council.objects.count(), CouncilMember.objects.count()
    body = {"unit": org.a.pk, "name": "Hội đồng giả", "term_start": "2025-01-01"}
    # Cục Hậu cần's officer names Cục Chính trị: "not found" among the units he may change
    answer = api(org.officer_b).post("/api/v1/councils/", body, format="json")
    assert answer.status_code == 400 and answer.json()["errors"][0]["attr"] == "unit"
    member = {"full_name": "Người lạ", "role": "UY_VIEN"}
    assert api(org.officer_b).post(f"/api/v1/councils/{current.pk}/members/", member, format="json").status_code == 404
    # a viewer of Cục Chính trị sees the council but may not staff it, whatever the body
    assert api(org.viewer_a).post(f"/api/v1/councils/{current.pk}/members/", {}, format="json").status_code == 403
    assert api(org.viewer_a).post("/api/v1/councils/", body, format="json").status_code == 400
    assert Council.objects.count() == councils_before and CouncilMember.objects.count() == members_before


@pytest.fixture
def conferences(org):
    cluster = emulation.cluster_create(actor=org.admin, code="CUM-F", name="Cụm thi đua số 1", organiser=org.root)
    emulation.cluster_member_add(actor=org.admin, cluster=cluster, unit=org.a, year=2025)
    emulation.cluster_member_add(actor=org.admin, cluster=cluster, unit=org.c, year=2025)

    def record(**kw):
        return emulation.conference_record(actor=org.admin, place="Hội trường", presided_by="Đại tá Nguyễn Văn A", **kw)

    own = record(kind="SO_KET", year=2025, unit=org.a, host=org.a, held_on=date(2025, 6, 20))
    year_end = record(kind="TONG_KET", year=2024, unit=org.a, host=org.a, held_on=date(2024, 12, 20))
    of_cluster = record(kind="TONG_KET", year=2025, cluster=cluster, host=org.c, held_on=date(2025, 12, 10))
    hc = record(kind="TONG_KET", year=2025, unit=org.b, host=org.b, held_on=date(2025, 12, 12))
    return cluster, own, year_end, of_cluster, hc


def _ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def test_conferences_scoped_to_units_and_seen_clusters(org, conferences):
    cluster, own, year_end, of_cluster, hc = conferences
    officer = api(org.officer_a)
    assert _ids(officer.get("/api/v1/conferences/")) == sorted([own.pk, year_end.pk, of_cluster.pk])
    detail = officer.get(f"/api/v1/conferences/{of_cluster.pk}/").json()
    assert detail["cluster"]["code"] == "CUM-F" and detail["unit"] is None and detail["host"]["code"] == "CKT"
    assert detail["kind_label"] == "Hội nghị tổng kết năm"
    assert officer.get(f"/api/v1/conferences/{hc.pk}/").status_code == 404  # another agency's
    assert officer.get("/api/v1/conferences/", {"unit": org.b.pk}).json()["results"] == []


def test_conference_filters(org, conferences):
    cluster, own, year_end, of_cluster, hc = conferences
    client = api(org.admin)
    assert _ids(client.get("/api/v1/conferences/", {"year": 2025, "kind": "tong_ket"})) == sorted(
        [of_cluster.pk, hc.pk]
    )
    assert _ids(client.get("/api/v1/conferences/", {"cluster": cluster.pk})) == [of_cluster.pk]
    assert _ids(client.get("/api/v1/conferences/", {"unit": org.a.pk})) == sorted([own.pk, year_end.pk])
    window = {"held_from": "2025-06-01", "held_to": "2025-12-11"}
    assert _ids(client.get("/api/v1/conferences/", window)) == sorted([own.pk, of_cluster.pk])


def test_the_schema_lists_the_new_endpoints_and_every_filter_parameter(org):
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert {"/api/v1/councils/", "/api/v1/councils/{id}/", "/api/v1/councils/{id}/members/"} <= set(paths)
    assert {"/api/v1/conferences/", "/api/v1/conferences/{id}/"} <= set(paths)
    assert set(paths["/api/v1/councils/"]) == {"get", "post"} and set(paths["/api/v1/conferences/{id}/"]) == {"get"}
    assert set(paths["/api/v1/councils/{id}/members/"]) == {"get", "post"}

    def params(path):
        return {p["name"]: p["schema"] for p in paths[path]["get"].get("parameters", [])}

    assert {"unit", "subunits", "year", "on", "page", "page_size"} <= set(params("/api/v1/councils/"))
    conference = params("/api/v1/conferences/")
    assert {"year", "kind", "unit", "cluster", "held_from", "held_to"} <= set(conference)
    assert conference["kind"]["enum"] == ["SO_KET", "TONG_KET"] and conference["unit"]["type"] == "integer"
    people = params("/api/v1/people/")
    assert {"q", "unit", "direct", "rank", "category", "ordering"} <= set(people)
    assert people["direct"]["type"] == "boolean" and "-code" in people["ordering"]["enum"]
    assert {"person", "unit", "year", "entry", "status"} <= set(params("/api/v1/awards/"))
    assert {"year", "status", "kind", "unit"} <= set(params("/api/v1/dossiers/"))
    assert {"q", "parent", "active"} <= set(params("/api/v1/units/"))


def test_the_councils_page_shows_what_the_api_lists(org, councils):
    from django.urls import reverse

    from tdkt.org.tests.factories import client_for

    current, old, hc = councils
    html = client_for(org.officer_a).get(reverse("nominations:councils")).content.decode()
    assert current.name in html and old.name in html and hc.name not in html
