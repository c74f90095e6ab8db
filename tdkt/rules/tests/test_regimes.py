"""The law by date: which regime a verdict follows, which decree's vote rules and quotas, which texts a
document cites. Pure Python: no database."""

from datetime import date

import pytest

from tdkt.rules.engine import evaluate
from tdkt.rules.facts import AwardFact, InitiativeFact, PersonFacts
from tdkt.rules.loader import all_rule_sets, load, regime_name, rule_set_for, rule_set_for_year, texts_in_force
from tdkt.rules.model import Status


def person(year: int, **kw) -> PersonFacts:
    base = dict(
        code="P1",
        review_date=date(year, 12, 31),
        birth_date=date(1990, 1, 1),
        service_start=date(2010, 9, 1),
        ratings={year: "HTXSNV"},
        awards=(AwardFact(code="CSTT", year=year, decision=f"{year}/QĐ"),),
    )
    return PersonFacts(**{**base, **kw})


def cstdcs(year: int, facts: PersonFacts, rule_set=None):
    rule_set = rule_set or rule_set_for_year(year)
    return evaluate(rule_set, rule_set.rules["CSTDCS"], facts, year)


@pytest.mark.parametrize(
    "year, name",
    [(2017, "luat-2003"), (2022, "luat-2003"), (2023, "luat-2003"), (2024, "luat-2022"), (2025, "luat-2022")],
)
def test_the_regime_of_a_year_is_the_law_in_force_at_its_end(year, name):
    assert rule_set_for_year(year).name == name
    assert rule_set_for(year=year).name == name


@pytest.mark.parametrize(
    "submitted_on, name",
    [
        (date(2023, 12, 20), "luat-2003"),
        (date(2023, 12, 31), "luat-2003"),  # submitted before 01/01/2024: stays under the 2003 law
        (date(2024, 1, 1), "luat-2022"),
        (date(2024, 2, 15), "luat-2022"),  # achievements of 2023, submitted under the new law
    ],
)
def test_a_known_submission_date_decides_around_the_first_of_january_2024(submitted_on, name):
    assert regime_name(year=2023, submitted_on=submitted_on) == name
    assert rule_set_for(year=2023, submitted_on=submitted_on).name == name


def test_old_regime_cstdcs_needs_an_initiative_htxsnv_alone_is_not_enough():
    # Law 15/2003 Đ23 k2 (amended 2013): an initiative, research or combat ingenuity, with no HTXSNV alternative
    alone = cstdcs(2022, person(2022))
    assert alone.rule_set == "luat-2003" and alone.status == Status.NOT_ELIGIBLE
    assert any(r.met is False and "sáng kiến" in r.condition.lower() for r in alone.reasons)
    with_initiative = cstdcs(2022, person(2022, initiatives=(InitiativeFact(2022, "CO_SO", "Cải tiến"),)))
    assert with_initiative.status == Status.ELIGIBLE


def test_new_regime_cstdcs_accepts_htxsnv_alone():
    # Law 06/2022 Đ23: HTXSNV or an initiative (or research, or combat ingenuity)
    for year in (2024, 2025):
        result = cstdcs(year, person(year))
        assert result.rule_set == "luat-2022" and result.status == Status.ELIGIBLE


@pytest.mark.parametrize(
    "day, decree",
    [(date(2024, 3, 5), "98/2023"), (date(2025, 6, 30), "98/2023"), (date(2025, 7, 1), "152/2025")],
)
def test_vote_rules_follow_the_decree_in_force_on_the_meeting_day(day, decree):
    regime = load("luat-2022")
    for code in ("default", "CSTDTQUAN", "CSTDTQUOC"):
        source = regime.vote_rule(code, on=day).source
        assert decree in source and "91/2017" not in source, (code, source)


def test_a_2025_12_meeting_cites_nd_152_and_a_2024_meeting_nd_98():
    regime = rule_set_for(year=2025)
    assert regime.period.name == "nd-152-2025"
    assert "152/2025" in regime.vote_rule("CSTDTQUOC", on=date(2025, 12, 10)).source
    assert "98/2023" in regime.vote_rule("CSTDTQUOC", on=date(2024, 12, 10)).source
    assert "152/2025" in regime.vote_rule("default").source  # at the review date, 31/12/2025


def test_quotas_of_2024_and_2025_do_not_cite_the_repealed_decree():
    assert {q.code for q in rule_set_for_year(2025).quotas} == {q.code for q in rule_set_for_year(2021).quotas}
    for year, decree in ((2024, "98/2023"), (2025, "152/2025")):
        quotas = rule_set_for_year(year).quotas
        assert all("91/2017" not in q.source and "151/2018" not in q.source for q in quotas), year
        assert decree in next(q for q in quotas if q.code == "CSTDCS").source
    assert "91/2017" in next(q for q in rule_set_for_year(2022).quotas if q.code == "CSTDCS").source


def test_a_dossier_kept_under_the_old_law_keeps_its_decree_after_2023():
    old = rule_set_for(year=2023, submitted_on=date(2023, 12, 28))
    assert "91/2017" in old.vote_rule("CSTDTQUOC", on=date(2024, 1, 15)).source


def test_a_decision_of_20_01_2023_cites_only_texts_that_existed_and_were_in_force():
    lines = " ".join(t.citation for t in texts_in_force(date(2023, 1, 20), "QUYET_DINH"))
    assert "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003" in lines and "16 tháng 11 năm 2013" in lines
    assert "91/2017/NĐ-CP" in lines and "151/2018/TT-BQP" in lines
    for later in ("15 tháng 6 năm 2022", "98/2023", "118/2023", "152/2025"):
        assert later not in lines


def test_a_decision_of_december_2025_cites_the_2022_law_nd_152_and_tt_118():
    texts = texts_in_force(date(2025, 12, 15), "QUYET_DINH")
    assert [t.code for t in texts] == ["LUAT-06-2022", "ND-152-2025", "TT-118-2023-BQP"]


def test_nd_98_2023_is_not_citable_before_it_is_in_force():
    assert "ND-98-2023" not in {t.code for t in texts_in_force(date(2023, 12, 31), "TO_TRINH")}
    assert "ND-98-2023" in {t.code for t in texts_in_force(date(2024, 1, 2), "TO_TRINH")}
    assert "ND-98-2023" not in {t.code for t in texts_in_force(date(2025, 7, 1), "TO_TRINH")}


def test_every_day_has_one_regime_one_decree_period_and_one_law_to_cite():
    regimes = sorted(all_rule_sets(), key=lambda r: r.valid_from or date.min)
    for day in (date(2015, 1, 1), date(2023, 12, 31), date(2024, 1, 1), date(2025, 6, 30), date(2025, 7, 1)):
        in_force = [r for r in regimes if r.in_force(day)]
        assert len(in_force) == 1, day
        assert sum(p.in_force(day) for p in in_force[0].periods) == 1, day
        assert sum(t.kind == "LUAT" for t in texts_in_force(day, "QUYET_DINH")) == 1, day
    for regime in regimes:
        for item in (*regime.periods, *regime.texts):
            assert item.source and item.label in ("C", "H", "U"), item
