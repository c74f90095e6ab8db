"""Rule sets, rules, conditions and verdicts."""

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum


class Status(StrEnum):
    ELIGIBLE = "ELIGIBLE"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    REVIEW = "REVIEW"


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


@dataclass(frozen=True)
class RuleSet:
    name: str
    title: str
    valid_from: date | None
    valid_to: date | None
    rules: dict[str, Rule]
    not_counted_kinds: frozenset[str] = field(default_factory=frozenset)  # e.g. CHUYEN_DE for chains
    quotas: tuple[Quota, ...] = ()
    votes: dict = field(default_factory=dict)  # award code (or "default") -> votes.VoteRule

    def vote_rule(self, code: str):
        return self.votes.get(code) or self.votes["default"]

    def in_force(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)
