"""after_award's evidence names ratings and titles, never their codes (review of #16, item 14)."""

import re
from datetime import date
from types import SimpleNamespace

from tdkt.rules.conditions import after_award
from tdkt.rules.facts import AwardFact, PersonFacts

CODES = re.compile(r"\b(HTXSNV|HTTNV|HTNV|KHTNV|CSTDCS|BK_TTG)\b")


def test_unmet_parts_read_as_names():
    facts = PersonFacts(
        code="P",
        review_date=date(2024, 12, 31),
        ratings={2019: "HTTNV", 2020: "HTNV", 2021: "HTTNV", 2022: "HTTNV", 2023: "HTTNV", 2024: "HTTNV"},
        awards=(AwardFact(code="BK_TTG", year=2018),),
    )
    met, evidence = after_award(
        facts,
        2024,
        SimpleNamespace(not_counted_kinds=frozenset()),
        code="BK_TTG",
        min_years=5,
        every_year_at_least="HTTNV",
        years_rating_is={"level": "HTXSNV", "count": 1},
        title={"code": "CSTDCS", "count": 3},
    )
    assert met is False
    assert "năm dưới mức Hoàn thành tốt nhiệm vụ: 2020" in evidence
    assert "Hoàn thành xuất sắc nhiệm vụ 0/1 năm" in evidence and "Chiến sĩ thi đua cơ sở 0/3 lần" in evidence
    assert not CODES.search(evidence), evidence
