"""Length-of-service medals: months of service up to the review date, the niên hạn page, its dossier, the CLI."""

import json
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from tdkt.eligibility.screening import screen, screen_bulk
from tdkt.nominations import services as nominations
from tdkt.nominations.models import DossierItem
from tdkt.nominations.tests.conftest import build_flow
from tdkt.org import services as org_services
from tdkt.org.choices import Gender
from tdkt.org.tests.factories import client_for, person_create
from tdkt.rules.model import Status

ENLISTED = date(2015, 3, 15)


@pytest.fixture
def recruit(org):
    """Enlisted 15/03/2015 in CCT: ten years of service on 15/03/2025."""
    return person_create(org.a, code="P-NH", full_name="Trần Văn Niên", service_start=ENLISTED)


def _status(code: str, award: str, day: date) -> Status:
    _, verdicts = screen(year=day.year, subject_code=code, award_codes=[award], review_date=day)
    (verdict,) = [v for v in verdicts if v.subject_type == "CA_NHAN"]
    bulk = screen_bulk(year=day.year, subject_code=code, award_codes=[award], review_date=day)
    (row,) = bulk.select(award=award)
    assert row.status == verdict.status  # the page's path and the explained verdict agree
    return verdict.status


def test_service_is_counted_in_months_up_to_the_review_date(recruit):
    assert _status("P-NH", "HCCSVV3", date(2025, 3, 14)) == Status.NOT_ELIGIBLE
    assert _status("P-NH", "HCCSVV3", date(2025, 3, 15)) == Status.ELIGIBLE
    assert _status("P-NH", "HCCSVV2", date(2025, 3, 15)) == Status.NOT_ELIGIBLE
    _, (verdict, *_) = screen(year=2025, subject_code="P-NH", award_codes=["HCCSVV3"], review_date=date(2025, 3, 14))
    assert "9 năm 11 tháng (119 tháng)" in verdict.reasons[0].evidence
    assert "đủ vào 15/03/2025" in verdict.reasons[0].evidence


def test_interrupted_service_is_summed(org, recruit):
    org_services.person_update(actor=org.admin, person=recruit, service_break_months=7, reason="Xuất ngũ rồi tái ngũ")
    assert _status("P-NH", "HCCSVV3", date(2025, 10, 14)) == Status.NOT_ELIGIBLE
    assert _status("P-NH", "HCCSVV3", date(2025, 10, 15)) == Status.ELIGIBLE


def test_women_reach_the_commemorative_medal_after_twenty_years(org):
    person_create(org.a, code="P-NU", full_name="Lê Thị Hoa", gender=Gender.NU, service_start=date(2005, 6, 1))
    person_create(org.a, code="P-NAM", full_name="Lê Văn Hòa", service_start=date(2005, 6, 1))
    assert _status("P-NU", "KNC_VSNXDQD", date(2025, 6, 1)) == Status.ELIGIBLE
    assert _status("P-NAM", "KNC_VSNXDQD", date(2025, 6, 1)) == Status.NOT_ELIGIBLE
    assert _status("P-NAM", "KNC_VSNXDQD", date(2030, 6, 1)) == Status.ELIGIBLE


def _page(user, day: str, **extra):
    params = {"award": "HCCSVV3", "review_date": day, "status": "ELIGIBLE", **extra}
    return client_for(user).get(reverse("eligibility:service_length"), params)


def test_the_page_lists_who_reaches_the_threshold_by_d(org, recruit):
    before = _page(org.officer_a, "14/03/2025").content.decode()
    assert "Trần Văn Niên" not in before and "Đặng Văn Đức" in before  # enlisted 01/09/2010
    html = _page(org.officer_a, "15/03/2025").content.decode()
    assert "Trần Văn Niên" in html and "10 năm" in html and "15/03/2025" in html
    assert "Nguyễn Văn An" not in html  # CHC: outside the officer's remit
    workbook = _page(org.officer_a, "15/03/2025", xuat="xlsx")
    rows = list(load_workbook(BytesIO(workbook.content)).active.iter_rows(values_only=True))
    mine = next(r for r in rows[1:] if r[0] == "P-NH")
    assert mine[3] == "15/03/2015" and mine[5] == 120 and mine[7] == "15/03/2025" and mine[9] == "Đủ điều kiện"
    assert _page(org.officer_a, "31/02/2025").status_code == 200  # an impossible date is a form error
    assert "Trần Văn Niên" not in _page(org.officer_a, "31/02/2025").content.decode()


