"""Every rule of every rule set, table-driven: a subject that qualifies, then each condition broken alone,
at its boundary (the value just enough and the value just short). Both regimes share the conditions of
domain.md §5; the cases run against each, and the bulk evaluator must agree on every case."""

from dataclasses import replace
from datetime import date

import pytest

from tdkt.rules.bulk import STATUS_OF_RANK, evaluate_bulk
from tdkt.rules.columns import columns_from_facts
from tdkt.rules.engine import evaluate
from tdkt.rules.facts import AwardFact, DisciplineFact, InitiativeFact, PersonFacts, UnitFacts
from tdkt.rules.loader import all_rule_sets

Y = 2025
REVIEW = date(2025, 12, 31)
E, N, R = "ELIGIBLE", "NOT_ELIGIBLE", "REVIEW"


def held(code: str, *years: int, **kw) -> tuple[AwardFact, ...]:
    return tuple(AwardFact(code, y, decision=f"{y}/QĐ", **kw) for y in years)


def inits(scope: str, *years: int) -> tuple[InitiativeFact, ...]:
    return tuple(InitiativeFact(y, scope, f"SK {i}") for i, y in enumerate(years))


def rated(level: str, *years: int) -> dict[int, str]:
    return {y: level for y in years}


def person(**kw) -> PersonFacts:
    base = dict(code="P", review_date=REVIEW, service_start=date(2000, 1, 1), category="SI_QUAN", ratings={Y: "HTTNV"})
    return PersonFacts(**{**base, **kw})


def unit(**kw) -> UnitFacts:
    base = dict(
        code="U",
        review_date=REVIEW,
        founded_on=date(1975, 3, 26),
        ratings={Y: "HTXSNV"},
        members=100,
        members_by_rating={"HTXSNV": 30, "HTTNV": 60, "HTNV": 10},
        members_with_title={"CSTT": 70, "CSTDCS": 1},
    )
    return UnitFacts(**{**base, **kw})


DISCIPLINE_ON_REVIEW_DAY = (DisciplineFact("KHIEN_TRACH", date(Y, 1, 5), REVIEW),)
DISCIPLINE_ENDED_DAY_BEFORE = (DisciplineFact("KHIEN_TRACH", date(Y, 1, 5), date(Y, 12, 30)),)
DISCIPLINE_OPEN_ENDED = (DisciplineFact("CANH_CAO", date(Y, 3, 1)),)


def discipline_cases(base):
    return [
        ("discipline ending the day before the review", replace(base, disciplines=DISCIPLINE_ENDED_DAY_BEFORE), E),
        ("under discipline on the review day", replace(base, disciplines=DISCIPLINE_ON_REVIEW_DAY), N),
        ("open-ended discipline: a person must check", replace(base, disciplines=DISCIPLINE_OPEN_ENDED), R),
    ]


def cstt_cases(category: str):
    base = person(category=category)
    return base, [
        ("rated HTNV", replace(base, ratings={Y: "HTNV"}), N),
        ("no rating yet", replace(base, ratings={}), R),
        ("in service from 1 April: exactly 9 months", replace(base, service_start=date(Y, 4, 1)), E),
        ("in service from 2 April: 8 full months", replace(base, service_start=date(Y, 4, 2)), N),
        ("no service start recorded", replace(base, service_start=None), R),
        # months were counted for a year before the enlistment (the review found "4 tháng trong năm 2022")
        ("enlisted in a later year", replace(base, service_start=date(Y + 1, 2, 1)), N),
        *discipline_cases(base),
    ]


