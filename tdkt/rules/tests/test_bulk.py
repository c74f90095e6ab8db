"""The bulk (vector) evaluation gives exactly the scalar engine's status, for every rule of every rule set."""

from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdkt.rules.bulk import STATUS_OF_RANK, evaluate_bulk, referenced_codes
from tdkt.rules.columns import columns_from_facts, year_window
from tdkt.rules.engine import applicable_rules, evaluate
from tdkt.rules.facts import HORIZON, AwardFact, DisciplineFact, InitiativeFact, PersonFacts, UnitFacts
from tdkt.rules.loader import all_rule_sets, load

Y = 2025
REVIEW = date(2025, 12, 31)


def _binding(rule_set_name: str):
    """The rule set with every registration condition made binding (an installation's override)."""
    from tdkt.rules.loader import apply_overrides, iter_leaves, parse, raw

    data = raw(rule_set_name)
    changes = [
        (r["code"], i, "mode", "REQUIRED")
        for r in data["rules"]
        for i, node in enumerate(iter_leaves(r["condition"]))
        if node["type"] == "registered"
    ]
    return parse({**apply_overrides(data, changes), "name": f"{rule_set_name}-bat-buoc-dang-ky"})


def _standards(rule_set_name: str):
    """The rule set with longer "meets the standard of" chains: CSTĐ toàn quân also meets the CSTĐCS standard
    (itself meeting CSTT/LĐTT), and every unit condition on members' titles counts those meeting the standard."""
    import copy

    from tdkt.rules.loader import iter_leaves, parse, raw

    data = copy.deepcopy(raw(rule_set_name))
    for rule in data["rules"]:
        if rule["code"] == "CSTDTQUAN":
            leaf = {"type": "meets_standard", "text": "t", "source": "s", "label": "C", "code": "CSTDCS"}
            rule["condition"] = {"all": [rule["condition"], leaf]}
        for node in iter_leaves(rule["condition"]):
            if node["type"] in ("member_share", "member_count") and node.get("title"):
                node["standard"] = True
    return parse({**data, "name": f"{rule_set_name}-chuan"})


RULE_SETS = (
    {r.name: r for r in all_rule_sets()}
    | {f"{r.name}+dk": _binding(r.name) for r in all_rule_sets()}
    | {f"{r.name}+chuan": _standards(r.name) for r in all_rule_sets()}
)
AWARD_CODES = sorted(
    {code for r in RULE_SETS.values() for s in ("CA_NHAN", "TAP_THE") for code in set.union(*referenced_codes(r, s))}
    | {"CSTT", "LDTT", "CSTDCS", "GK"}
)
LEVELS = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
KINDS = ["THUONG_XUYEN", "CHUYEN_DE", "DOT_XUAT"]
SCOPES = ["CO_SO", "TOAN_QUAN", "TOAN_QUOC"]


def _day(lo: date, hi: date):
    return st.dates(min_value=lo, max_value=hi)


