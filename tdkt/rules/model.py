"""Rule sets, rules, conditions and verdicts."""

from dataclasses import dataclass, field, replace
from datetime import date
from enum import IntEnum, StrEnum


class Status(StrEnum):
    ELIGIBLE = "ELIGIBLE"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    REVIEW = "REVIEW"
    # Already holds it in force (a yearly title that year, an entry given once ever): set after the rule's
    # verdict by the screening (`tdkt.rules.held`), never by a condition; it meets the standard all the same.
    HELD = "HELD"


class Rank(IntEnum):
    """A condition's value as a number, for the bulk evaluation: "all" is the minimum, "any" the maximum."""

    FALSE = 0
    UNKNOWN = 1
    TRUE = 2


@dataclass(frozen=True)
class Reason:
    """One condition, met (True), not met (False) or undecidable from the data (None)."""

    condition: str
    met: bool | None
    evidence: str
    source: str
    # False for an unmet alternative of an "any" group that another alternative satisfied: kept in the
    # verdict (every condition is reported) but not shown to users as something missing.
    decisive: bool = True
    # not 0: one alternative of an "any" group none of whose alternatives holds (the same number for the
    # whole group), so that a page says "one of these" rather than listing each as required
    alternatives: int = 0

    def as_dict(self) -> dict:
        return {"condition": self.condition, "met": self.met, "evidence": self.evidence, "source": self.source}


@dataclass(frozen=True)
class Verdict:
    subject_type: str
    subject_code: str
    award_code: str
    year: int
    rule_set: str
    status: Status
    reasons: tuple[Reason, ...]

    def as_dict(self) -> dict:
        return {
            "subject_type": self.subject_type,
            "subject_code": self.subject_code,
            "award_code": self.award_code,
            "rule_set": self.rule_set,
            "status": self.status.value,
            "reasons": [r.as_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class Rule:
    code: str
    subject: str  # CA_NHAN | TAP_THE
    condition: dict  # a condition tree: {"all": [...]}, {"any": [...]} or a leaf {"type": ...}
    source: str = ""
    monotone: bool = True  # adding a qualifying record can never turn ELIGIBLE into NOT_ELIGIBLE
    categories: frozenset[str] = frozenset()  # person categories the rule is for (empty: everyone)


@dataclass(frozen=True)
class Quota:
    """A ceiling on how many of a scope may receive an award (a warning, never a refusal)."""

    code: str
    max_share: float
    of_titles: tuple[str, ...]  # the base: holders of these titles; empty = every subject screened
    text: str
    source: str
    label: str
    subject: str = "CA_NHAN"


def _covers(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


@dataclass(frozen=True)
class LegalText:
    """A law, decree or circular, with the days it may be cited on (căn cứ) and the documents that cite it."""

    code: str
    kind: str  # LUAT | NGHI_DINH | THONG_TU
    number: str
    signed_on: date
    valid_from: date
    valid_to: date | None
    citation: str  # the "Căn cứ ..." line of a document
    cited_in: frozenset[str]  # TO_TRINH | BIEN_BAN | QUYET_DINH
    source: str
    label: str

    def in_force(self, day: date) -> bool:
        # Never citable before it was signed, whatever its entry into force says.
        return self.signed_on <= day and _covers(self.valid_from, self.valid_to, day)


@dataclass(frozen=True)
class Period:
    """What a decree of the regime decides (vote rules, quotas) over the days it was in force."""

    name: str
    title: str
    valid_from: date | None
    valid_to: date | None
    source: str
    label: str
    quotas: tuple[Quota, ...] = ()
    votes: dict = field(default_factory=dict)  # award code (or "default") -> votes.VoteRule

    def in_force(self, day: date) -> bool:
        return _covers(self.valid_from, self.valid_to, day)


@dataclass(frozen=True)
class Transition:
    """Dossiers submitted before a day stay under the previous regime (transitional provisions)."""

    previous: str
    submitted_before: date
    text: str
    source: str
    label: str


@dataclass(frozen=True)
class RuleSet:
    name: str
    title: str
    valid_from: date | None
    valid_to: date | None
    rules: dict[str, Rule]
    not_counted_kinds: frozenset[str] = field(default_factory=frozenset)  # e.g. CHUYEN_DE for chains
    # The decree period's quotas and votes: those of `period`, chosen by `at(day)`.
    quotas: tuple[Quota, ...] = ()
    votes: dict = field(default_factory=dict)  # award code (or "default") -> votes.VoteRule
    texts: tuple[LegalText, ...] = ()
    periods: tuple[Period, ...] = ()
    period: Period | None = None
    transition: Transition | None = None

    def vote_rule(self, code: str, *, on: date | None = None):
        votes = self.at(on).votes if on else self.votes
        return votes.get(code) or votes["default"]

    def in_force(self, day: date) -> bool:
        return _covers(self.valid_from, self.valid_to, day)

    def period_on(self, day: date) -> Period | None:
        """The decree period in force on `day`; outside them all, the nearest one (a dossier kept under this
        regime by the transitional provisions keeps its last decree)."""
        if not self.periods:
            return None
        for period in self.periods:
            if period.in_force(day):
                return period
        started = [p for p in self.periods if p.valid_from is None or p.valid_from <= day]
        return started[-1] if started else self.periods[0]

    def at(self, day: date) -> "RuleSet":
        period = self.period_on(day)
        if period is None or period == self.period:
            return self
        return replace(self, period=period, quotas=period.quotas, votes=period.votes)