# 8 months in service: the CSTT standard is not met by its own rule, so the recorded CSTT decides the cases below
# With an initiative of the year: the 2003 regime needs one beside the CSTT standard, the 2022 law takes HTXSNV instead.
CSTDCS = person(
    awards=held("CSTT", Y), ratings={Y: "HTXSNV"}, initiatives=inits("CO_SO", Y), service_start=date(Y, 4, 2)
)
STANDARD_MET = dict(service_start=date(Y, 4, 1), initiatives=inits("CO_SO", Y))
STANDARD_UNKNOWN = dict(service_start=None, initiatives=inits("CO_SO", Y))
CSTDTQUAN = person(awards=held("CSTDCS", Y - 2, Y - 1, Y), initiatives=inits("TOAN_QUAN", Y - 2))
CSTDTQUOC = person(awards=held("CSTDTQUAN", Y - 5, Y), initiatives=inits("TOAN_QUOC", Y - 5))
BK_BQP = person(awards=held("CSTDCS", Y - 1, Y))
BK_TTG = person(
    awards=held("BK_BQP", Y - 5),
    ratings=rated("HTXSNV", *range(Y - 4, Y + 1)),
    initiatives=inits("CO_SO", *range(Y - 4, Y + 1)),
)
HCLD3 = person(
    awards=held("BK_TTG", Y - 5) + held("CSTDCS", Y - 3, Y - 2, Y),
    ratings={**rated("HTTNV", *range(Y - 4, Y + 1)), Y - 1: "HTXSNV"},
)
QKQT = person(service_start=date(Y - 25, 12, 31))