years = st.integers(min_value=Y - 30, max_value=Y)
recent = st.integers(min_value=Y - 12, max_value=Y)  # dense enough for streaks to occur
awards = st.builds(
    AwardFact,
    code=st.sampled_from(AWARD_CODES),
    year=st.one_of(recent, years),
    kind=st.sampled_from(KINDS),
    revoked=st.booleans(),
)
disciplines = st.builds(
    lambda decided, days: DisciplineFact(
        "KHIEN_TRACH", decided, None if days is None else decided.fromordinal(decided.toordinal() + days)
    ),
    _day(date(Y - 2, 1, 1), date(Y + 1, 1, 31)),
    st.none() | st.integers(min_value=0, max_value=400),
)
people = st.builds(
    PersonFacts,
    code=st.uuids().map(lambda u: u.hex[:8]),
    review_date=st.just(REVIEW),
    service_start=st.none()
    | _day(date(1990, 1, 1), date(Y + 1, 2, 1))
    | st.sampled_from([date(2000, 2, 29), date(Y, 4, 1), date(Y, 4, 2), date(2000, 12, 31), date(Y - 25, 12, 31)]),
    category=st.sampled_from(["", "SI_QUAN", "QNCN", "CNVQP", "LDHD", "HSQ_BS"]),
    gender=st.sampled_from(["", "NAM", "NU"]),
    service_break_months=st.sampled_from([0, 0, 0, 3, 24]),
    ratings=st.dictionaries(recent, st.sampled_from(LEVELS), max_size=12),
    awards=st.lists(awards, max_size=12).map(tuple),
    initiatives=st.lists(st.builds(InitiativeFact, year=recent, scope=st.sampled_from(SCOPES)), max_size=6).map(tuple),
    disciplines=st.lists(disciplines, max_size=2).map(tuple),
    registered=st.sets(st.sampled_from(["CSTT", "LDTT", "CSTDCS"]), max_size=2).map(frozenset),
)
# Long careers with every year rated and earlier state-level awards: the chains (BK_TTG, HCLD3, CSTĐ
# toàn quốc) only decide something on such histories, which uniform draws almost never produce.
careers = st.builds(
    lambda code, ratings, chain, titles, inits, start: PersonFacts(
        code=code,
        review_date=REVIEW,
        service_start=start,
        ratings={Y - k: lv for k, lv in enumerate(ratings)},
        awards=tuple(AwardFact(c, Y - k) for c, k in chain) + tuple(AwardFact("CSTDCS", Y - k) for k in titles),
        initiatives=tuple(InitiativeFact(Y - k, s) for k, s in inits),
    ),
    st.uuids().map(lambda u: u.hex[:8]),
    st.lists(st.sampled_from(["HTXSNV", "HTXSNV", "HTTNV", "HTNV"]), min_size=8, max_size=14),
    st.lists(st.tuples(st.sampled_from(["BK_BQP", "BK_TTG", "CSTDTQUAN"]), st.integers(0, 12)), max_size=4),
    st.sets(st.integers(0, 9), max_size=8),
    st.lists(st.tuples(st.integers(0, 9), st.sampled_from(SCOPES)), max_size=8),
    _day(date(1995, 1, 1), date(2010, 1, 1)),
)
units = st.builds(
    lambda members, rated, titled, meeting, **kw: UnitFacts(
        members=members,
        members_by_rating={lv: min(n, members) for lv, n in zip(LEVELS, rated, strict=False) if n},
        members_with_title={c: min(n, members) for c, n in zip(["CSTT", "CSTDCS"], titled, strict=False) if n},
        members_meeting={c: min(n, members) for c, n in zip(["CSTT", "CSTDCS"], meeting, strict=False) if n},
        **kw,
    ),
    st.integers(min_value=0, max_value=12),
    st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4),
    st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=2),
    st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=2),
    code=st.uuids().map(lambda u: u.hex[:8]),
    review_date=st.just(REVIEW),
    founded_on=st.none() | _day(date(1945, 1, 1), date(Y + 1, 1, 1)) | st.just(date(Y, 3, 31)),
    ratings=st.dictionaries(recent, st.sampled_from(LEVELS), max_size=6),
    awards=st.lists(awards, max_size=8).map(tuple),
    registered=st.sets(st.sampled_from(["DVTT", "DVQT"]), max_size=2).map(frozenset),
)


def _scalar(rule_set, facts: list) -> dict:
    return {
        (i, rule.code): evaluate(rule_set, rule, f, Y).status
        for i, f in enumerate(facts)
        for rule in applicable_rules(rule_set, f)
    }


def _bulk(rule_set, facts: list) -> dict:
    cols = columns_from_facts(facts, year=Y, not_counted_kinds=rule_set.not_counted_kinds)
    return {
        (i, bulk.code): STATUS_OF_RANK[int(bulk.ranks[i])]
        for bulk in evaluate_bulk(rule_set, cols)
        for i in np.nonzero(bulk.applies)[0].tolist()
    }


