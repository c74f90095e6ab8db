"""The bulk screening (columns aggregated in SQL) decides exactly what the full verdicts decide, on real records."""

from collections import Counter
from datetime import date

import pytest

from tdkt.eligibility.screening import explain, screen, screen_bulk, screening_report
from tdkt.eligibility.tests.conftest import entry
from tdkt.org import services as org_services
from tdkt.records import services
from tdkt.records.models import Award
from tdkt.rules.model import Status


def _statuses_full(**kwargs) -> dict:
    return {(v.subject_type, v.subject_code, v.award_code): v.status for v in screen(**kwargs)[1]}


def _statuses_bulk(**kwargs) -> dict:
    return {(r.subject_type, r.subject_code, r.award_code): r.status for r in screen_bulk(**kwargs).select()}


@pytest.fixture
def edge_cases(history):
    """Discipline ending the day before the review and on it, a unit dissolved and a unit founded mid-year."""
    org = history
    services.discipline_record(
        actor=org.admin, person=org.person_a1, form="KHIEN_TRACH", decided_on=date(2024, 2, 1), until=date(2024, 12, 30)
    )
    services.discipline_record(
        actor=org.admin, person=org.person_b, form="KHIEN_TRACH", decided_on=date(2024, 2, 1), until=date(2024, 12, 31)
    )
    services.discipline_record(actor=org.admin, person=org.person_c, form="CANH_CAO", decided_on=date(2024, 5, 1))
    for person, rating in ((org.person_a1, "HTXSNV"), (org.person_b, "HTTNV"), (org.person_c, "HTTNV")):
        services.rating_set(actor=org.admin, person=person, year=2023, rating=rating)
    services.rating_set(actor=org.admin, unit=org.a, year=2024, rating="HTXSNV")
    services.rating_set(actor=org.admin, unit=org.b, year=2024, rating="HTTNV")
    services.award_record(actor=org.admin, unit=org.a, entry=entry("DVTT"), year=2023)
    for number in ("7/QĐ-BQP", "9/QĐ-BQP"):  # two Bằng khen for one year: one bit, never a carry into another year
        services.award_record(
            actor=org.admin,
            person=org.person_a,
            entry=entry("BK_BQP"),
            year=2019,
            decision_number=number,
            decision_date=date(2020, 1, 5),
            issuer="Cục Chính trị",
        )
    for year, rating in ((2019, "HTXSNV"), (2020, "HTXSNV"), (2021, "HTXSNV")):
        services.rating_set(actor=org.admin, person=org.person_a, year=year, rating=rating)
    org_services.unit_create(
        actor=org.admin, code="MOI", name="Đơn vị mới", parent=org.a, founded_on=date(2024, 4, 1), unit_type="PHONG"
    )
    return org


@pytest.mark.parametrize("year", [2021, 2023, 2024, 2025])
def test_bulk_equals_full_verdicts_on_records(edge_cases, year):
    full = _statuses_full(year=year)
    assert full and _statuses_bulk(year=year) == full


def test_bulk_scopes_like_the_full_path(edge_cases):
    org = edge_cases
    for kwargs in (
        {"root": org.a},
        {"actor": org.officer_a},
        {"actor": org.officer_b, "root": org.b},
        {"subject_code": "P-A"},
        {"award_codes": ["CSTT", "DVTT"]},
    ):
        full = _statuses_full(year=2024, **kwargs)
        assert full and _statuses_bulk(year=2024, **kwargs) == full, kwargs


def test_explain_gives_the_full_verdict_of_each_row(edge_cases):
    screening = screen_bulk(year=2024)
    rows = list(screening.select())
    explained = {(v.subject_type, v.subject_code, v.award_code): v for v in explain(screening, rows)}
    full = {(v.subject_type, v.subject_code, v.award_code): v for v in screen(year=2024)[1]}
    assert [v.as_dict() for v in explained.values()] == [full[k].as_dict() for k in explained]


def test_selection_filters_orders_and_slices(edge_cases):
    screening = screen_bulk(year=2024)
    everything = list(screening.select())
    keys = [(r.subject_type, r.subject_code, r.award_code) for r in everything]
    assert keys == sorted(keys)  # people first, then units; by code, then award: the full path's order
    eligible = screening.select(status=Status.ELIGIBLE)
    assert [r for r in everything if r.status == Status.ELIGIBLE] == list(eligible)
    assert eligible[1:3] == list(eligible)[1:3] and len(eligible) == eligible.count()
    counts = screening.counts()
    assert counts == Counter((r.award_code, r.status) for r in everything)


def test_an_award_given_twice_in_a_year_is_one_year(edge_cases):
    screening = screen_bulk(year=2024, subject_code="P-A")
    people = screening.results[0]
    assert int(people.columns.title("BK_BQP")[0]) == 1 << (2024 - 2019)