CASES = {
    "CSTT": cstt_cases("SI_QUAN"),
    "LDTT": cstt_cases("CNVQP"),
    "CSTDCS": (
        CSTDCS,
        [
            ("LĐTT instead of CSTT", replace(CSTDCS, awards=held("LDTT", Y)), E),
            ("no CSTT that year", replace(CSTDCS, awards=held("CSTT", Y - 1)), N),
            # with an initiative, which the 2003 regime needs: only the CSTT standard decides
            ("no CSTT recorded, its standard met", replace(CSTDCS, awards=(), **STANDARD_MET), E),
            ("no CSTT recorded, its standard undecided", replace(CSTDCS, awards=(), **STANDARD_UNKNOWN), R),
            ("CSTT of that year revoked", replace(CSTDCS, awards=held("CSTT", Y, revoked=True)), N),
            ("CSTT of a thematic campaign", replace(CSTDCS, awards=held("CSTT", Y, kind="CHUYEN_DE")), N),
            ("HTTNV and no initiative", replace(CSTDCS, ratings={Y: "HTTNV"}, initiatives=()), N),
            # Law 15/2003 Đ23 (sđbs 2013): an initiative, research or combat ingenuity is required; Law 06/2022 Đ23
            # accepts HTXSNV instead (the 2022 screening found "eligible" on HTXSNV alone: issue #15).
            ("HTXSNV, no initiative", replace(CSTDCS, initiatives=()), {"luat-2003": N, "luat-2022": E}),
            ("HTTNV with an initiative", replace(CSTDCS, ratings={Y: "HTTNV"}, initiatives=inits("CO_SO", Y)), E),
            (
                "HTTNV, initiative of the year before",
                replace(CSTDCS, ratings={Y: "HTTNV"}, initiatives=inits("CO_SO", Y - 1)),
                N,
            ),
            *discipline_cases(CSTDCS),
        ],
    ),
    "CSTDTQUAN": (
        CSTDTQUAN,
        [
            ("a gap year inside the streak", replace(CSTDTQUAN, awards=held("CSTDCS", Y - 3, Y - 1, Y)), N),
            (
                "revoked in the middle of the streak",
                replace(CSTDTQUAN, awards=held("CSTDCS", Y - 2, Y) + held("CSTDCS", Y - 1, revoked=True)),
                N,
            ),
            ("only two years", replace(CSTDTQUAN, awards=held("CSTDCS", Y - 1, Y)), N),
            ("initiative only at the grassroots", replace(CSTDTQUAN, initiatives=inits("CO_SO", Y)), N),
            ("army-level initiative four years back", replace(CSTDTQUAN, initiatives=inits("TOAN_QUAN", Y - 3)), N),
            ("a national initiative counts as army level", replace(CSTDTQUAN, initiatives=inits("TOAN_QUOC", Y)), E),
            *discipline_cases(CSTDTQUAN),
        ],
    ),
    "CSTDTQUOC": (
        CSTDTQUOC,
        [
            ("first CSTĐ toàn quân outside the six years", replace(CSTDTQUOC, awards=held("CSTDTQUAN", Y - 6, Y)), N),
            ("one CSTĐ toàn quân", replace(CSTDTQUOC, awards=held("CSTDTQUAN", Y)), N),
            ("army-level initiative only", replace(CSTDTQUOC, initiatives=inits("TOAN_QUAN", Y)), N),
            *discipline_cases(CSTDTQUOC),
        ],
    ),
    "BK_BQP": (
        BK_BQP,
        [
            ("CSTĐCS this year only", replace(BK_BQP, awards=held("CSTDCS", Y)), N),
            (
                "HTXSNV two years and two initiatives",
                replace(BK_BQP, awards=(), ratings=rated("HTXSNV", Y - 1, Y), initiatives=inits("CO_SO", Y - 1, Y)),
                E,
            ),
            (
                "HTXSNV two years and one initiative",
                replace(BK_BQP, awards=(), ratings=rated("HTXSNV", Y - 1, Y), initiatives=inits("CO_SO", Y)),
                N,
            ),
            (
                "HTXSNV this year, HTTNV the year before",
                replace(BK_BQP, awards=(), ratings={Y - 1: "HTTNV", Y: "HTXSNV"}, initiatives=inits("CO_SO", Y - 1, Y)),
                N,
            ),
            *discipline_cases(BK_BQP),
        ],
    ),
    "BK_TTG": (
        BK_TTG,
        [
            ("Bằng khen only four years before", replace(BK_TTG, awards=held("BK_BQP", Y - 4)), N),
            ("Bằng khen revoked", replace(BK_TTG, awards=held("BK_BQP", Y - 5, revoked=True)), N),
            ("one year HTTNV in the five", replace(BK_TTG, ratings={**BK_TTG.ratings, Y - 2: "HTTNV"}), N),
            ("four initiatives", replace(BK_TTG, initiatives=inits("CO_SO", *range(Y - 3, Y + 1))), N),
            *discipline_cases(BK_TTG),
        ],
    ),
    "HCLD3": (
        HCLD3,
        [
            (
                "Bằng khen Thủ tướng only four years before",
                replace(HCLD3, awards=held("BK_TTG", Y - 4) + held("CSTDCS", Y - 3, Y - 2, Y)),
                N,
            ),
            ("one year only HTNV", replace(HCLD3, ratings={**HCLD3.ratings, Y - 2: "HTNV"}), N),
            ("a year not rated yet", replace(HCLD3, ratings={k: v for k, v in HCLD3.ratings.items() if k != Y - 3}), R),
            ("no HTXSNV year", replace(HCLD3, ratings=rated("HTTNV", *range(Y - 4, Y + 1))), N),
            ("two CSTĐCS", replace(HCLD3, awards=held("BK_TTG", Y - 5) + held("CSTDCS", Y - 2, Y)), N),
            *discipline_cases(HCLD3),
        ],
    ),
    "HC_QKQT": (
        QKQT,
        [
            ("25 years reached on the review day", replace(QKQT, service_start=date(Y - 25, 12, 31)), E),
            ("one day short of 25 years", replace(QKQT, service_start=date(Y - 24, 1, 1)), N),
            ("rated HTNV", replace(QKQT, ratings={Y: "HTNV"}), N),
            ("no service start recorded", replace(QKQT, service_start=None), R),
        ],
    ),
    **{
        code: (
            person(service_start=date(Y - years, 12, 31)),
            [
                (f"one day short of {years} years", person(service_start=date(Y - years + 1, 1, 1)), N),
                ("no service start recorded", person(service_start=None), R),
            ],
        )
        for code, years in (("HCCSVV3", 10), ("HCCSVV2", 15), ("HCCSVV1", 20))
    },
    "KNC_VSNXDQD": (
        person(service_start=date(Y - 25, 12, 31), gender="NAM"),
        [
            ("a man one day short of 25 years", person(service_start=date(Y - 24, 1, 1), gender="NAM"), N),
            ("a woman with 20 years", person(service_start=date(Y - 20, 12, 31), gender="NU"), E),
            ("20 years, gender not recorded", person(service_start=date(Y - 20, 12, 31)), R),
            (
                "25 years less a year out of service",
                person(service_start=date(Y - 25, 12, 31), gender="NAM", service_break_months=12),
                N,
            ),
        ],
    ),
    "DVTT": (
        unit(members_with_title={"CSTT": 51}, ratings={Y: "HTTNV"}),
        [
            ("exactly half CSTT: not more than half", unit(members_with_title={"CSTT": 50}), N),
            ("rated HTNV", unit(members_with_title={"CSTT": 60}, ratings={Y: "HTNV"}), N),
            ("no rating yet", unit(members_with_title={"CSTT": 60}, ratings={}), R),
            ("founded 8 months ago", unit(members_with_title={"CSTT": 60}, founded_on=date(Y, 4, 30)), N),
            ("founded exactly 9 months ago", unit(members_with_title={"CSTT": 60}, founded_on=date(Y, 3, 31)), E),
            ("no members at year end", unit(members=0, members_by_rating={}, members_with_title={}), R),
        ],
    ),
    "DVQT": (
        unit(),
        [
            ("exactly 70 % CSTT", unit(members_with_title={"CSTT": 70, "CSTDCS": 1}), E),
            ("69 % CSTT", unit(members_with_title={"CSTT": 69, "CSTDCS": 1}), N),
            ("one member KHTNV", unit(members_by_rating={"HTXSNV": 30, "HTTNV": 60, "HTNV": 9, "KHTNV": 1}), N),
            ("one member not rated", unit(members_by_rating={"HTXSNV": 30, "HTTNV": 60, "HTNV": 9}), N),
            ("no CSTĐCS among members", unit(members_with_title={"CSTT": 80}), N),
            ("unit rated HTTNV", unit(ratings={Y: "HTTNV"}), N),
            ("founded 8 months ago", unit(founded_on=date(Y, 4, 30)), N),
        ],
    ),
    **{
        code: (
            unit(),  # the cluster's acclaim is for a person to confirm: REVIEW at best
            [("unit rated HTTNV", unit(ratings={Y: "HTTNV"}), N)],
        )
        for code in ("CO_QK", "CO_BQP")
    },
}
BEST = {"CO_QK": R, "CO_BQP": R}

