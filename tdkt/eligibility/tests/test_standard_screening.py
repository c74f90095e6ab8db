"""On real records: CSTĐCS reads the CSTT standard of the same year, and a unit may count members meeting it."""

import copy
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from tdkt.eligibility import screening as screening_module
from tdkt.eligibility.screening import explain, screen, screen_bulk
from tdkt.org.tests.factories import client_for
from tdkt.records import services
from tdkt.rules.loader import iter_leaves, parse, raw


def _full(**kwargs) -> dict:
    return {(v.subject_type, v.subject_code, v.award_code): v for v in screen(**kwargs)[1]}


def _bulk(**kwargs) -> dict:
    return {(r.subject_type, r.subject_code, r.award_code): r.status for r in screen_bulk(**kwargs).select()}


@pytest.fixture
def year_end(org):
    """2025: P-B rated HTXSNV and P-C rated HTNV with an initiative, neither with a CSTT recorded."""
    services.rating_set(actor=org.admin, person=org.person_b, year=2025, rating="HTXSNV")
    services.rating_set(actor=org.admin, person=org.person_c, year=2025, rating="HTNV")
    services.initiative_record(actor=org.admin, person=org.person_c, year=2025, name="Cải tiến", scope="CO_SO")
    return org


def test_meeting_the_cstt_standard_without_the_award_makes_cstdcs_eligible(year_end):
    verdicts = _full(year=2025, award_codes=["CSTDCS"])
    assert {key[2] for key in verdicts} == {"CSTDCS"}  # CSTT is evaluated internally, not reported
    assert verdicts["CA_NHAN", "P-B", "CSTDCS"].status.value == "ELIGIBLE"
    failed = verdicts["CA_NHAN", "P-C", "CSTDCS"]
    assert failed.status.value == "NOT_ELIGIBLE"
    assert any(
        r.met is False and "Chưa đạt tiêu chuẩn danh hiệu Chiến sĩ tiên tiến năm 2025" in r.evidence
        for r in failed.reasons
    )
    assert _bulk(year=2025, award_codes=["CSTDCS"]) == {key: v.status for key, v in verdicts.items()}
    assert _bulk(year=2025) == {key: v.status for key, v in _full(year=2025).items()}


def test_cli_json_keeps_its_shape_with_the_new_condition(year_end, capsys):
    call_command("eligibility", "--year", "2025", "--subject", "P-B", "--award", "CSTDCS", "--format", "json")
    payload = json.loads(capsys.readouterr().out)
    assert {"year", "rule_set", "results"} <= set(payload)
    [result] = payload["results"]
    assert {"subject_type", "subject_code", "award_code", "status", "reasons"} <= set(result)
    assert (result["award_code"], result["status"]) == ("CSTDCS", "ELIGIBLE")
    for reason in result["reasons"]:
        assert set(reason) == {"condition", "met", "evidence", "source"} and reason["met"] in (True, False, None)


def _counting_standards(name: str):
    """The rule set with every unit condition on members' titles counting the members meeting the standard."""
    data = copy.deepcopy(raw(name))
    for rule in data["rules"]:
        for node in iter_leaves(rule["condition"]):
            if node["type"] in ("member_share", "member_count") and node.get("title"):
                node["standard"] = True
    return parse(data)


@pytest.fixture
def members_meeting(history, monkeypatch):
    """2024: CHC's two year-end members (P-B, and P-A11 who moved in) are rated HTTNV, none holds CSTT."""
    org = history
    for person in (org.person_b, org.person_a11):
        services.rating_set(actor=org.admin, person=person, year=2024, rating="HTTNV")
    services.rating_set(actor=org.admin, unit=org.b, year=2024, rating="HTTNV")
    standard = _counting_standards("luat-2022")
    monkeypatch.setattr(screening_module, "rule_set_for", lambda *args, **kwargs: standard)
    return org


def test_a_unit_counts_members_meeting_the_cstt_standard_when_its_rule_says_so(members_meeting):
    full = _full(year=2024, subject_code="CHC", award_codes=["DVTT"])
    dvtt = full["TAP_THE", "CHC", "DVTT"]
    assert dvtt.status.value == "ELIGIBLE"
    assert any("2/2 quân nhân đạt tiêu chuẩn Chiến sĩ tiên tiến" in r.evidence for r in dvtt.reasons)
    assert _bulk(year=2024, subject_code="CHC", award_codes=["DVTT"]) == {key: v.status for key, v in full.items()}
    for kwargs in ({}, {"root": members_meeting.a}, {"actor": members_meeting.officer_b}):
        assert _bulk(year=2024, **kwargs) == {key: v.status for key, v in _full(year=2024, **kwargs).items()}
    screening = screen_bulk(year=2024)
    rows = [r for r in screening.select() if r.subject_type == "TAP_THE"]
    explained = {(v.subject_code, v.award_code): v.as_dict() for v in explain(screening, rows)}
    assert explained == {(k[1], k[2]): v.as_dict() for k, v in _full(year=2024).items() if k[0] == "TAP_THE"}


def test_without_the_option_a_unit_counts_recorded_awards_only(members_meeting, monkeypatch):
    monkeypatch.undo()
    dvtt = _full(year=2024, subject_code="CHC", award_codes=["DVTT"])["TAP_THE", "CHC", "DVTT"]
    assert dvtt.status.value == "NOT_ELIGIBLE"
    assert any("0/2 quân nhân Chiến sĩ tiên tiến" in r.evidence for r in dvtt.reasons)


def test_the_rule_sets_page_shows_the_new_leaf_and_overrides_still_apply(year_end):
    from tdkt.eligibility.models import RuleOverride

    org = year_end
    client = client_for(org.admin)
    html = client.get(reverse("eligibility:rule_sets")).content.decode()
    # the new leaf in words, not as its internal type and parameters (issue #16, item 12)
    assert "Đạt tiêu chuẩn danh hiệu Chiến sĩ tiên tiến năm xét" in html
    assert "Đạt tiêu chuẩn danh hiệu Lao động tiên tiến năm xét" in html
    assert "meets_standard" not in html
    leaves = list(iter_leaves(next(r for r in raw("luat-2022")["rules"] if r["code"] == "CSTDCS")["condition"]))
    registration = next(i for i, n in enumerate(leaves) if n["type"] == "registered")
    standard = next(i for i, n in enumerate(leaves) if n["type"] == "meets_standard")
    form = {"rule_set": "luat-2022", "rule_code": "CSTDCS", "param": "mode", "reason": "Quy chế thi đua của đơn vị"}
    assert (
        client.post(reverse("eligibility:rule_sets"), {**form, "leaf": registration, "value": "REQUIRED"}).status_code
        == 302
    )
    refused = client.post(
        reverse("eligibility:rule_sets"), {**form, "leaf": standard, "param": "code", "value": "CSTDCS"}
    )
    assert refused.status_code == 400 and RuleOverride.objects.count() == 1
    verdict = _full(year=2025, subject_code="P-B", award_codes=["CSTDCS"])["CA_NHAN", "P-B", "CSTDCS"]
    assert verdict.status.value == "NOT_ELIGIBLE"  # registration now binding; the CSTT standard still met
    assert any(r.met is True and "Đạt tiêu chuẩn danh hiệu Chiến sĩ tiên tiến" in r.evidence for r in verdict.reasons)
