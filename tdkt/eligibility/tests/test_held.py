"""HELD on real records: who already holds the title or form in force is marked, counted and left out."""

import json
from datetime import date

from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from tdkt.eligibility.screening import explain, screen, screen_bulk
from tdkt.eligibility.tests.conftest import entry
from tdkt.org.tests.factories import client_for
from tdkt.records import services
from tdkt.records.models import CatalogueEntry
from tdkt.rules.model import Status

YEAR = 2024


def _full(**kwargs) -> dict:
    return {(v.subject_code, v.award_code): v for v in screen(**kwargs)[1] if v.subject_type == "CA_NHAN"}


def _bulk(**kwargs) -> dict:
    return {
        (r.subject_code, r.award_code): r.status for r in screen_bulk(**kwargs).select() if r.subject_type == "CA_NHAN"
    }


def _medal(org, code, year, number):
    return services.award_record(
        actor=org.admin,
        person=org.person_a,
        entry=entry(code),
        year=year,
        decision_number=number,
        decision_date=date(year, 12, 22),
        issuer="Bộ Quốc phòng",
    )


def test_cli_json_says_held_for_a_person_holding_cstt_of_the_year(org, capsys):
    for person in (org.person_a, org.person_a1):
        services.rating_set(actor=org.admin, person=person, year=YEAR, rating="HTXSNV")
    services.award_record(actor=org.admin, person=org.person_a, entry=entry("CSTT"), year=YEAR)
    call_command("eligibility", "--year", str(YEAR), "--unit", "CCT", "--award", "CSTT", "--format", "json")
    payload = json.loads(capsys.readouterr().out)
    assert {"year", "rule_set", "results"} <= set(payload)
    status = {r["subject_code"]: r["status"] for r in payload["results"]}
    assert status["P-A"] == "HELD" and status["P-A1"] == "ELIGIBLE"
    held = next(r for r in payload["results"] if r["subject_code"] == "P-A")
    assert {"subject_type", "subject_code", "award_code", "status", "reasons"} <= set(held)
    first = held["reasons"][0]
    assert set(first) == {"condition", "met", "evidence", "source"}
    assert first["evidence"] == f"Đã có Chiến sĩ tiên tiến năm {YEAR}" and first["source"].endswith("[C]")
    # the year before, the title of 2024 is not held yet
    assert _full(year=YEAR - 1, award_codes=["CSTT"])["P-A", "CSTT"].status != Status.HELD


def test_a_medal_class_held_once_is_held_in_every_later_year_and_the_next_class_is_not(org):
    _medal(org, "HCCSVV3", 2021, "501/QĐ-BQP")
    for year in (2021, 2023, 2025):
        full = _full(year=year, award_codes=["HCCSVV3", "HCCSVV2"])
        assert full["P-A", "HCCSVV3"].status == Status.HELD, year
        assert "năm 2021, quyết định số 501/QĐ-BQP" in full["P-A", "HCCSVV3"].reasons[0].evidence
        assert full["P-A", "HCCSVV2"].status != Status.HELD
        assert _bulk(year=year, award_codes=["HCCSVV3", "HCCSVV2"]) == {k: v.status for k, v in full.items()}
    assert _full(year=2020, award_codes=["HCCSVV3"])["P-A", "HCCSVV3"].status != Status.HELD  # not yet awarded


def test_a_revoked_medal_is_not_held(org):
    award = _medal(org, "HCCSVV3", 2021, "501/QĐ-BQP")
    services.award_revoke(
        actor=org.admin,
        award=award,
        decision_number="7/QĐ-BQP",
        decision_date=date(2022, 3, 1),
        reason="Sai đối tượng",
        issuer="Bộ Quốc phòng",
    )
    assert _full(year=2023, award_codes=["HCCSVV3"])["P-A", "HCCSVV3"].status != Status.HELD
    assert _bulk(year=2023, award_codes=["HCCSVV3"])["P-A", "HCCSVV3"] != Status.HELD


