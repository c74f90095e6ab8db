"""HELD: the subject already holds the title or form in force, so it is not proposed again.

Decided after the rule's verdict, from the subject's awards (the rule's own conditions stay as they are):
a verdict ELIGIBLE, NOT_ELIGIBLE or REVIEW becomes HELD when an award of the same entry is in force
(not revoked, of any kind) for a year that counts. Which entries can be held, and for how long, is the
catalogue's to say (an adapter builds the `Holding`s from it):

- YEAR: a yearly title (CSTT, CSTĐCS, ĐVQT, …) is held for the year it was awarded;
- EVER: an entry given once per subject (a medal or an order of one class) is held from the year awarded
  on (every year up to the one screened);
- anything else (Bằng khen, Giấy khen) can be given again for another achievement: never held.

Both evaluators decide HELD from the same facts: the scalar one from `facts.awards`, the bulk one from
`Columns.held` (bit k = an award in force of year Y - k), within the same horizon.
"""

from dataclasses import dataclass, replace

import numpy as np

from tdkt.rules.bulk import HELD_RANK, BulkRule
from tdkt.rules.columns import Columns
from tdkt.rules.facts import AwardFact, in_horizon
from tdkt.rules.model import Reason, Status, Verdict

YEAR, EVER = "YEAR", "EVER"
# A HELD verdict meets the standard its rule describes (the award itself is the proof).
MEETS_STANDARD = frozenset({Status.ELIGIBLE, Status.HELD})


@dataclass(frozen=True)
class Holding:
    """How an award of one catalogue entry is held: for its year (YEAR) or from then on (EVER)."""

    code: str
    scope: str  # YEAR | EVER
    name: str  # the entry's name, for the evidence shown to users
    source: str  # why, with its label C/H/U


def held_award(facts, holding: Holding, year: int) -> AwardFact | None:
    """The award in force that makes the subject hold `holding` in year Y (the latest if several)."""
    found = [
        a
        for a in facts.awards
        if a.code == holding.code
        and not a.revoked
        and in_horizon(year, a.year)
        and (holding.scope == EVER or a.year == year)
    ]
    return max(found, key=lambda a: a.year) if found else None


def held_reason(holding: Holding, year: int, award: AwardFact) -> Reason:
    if holding.scope == YEAR:
        condition = f"Chưa có {holding.name} năm {year}"
    else:
        condition = f"Chưa được tặng {holding.name} (mỗi đối tượng được tặng một lần)"
    decision = f", quyết định số {award.decision}" if award.decision else ""
    return Reason(
        condition=condition,
        met=False,
        evidence=f"Đã có {holding.name} năm {award.year}{decision}",
        source=holding.source,
    )


def mark_held(verdict: Verdict, facts, holdings: dict[str, Holding]) -> Verdict:
    """The verdict, or HELD with the award that is held as its first reason."""
    holding = holdings.get(verdict.award_code)
    award = holding and held_award(facts, holding, verdict.year)
    if not award:
        return verdict
    return replace(verdict, status=Status.HELD, reasons=(held_reason(holding, verdict.year, award), *verdict.reasons))


def held_rows(cols: Columns, holding: Holding) -> np.ndarray:
    """Per subject: holds the entry in force in year Y (bit 0 for YEAR, any year of the horizon for EVER)."""
    masks = cols.held.get(holding.code)
    if masks is None:
        return np.zeros(cols.size, dtype=bool)
    return (masks & np.uint64(1)) != 0 if holding.scope == YEAR else masks != 0


def mark_held_bulk(bulk: BulkRule, cols: Columns, holdings: dict[str, Holding]) -> BulkRule:
    holding = holdings.get(bulk.code)
    if holding is None or not cols.size:
        return bulk
    return replace(bulk, ranks=np.where(held_rows(cols, holding), HELD_RANK, bulk.ranks).astype(np.uint8))
