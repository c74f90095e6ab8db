"""Table-driven cases for the rule sets, at their boundaries. Pure Python: no database."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdkt.rules.engine import evaluate
from tdkt.rules.facts import AwardFact, DisciplineFact, InitiativeFact, PersonFacts, UnitFacts
from tdkt.rules.loader import RuleSetError, load, parse, rule_set_for_year
from tdkt.rules.model import Status

Y = 2025
REVIEW = date(2025, 12, 20)
LUAT_2022 = load("luat-2022")


def person(**kw) -> PersonFacts:
    base = dict(
        code="P1", review_date=REVIEW, birth_date=date(1990, 1, 1), service_start=date(2010, 9, 1), ratings={Y: "HTTNV"}
    )
    return PersonFacts(**{**base, **kw})


def verdict(code: str, facts, year: int = Y, rule_set=LUAT_2022):
    return evaluate(rule_set, rule_set.rules[code], facts, year)


def titles(code: str, *years: int, **kw) -> tuple[AwardFact, ...]:
    return tuple(AwardFact(code=code, year=y, decision=f"{y}/QĐ", **kw) for y in years)


@pytest.mark.parametrize(
    "facts, expected",
    [
        (person(), Status.ELIGIBLE),
        (person(ratings={Y: "HTXSNV"}), Status.ELIGIBLE),
        (person(ratings={Y: "HTNV"}), Status.NOT_ELIGIBLE),
        (person(ratings={}), Status.REVIEW),  # no rating recorded yet
        (person(service_start=date(Y, 4, 1)), Status.ELIGIBLE),  # exactly 9 months (Apr–Dec)
        (person(service_start=date(Y, 4, 2)), Status.NOT_ELIGIBLE),  # 8 full months
        (person(service_start=None), Status.REVIEW),
        (person(disciplines=(DisciplineFact("KHIEN_TRACH", date(Y, 1, 5), date(2025, 12, 19)),)), Status.ELIGIBLE),
        (person(disciplines=(DisciplineFact("KHIEN_TRACH", date(Y, 1, 5), date(2025, 12, 20)),)), Status.NOT_ELIGIBLE),
        (person(disciplines=(DisciplineFact("CANH_CAO", date(Y, 3, 1), None),)), Status.REVIEW),
    ],
)
def test_cstt(facts, expected):
    assert verdict("CSTT", facts).status == expected


@pytest.mark.parametrize(
    "facts, expected",
    [
        (person(ratings={Y: "HTXSNV"}, awards=titles("CSTT", Y)), Status.ELIGIBLE),
        (person(awards=titles("CSTT", Y), initiatives=(InitiativeFact(Y, "CO_SO"),)), Status.ELIGIBLE),
        (person(awards=titles("CSTT", Y)), Status.NOT_ELIGIBLE),  # HTTNV and no initiative
        (person(ratings={Y: "HTXSNV"}), Status.ELIGIBLE),  # no CSTT recorded, but its standard is met
        (person(ratings={Y: "HTXSNV"}, service_start=date(Y, 4, 2)), Status.NOT_ELIGIBLE),  # nor its standard
        (
            person(ratings={Y: "HTXSNV"}, service_start=date(Y, 4, 2), awards=titles("CSTT", Y, revoked=True)),
            Status.NOT_ELIGIBLE,
        ),
        (person(ratings={Y: "HTXSNV"}, awards=titles("LDTT", Y)), Status.ELIGIBLE),
        (person(awards=titles("CSTT", Y), initiatives=(InitiativeFact(Y - 1, "CO_SO"),)), Status.NOT_ELIGIBLE),
    ],
)
def test_cstdcs(facts, expected):
    assert verdict("CSTDCS", facts).status == expected


ARMY_INITIATIVE = (InitiativeFact(Y - 1, "TOAN_QUAN", "Cải tiến khí tài"),)


@pytest.mark.parametrize(
    "facts, expected",
    [
        (person(awards=titles("CSTDCS", Y - 2, Y - 1, Y), initiatives=ARMY_INITIATIVE), Status.ELIGIBLE),
        (person(awards=titles("CSTDCS", Y - 3, Y - 1, Y), initiatives=ARMY_INITIATIVE), Status.NOT_ELIGIBLE),  # gap
        (
            person(
                awards=titles("CSTDCS", Y - 2, Y) + titles("CSTDCS", Y - 1, revoked=True), initiatives=ARMY_INITIATIVE
            ),
            Status.NOT_ELIGIBLE,
        ),  # revoked in the middle
        (
            person(
                awards=titles("CSTDCS", Y - 2, Y) + titles("CSTDCS", Y - 1, kind="CHUYEN_DE"),
                initiatives=ARMY_INITIATIVE,
            ),
            Status.NOT_ELIGIBLE,
        ),  # thematic awards do not count
        (
            person(awards=titles("CSTDCS", Y - 2, Y - 1, Y), initiatives=(InitiativeFact(Y, "CO_SO"),)),
            Status.NOT_ELIGIBLE,
        ),  # scope too small
    ],
)
def test_cstd_toan_quan(facts, expected):
    assert verdict("CSTDTQUAN", facts).status == expected


def test_a_title_decided_for_y_counts_for_y():
    facts = person(awards=titles("CSTDCS", Y - 2, Y - 1, Y), initiatives=ARMY_INITIATIVE)
    evidence = " ".join(r.evidence for r in verdict("CSTDTQUAN", facts).reasons)
    assert f"{Y}/QĐ" in evidence


@pytest.mark.parametrize(
    "service_start, expected",
    [
        (date(2000, 12, 20), Status.ELIGIBLE),  # exactly 25 years on the review day
        (date(2000, 12, 21), Status.NOT_ELIGIBLE),  # one day short
    ],
)
def test_huy_chuong_quan_ky_quyet_thang_at_25_years(service_start, expected):
    result = verdict("HC_QKQT", person(service_start=service_start))
    assert result.status == expected
    assert any("25 năm" in r.evidence for r in result.reasons)


def test_bang_khen_bqp_two_paths():
    assert verdict("BK_BQP", person(awards=titles("CSTDCS", Y - 1, Y))).status == Status.ELIGIBLE
    two_years = person(
        ratings={Y: "HTXSNV", Y - 1: "HTXSNV"},
        initiatives=(InitiativeFact(Y, "CO_SO", "A"), InitiativeFact(Y - 1, "CO_SO", "B")),
    )
    assert verdict("BK_BQP", two_years).status == Status.ELIGIBLE
    one_initiative = replace(two_years, initiatives=two_years.initiatives[:1])
    assert verdict("BK_BQP", one_initiative).status == Status.NOT_ELIGIBLE


def test_huan_chuong_lao_dong_hang_ba_after_bang_khen_thu_tuong():
    years = range(Y - 4, Y + 1)
    facts = person(
        awards=titles("BK_TTG", Y - 5) + titles("CSTDCS", Y - 4, Y - 2, Y),
        ratings={y: "HTTNV" for y in years} | {Y - 1: "HTXSNV"},
    )
    assert verdict("HCLD3", facts).status == Status.ELIGIBLE
    assert (
        verdict("HCLD3", replace(facts, awards=titles("BK_TTG", Y - 4) + facts.awards[1:])).status
        == Status.NOT_ELIGIBLE
    )  # only 4 years after it
    weak_year = replace(facts, ratings=facts.ratings | {Y - 3: "HTNV"})
    assert verdict("HCLD3", weak_year).status == Status.NOT_ELIGIBLE


def unit(**kw) -> UnitFacts:
    base = dict(
        code="U1",
        review_date=REVIEW,
        founded_on=date(2000, 1, 1),
        ratings={Y: "HTXSNV"},
        members=100,
        members_by_rating={"HTXSNV": 30, "HTTNV": 60, "HTNV": 10},
        members_with_title={"CSTT": 70, "CSTDCS": 1},
    )
    return UnitFacts(**{**base, **kw})


@pytest.mark.parametrize(
    "facts, expected",
    [
        (unit(), Status.ELIGIBLE),  # exactly 70 %
        (unit(members_with_title={"CSTT": 69, "CSTDCS": 1}), Status.NOT_ELIGIBLE),
        (unit(members_with_title={"CSTT": 80}), Status.NOT_ELIGIBLE),  # no CSTĐCS
        (unit(members_by_rating={"HTXSNV": 30, "HTTNV": 69, "KHTNV": 1}), Status.NOT_ELIGIBLE),  # not 100 % HTNV
        (unit(ratings={Y: "HTTNV"}), Status.NOT_ELIGIBLE),
        (unit(founded_on=date(2025, 4, 21)), Status.NOT_ELIGIBLE),  # founded 8 months ago
        (unit(members=0), Status.REVIEW),
    ],
)
def test_don_vi_quyet_thang(facts, expected):
    assert verdict("DVQT", facts).status == expected


@pytest.mark.parametrize("cstt, expected", [(50, Status.NOT_ELIGIBLE), (51, Status.ELIGIBLE)])
def test_don_vi_tien_tien_needs_more_than_half(cstt, expected):
    facts = unit(ratings={Y: "HTTNV"}, members_with_title={"CSTT": cstt})
    assert verdict("DVTT", facts).status == expected


def test_flags_need_a_person_to_check_the_cluster_acclaim():
    result = verdict("CO_QK", unit())
    assert result.status == Status.REVIEW
    assert any(r.met is None and "suy tôn" in r.evidence for r in result.reasons)


def test_every_reason_has_its_source_and_label():
    result = verdict("CSTDCS", person(ratings={Y: "HTXSNV"}, awards=titles("CSTT", Y)))
    assert result.rule_set == "luat-2022"
    assert all(r.source.endswith(("[C]", "[H]", "[U]")) for r in result.reasons)
    assert {"Luật TĐKT 2022 Đ23 [C]"} <= {r.source for r in result.reasons}
    shape = result.as_dict()
    assert set(shape) == {"subject_type", "subject_code", "award_code", "rule_set", "status", "reasons"}
    assert set(shape["reasons"][0]) == {"condition", "met", "evidence", "source"}


def test_the_rule_set_in_force_for_the_year_is_used():
    assert rule_set_for_year(2023).name == "luat-2003"
    assert rule_set_for_year(2024).name == "luat-2022"
    old = rule_set_for_year(2021)
    result = verdict("CSTT", person(ratings={2021: "HTTNV"}), year=2021, rule_set=old)
    assert result.rule_set == "luat-2003" and "Luật TĐKT 2003 (sửa đổi 2013)" in result.reasons[0].source


@pytest.mark.parametrize(
    "mutation, message",
    [
        ({"type": "no_such_condition"}, "unknown condition"),
        ({"source": ""}, "needs text, source"),
        ({"label": "X"}, "needs text, source"),
        ({"unexpected": 1}, "does not take"),
    ],
)
def test_rule_sets_are_checked_against_the_vocabulary(mutation, message):
    leaf = {"type": "rating_at_least", "text": "t", "source": "s", "label": "C", "level": "HTTNV", **mutation}
    data = {"name": "x", "title": "x", "rules": [{"code": "CSTT", "subject": "CA_NHAN", "condition": {"all": [leaf]}}]}
    with pytest.raises(RuleSetError, match=message):
        parse(data)


# --- Properties -------------------------------------------------------------------------------

RATINGS = ["KHTNV", "HTNV", "HTTNV", "HTXSNV"]
person_facts = st.builds(
    lambda ratings, cstt, cstdcs, scopes, start: person(
        ratings={Y - i: r for i, r in enumerate(ratings)},
        awards=titles("CSTT", *cstt) + titles("CSTDCS", *cstdcs),
        initiatives=tuple(InitiativeFact(Y - i % 3, s) for i, s in enumerate(scopes)),
        service_start=start,
    ),
    st.lists(st.sampled_from(RATINGS), min_size=0, max_size=6),
    st.sets(st.integers(Y - 5, Y)),
    st.sets(st.integers(Y - 5, Y)),
    st.lists(st.sampled_from(["CO_SO", "TOAN_QUAN", "TOAN_QUOC"]), max_size=3),
    st.dates(date(1990, 1, 1), date(2025, 12, 1)),
)
qualifying = st.one_of(
    st.builds(lambda y: ("award", AwardFact("CSTDCS", y, decision="x")), st.integers(Y - 5, Y)),
    st.builds(lambda y: ("award", AwardFact("CSTT", y, decision="x")), st.integers(Y - 5, Y)),
    st.builds(
        lambda y, s: ("initiative", InitiativeFact(y, s)),
        st.integers(Y - 5, Y),
        st.sampled_from(["CO_SO", "TOAN_QUAN", "TOAN_QUOC"]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(person_facts, qualifying)
def test_adding_a_qualifying_record_never_makes_a_monotone_rule_fail(facts, addition):
    kind, record = addition
    richer = (
        replace(facts, awards=facts.awards + (record,))
        if kind == "award"
        else replace(facts, initiatives=facts.initiatives + (record,))
    )
    for rule in LUAT_2022.rules.values():
        if rule.subject != "CA_NHAN" or not rule.monotone:
            continue
        if evaluate(LUAT_2022, rule, facts, Y).status == Status.ELIGIBLE:
            assert evaluate(LUAT_2022, rule, richer, Y).status == Status.ELIGIBLE, rule.code


def test_cstt_is_for_soldiers_and_ldtt_for_workers():
    from tdkt.rules.engine import applicable_rules

    codes = {r.code for r in applicable_rules(LUAT_2022, person(category="QNCN"))}
    assert "CSTT" in codes and "LDTT" not in codes
    codes = {r.code for r in applicable_rules(LUAT_2022, person(category="CNVQP"))}
    assert "LDTT" in codes and "CSTT" not in codes
    codes = {r.code for r in applicable_rules(LUAT_2022, person())}  # category unknown: both are shown
    assert {"CSTT", "LDTT"} <= codes


def test_an_unmet_alternative_is_reported_but_not_decisive():
    # an officer: the LĐTT standard is not for them, CSTT decides
    result = verdict("CSTDCS", person(ratings={Y: "HTXSNV"}, awards=titles("CSTT", Y), category="SI_QUAN"))
    ldtt = next(r for r in result.reasons if "Lao động tiên tiến" in r.condition)
    assert result.status == Status.ELIGIBLE and ldtt.met is False and not ldtt.decisive
    assert "decisive" not in result.as_dict()["reasons"][0]
    failing = verdict("CSTDCS", person(ratings={Y: "HTTNV"}))
    assert all(r.decisive for r in failing.reasons)


def test_quota_warnings_name_the_figures_and_the_source():
    from collections import Counter

    from tdkt.rules.quotas import quota_warnings

    screened = Counter({"CA_NHAN": 10})
    eligible = Counter({"CSTDCS": 4, "CSTT": 10})
    warnings = quota_warnings(LUAT_2022, eligible=eligible, screened=screened, title_holders=Counter({"CSTT": 20}))
    by_code = {w.code: w for w in warnings}
    assert by_code["CSTDCS"].limit == 3 and by_code["CSTDCS"].eligible == 4  # 15 % of 20 holders
    assert "[H]" in by_code["CSTDCS"].message
    assert by_code["CSTT"].limit == 4  # 40 % of the 10 people screened
    within = Counter({"CSTDCS": 3, "CSTT": 4})
    assert not quota_warnings(LUAT_2022, eligible=within, screened=screened, title_holders=Counter({"CSTT": 20}))


def test_superseded_texts_are_never_labelled_confirmed():
    """Only texts retrieved and read are [C]; the 2003 regime's army circular (TT 151/2018) is [H]."""
    from tdkt.rules.loader import iter_leaves

    old = load("luat-2003")
    for rule in old.rules.values():
        for leaf in iter_leaves(rule.condition):
            if "TT 151" in leaf["source"] or "2003" in leaf["source"]:
                assert leaf["label"] != "C", (rule.code, leaf["text"])
