"""The condition "meets the standard of": judged by another title's rule of the same year, in dependency order."""

from datetime import date

import numpy as np
import pytest

from tdkt.rules.bulk import STATUS_OF_RANK, evaluate_bulk
from tdkt.rules.columns import columns_from_facts
from tdkt.rules.engine import evaluate
from tdkt.rules.facts import AwardFact, InitiativeFact, PersonFacts
from tdkt.rules.loader import RuleSetError, apply_overrides, iter_leaves, load, parse, raw
from tdkt.rules.order import evaluation_order

Y = 2025
REVIEW = date(Y, 12, 31)


def _person(code="P", rating="HTXSNV", **kw) -> PersonFacts:
    return PersonFacts(code, REVIEW, service_start=date(2010, 1, 1), category="SI_QUAN", ratings={Y: rating}, **kw)


def _statuses(rule_set, facts: list, codes=None) -> dict:
    cols = columns_from_facts(facts, year=Y, not_counted_kinds=rule_set.not_counted_kinds)
    return {
        (i, b.code): STATUS_OF_RANK[int(b.ranks[i])].value
        for b in evaluate_bulk(rule_set, cols, award_codes=codes)
        for i in np.nonzero(b.applies)[0].tolist()
    }


def _leaf(rule_set, code: str, kind: str) -> dict:
    return next(n for n in iter_leaves(rule_set.rules[code].condition) if n["type"] == kind)


# Law 06/2022 Đ23 was read [C]; the 2003 text (Đ23 k1 as amended 2013) was not retrieved, so [H] like its other leaves
@pytest.mark.parametrize("name, label", [("luat-2003", "H"), ("luat-2022", "C")])
def test_cstdcs_reads_the_cstt_and_ldtt_standards(name, label):
    cstdcs = load(name).rules["CSTDCS"]
    codes = {n["code"] for n in iter_leaves(cstdcs.condition) if n["type"] == "meets_standard"}
    assert codes == {"CSTT", "LDTT"}
    assert not [n for n in iter_leaves(cstdcs.condition) if n["type"] == "title_in_year" and n["code"] == "CSTT"]
    assert {n["label"] for n in iter_leaves(cstdcs.condition) if n["type"] == "meets_standard"} == {label}


def test_the_cstt_standard_met_without_a_recorded_award_makes_cstdcs_eligible():
    rule_set = load("luat-2022")
    person = _person()  # HTXSNV in 2025, serving all year, no discipline, no CSTT recorded
    verdict = evaluate(rule_set, rule_set.rules["CSTDCS"], person, Y)
    assert verdict.status.value == "ELIGIBLE"
    standard = next(r for r in verdict.reasons if r.met is True and "Chiến sĩ tiên tiến" in r.evidence)
    assert "Đạt tiêu chuẩn" in standard.evidence
    assert _statuses(rule_set, [person], {"CSTDCS"}) == {(0, "CSTDCS"): "ELIGIBLE"}  # CSTT evaluated internally


def test_failing_the_cstt_standard_makes_cstdcs_not_eligible_and_says_why():
    rule_set = load("luat-2022")
    person = _person(rating="HTNV", initiatives=(InitiativeFact(Y, "CO_SO"),))
    verdict = evaluate(rule_set, rule_set.rules["CSTDCS"], person, Y)
    assert verdict.status.value == "NOT_ELIGIBLE"
    missing = [r for r in verdict.reasons if r.met is False and r.decisive]
    cstt = next(r for r in missing if "Chiến sĩ tiên tiến" in r.evidence)
    assert cstt.evidence.startswith("Chưa đạt tiêu chuẩn danh hiệu Chiến sĩ tiên tiến năm 2025")
    assert "Hoàn thành nhiệm vụ" in cstt.evidence  # the CSTT condition that failed, with its evidence
    assert _statuses(rule_set, [person], {"CSTDCS"}) == {(0, "CSTDCS"): "NOT_ELIGIBLE"}


def test_a_recorded_award_counts_as_meeting_the_standard():
    rule_set = load("luat-2022")
    person = _person(rating="HTXSNV", awards=(AwardFact("CSTT", Y, decision="5/QĐ"),))
    # the person's own CSTT conditions cannot be decided (no enlistment date), but the recorded award decides
    person = PersonFacts(**{**person.__dict__, "service_start": None})
    assert evaluate(rule_set, rule_set.rules["CSTT"], person, Y).status.value == "REVIEW"
    verdict = evaluate(rule_set, rule_set.rules["CSTDCS"], person, Y)
    assert verdict.status.value == "ELIGIBLE"
    assert any("Đã có danh hiệu Chiến sĩ tiên tiến năm 2025 (QĐ 5/QĐ)" in r.evidence for r in verdict.reasons)
    revoked = PersonFacts(**{**person.__dict__, "awards": (AwardFact("CSTT", Y, revoked=True),)})
    assert evaluate(rule_set, rule_set.rules["CSTDCS"], revoked, Y).status.value == "REVIEW"
    assert _statuses(rule_set, [person, revoked], {"CSTDCS"}) == {(0, "CSTDCS"): "ELIGIBLE", (1, "CSTDCS"): "REVIEW"}


