"""Facts about one subject, as plain frozen data (built from the records by an adapter outside this package)."""

from dataclasses import dataclass, field
from datetime import date

RATING_ORDER = {"KHTNV": 0, "HTNV": 1, "HTTNV": 2, "HTXSNV": 3}
SCOPE_ORDER = {"CO_SO": 1, "TOAN_QUAN": 2, "TOAN_QUOC": 3}
# Facts are the records of the HORIZON years ending the year assessed (no career is longer); both the
# single-subject adapter and the bulk columns keep exactly these, so that their verdicts agree.
HORIZON = 60


def in_horizon(year: int, fact_year: int) -> bool:
    return 0 <= year - fact_year < HORIZON


@dataclass(frozen=True)
class AwardFact:
    code: str
    year: int
    kind: str = "THUONG_XUYEN"
    decision: str = ""
    revoked: bool = False


@dataclass(frozen=True)
class InitiativeFact:
    year: int
    scope: str
    name: str = ""


@dataclass(frozen=True)
class DisciplineFact:
    form: str
    decided_on: date
    until: date | None = None
    decision: str = ""


@dataclass(frozen=True)
class PersonFacts:
    code: str
    review_date: date
    birth_date: date | None = None
    service_start: date | None = None
    category: str = ""  # SI_QUAN, QNCN, HSQ_BS, CNVQP, LDHD; empty when the records do not say
    gender: str = ""  # NAM, NU; empty when the records do not say
    service_break_months: int = 0  # months out of service between enlistment and the review date
    ratings: dict[int, str] = field(default_factory=dict)
    awards: tuple[AwardFact, ...] = ()
    initiatives: tuple[InitiativeFact, ...] = ()
    disciplines: tuple[DisciplineFact, ...] = ()
    registered: frozenset[str] = frozenset()  # titles registered (đăng ký thi đua) and approved for the year


@dataclass(frozen=True)
class UnitFacts:
    code: str
    review_date: date
    founded_on: date | None = None
    ratings: dict[int, str] = field(default_factory=dict)
    awards: tuple[AwardFact, ...] = ()
    members: int = 0
    members_by_rating: dict[str, int] = field(default_factory=dict)  # members' rating in the year assessed
    members_with_title: dict[str, int] = field(default_factory=dict)  # members holding a title that year
    # members meeting a title's standard that year (its rule's verdict ELIGIBLE, or holding it), for
    # unit conditions with "standard": true; filled only for the codes a rule set asks for
    members_meeting: dict[str, int] = field(default_factory=dict)
    registered: frozenset[str] = frozenset()  # titles registered and approved for the year
