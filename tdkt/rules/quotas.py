"""Quota checks over a screening: warnings with the figures behind them."""

from collections import Counter
from dataclasses import dataclass

from tdkt.rules.model import Quota, RuleSet


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


def quota_warnings(
    rule_set: RuleSet, *, eligible: Counter, screened: Counter, title_holders: Counter
) -> list[QuotaWarning]:
    """Counts over the screened scope and year: subjects eligible per award, subjects screened per subject
    type, and people holding each title."""
    warnings = []
    for quota in rule_set.quotas:
        base = sum(title_holders[t] for t in quota.of_titles) if quota.of_titles else screened[quota.subject]
        limit = quota_limit(quota, base)
        if base and eligible[quota.code] > limit:
            warnings.append(
                QuotaWarning(
                    quota.code, eligible[quota.code], base, limit, quota.text, f"{quota.source} [{quota.label}]"
                )
            )
    return warnings


def quota_limit(quota: Quota, base: int) -> int:
    return int(base * quota.max_share)
