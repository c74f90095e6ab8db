"""Set-based evaluation: the status of every subject of a screening, a few vector operations per condition.

The scalar engine (`engine.evaluate`) explains one verdict; this module decides the statuses of
hundreds of thousands of subjects at once from columns of facts (`columns.py`). Both read the same
rule data and the same vocabulary names, and a property test checks that they always agree.

Values are ranks so that the three-valued logic is plain arithmetic: NOT met = 0, cannot decide = 1,
met = 2; "all" is the minimum of its children, "any" the maximum.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tdkt.rules.columns import Columns, PersonColumns, UnitColumns, year_window
from tdkt.rules.conditions import SERVICE_BREAKS, month_end
from tdkt.rules.facts import RATING_ORDER, SCOPE_ORDER
from tdkt.rules.model import Rank, Rule, RuleSet, Status
from tdkt.rules.order import OWN_STANDARD_TYPES, evaluation_order, own_references

FALSE, UNKNOWN, TRUE = np.uint8(Rank.FALSE), np.uint8(Rank.UNKNOWN), np.uint8(Rank.TRUE)
# HELD_RANK is no condition's value: `held.mark_held_bulk` sets it on a rule's ranks after evaluation.
HELD_RANK = np.uint8(3)
STATUS_OF_RANK = {
    Rank.FALSE: Status.NOT_ELIGIBLE,
    Rank.UNKNOWN: Status.REVIEW,
    Rank.TRUE: Status.ELIGIBLE,
    int(HELD_RANK): Status.HELD,
}
RANK_OF_STATUS = {status: rank for rank, status in STATUS_OF_RANK.items()}

BulkCheck = Callable[..., np.ndarray]
BULK_VOCABULARY: dict[str, BulkCheck] = {}


def bulk_condition(name: str):
    def register(function: BulkCheck) -> BulkCheck:
        BULK_VOCABULARY[name] = function
        return function

    return register


def _ranks(met: np.ndarray, unknown: np.ndarray | None = None) -> np.ndarray:
    out = np.where(met, TRUE, FALSE).astype(np.uint8)
    if unknown is not None:
        out[unknown] = UNKNOWN
    return out


def _bit(offset: int) -> np.uint64:
    return np.uint64(1 << offset) if 0 <= offset < 64 else np.uint64(0)


def _has(masks: np.ndarray, bits) -> np.ndarray:
    return (masks & np.uint64(bits)) != 0


def _popcount(masks: np.ndarray) -> np.ndarray:
    return np.bitwise_count(masks).astype(np.int64)


def _initiatives(cols: PersonColumns, *, min_scope: str, within: np.ndarray | int) -> np.ndarray:
    """Per subject: the number of initiatives of at least `min_scope` whose year offset is below `within`."""
    limit = within if np.isscalar(within) else within[cols.init_row]
    selected = (cols.init_offset < limit) & (cols.init_scope >= SCOPE_ORDER[min_scope])
    counts = np.bincount(cols.init_row[selected], weights=cols.init_count[selected], minlength=cols.size)
    return counts.astype(np.int64)


@bulk_condition("rating_at_least")
def rating_at_least(cols: Columns, *, level: str, offset: int = 0) -> np.ndarray:
    bit = _bit(offset)
    return _ranks(_has(cols.rated_at_least(level), bit), unknown=~_has(cols.rated, bit))


@bulk_condition("rating_is")
def rating_is(cols: Columns, *, level: str, offset: int = 0) -> np.ndarray:
    bit = _bit(offset)
    return _ranks(_has(cols.rating_masks[level], bit), unknown=~_has(cols.rated, bit))


@bulk_condition("title_in_year")
def title_in_year(cols: Columns, *, code: str, offset: int = 0) -> np.ndarray:
    return _ranks(_has(cols.title(code), _bit(offset)))


@bulk_condition("meets_standard")
def meets_standard(cols: Columns, *, code: str, standards: dict[str, np.ndarray]) -> np.ndarray:
    """The referenced rule's ranks (evaluated first, FALSE where it is not for the subject); holding counts."""
    return np.where(_has(cols.title(code), _bit(0)), TRUE, standards[code]).astype(np.uint8)


@bulk_condition("title_streak")
def title_streak(cols: Columns, *, code: str, years: int) -> np.ndarray:
    need = year_window(years)
    if years > cols.horizon:  # years beyond the horizon are never in the facts: the streak cannot be whole
        return np.full(cols.size, FALSE, dtype=np.uint8)
    return _ranks((cols.title(code) & need) == need)


@bulk_condition("title_count")
def title_count(cols: Columns, *, code: str, count: int, window: int) -> np.ndarray:
    return _ranks(_popcount(cols.title(code) & year_window(window)) >= count)


@bulk_condition("initiative")
def initiative(cols: PersonColumns, *, min_scope: str = "CO_SO", count: int = 1, window: int = 1) -> np.ndarray:
    return _ranks(_initiatives(cols, min_scope=min_scope, within=window) >= count)


