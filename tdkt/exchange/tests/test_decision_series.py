"""Issue #14, finding 3 through the import: a recorded decision never takes a number of a tdkt series."""

from django.utils import timezone

from tdkt.exchange.tests.helpers import AWARD_HEADER, write_workbook
from tdkt.exchange.tests.test_import import run_import, state
from tdkt.nominations import services as nominations
from tdkt.nominations.choices import AuthorityLevel
from tdkt.records.choices import DecisionOrigin
from tdkt.records.models import Award, Decision


def _cct(org):
    return nominations.authority_create(
        actor=None, code="CCT", name="Cục Chính trị", level=AuthorityLevel.DON_VI, unit=org.a,
        issuing_body="CỤC CHÍNH TRỊ", number_suffix="QĐ-CCT",
    )  # fmt: skip


def test_an_imported_number_of_a_tdkt_series_is_refused_and_nothing_is_written(org, tmp_path):
    _cct(org)
    today = timezone.localdate()
    row = ["CA_NHAN", org.person_a.code, "GK", today.year, "DOT_XUAT", "2/QĐ-CCT", f"{today:%d/%m/%Y}", "Bộ Tham mưu"]
    before = state()
    job, plan = run_import(write_workbook(tmp_path / "squat.xlsx", {"KhenThuong": [AWARD_HEADER, row + ["", ""]]}))
    assert not plan.ok and state() == before
    messages = [e["message"] for e in job.report["errors"]]
    assert any("dãy số quyết định do hệ thống cấp cho Cục Chính trị" in m for m in messages)


def test_an_earlier_paper_number_is_recorded_with_its_issuer(org, tmp_path):
    _cct(org)
    row = ["CA_NHAN", org.person_a.code, "GK", 2020, "DOT_XUAT", "2/QĐ-CCT", "05/01/2021", "Cục Chính trị", "", ""]
    job, plan = run_import(write_workbook(tmp_path / "paper.xlsx", {"KhenThuong": [AWARD_HEADER, row]}))
    assert plan.ok, job.report
    decision = Award.objects.get(person=org.person_a, entry__code="GK").decision
    assert (decision.number, decision.year, decision.issuer) == ("2/QĐ-CCT", 2021, "Cục Chính trị")
    assert decision.origin == DecisionOrigin.RECORDED and decision.issuer_unit_id is None
    assert Decision.objects.count() == 1