def test_the_list_goes_into_a_nien_han_dossier_through_the_page(org, recruit):
    build_flow(org)
    dossier = nominations.dossier_create(
        actor=org.officer_a, unit=org.a, year=2025, kind="NIEN_HAN", title="Khen thưởng theo niên hạn năm 2025"
    )
    page = _page(org.officer_a, "15/03/2025").content.decode()
    assert "Đưa danh sách vào hồ sơ niên hạn" in page and "Khen thưởng theo niên hạn năm 2025" in page
    post = {"dossier": dossier.pk, "award": "HCCSVV3", "status": "ELIGIBLE", "review_date": "14/03/2025"}
    url = reverse("nominations:bulk_add_from_screening")
    # a refused actor changes nothing
    assert client_for(org.officer_b).post(url, {**post, "review_date": "15/03/2025"}).status_code in (403, 404)
    assert not DossierItem.objects.filter(dossier=dossier).exists()
    client_for(org.officer_a).post(url, post)
    codes = set(DossierItem.objects.filter(dossier=dossier).values_list("person__code", flat=True))
    assert "P-NH" not in codes and "P-A" in codes  # at 14/03/2025 the recruit has 119 months
    client_for(org.officer_a).post(url, {**post, "review_date": "15/03/2025"})
    item = DossierItem.objects.get(dossier=dossier, person__code="P-NH")
    assert item.kind == "NIEN_HAN" and item.eligibility_status == "ELIGIBLE"
    assert item.eligibility_snapshot["review_date"] == "2025-03-15"
    assert item.eligibility_snapshot["facts"]["review_date"] == "2025-03-15"
    # a second pass adds no one twice
    client_for(org.officer_a).post(url, {**post, "review_date": "15/03/2025"})
    assert DossierItem.objects.filter(dossier=dossier, person__code="P-NH").count() == 1


def test_a_review_date_outside_the_dossiers_year_is_refused(org, recruit):
    build_flow(org)
    dossier = nominations.dossier_create(actor=org.officer_a, unit=org.a, year=2025, kind="NIEN_HAN", title="Niên hạn")
    with pytest.raises(Exception, match="năm 2025"):
        nominations.items_add_from_screening(
            actor=org.officer_a, dossier=dossier, award_code="HCCSVV3", review_date=date(2026, 3, 15)
        )
    assert not DossierItem.objects.filter(dossier=dossier).exists()


def _cli(*args) -> dict:
    out = StringIO()
    call_command("eligibility", "--year", "2025", "--subject", "P-NH", "--award", "HCCSVV3", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_cli_takes_the_review_date(recruit):
    before = _cli("--format", "json", "--review-date", "14/03/2025")
    assert before["results"][0]["status"] == "NOT_ELIGIBLE"
    assert "đến ngày xét 14/03/2025" in before["results"][0]["reasons"][0]["evidence"]
    on_the_day = _cli("--format", "json", "--review-date", "2025-03-15")
    assert on_the_day["results"][0]["status"] == "ELIGIBLE"
    assert set(on_the_day) == {"year", "rule_set", "results"}  # the shape is kept
    assert "đến ngày xét 31/12/2025" in _cli("--format", "json")["results"][0]["reasons"][0]["evidence"]
    with pytest.raises(CommandError):
        call_command("eligibility", "--year", "2025", "--review-date", "31/02/2025")


def test_a_medal_class_already_held_is_left_out_of_the_list(org, recruit):
    from tdkt.records import services as records
    from tdkt.records.models import CatalogueEntry

    records.award_record(
        actor=org.admin,
        person=org.person_a,
        entry=CatalogueEntry.objects.get(code="HCCSVV3"),
        year=2021,
        kind="NIEN_HAN",
        decision_number="12/QĐ-CTN",
        decision_date=date(2021, 5, 1),
        issuer="Chủ tịch nước",
    )
    assert _status("P-A", "HCCSVV3", date(2025, 3, 15)) == Status.HELD  # a class is given once
    assert _status("P-A", "HCCSVV2", date(2025, 9, 1)) == Status.ELIGIBLE  # the next class is its own threshold
    html = _page(org.officer_a, "15/03/2025").content.decode()
    assert "Trần Văn Niên" in html and "Đặng Văn Đức" not in html
