"""The list filters of the API (one FilterSet per model, shared with the pages): every parameter narrows, an
invalid value is a Vietnamese 400 in the API's error format, and no value widens the actor's remit."""

from datetime import date

import pytest

from tdkt.api.tests.test_records_api import api
from tdkt.emulation import services as emulation
from tdkt.nominations import services as nominations
from tdkt.nominations.tests.conftest import build_flow
from tdkt.records import services as records
from tdkt.records.models import CatalogueEntry


def _codes(response, key="code"):
    assert response.status_code == 200, response.content
    return sorted(row[key] for row in response.json()["results"])


def _error(response) -> tuple[str, str]:
    """(attr, detail) of the only error of a 400."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["type"] == "validation_error"
    [error] = body["errors"]
    assert isinstance(error["code"], str)  # the schema's Error400 has a code for every error
    return error["attr"], error["detail"]


def test_units_q_parent_active(org):
    from tdkt.org import services

    services.unit_dissolve(actor=org.admin, unit=org.c, dissolved_on=date(2024, 1, 1), successor=org.b)
    client = api(org.admin)
    assert _codes(client.get("/api/v1/units/", {"q": "cuc hau"})) == ["CHC"]
    assert _codes(client.get("/api/v1/units/", {"parent": org.a.pk})) == ["CCT-TH"]
    active = _codes(client.get("/api/v1/units/", {"parent": org.root.pk, "active": "true"}))
    assert active == ["CCT", "CHC"]
    assert _codes(client.get("/api/v1/units/", {"parent": org.root.pk, "active": "false"})) == ["CCT", "CHC", "CKT"]
    # an officer of CHC asking for CCT's children: narrowed inside the remit, never widened
    assert _codes(api(org.officer_b).get("/api/v1/units/", {"parent": org.a.pk})) == []


def test_people_every_parameter(org):
    client = api(org.admin)
    assert _codes(client.get("/api/v1/people/", {"q": "dang van"})) == ["P-A"]
    assert _codes(client.get("/api/v1/people/", {"unit": org.a.pk})) == ["P-A", "P-A1", "P-A11"]
    assert _codes(client.get("/api/v1/people/", {"unit": org.a.pk, "direct": "true"})) == ["P-A"]
    assert _codes(client.get("/api/v1/people/", {"unit": org.a.pk, "direct": "false"})) == ["P-A", "P-A1", "P-A11"]
    org.person_b.rank = "THUONG_TA"
    org.person_b.save()
    assert _codes(client.get("/api/v1/people/", {"rank": "THUONG_TA"})) == ["P-B"]
    category = org.person_c.category
    assert "P-C" in _codes(client.get("/api/v1/people/", {"category": category}))
    ordered = client.get("/api/v1/people/", {"ordering": "-code"}).json()["results"]
    assert [p["code"] for p in ordered] == sorted((p["code"] for p in ordered), reverse=True)


@pytest.mark.parametrize(
    ("path", "params", "attr", "words"),
    [
        ("/api/v1/people/", {"unit": "abc"}, "unit", "Mã số không hợp lệ"),
        ("/api/v1/people/", {"direct": "maybe"}, "direct", "Phạm vi không hợp lệ"),
        ("/api/v1/people/", {"rank": "TUONG_TUONG"}, "rank", "lựa chọn hợp lệ"),
        ("/api/v1/people/", {"ordering": "salary"}, "ordering", "lựa chọn hợp lệ"),
        ("/api/v1/units/", {"active": "perhaps"}, "active", "true hoặc false"),
        ("/api/v1/units/", {"parent": "-3"}, "parent", "Mã số không hợp lệ"),
        ("/api/v1/awards/", {"status": "VOID"}, "status", "lựa chọn hợp lệ"),
        ("/api/v1/awards/", {"person": "0"}, "person", "Mã số không hợp lệ"),
        ("/api/v1/ratings/", {"unit": "1.5"}, "unit", "Mã số không hợp lệ"),
        ("/api/v1/dossiers/", {"status": "LOST"}, "status", "lựa chọn hợp lệ"),
        ("/api/v1/dossiers/", {"kind": "X"}, "kind", "lựa chọn hợp lệ"),
        ("/api/v1/registrations/", {"status": "MAYBE"}, "status", "lựa chọn hợp lệ"),
        ("/api/v1/exemplars/", {"stage": "FAMOUS"}, "stage", "lựa chọn hợp lệ"),
        ("/api/v1/movements/", {"kind": "X"}, "kind", "lựa chọn hợp lệ"),
        ("/api/v1/conferences/", {"held_from": "32/13/2024"}, "held_from", "ngày hợp lệ"),
        ("/api/v1/councils/", {"on": "hôm qua"}, "on", "ngày hợp lệ"),
    ],
)
def test_an_invalid_value_is_a_vietnamese_400_never_ignored(org, path, params, attr, words):
    got_attr, detail = _error(api(org.admin).get(path, params))
    assert got_attr == attr and words in detail


@pytest.mark.parametrize("path", ["/api/v1/ratings/", "/api/v1/awards/", "/api/v1/dossiers/", "/api/v1/movements/"])
def test_a_year_out_of_range_is_refused_with_the_year_message(org, path):
    response = api(org.admin).get(path, {"year": "1800"})
    assert response.status_code == 400 and "Năm phải là số từ 1945" in response.json()["errors"][0]["detail"]


def test_record_lists_filter_by_person_unit_year_entry_and_status(org):
    cstt = CatalogueEntry.objects.get(code="CSTT")
    records.rating_set(actor=org.admin, person=org.person_a, year=2023, rating="HTXSNV")
    records.rating_set(actor=org.admin, person=org.person_a, year=2024, rating="HTTNV")
    records.rating_set(actor=org.admin, unit=org.a, year=2024, rating="HTXSNV")
    records.rating_set(actor=org.admin, person=org.person_b, year=2024, rating="HTXSNV")
    records.award_record(actor=org.admin, person=org.person_a, entry=cstt, year=2023)
    records.award_record(actor=org.admin, person=org.person_b, entry=cstt, year=2023)
    client = api(org.admin)

    def years(path, **params):
        response = client.get(path, params)
        assert response.status_code == 200, response.content
        return sorted(r["year"] for r in response.json()["results"])

    assert years("/api/v1/ratings/", person=org.person_a.pk) == [2023, 2024]
    assert years("/api/v1/ratings/", person=org.person_a.pk, year=2024) == [2024]
    assert years("/api/v1/ratings/", unit=org.a.pk) == [2024]
    assert years("/api/v1/awards/", entry="cstt") == [2023, 2023]  # any case, as before
    assert years("/api/v1/awards/", entry="CSTT", person=org.person_b.pk) == [2023]
    assert years("/api/v1/awards/", status="hieu_luc") == [2023, 2023]
    assert years("/api/v1/awards/", status="DA_HUY") == []
    # Cục Chính trị's officer names Cục Hậu cần's man: nothing, as for an unknown id
    officer = api(org.officer_a)
    assert officer.get("/api/v1/ratings/", {"person": org.person_b.pk}).json()["results"] == []
    assert officer.get("/api/v1/awards/", {"person": org.person_b.pk}).json()["results"] == []
    assert len(officer.get("/api/v1/ratings/").json()["results"]) == 3  # no filter: the remit, not more


def test_dossiers_filter_by_year_status_kind_and_unit(org):
    build_flow(org)  # the authorities the dossiers are addressed to
    nominations.dossier_create(actor=org.admin, unit=org.a, year=2024, kind="THUONG_XUYEN", title="Tổng kết 2024")
    nominations.dossier_create(actor=org.admin, unit=org.a, year=2025, kind="CHUYEN_DE", title="Chuyên đề 2025")
    nominations.dossier_create(actor=org.admin, unit=org.b, year=2025, kind="THUONG_XUYEN", title="Hậu cần 2025")
    client = api(org.admin)

    def titles(**params):
        return _codes(client.get("/api/v1/dossiers/", params), key="title")

    assert titles(year=2025) == ["Chuyên đề 2025", "Hậu cần 2025"]
    assert titles(year=2025, kind="chuyen_de") == ["Chuyên đề 2025"]
    assert titles(status="NHAP", unit=org.b.pk) == ["Hậu cần 2025"]
    assert titles(status="DA_GUI") == []
    assert _codes(api(org.officer_b).get("/api/v1/dossiers/", {"unit": org.a.pk}), key="title") == []


def test_emulation_lists_filter(org):
    cstt = CatalogueEntry.objects.get(code="CSTT")
    emulation.registration_submit(actor=org.admin, entry=cstt, year=2025, person=org.person_a)
    emulation.registration_submit(actor=org.admin, entry=cstt, year=2024, person=org.person_b)
    campaign = "Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ Hồ"
    emulation.exemplar_create(
        actor=org.admin, field="Huấn luyện", campaigns=[campaign], on=date(2025, 3, 1), person=org.person_a
    )
    emulation.exemplar_create(actor=org.admin, field="Hậu cần", campaigns=[], on=date(2025, 3, 1), person=org.person_b)
    client = api(org.admin)
    regs = client.get("/api/v1/registrations/", {"year": 2025}).json()["results"]
    assert [r["person"]["code"] for r in regs] == ["P-A"]
    regs = client.get("/api/v1/registrations/", {"person": org.person_b.pk, "status": "DANG_KY"}).json()["results"]
    assert [r["year"] for r in regs] == [2024]
    assert client.get("/api/v1/registrations/", {"entry": "BK_TTG"}).json()["results"] == []
    found = client.get("/api/v1/exemplars/", {"campaign": campaign}).json()["results"]
    assert [e["field"] for e in found] == ["Huấn luyện"]
    assert len(client.get("/api/v1/exemplars/", {"stage": "phat_hien"}).json()["results"]) == 2
