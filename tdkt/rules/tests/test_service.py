"""Service counted in whole months up to the review date (length-of-service medals), scalar and bulk alike."""

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tdkt.rules.bulk import STATUS_OF_RANK, evaluate_bulk
from tdkt.rules.columns import columns_from_facts
from tdkt.rules.conditions import add_months, months_between, service_reached_on
from tdkt.rules.engine import evaluate
from tdkt.rules.facts import PersonFacts
from tdkt.rules.loader import parse
from tdkt.rules.model import Status


def _rule_set(months: int = 120, months_women: int = 120, breaks: str = "SUM"):
    leaf = {
        "type": "service_months",
        "text": "Thời gian phục vụ",
        "source": "thử",
        "label": "U",
        "months": months,
        "months_women": months_women,
        "breaks": breaks,
    }
    data = {"name": "thu", "title": "thử", "rules": [{"code": "X", "subject": "CA_NHAN", "condition": {"all": [leaf]}}]}
    return parse(data)


def _status(facts: PersonFacts, **params) -> Status:
    rule_set = _rule_set(**params)
    return evaluate(rule_set, rule_set.rules["X"], facts, facts.review_date.year).status


def _person(start, review, **kw) -> PersonFacts:
    return PersonFacts(code="P1", review_date=review, service_start=start, **kw)


def test_ten_years_are_reached_on_the_anniversary_not_the_day_before():
    start = date(2015, 3, 15)
    assert _status(_person(start, date(2025, 3, 14))) == Status.NOT_ELIGIBLE
    assert _status(_person(start, date(2025, 3, 15))) == Status.ELIGIBLE
    rule_set = _rule_set()
    verdict = evaluate(rule_set, rule_set.rules["X"], _person(start, date(2025, 3, 14)), 2025)
    assert "9 năm 11 tháng (119 tháng)" in verdict.reasons[0].evidence
    assert "đủ vào 15/03/2025" in verdict.reasons[0].evidence


def test_months_are_whole_months_with_month_ends():
    assert months_between(date(2015, 3, 15), date(2025, 3, 14)) == 119
    assert months_between(date(2015, 3, 15), date(2025, 3, 15)) == 120
    assert months_between(date(2024, 1, 31), date(2024, 2, 29)) == 1  # the month's last day completes it
    assert months_between(date(2024, 1, 31), date(2024, 2, 28)) == 0
    assert add_months(date(2014, 1, 31), 121) == date(2024, 2, 29)


def test_interrupted_service_is_summed_by_default():
    # enlisted 01/01/2010, 24 months out: 10 years are reached on 01/01/2022, not 01/01/2020
    facts = _person(date(2010, 1, 1), date(2021, 12, 31), service_break_months=24)
    assert _status(facts) == Status.NOT_ELIGIBLE
    assert _status(_person(date(2010, 1, 1), date(2022, 1, 1), service_break_months=24)) == Status.ELIGIBLE
    assert service_reached_on(facts, months=120, months_women=120) == date(2022, 1, 1)
    # an installation that does not sum breaks leaves such a person to a reviewer
    assert _status(facts, breaks="REVIEW") == Status.REVIEW
    assert _status(_person(date(2010, 1, 1), date(2021, 12, 31)), breaks="REVIEW") == Status.ELIGIBLE


def test_women_have_their_own_threshold():
    start, review = date(2005, 6, 1), date(2025, 6, 1)  # 240 months
    params = {"months": 300, "months_women": 240}
    assert _status(_person(start, review, gender="NU"), **params) == Status.ELIGIBLE
    assert _status(_person(start, review, gender="NAM"), **params) == Status.NOT_ELIGIBLE
    assert _status(_person(start, review), **params) == Status.REVIEW  # gender not recorded
    assert _status(_person(start, date(2030, 6, 1)), **params) == Status.ELIGIBLE  # enough either way


def test_an_unknown_way_of_counting_breaks_is_left_to_a_reviewer():
    assert _status(_person(date(2000, 1, 1), date(2025, 1, 1)), breaks="OTHER") == Status.REVIEW


starts = st.dates(min_value=date(1980, 1, 1), max_value=date(2026, 12, 31)) | st.sampled_from(
    [date(2000, 2, 29), date(2015, 1, 31), date(2015, 3, 31), date(2016, 8, 31)]
)
reviews = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31)) | st.sampled_from(
    [date(2025, 2, 28), date(2024, 2, 29), date(2025, 3, 14), date(2025, 3, 15), date(2025, 4, 30)]
)


@settings(max_examples=300, deadline=None)
@given(
    review=reviews,
    people=st.lists(
        st.builds(
            lambda start, gender, gap: (start, gender, gap),
            st.none() | starts,
            st.sampled_from(["", "NAM", "NU"]),
            st.sampled_from([0, 0, 1, 11, 24, 60]),
        ),
        min_size=1,
        max_size=8,
    ),
    months=st.sampled_from([120, 180, 240, 300, 1]),
    months_women=st.sampled_from([120, 240, 300, 0]),
    breaks=st.sampled_from(["SUM", "REVIEW", "OTHER"]),
)
def test_bulk_equals_single(review, people, months, months_women, breaks):
    rule_set = _rule_set(months, months_women, breaks)
    facts = [
        PersonFacts(code=f"P{i}", review_date=review, service_start=s, gender=g, service_break_months=gap)
        for i, (s, g, gap) in enumerate(people)
    ]
    cols = columns_from_facts(facts, year=review.year)
    (bulk,) = evaluate_bulk(rule_set, cols)
    scalar = [evaluate(rule_set, rule_set.rules["X"], f, review.year).status for f in facts]
    assert [STATUS_OF_RANK[int(r)] for r in bulk.ranks] == scalar
    # the day reached agrees with the verdict: eligible exactly from that day
    for f, status in zip(facts, scalar, strict=True):
        reached = service_reached_on(f, months=months, months_women=months_women, breaks=breaks)
        if reached is not None and breaks != "OTHER":
            assert (status == Status.ELIGIBLE) == (reached <= review)
    assert np.all(bulk.applies)