@bulk_condition("service_years")
def service_years(cols: PersonColumns, *, years: int) -> np.ndarray:
    start = cols.service_start
    reached_year = start // 10000 + years
    month_day = start % 10000
    leap = ((reached_year % 4 == 0) & (reached_year % 100 != 0)) | (reached_year % 400 == 0)
    month_day = np.where((month_day == 229) & ~leap, 228, month_day)
    reached = reached_year * 10000 + month_day
    return _ranks(reached <= cols.review, unknown=start == 0)


@bulk_condition("service_months")
def service_months(cols: PersonColumns, *, months: int, months_women: int, breaks: str = "SUM") -> np.ndarray:
    """The scalar `service_months` on yyyymmdd columns (one review date for all)."""
    if breaks not in SERVICE_BREAKS:
        return np.full(cols.size, UNKNOWN, dtype=np.uint8)
    start, review = cols.service_start, cols.review
    gap = _or_zeros(cols.service_break, cols.size)
    gender = cols.gender if cols.gender is not None else np.full(cols.size, "", dtype="<U3")
    ry, rm, rd = review // 10000, (review // 100) % 100, review % 100
    last_day = rd == month_end(ry, rm)
    served = (ry - start // 10000) * 12 + rm - (start // 100) % 100
    served = served - ((rd < start % 100) & (not last_day)) - gap
    needed = np.where(gender == "NU", months_women, np.where(gender == "NAM", months, max(months, months_women)))
    out = _ranks(served >= needed)
    if months != months_women:  # gender unknown between the two thresholds: a person decides
        low = min(months, months_women)
        out[(gender != "NU") & (gender != "NAM") & (served >= low) & (served < needed)] = UNKNOWN
    if breaks == "REVIEW":
        out[gap > 0] = UNKNOWN
    out[start == 0] = UNKNOWN
    return out


def _or_zeros(column: np.ndarray | None, size: int) -> np.ndarray:
    return column if column is not None else np.zeros(size, dtype=np.int64)


@bulk_condition("months_in_service")
def months_in_service(cols: PersonColumns, *, months: int) -> np.ndarray:
    start = np.maximum(cols.service_start, cols.year * 10000 + 101)
    month, day = (start // 100) % 100, start % 100
    served = np.where(start > cols.year * 10000 + 1231, 0, 12 - month + (day == 1))  # enlisted after the year: 0
    return _ranks(served >= months, unknown=cols.service_start == 0)


@bulk_condition("not_disciplined")
def not_disciplined(cols: PersonColumns) -> np.ndarray:
    return cols.discipline.copy()


@bulk_condition("after_award")
def after_award(
    cols: PersonColumns,
    *,
    code: str,
    min_years: int,
    every_year_at_least: str = "",
    years_rating_is: dict | None = None,
    title: dict | None = None,
    initiatives: int = 0,
) -> np.ndarray:
    """The latest counted `code` at least `min_years` before Y, then the years after it up to Y."""
    earlier = cols.title(code) & ~year_window(min_years)
    base_bit = earlier & (np.uint64(0) - earlier)  # lowest set bit = the most recent qualifying year
    after = np.where(earlier != 0, base_bit - np.uint64(1), np.uint64(0))  # the years base+1 .. Y
    problems = np.zeros(cols.size, dtype=bool)
    missing = np.zeros(cols.size, dtype=bool)
    if every_year_at_least:
        missing = (after & ~cols.rated) != 0
        problems |= (after & cols.rated & ~cols.rated_at_least(every_year_at_least)) != 0
    if years_rating_is:
        problems |= _popcount(after & cols.rating_masks[years_rating_is["level"]]) < years_rating_is["count"]
    if title:
        problems |= _popcount(after & cols.title(title["code"])) < title["count"]
    if initiatives:
        problems |= _initiatives(cols, min_scope="CO_SO", within=_popcount(after)) < initiatives
    out = np.where(problems, FALSE, TRUE).astype(np.uint8)
    out[missing] = UNKNOWN
    out[earlier == 0] = FALSE
    return out


@bulk_condition("member_share")
def member_share(
    cols: UnitColumns,
    *,
    threshold: float,
    strict: bool = False,
    title: str = "",
    rating_at_least: str = "",
    standard: bool = False,
) -> np.ndarray:
    if title:
        hits = _members_titled(cols, title, standard)
    else:
        floor = RATING_ORDER[rating_at_least]
        hits = sum(
            (n for level, n in cols.members_by_rating.items() if RATING_ORDER[level] >= floor),
            start=np.zeros(cols.size, dtype=np.int64),
        )
    empty = cols.members == 0
    share = np.divide(hits, cols.members, out=np.zeros(cols.size), where=~empty)
    return _ranks(share > threshold if strict else share >= threshold, unknown=empty)


def _members_titled(cols: UnitColumns, title: str, standard: bool) -> np.ndarray:
    counts = (cols.members_meeting or {}) if standard else cols.members_with_title
    return counts.get(title, np.zeros(cols.size, dtype=np.int64))


@bulk_condition("member_count")
def member_count(cols: UnitColumns, *, title: str, count: int, standard: bool = False) -> np.ndarray:
    return _ranks(_members_titled(cols, title, standard) >= count)


@bulk_condition("unit_age_months")
def unit_age_months(cols: UnitColumns, *, months: int) -> np.ndarray:
    founded, review = cols.founded_on, cols.review
    total = (review // 10000 - founded // 10000) * 12 + (review // 100) % 100 - (founded // 100) % 100
    total = total - ((review % 100) < (founded % 100))
    return _ranks(total >= months, unknown=founded == 0)


@bulk_condition("registered")
def registered(cols: Columns, *, code: str, mode: str = "INFO") -> np.ndarray:
    if mode not in ("INFO", "REQUIRED"):
        return np.full(cols.size, UNKNOWN, dtype=np.uint8)
    if mode == "INFO":
        return np.full(cols.size, TRUE, dtype=np.uint8)
    return _ranks(cols.registration(code))


@bulk_condition("manual")
def manual(cols: Columns, *, check: str) -> np.ndarray:
    return np.full(cols.size, UNKNOWN, dtype=np.uint8)


def _evaluate(node: dict, cols: Columns, standards: dict[str, np.ndarray]) -> np.ndarray:
    for mode, combine in (("all", np.minimum), ("any", np.maximum)):
        if mode in node:
            return combine.reduce([_evaluate(child, cols, standards) for child in node[mode]])
    params = {k: v for k, v in node.items() if k not in ("type", "text", "source", "label")}
    if node["type"] in OWN_STANDARD_TYPES:
        params["standards"] = standards
    return BULK_VOCABULARY[node["type"]](cols, **params)


@dataclass(frozen=True)
class BulkRule:
    """One rule over all subjects: whom it applies to, and each one's status rank (0, 1, 2)."""

    code: str
    applies: np.ndarray
    ranks: np.ndarray

    def count(self, status: Status) -> int:
        return int(np.count_nonzero(self.applies & (self.ranks == RANK_OF_STATUS[status])))


def applies_to(rule: Rule, cols: Columns) -> np.ndarray:
    """The scalar `applicable_rules`, per subject: the rule's categories, or anyone whose category is unknown."""
    if isinstance(cols, UnitColumns) or not rule.categories:
        return np.ones(cols.size, dtype=bool)
    return (cols.category == "") | np.isin(cols.category, sorted(rule.categories))


def evaluate_bulk(rule_set: RuleSet, cols: Columns, *, award_codes: set[str] | None = None) -> list[BulkRule]:
    """The rules asked for (all of the subject's by default), in the rule set's order. Rules they reference
    are evaluated first, in dependency order, and used as columns; only the rules asked for are returned."""
    subject = "TAP_THE" if isinstance(cols, UnitColumns) else "CA_NHAN"
    asked = [r for r in rule_set.rules.values() if r.subject == subject and (not award_codes or r.code in award_codes)]
    referenced = {code for r in rule_set.rules.values() for code in own_references(r)}
    results: dict[str, BulkRule] = {}
    standards: dict[str, np.ndarray] = {}  # code -> ranks of "meets the standard of", for the rules after it
    for rule in evaluation_order(rule_set, [r.code for r in asked], subject=subject):
        ranks = _evaluate(rule.condition, cols, standards) if cols.size else np.zeros(0, dtype=np.uint8)
        results[rule.code] = BulkRule(code=rule.code, applies=applies_to(rule, cols), ranks=ranks)
        if rule.code in referenced:  # not for the subject (its category): the standard is not met
            standards[rule.code] = np.where(results[rule.code].applies, ranks, FALSE).astype(np.uint8)
    return [results[rule.code] for rule in asked]


def check_vocabulary() -> None:
    """Every scalar condition has its vector twin (a rule set could not be screened in bulk otherwise)."""
    from tdkt.rules.conditions import VOCABULARY

    missing = set(VOCABULARY) - set(BULK_VOCABULARY)
    if missing:
        raise RuntimeError(f"conditions without a bulk form: {sorted(missing)}")


check_vocabulary()


def referenced_codes(rule_set: RuleSet, subject: str) -> tuple[set[str], set[str]]:
    """(codes whose awards the subject's rules read, codes whose members' titles they read)."""
    own, members = set(), set()

    def walk(node: dict) -> None:
        for mode in ("all", "any"):
            if mode in node:
                for child in node[mode]:
                    walk(child)
                return
        if node["type"] in ("member_share", "member_count"):
            if node.get("title"):
                members.add(node["title"])
            return
        for key in ("code",):
            if node.get(key):
                own.add(node[key])
        if isinstance(node.get("title"), dict):
            own.add(node["title"]["code"])

    for rule in rule_set.rules.values():
        if rule.subject == subject:
            walk(rule.condition)
    if subject == "CA_NHAN":
        own |= {t for q in rule_set.quotas for t in q.of_titles}
    return own, members