def test_an_undecidable_standard_is_review_and_a_title_not_for_the_category_is_not_met():
    rule_set = load("luat-2022")
    unknown = PersonFacts("U", REVIEW, category="SI_QUAN", ratings={Y: "HTXSNV"})  # no enlistment date
    verdict = evaluate(rule_set, rule_set.rules["CSTDCS"], unknown, Y)
    assert verdict.status.value == "REVIEW"
    assert any(r.met is None and "Chưa xác định được tiêu chuẩn" in r.evidence for r in verdict.reasons)
    worker = PersonFacts("W", REVIEW, service_start=date(2010, 1, 1), category="CNVQP", ratings={Y: "HTXSNV"})
    reasons = evaluate(rule_set, rule_set.rules["CSTDCS"], worker, Y).reasons
    assert any(r.met is False and "không xét cho đối tượng này" in r.evidence for r in reasons)  # CSTT
    assert any(r.met is True and "Lao động tiên tiến" in r.evidence for r in reasons)  # LĐTT
    assert _statuses(rule_set, [unknown, worker], {"CSTDCS"}) == {(0, "CSTDCS"): "REVIEW", (1, "CSTDCS"): "ELIGIBLE"}


def _chain(**changes) -> dict:
    """A small rule set: B meets A's standard, C meets B's (a chain two deep)."""
    leaf = {"text": "t", "source": "s", "label": "C"}
    rules = [
        {
            "code": "A",
            "subject": "CA_NHAN",
            "condition": {"all": [{"type": "rating_at_least", "level": "HTTNV", **leaf}]},
        },
        {"code": "B", "subject": "CA_NHAN", "condition": {"all": [{"type": "meets_standard", "code": "A", **leaf}]}},
        {
            "code": "C",
            "subject": "CA_NHAN",
            "condition": {
                "all": [
                    {"type": "meets_standard", "code": "B", **leaf},
                    {"type": "rating_is", "level": "HTXSNV", **leaf},
                ]
            },
        },
    ]
    data = {"name": "chain", "title": "chain", "valid_from": None, "valid_to": None, "rules": rules}
    for code, condition in changes.items():
        next(r for r in rules if r["code"] == code)["condition"] = condition
    return data


def test_rules_are_evaluated_after_the_rules_they_reference():
    rule_set = parse(_chain())
    assert [r.code for r in evaluation_order(rule_set, ["C"])] == ["A", "B", "C"]
    people = [_person("x", "HTXSNV"), _person("y", "HTTNV"), _person("z", "HTNV"), PersonFacts("w", REVIEW)]
    scalar = {(i, "C"): evaluate(rule_set, rule_set.rules["C"], p, Y).status.value for i, p in enumerate(people)}
    assert scalar == _statuses(rule_set, people, {"C"})
    assert [scalar[i, "C"] for i in range(4)] == ["ELIGIBLE", "NOT_ELIGIBLE", "NOT_ELIGIBLE", "REVIEW"]


def test_a_cycle_is_refused_when_the_rule_set_is_loaded():
    leaf = {"text": "t", "source": "s", "label": "C"}
    cycle = _chain(A={"all": [{"type": "meets_standard", "code": "C", **leaf}]})
    with pytest.raises(RuleSetError, match="cycle: A → C → B → A"):
        parse(cycle)
    itself = _chain(A={"all": [{"type": "meets_standard", "code": "A", **leaf}]})
    with pytest.raises(RuleSetError, match="cycle: A → A"):
        parse(itself)
    missing = _chain(B={"all": [{"type": "meets_standard", "code": "NONE", **leaf}]})
    with pytest.raises(RuleSetError, match="NONE"):
        parse(missing)
    with pytest.raises(RuleSetError, match="does not take"):
        parse(_chain(B={"all": [{"type": "meets_standard", "code": "A", "offset": 1, **leaf}]}))


def test_overrides_work_around_the_new_leaf_and_cannot_change_a_confirmed_one():
    data = raw("luat-2022")
    leaves = list(iter_leaves(next(r for r in data["rules"] if r["code"] == "CSTDCS")["condition"]))
    index = next(i for i, n in enumerate(leaves) if n["type"] == "meets_standard")
    with pytest.raises(RuleSetError, match="confirmed"):
        apply_overrides(data, [("CSTDCS", index, "code", "CSTDCS")])
    registration = next(i for i, n in enumerate(leaves) if n["type"] == "registered")
    changed = parse(apply_overrides(data, [("CSTDCS", registration, "mode", "REQUIRED")]))
    assert _leaf(changed, "CSTDCS", "meets_standard")["code"] in ("CSTT", "LDTT")
    # an unconfirmed meets_standard leaf may be retargeted; a cycle made that way is refused
    unconfirmed = _chain()
    unconfirmed["rules"][1]["condition"]["all"][0]["label"] = "H"
    unconfirmed["rules"][2]["condition"]["all"][0]["label"] = "H"
    retargeted = parse(apply_overrides(unconfirmed, [("C", 0, "code", "A")]))
    assert [r.code for r in evaluation_order(retargeted, ["C"])] == ["A", "C"]
    with pytest.raises(RuleSetError, match="cycle: B → C → B"):
        parse(apply_overrides(unconfirmed, [("B", 0, "code", "C")]))