def test_bang_khen_and_giay_khen_are_given_again_so_never_held(org):
    assert not CatalogueEntry.objects.filter(code__in=["BK_BQP", "BK_TTG", "GK"], once=True).exists()
    for code, number in (("BK_BQP", "11/QĐ-BQP"), ("BK_TTG", "12/QĐ-TTg")):
        services.award_record(
            actor=org.admin,
            person=org.person_a,
            entry=entry(code),
            year=YEAR,
            decision_number=number,
            decision_date=date(YEAR, 12, 20),
            issuer="Bộ Quốc phòng",
        )
    full = _full(year=YEAR, award_codes=["BK_BQP", "BK_TTG"])
    assert full and all(v.status != Status.HELD for v in full.values())
    assert Status.HELD not in _bulk(year=YEAR, award_codes=["BK_BQP", "BK_TTG"]).values()


def test_the_catalogue_says_which_entries_are_given_once_and_why(db):
    once = CatalogueEntry.objects.filter(once=True)
    assert {"HCCSVV3", "HCCSVV2", "HCCSVV1", "HC_QKQT", "HCLD3"} <= set(once.values_list("code", flat=True))
    assert not once.filter(yearly=True).exists()
    for e in once:
        assert e.once_source and e.once_source.rstrip(")").split("[")[-1][0] in "CHU", e.code


def test_bulk_counts_explain_and_selection_agree_on_held(org):
    services.rating_set(actor=org.admin, person=org.person_a, year=YEAR, rating="HTXSNV")
    services.award_record(actor=org.admin, person=org.person_a, entry=entry("CSTT"), year=YEAR)
    screening = screen_bulk(year=YEAR, award_codes=["CSTT"])
    assert screening.counts()["CSTT", Status.HELD] == 1
    held = list(screening.select(status=Status.HELD))
    assert [r.subject_code for r in held] == ["P-A"]
    assert [v.status for v in explain(screening, held)] == [Status.HELD]
    shown = list(screening.select(hide_held=True))
    assert shown and all(r.status != Status.HELD for r in shown)
    assert len(shown) + 1 == len(screening.select())


def test_the_screening_page_leaves_held_out_by_default_and_says_so(org):
    services.rating_set(actor=org.admin, person=org.person_a, year=YEAR, rating="HTXSNV")
    services.rating_set(actor=org.admin, person=org.person_a1, year=YEAR, rating="HTXSNV")
    services.award_record(actor=org.admin, person=org.person_a, entry=entry("CSTT"), year=YEAR)
    client = client_for(org.officer_a)
    html = client.get(reverse("eligibility:screening"), {"year": YEAR, "award": "CSTT"}).content.decode()
    table = html[html.index('data-testid="screening-results"') :]
    assert "Bùi Thị Hồng" in table and "Đặng Văn Đức" not in table
    assert 'data-testid="held-left-out"' in html and "1 kết quả không hiển thị vì đối tượng đã được tặng" in html
    assert "Tất cả (trừ đã được tặng)" in html and '<option value="HELD">Đã được tặng</option>' in html
    held = client.get(reverse("eligibility:screening"), {"year": YEAR, "award": "CSTT", "status": "HELD"})
    page = held.content.decode()
    table = page[page.index('data-testid="screening-results"') :]
    assert "Đặng Văn Đức" in table and "Bùi Thị Hồng" not in table and "Đã có Chiến sĩ tiên tiến năm 2024" in table
    assert 'data-testid="held-left-out"' not in page and 'data-testid="add-to-dossier"' not in page


def test_the_api_answers_held(org):
    services.rating_set(actor=org.admin, person=org.person_a, year=YEAR, rating="HTXSNV")
    services.award_record(actor=org.admin, person=org.person_a, entry=entry("CSTT"), year=YEAR)
    api = APIClient()
    api.force_authenticate(org.officer_a)
    body = api.get("/api/v1/eligibility/", {"year": YEAR, "award": "CSTT", "subject": "P-A"}).json()
    assert [r["status"] for r in body["results"]] == ["HELD"]
