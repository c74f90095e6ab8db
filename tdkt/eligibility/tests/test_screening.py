import json
from datetime import date

from django.core.management import call_command

from tdkt.eligibility.facts import person_facts, unit_facts
from tdkt.eligibility.screening import screen


def test_facts_are_built_from_the_records(history):
    org = history
    facts = person_facts([org.person_a.pk], year=2024, review_date=date(2024, 12, 31))[org.person_a.pk]
    assert facts.ratings == {2022: "HTXSNV", 2023: "HTXSNV", 2024: "HTXSNV"}
    cstdcs = [a for a in facts.awards if a.code == "CSTDCS"]
    assert [(a.year, a.revoked) for a in cstdcs] == [(2022, False), (2023, True), (2024, False)]
    assert facts.initiatives[0].scope == "CO_SO" and facts.service_start == date(2010, 9, 1)


def test_unit_members_are_counted_where_they_were_at_year_end(history):
    org = history
    facts = unit_facts([org.a.pk, org.b.pk], year=2024, review_date=date(2024, 12, 31), exclude_kinds=frozenset())
    assert facts[org.a.pk].members == 2  # person_a11 moved to Cục Hậu cần in July
    assert facts[org.b.pk].members == 2
    assert facts[org.a.pk].members_with_title == {"CSTT": 2, "CSTDCS": 1}


def test_a_revoked_award_breaks_the_streak(history):
    _, verdicts = screen(year=2024, subject_code="P-A", award_codes=["CSTDTQUAN", "BK_BQP", "CSTDCS"])
    status = {v.award_code: v.status.value for v in verdicts}
    # P-A already holds CSTĐCS 2024 (only 2023 was revoked): HELD, not proposed again
    assert status == {"BK_BQP": "NOT_ELIGIBLE", "CSTDCS": "HELD", "CSTDTQUAN": "NOT_ELIGIBLE"}
    streak = next(v for v in verdicts if v.award_code == "CSTDTQUAN").reasons[0]
    assert "còn thiếu 2023" in streak.evidence


def test_bulk_and_single_subject_evaluation_agree(history):
    rule_set, everything = screen(year=2024)
    for verdict in everything:
        _, single = screen(year=2024, subject_code=verdict.subject_code, award_codes=[verdict.award_code])
        matching = [v for v in single if v.subject_type == verdict.subject_type]
        assert [v.as_dict() for v in matching] == [verdict.as_dict()]


def test_cli_json_contract(history, capsys):
    call_command("eligibility", "--year", "2024", "--unit", "CCT", "--award", "CSTT", "CSTDCS", "--format", "json")
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"year", "rule_set", "results"}
    assert payload["year"] == 2024 and payload["rule_set"] == "luat-2022"
    codes = {(r["subject_type"], r["subject_code"], r["award_code"]) for r in payload["results"]}
    assert ("CA_NHAN", "P-A", "CSTDCS") in codes and ("CA_NHAN", "P-B", "CSTT") not in codes
    for result in payload["results"]:
        assert set(result) == {"subject_type", "subject_code", "award_code", "rule_set", "status", "reasons"}
        assert result["rule_set"] == "luat-2022"  # each verdict names its regime (issue #15)
        assert result["status"] in {"ELIGIBLE", "NOT_ELIGIBLE", "REVIEW", "HELD"}
        for reason in result["reasons"]:
            assert set(reason) == {"condition", "met", "evidence", "source"}
            assert reason["met"] in (True, False, None)


def test_cli_csv_and_table(history, capsys):
    call_command("eligibility", "--year", "2024", "--subject", "P-A", "--award", "CSTDCS", "--format", "csv")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "subject_type,subject_code,award_code,status,reasons"
    assert lines[1].startswith('CA_NHAN,P-A,CSTDCS,HELD,"Chưa có Chiến sĩ thi đua cơ sở năm 2024: Đã có')
    call_command("eligibility", "--year", "2021", "--subject", "P-A", "--award", "CSTT")
    out = capsys.readouterr().out
    assert "Luật Thi đua, khen thưởng" in out and "P-A" in out and "Chiến sĩ tiên tiến — " in out
    assert "luat-2003" not in out and " CSTT " not in out  # names in the text a person reads (issue #16)


def test_unit_facts_take_a_fixed_number_of_queries(history, django_assert_max_num_queries):
    from tdkt.org.models import Unit

    ids = list(Unit.objects.values_list("id", flat=True))
    with django_assert_max_num_queries(8):
        facts = unit_facts(ids, year=2024, review_date=date(2024, 12, 31), exclude_kinds=frozenset())
    assert len(facts) == len(ids)


def test_cli_reports_progress_on_stderr_and_keeps_stdout_json(history, capsys, monkeypatch):
    from tdkt.eligibility.management.commands import eligibility

    monkeypatch.setattr(eligibility, "PROGRESS_FROM", 1)
    call_command("eligibility", "--year", "2024", "--format", "json")
    captured = capsys.readouterr()
    assert json.loads(captured.out)["results"]
    assert "Đã xét" in captured.err and "(100%)" in captured.err