@pytest.mark.parametrize("name", sorted(RULE_SETS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=st.lists(people | careers, min_size=1, max_size=8))
def test_bulk_equals_single_for_people(name, facts):
    rule_set = RULE_SETS[name]
    assert _bulk(rule_set, facts) == _scalar(rule_set, facts)


@pytest.mark.parametrize("name", sorted(RULE_SETS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=st.lists(units, min_size=1, max_size=8))
def test_bulk_equals_single_for_units(name, facts):
    rule_set = RULE_SETS[name]
    assert _bulk(rule_set, facts) == _scalar(rule_set, facts)


def test_streaks_the_bulk_path_must_get_right():
    """Hand-picked boundaries, so a regression shows up even when hypothesis does not reach it."""
    rule_set = load("luat-2022")
    cstdcs = lambda *ys, **kw: tuple(AwardFact("CSTDCS", y, **kw) for y in ys)  # noqa: E731
    base = dict(review_date=REVIEW, service_start=date(2000, 1, 1), ratings={Y: "HTXSNV"})
    init = (InitiativeFact(Y - 1, "TOAN_QUAN"),)
    cases = [
        PersonFacts("full", awards=cstdcs(Y - 2, Y - 1, Y), initiatives=init, **base),  # eligible
        PersonFacts("gap", awards=cstdcs(Y - 3, Y - 1, Y), initiatives=init, **base),  # a gap year
        PersonFacts(
            "revoked",
            awards=cstdcs(Y - 2, Y, revoked=False) + (AwardFact("CSTDCS", Y - 1, revoked=True),),
            initiatives=init,
            **base,
        ),
        PersonFacts(
            "thematic",
            awards=cstdcs(Y - 2, Y - 1) + (AwardFact("CSTDCS", Y, kind="CHUYEN_DE"),),
            initiatives=init,
            **base,
        ),
    ]
    statuses = _bulk(rule_set, cases)
    assert [statuses[i, "CSTDTQUAN"].value for i in range(4)] == ["ELIGIBLE"] + ["NOT_ELIGIBLE"] * 3
    assert statuses == _scalar(rule_set, cases)


def test_records_beyond_the_horizon_are_not_facts():
    old = PersonFacts("old", REVIEW, ratings={Y - HORIZON: "HTXSNV"}, awards=(AwardFact("CSTT", Y - HORIZON),))
    cols = columns_from_facts([old], year=Y)
    assert int(cols.rated[0]) == 0 and int(cols.title("CSTT")[0]) == 0
    assert int(year_window(3)) == 0b111 and int(year_window(64)) == 2**64 - 1 and int(year_window(0)) == 0


def test_every_condition_has_a_bulk_twin():
    from tdkt.rules.bulk import BULK_VOCABULARY
    from tdkt.rules.conditions import VOCABULARY

    assert set(VOCABULARY) == set(BULK_VOCABULARY)


def test_chains_after_an_earlier_award_and_leap_days():
    rule_set = load("luat-2022")
    ratings = {y: "HTXSNV" for y in range(Y - 4, Y + 1)}
    bk = (AwardFact("BK_BQP", Y - 5),)
    in_window = tuple(InitiativeFact(y, "CO_SO") for y in range(Y - 4, Y))  # 4 in the five years after
    cases = [
        PersonFacts(
            "base-year", REVIEW, ratings=ratings, awards=bk, initiatives=in_window + (InitiativeFact(Y - 5, "CO_SO"),)
        ),  # the 5th is in the award's year
        PersonFacts("five", REVIEW, ratings=ratings, awards=bk, initiatives=in_window + (InitiativeFact(Y, "CO_SO"),)),
    ]
    statuses = _bulk(rule_set, cases)
    assert (statuses[0, "BK_TTG"].value, statuses[1, "BK_TTG"].value) == ("NOT_ELIGIBLE", "ELIGIBLE")
    assert statuses == _scalar(rule_set, cases)
    # 25 years from 29/02/2000 are reached on 28/02/2025 (2025 has no 29 February)
    leap = [PersonFacts("leap", date(2025, 2, 28), service_start=date(2000, 2, 29), ratings={Y: "HTTNV"})]
    statuses = _bulk(rule_set, leap)
    assert statuses[0, "HC_QKQT"].value == "ELIGIBLE" and statuses == _scalar(rule_set, leap)


def test_after_award_without_the_earlier_award_is_not_met_whatever_follows():
    from tdkt.rules.loader import parse

    leaf = {"type": "after_award", "text": "t", "source": "s", "label": "H", "code": "BK_BQP", "min_years": 5}
    rule_set = parse({"name": "x", "title": "x", "rules": [{"code": "X", "subject": "CA_NHAN", "condition": leaf}]})
    facts = [PersonFacts("none", REVIEW), PersonFacts("held", REVIEW, awards=(AwardFact("BK_BQP", Y - 5),))]
    assert (
        _bulk(rule_set, facts) == _scalar(rule_set, facts) == {(0, "X"): STATUS_OF_RANK[0], (1, "X"): STATUS_OF_RANK[2]}
    )


def test_registration_reported_by_default_and_binding_when_an_installation_says_so():
    from tdkt.rules.loader import apply_overrides, iter_leaves, parse, raw

    data = raw("luat-2022")
    leaf = next(
        i
        for i, node in enumerate(iter_leaves(next(r for r in data["rules"] if r["code"] == "CSTT")["condition"]))
        if node["type"] == "registered"
    )
    strict = parse(apply_overrides(data, [("CSTT", leaf, "mode", "REQUIRED")]))
    base = dict(review_date=REVIEW, service_start=date(2000, 1, 1), category="SI_QUAN", ratings={Y: "HTTNV"})
    people = [PersonFacts("no", **base), PersonFacts("yes", registered=frozenset({"CSTT"}), **base)]
    lenient = _bulk(load("luat-2022"), people)
    assert (
        lenient[0, "CSTT"].value
        == lenient[1, "CSTT"].value
        == "ELIGIBLE"
        == _scalar(load("luat-2022"), people)[0, "CSTT"].value
    )
    binding = _bulk(strict, people)
    assert (binding[0, "CSTT"].value, binding[1, "CSTT"].value) == ("NOT_ELIGIBLE", "ELIGIBLE")
    assert binding == _scalar(strict, people)
