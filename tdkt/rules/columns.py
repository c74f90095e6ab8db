"""Facts of many subjects as columns, for the set-based evaluation in `bulk.py`.

Year-indexed facts are 64-bit masks relative to the year assessed Y: bit k is the year Y - k. A rating
is one mask per level; a counted title or form is one mask per code (revoked awards and kinds the rule
set does not count are left out when the columns are built). Initiatives are sparse rows.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from tdkt.rules.facts import HORIZON, RATING_ORDER, SCOPE_ORDER, PersonFacts, UnitFacts
from tdkt.rules.model import Rank

LEVELS = tuple(RATING_ORDER)


def year_window(years: int) -> np.uint64:
    """The mask of the `years` years ending Y (bits 0 .. years-1)."""
    if years <= 0:
        return np.uint64(0)
    return np.uint64((1 << min(years, 64)) - 1)


def day_number(day: date | None) -> int:
    """A date as the integer yyyymmdd (0 when unknown): ordered like dates, cheap to compare in bulk."""
    return day.year * 10000 + day.month * 100 + day.day if day else 0


@dataclass
class Columns:
    year: int
    review: int  # the review date as yyyymmdd
    codes: list[str]
    rating_masks: dict[str, np.ndarray]  # level -> mask of the years rated exactly that level
    titles: dict[str, np.ndarray]  # code -> mask of the years holding a counted award of that code
    horizon: int = HORIZON
    registered: dict[str, np.ndarray] = field(default_factory=dict)  # code -> approved registration of the year
    # code -> mask of the years holding an award in force of any kind (for HELD, `held.py`; unlike `titles`,
    # kinds the rule set does not count are kept)
    held: dict[str, np.ndarray] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.codes)

    @property
    def rated(self) -> np.ndarray:
        return self.rated_at_least(LEVELS[0])

    def rated_at_least(self, level: str) -> np.ndarray:
        key = ("at_least", level)
        if key not in self._cache:
            masks = [self.rating_masks[lv] for lv in LEVELS if RATING_ORDER[lv] >= RATING_ORDER[level]]
            self._cache[key] = np.bitwise_or.reduce(masks) if masks else np.zeros(self.size, dtype=np.uint64)
        return self._cache[key]

    def registration(self, code: str) -> np.ndarray:
        return self.registered.get(code, np.zeros(self.size, dtype=bool))

    def title(self, code: str) -> np.ndarray:
        if code not in self.titles:
            self.titles[code] = np.zeros(self.size, dtype=np.uint64)
        return self.titles[code]


@dataclass
class PersonColumns(Columns):
    category: np.ndarray = None  # person category codes ("" when unknown)
    service_start: np.ndarray = None  # yyyymmdd, 0 when unknown
    gender: np.ndarray = None  # NAM, NU ("" when unknown)
    service_break: np.ndarray = None  # months out of service
    unit_id: np.ndarray = None  # the unit each person is in (for per-unit quotas), when known
    discipline: np.ndarray = None  # rank of "not under discipline at the review date"
    init_row: np.ndarray = None  # sparse initiatives: subject row, year offset, scope order, count
    init_offset: np.ndarray = None
    init_scope: np.ndarray = None
    init_count: np.ndarray = None


@dataclass
class UnitColumns(Columns):
    founded_on: np.ndarray = None  # yyyymmdd, 0 when unknown
    members: np.ndarray = None  # members (whole subtree) at the end of the year assessed
    members_by_rating: dict[str, np.ndarray] = None
    members_with_title: dict[str, np.ndarray] = None
    members_meeting: dict[str, np.ndarray] = None  # code -> members meeting its standard (see UnitFacts)

    def member_standards(self, row: int) -> dict[str, int]:
        """Members meeting each standard asked for, of one unit, as the scalar facts hold them."""
        return {code: int(n[row]) for code, n in (self.members_meeting or {}).items() if n[row]}

    def member_figures(self, row: int) -> tuple[int, dict[str, int], dict[str, int]]:
        """(members, members by rating, members by title) of one unit, as the scalar facts hold them."""
        by_rating = {lv: int(n[row]) for lv, n in self.members_by_rating.items() if n[row]}
        with_title = {code: int(n[row]) for code, n in self.members_with_title.items() if n[row]}
        return int(self.members[row]), by_rating, with_title


def discipline_rank(covered: bool, open_ended: bool) -> int:
    """Under a dated discipline at the review date: not met; only an open-ended one: cannot decide."""
    if covered:
        return Rank.FALSE
    return Rank.UNKNOWN if open_ended else Rank.TRUE


def masks_from_pairs(size: int, rows: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """A mask column from (row, mask) pairs; several masks for one row are OR-ed."""
    out = np.zeros(size, dtype=np.uint64)
    if len(rows):
        np.bitwise_or.at(out, rows, masks.astype(np.uint64))
    return out


def _offset(year: int, fact_year: int) -> int | None:
    k = year - fact_year
    return k if 0 <= k < HORIZON else None


def _common(facts: Sequence, year: int, not_counted_kinds: frozenset[str]):
    size = len(facts)
    rating_masks = {lv: np.zeros(size, dtype=np.uint64) for lv in LEVELS}
    titles: dict[str, np.ndarray] = {}
    held: dict[str, np.ndarray] = {}
    for row, f in enumerate(facts):
        for y, level in f.ratings.items():
            if (k := _offset(year, y)) is not None:
                rating_masks[level][row] |= np.uint64(1 << k)
        for a in f.awards:
            if a.revoked or (k := _offset(year, a.year)) is None:
                continue
            held.setdefault(a.code, np.zeros(size, dtype=np.uint64))[row] |= np.uint64(1 << k)
            if a.kind not in not_counted_kinds:
                titles.setdefault(a.code, np.zeros(size, dtype=np.uint64))[row] |= np.uint64(1 << k)
    review = day_number(facts[0].review_date) if facts else day_number(date(year, 12, 31))
    registered = {
        code: np.array([code in f.registered for f in facts], dtype=bool)
        for code in {c for f in facts for c in f.registered}
    }
    return dict(
        year=year,
        review=review,
        codes=[f.code for f in facts],
        rating_masks=rating_masks,
        titles=titles,
        registered=registered,
        held=held,
    )


def columns_from_facts(
    facts: Sequence[PersonFacts] | Sequence[UnitFacts], *, year: int, not_counted_kinds: frozenset[str] = frozenset()
):
    """Columns from the scalar facts (all with one review date): what the bulk loader builds from the database."""
    if facts and len({f.review_date for f in facts}) > 1:
        raise ValueError("bulk columns need one review date")
    common = _common(facts, year, not_counted_kinds)
    if facts and isinstance(facts[0], UnitFacts):
        return UnitColumns(
            **common,
            founded_on=np.array([day_number(f.founded_on) for f in facts], dtype=np.int64),
            members=np.array([f.members for f in facts], dtype=np.int64),
            members_by_rating={
                lv: np.array([f.members_by_rating.get(lv, 0) for f in facts], dtype=np.int64) for lv in LEVELS
            },
            members_with_title={
                code: np.array([f.members_with_title.get(code, 0) for f in facts], dtype=np.int64)
                for code in {c for f in facts for c in f.members_with_title}
            },
            members_meeting={
                code: np.array([f.members_meeting.get(code, 0) for f in facts], dtype=np.int64)
                for code in {c for f in facts for c in f.members_meeting}
            },
        )
    review = facts[0].review_date if facts else date(year, 12, 31)
    init = [
        (row, k, SCOPE_ORDER[i.scope], 1)
        for row, f in enumerate(facts)
        for i in f.initiatives
        if (k := _offset(year, i.year)) is not None
    ]
    init_array = np.array(init, dtype=np.int64).reshape(-1, 4)
    discipline = [
        discipline_rank(
            any(d.decided_on <= review and d.until is not None and review <= d.until for d in f.disciplines),
            any(d.decided_on <= review and d.until is None for d in f.disciplines),
        )
        for f in facts
    ]
    return PersonColumns(
        **common,
        category=np.array([f.category or "" for f in facts], dtype="<U8"),
        service_start=np.array([day_number(f.service_start) for f in facts], dtype=np.int64),
        gender=np.array([f.gender or "" for f in facts], dtype="<U3"),
        service_break=np.array([f.service_break_months for f in facts], dtype=np.int64),
        discipline=np.array(discipline, dtype=np.uint8),
        init_row=init_array[:, 0],
        init_offset=init_array[:, 1],
        init_scope=init_array[:, 2],
        init_count=init_array[:, 3],
    )