RULE_SETS = all_rule_sets()
ROWS = [
    pytest.param(
        rule_set,
        code,
        label,
        facts,
        expected[rule_set.name] if isinstance(expected, dict) else expected,  # a verdict that differs by regime
        id=f"{rule_set.name}-{code}-{label}",
    )
    for rule_set in RULE_SETS
    for code, (base, cases) in CASES.items()
    for label, facts, expected in [("qualifies", base, BEST.get(code, E)), *cases]
]


def test_every_rule_of_every_rule_set_has_cases():
    for rule_set in RULE_SETS:
        assert set(rule_set.rules) == set(CASES), rule_set.name


@pytest.mark.parametrize("rule_set, code, label, facts, expected", ROWS)
def test_rule_table(rule_set, code, label, facts, expected):
    verdict = evaluate(rule_set, rule_set.rules[code], facts, Y)
    assert verdict.status.value == expected, [(r.condition, r.met, r.evidence) for r in verdict.reasons]
    assert all(r.source for r in verdict.reasons)
    if expected != E:  # what is missing is said, with its evidence
        assert any(r.met is not True and r.decisive and r.evidence for r in verdict.reasons)
    cols = columns_from_facts([facts], year=Y, not_counted_kinds=rule_set.not_counted_kinds)
    bulk = next(b for b in evaluate_bulk(rule_set, cols) if b.code == code)
    assert STATUS_OF_RANK[int(bulk.ranks[0])].value == expected