def test_members_are_the_subtree_at_year_end(edge_cases):
    org = edge_cases
    screening = screen_bulk(year=2024, award_codes=["DVTT"])
    units = screening.results[1]
    row = list(units.columns.codes).index(org.a.code)
    members, by_rating, with_title = units.columns.member_figures(row)
    assert members == 2  # person_a11 moved to Cục Hậu cần in July
    assert with_title == {"CSTT": 2, "CSTDCS": 1} and by_rating == {"HTXSNV": 1, "HTTNV": 1}


def test_quota_warnings_agree_with_the_counts(edge_cases):
    _, verdicts, warnings = screening_report(year=2024, award_codes=["CSTT", "CSTDCS"])
    eligible = Counter(v.award_code for v in verdicts if v.status in (Status.ELIGIBLE, Status.HELD))
    for warning in warnings:
        assert warning.eligible == eligible[warning.code] and warning.eligible > warning.limit


@pytest.mark.slow
def test_bulk_equals_full_verdicts_on_the_demo_region(db):
    from tdkt.demo.org import build_demo
    from tdkt.demo.records import load_demo_history

    build_demo()
    load_demo_history()
    for year in (2020, 2022):
        full = _statuses_full(year=year)
        assert len(full) > 30_000
        bulk = _statuses_bulk(year=year)
        assert bulk == full
        assert {s for s in full.values()} == set(Status)  # the demo exercises all three outcomes


def test_quotas_are_checked_at_every_unit_over_its_subtree(edge_cases):
    from tdkt.org.models import Person, Unit
    from tdkt.org.scoping import descendant_ids

    screening = screen_bulk(year=2024)
    found = {(w.unit_code, w.warning.code): w.warning for w in screening.unit_quota_warnings()}
    verdicts = screen(year=2024)[1]
    eligible = {(v.subject_code, v.award_code) for v in verdicts if v.status in (Status.ELIGIBLE, Status.HELD)}
    from tdkt.records.models import Award

    holders = set(
        Award.objects.filter(year=2024, entry__code__in=["CSTT", "LDTT"], status="HIEU_LUC", person__isnull=False)
        .exclude(kind="CHUYEN_DE")
        .values_list("person__code", flat=True)
    )
    expected = {}
    for unit in Unit.objects.filter(dissolved_on__isnull=True):
        codes = set(Person.objects.filter(unit_id__in=descendant_ids([unit.pk])).values_list("code", flat=True))
        n, base = len({c for c in codes if (c, "CSTDCS") in eligible}), len(codes & holders)
        if base and n > int(base * 0.15):
            expected[unit.code, "CSTDCS"] = (n, base)
    got = {k: (w.eligible, w.base) for k, w in found.items() if k[1] == "CSTDCS"}
    assert got and got == expected


def test_an_approved_registration_is_read_by_both_paths_when_the_installation_makes_it_binding(history):
    from tdkt.eligibility.rulesets import rule_override_set
    from tdkt.emulation import services as emulation
    from tdkt.rules.loader import iter_leaves, raw

    org = history
    # neither may hold CSTT 2024 already, or both would be HELD whatever their registration says
    for award in Award.objects.filter(year=2024, entry__code="CSTT", person__in=[org.person_a, org.person_a1]):
        services.award_revoke(
            actor=org.admin,
            award=award,
            decision_number="3/QĐ-HUY",
            decision_date=date(2025, 1, 5),
            reason="Ghi nhầm",
            issuer="Cục Chính trị",
        )
    registration = emulation.registration_submit(
        actor=org.officer_a1, entry=entry("CSTT"), year=2024, person=org.person_a1
    )
    emulation.registration_review(actor=org.officer_a, registration=registration, approve=True)
    rule = next(r for r in raw("luat-2022")["rules"] if r["code"] == "CSTT")
    leaf = next(i for i, node in enumerate(iter_leaves(rule["condition"])) if node["type"] == "registered")
    rule_override_set(
        actor=org.admin,
        rule_set="luat-2022",
        rule_code="CSTT",
        leaf=leaf,
        param="mode",
        value="REQUIRED",
        reason="Quy chế của đơn vị: không đăng ký thì không xét",
    )
    full = _statuses_full(year=2024, award_codes=["CSTT"])
    assert full["CA_NHAN", "P-A1", "CSTT"] == Status.ELIGIBLE  # registered and approved
    assert full["CA_NHAN", "P-A", "CSTT"] == Status.NOT_ELIGIBLE  # rated HTXSNV, but not registered
    assert _statuses_bulk(year=2024, award_codes=["CSTT"]) == full
