"""Quota checks over a screening: warnings with the figures behind them."""

from collections import Counter
from dataclasses import dataclass

from tdkt.rules.model import RuleSet, Status, Verdict


@dataclass(frozen=True)
class QuotaWarning:
    code: str
    eligible: int
    base: int
    limit: int
    text: str
    source: str

    @property
    def message(self) -> str:
        return f"{self.text}: {self.eligible} đủ điều kiện, tối đa {self.limit} (trên {self.base}) — {self.source}"


def quota_warnings(rule_set: RuleSet, verdicts: list[Verdict], title_holders: Counter) -> list[QuotaWarning]:
    """`title_holders` counts, in the screened scope and year, the people holding each title."""
    eligible = Counter(v.award_code for v in verdicts if v.status == Status.ELIGIBLE)
    screened = Counter(v.subject_type for v in {(v.subject_type, v.subject_code): v for v in verdicts}.values())
    warnings = []
    for quota in rule_set.quotas:
        base = sum(title_holders[t] for t in quota.of_titles) if quota.of_titles else screened[quota.subject]
        limit = int(base * quota.max_share)
        if base and eligible[quota.code] > limit:
            warnings.append(
                QuotaWarning(
                    quota.code, eligible[quota.code], base, limit, quota.text, f"{quota.source} [{quota.label}]"
                )
            )
    return warnings
