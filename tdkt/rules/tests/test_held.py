"""HELD comes out of the scalar and the bulk evaluators identically, after the rule's verdict."""

from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdkt.rules.bulk import STATUS_OF_RANK, evaluate_bulk
from tdkt.rules.columns import columns_from_facts
from tdkt.rules.engine import applicable_rules, evaluate
from tdkt.rules.facts import HORIZON, AwardFact, PersonFacts, UnitFacts
from tdkt.rules.held import EVER, MEETS_STANDARD, YEAR, Holding, held_award, mark_held, mark_held_bulk
from tdkt.rules.loader import all_rule_sets
from tdkt.rules.model import Status
from tdkt.rules.tests.test_bulk import AWARD_CODES, KINDS, REVIEW, Y, careers, people, units

RULE_SETS = {r.name: r for r in all_rule_sets()}
# Years the facts hold (the adapters keep the horizon ending Y): the same year, earlier ones, the oldest.
held_years = st.sampled_from([Y, Y - 1, Y - 5, Y - HORIZON + 1])
held_awards = st.builds(
    AwardFact,
    code=st.sampled_from(AWARD_CODES),
    year=held_years,
    kind=st.sampled_from(KINDS),
    revoked=st.booleans(),
)
holdings = st.dictionaries(
    st.sampled_from(AWARD_CODES),
    st.sampled_from([YEAR, EVER]),
    max_size=len(AWARD_CODES),
).map(lambda d: {code: Holding(code, scope, code, "nguồn [C]") for code, scope in d.items()})


def _with(facts, extra):
    return [type(f)(**{**f.__dict__, "awards": f.awards + tuple(extra)}) for f in facts]


def _scalar(rule_set, facts, held) -> dict:
    return {
        (i, rule.code): mark_held(evaluate(rule_set, rule, f, Y), f, held).status
        for i, f in enumerate(facts)
        for rule in applicable_rules(rule_set, f)
    }


def _bulk(rule_set, facts, held) -> dict:
    cols = columns_from_facts(facts, year=Y, not_counted_kinds=rule_set.not_counted_kinds)
    return {
        (i, bulk.code): STATUS_OF_RANK[int(bulk.ranks[i])]
        for bulk in (mark_held_bulk(b, cols, held) for b in evaluate_bulk(rule_set, cols))
        for i in np.nonzero(bulk.applies)[0].tolist()
    }


@pytest.mark.parametrize("name", sorted(RULE_SETS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    facts=st.lists(people | careers, min_size=1, max_size=6),
    extra=st.lists(held_awards, max_size=6),
    held=holdings,
)
def test_held_is_the_same_from_both_evaluators_for_people(name, facts, extra, held):
    facts = _with(facts, extra)
    assert _bulk(RULE_SETS[name], facts, held) == _scalar(RULE_SETS[name], facts, held)


@pytest.mark.parametrize("name", sorted(RULE_SETS))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=st.lists(units, min_size=1, max_size=6), extra=st.lists(held_awards, max_size=6), held=holdings)
def test_held_is_the_same_from_both_evaluators_for_units(name, facts, extra, held):
    facts = _with(facts, extra)
    assert _bulk(RULE_SETS[name], facts, held) == _scalar(RULE_SETS[name], facts, held)


YEARLY = Holding("CSTT", YEAR, "Chiến sĩ tiên tiến", "nguồn [C]")
ONCE = Holding("HCCSVV3", EVER, "Huy chương Chiến sĩ vẻ vang hạng Ba", "nguồn [H]")


def _person(*awards):
    return PersonFacts(code="P", review_date=REVIEW, awards=awards)


def test_a_yearly_title_is_held_only_for_its_year():
    facts = _person(AwardFact("CSTT", Y - 1, decision="12/QĐ"))
    assert held_award(facts, YEARLY, Y - 1) is not None
    assert held_award(facts, YEARLY, Y) is None


def test_an_entry_given_once_is_held_from_its_year_on_never_before():
    facts = _person(AwardFact("HCCSVV3", Y - 5))
    assert held_award(facts, ONCE, Y - 5) and held_award(facts, ONCE, Y)
    assert held_award(facts, ONCE, Y - 6) is None
    assert held_award(_person(AwardFact("HCCSVV3", Y - HORIZON)), ONCE, Y) is None  # as the bulk columns


def test_a_revoked_award_is_not_held_and_any_kind_is():
    assert held_award(_person(AwardFact("CSTT", Y, revoked=True)), YEARLY, Y) is None
    assert held_award(_person(AwardFact("CSTT", Y, kind="CHUYEN_DE")), YEARLY, Y) is not None


def test_held_verdict_says_what_is_held_first_and_keeps_every_reason():
    rule_set = RULE_SETS["luat-2022"]
    facts = _person(AwardFact("CSTT", Y, decision="12/QĐ-BTL"))
    plain = evaluate(rule_set, rule_set.rules["CSTT"], facts, Y)
    held = mark_held(plain, facts, {"CSTT": YEARLY})
    assert held.status == Status.HELD and held.status in MEETS_STANDARD
    assert held.reasons[1:] == plain.reasons
    assert held.reasons[0].evidence == f"Đã có Chiến sĩ tiên tiến năm {Y}, quyết định số 12/QĐ-BTL"
    assert held.as_dict()["status"] == "HELD"
    assert mark_held(plain, facts, {}) is plain


def test_unit_facts_hold_too():
    facts = UnitFacts(code="U", review_date=date(Y, 12, 31), awards=(AwardFact("DVQT", Y),))
    assert held_award(facts, Holding("DVQT", YEAR, "Đơn vị quyết thắng", "x [C]"), Y) is not None
