"""Columns of facts for a bulk screening, aggregated in the database (a few GROUP BY queries, no model instances).

Year-indexed facts come back as one 64-bit mask per subject (bit k = year Y - k), so that a whole army's
ratings and titles arrive as one row per subject and code. PostgreSQL aggregates them with `bit_or`;
SQLite, which has no such aggregate, sums distinct bits (a subject has one rating a year, and titles are
made distinct per year first). The facts kept are exactly the single-subject adapter's (`facts.py`):
the same horizon, revoked awards and uncounted kinds left out, members taken at 31/12 of the year.
"""

from datetime import date

import numpy as np
from django.db import connection

from tdkt.eligibility import providers
from tdkt.org.models import Person, Transfer, Unit
from tdkt.records.choices import AwardStatus
from tdkt.records.models import Award, CatalogueEntry, Discipline, Initiative, YearlyRating
from tdkt.rules.bulk import evaluate_bulk, referenced_codes
from tdkt.rules.columns import LEVELS, PersonColumns, UnitColumns, day_number, masks_from_pairs
from tdkt.rules.facts import HORIZON, SCOPE_ORDER
from tdkt.rules.model import Rank, RuleSet
from tdkt.rules.order import member_references

_PERSON, _UNIT, _TRANSFER = Person._meta.db_table, Unit._meta.db_table, Transfer._meta.db_table
_RATING, _AWARD = YearlyRating._meta.db_table, Award._meta.db_table
_INITIATIVE, _DISCIPLINE = Initiative._meta.db_table, Discipline._meta.db_table


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _day_sql(column: str) -> str:
    """A date column as the integer yyyymmdd, 0 when empty."""
    if _postgres():
        return f"COALESCE(CAST(to_char({column}, 'YYYYMMDD') AS integer), 0)"
    return f"COALESCE(CAST(replace({column}, '-', '') AS integer), 0)"


def _bit_sql(year: int, column: str = "year") -> str:
    return f"(CAST(1 AS bigint) << ({int(year)} - {column}))"


def _or_sql(expression: str) -> str:
    return f"bit_or({expression})" if _postgres() else f"SUM({expression})"


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _scope_clause(column: str, scope) -> tuple[str, list]:
    """`AND column IN (subquery)` for a scope given as (sql, params); nothing for the whole database."""
    if scope is None:
        return "", []
    sql, params = scope
    return f" AND {column} IN ({sql})", list(params)


def _rows_of(ids: np.ndarray, subject_ids) -> np.ndarray:
    return np.searchsorted(ids, np.asarray(subject_ids, dtype=np.int64))


def _in_list(values) -> tuple[str, list]:
    values = list(values)
    return ", ".join(["%s"] * len(values)), values


def _rating_masks(column: str, ids: np.ndarray, year: int, scope) -> dict[str, np.ndarray]:
    cases = ", ".join(_or_sql(f"CASE WHEN rating = '{level}' THEN {_bit_sql(year)} ELSE 0 END") for level in LEVELS)
    where, params = _scope_clause(column, scope)
    rows = _fetch(
        f"SELECT {column}, {cases} FROM {_RATING} WHERE {column} IS NOT NULL AND year <= %s AND year > %s"
        f"{where} GROUP BY {column}",
        [year, year - HORIZON, *params],
    )
    data = np.array(rows, dtype=np.int64).reshape(-1, 1 + len(LEVELS))
    subject_rows = _rows_of(ids, data[:, 0])
    return {
        level: masks_from_pairs(len(ids), subject_rows, data[:, 1 + i].view(np.uint64))
        for i, level in enumerate(LEVELS)
    }


def _entry_ids(codes) -> dict[int, str]:
    return dict(CatalogueEntry.objects.filter(code__in=sorted(codes)).values_list("id", "code"))


def _counted_award_filter(exclude_kinds) -> tuple[str, list]:
    sql, params = " AND status = %s", [AwardStatus.HIEU_LUC]
    if exclude_kinds:
        marks, kinds = _in_list(sorted(exclude_kinds))
        sql, params = sql + f" AND kind NOT IN ({marks})", params + kinds
    return sql, params


def _title_masks(column: str, ids: np.ndarray, year: int, scope, codes, exclude_kinds) -> dict[str, np.ndarray]:
    entries = _entry_ids(codes)
    if not entries or not len(ids):
        return {}
    marks, entry_params = _in_list(entries)
    counted, counted_params = _counted_award_filter(exclude_kinds)
    where, scope_params = _scope_clause(column, scope)
    where_all = f" WHERE {column} IS NOT NULL AND year <= %s AND year > %s AND entry_id IN ({marks}){counted}{where}"
    params = [year, year - HORIZON, *entry_params, *counted_params, *scope_params]
    if _postgres():  # bit_or is idempotent: two awards of one code in one year set the same bit
        bits = f"bit_or({_bit_sql(year)})"
        sql = f"SELECT {column}, entry_id, {bits} FROM {_AWARD}{where_all} GROUP BY {column}, entry_id"
    else:
        # SUM needs each (subject, code, year) once. A valid yearly title is once a year by a database
        # constraint, so only the other awards (a Bằng khen twice in a year) are made distinct first.
        titles = f"SELECT {column}, entry_id, SUM({_bit_sql(year)}) FROM {_AWARD}{where_all} AND yearly_title = %s"
        inner = (
            f"SELECT DISTINCT {column} AS subject_id, entry_id, {_bit_sql(year)} AS bit FROM {_AWARD}{where_all}"
            f" AND yearly_title = %s"
        )
        sql = (
            f"{titles} GROUP BY {column}, entry_id UNION ALL"
            f" SELECT subject_id, entry_id, SUM(bit) FROM ({inner}) AS bits GROUP BY subject_id, entry_id"
        )
        params = [*params, True, *params, False]
    rows = _fetch(sql, params)
    data = np.array(rows, dtype=np.int64).reshape(-1, 3)
    subject_rows = _rows_of(ids, data[:, 0])
    masks = data[:, 2].view(np.uint64)
    return {
        code: masks_from_pairs(len(ids), subject_rows[data[:, 1] == entry_id], masks[data[:, 1] == entry_id])
        for entry_id, code in entries.items()
    }


def _registered(column: str, ids: np.ndarray, year: int, scope) -> dict[str, np.ndarray]:
    """code -> for each subject, whether it registered that title for the year and was approved."""
    out: dict[str, np.ndarray] = {}
    source = providers.registrations()
    if source is None:
        return out
    where, params = _scope_clause(column, scope)
    rows = _fetch(
        f"SELECT r.{column}, e.code FROM {source.model._meta.db_table} r JOIN {CatalogueEntry._meta.db_table} e"
        f" ON e.id = r.entry_id WHERE r.{column} IS NOT NULL AND r.year = %s AND r.status = %s"
        + where.replace(f" AND {column} IN", f" AND r.{column} IN"),
        [year, str(source.approved), *params],
    )
    subjects = np.array([r[0] for r in rows], dtype=np.int64)
    codes = np.array([r[1] for r in rows], dtype=object)
    for code in set(codes.tolist()):
        out[code] = np.zeros(len(ids), dtype=bool)
        out[code][_rows_of(ids, subjects[codes == code])] = True
    return out


def person_columns(*, year: int, review_date: date, scope, codes, exclude_kinds) -> tuple[np.ndarray, PersonColumns]:
    """(person ids, columns) of the people of `scope` ((sql, params) of a subquery of ids; None = everyone)."""
    where, params = _scope_clause("id", scope)
    people = _fetch(
        f"SELECT id, code, category, {_day_sql('service_start')}, unit_id, gender, service_break_months"
        f" FROM {_PERSON} WHERE 1 = 1{where}"
        " ORDER BY id",
        params,
    )
    ids = np.array([p[0] for p in people], dtype=np.int64)
    size = len(ids)
    scope_ids = scope and (f"SELECT id FROM {_PERSON} WHERE 1 = 1{where}", params)

    scope_where, scope_params = _scope_clause("person_id", scope_ids)
    scope_case = "CASE scope " + " ".join(f"WHEN '{s}' THEN {n}" for s, n in SCOPE_ORDER.items()) + " ELSE 0 END"
    initiatives = np.array(
        _fetch(
            f"SELECT person_id, %s - year, {scope_case}, COUNT(*) FROM {_INITIATIVE}"
            f" WHERE year <= %s AND year > %s{scope_where} GROUP BY person_id, year, scope",
            [year, year, year - HORIZON, *scope_params],
        ),
        dtype=np.int64,
    ).reshape(-1, 4)

    flags = np.array(
        _fetch(
            f"SELECT person_id, MAX(CASE WHEN until IS NOT NULL AND until >= %s THEN 1 ELSE 0 END),"
            f" MAX(CASE WHEN until IS NULL THEN 1 ELSE 0 END) FROM {_DISCIPLINE}"
            f" WHERE decided_on <= %s{scope_where} GROUP BY person_id",
            [review_date, review_date, *scope_params],
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    discipline = np.full(size, Rank.TRUE, dtype=np.uint8)
    discipline[_rows_of(ids, flags[:, 0])] = np.where(
        flags[:, 1] == 1, Rank.FALSE, np.where(flags[:, 2] == 1, Rank.UNKNOWN, Rank.TRUE)
    )

    columns = PersonColumns(
        year=year,
        review=day_number(review_date),
        codes=[p[1] for p in people],
        rating_masks=_rating_masks("person_id", ids, year, scope_ids),
        titles=_title_masks("person_id", ids, year, scope_ids, codes, exclude_kinds),
        registered=_registered("person_id", ids, year, scope_ids),
        category=np.array([p[2] or "" for p in people], dtype="<U8"),
        service_start=np.array([p[3] for p in people], dtype=np.int64),
        gender=np.array([p[5] or "" for p in people], dtype="<U3"),
        service_break=np.array([p[6] or 0 for p in people], dtype=np.int64),
        unit_id=np.array([p[4] for p in people], dtype=np.int64),
        discipline=discipline,
        init_row=_rows_of(ids, initiatives[:, 0]),
        init_offset=initiatives[:, 1],
        init_scope=initiatives[:, 2],
        init_count=initiatives[:, 3],
    )
    return ids, columns


def _year_end_members_sql() -> str:
    """Each person's unit at the day given (their last transfer on or before it), as `members`.

    PostgreSQL gets DISTINCT ON: with ROW_NUMBER() its planner guesses a few thousand members instead of
    every person and picks a nested loop that is three times slower.
    """
    if _postgres():
        return (
            f"WITH members AS (SELECT DISTINCT ON (person_id) person_id, to_unit_id AS unit_id FROM {_TRANSFER}"
            f" WHERE effective_on <= %s ORDER BY person_id, effective_on DESC, id DESC)"
        )
    return (
        f"WITH ranked AS (SELECT person_id, to_unit_id, ROW_NUMBER() OVER"
        f" (PARTITION BY person_id ORDER BY effective_on DESC, id DESC) AS n"
        f" FROM {_TRANSFER} WHERE effective_on <= %s),"
        f" members AS (SELECT person_id, to_unit_id AS unit_id FROM ranked WHERE n = 1)"
    )


def subtree_sums(unit_of: np.ndarray, weights: dict[str, np.ndarray], unit_ids: np.ndarray) -> dict[str, np.ndarray]:
    """For each of `unit_ids`, the sum of each weight over the subjects whose unit (`unit_of`) is in its subtree."""
    all_ids = np.array([u[0] for u in _fetch(f"SELECT id FROM {_UNIT} ORDER BY id", [])], dtype=np.int64)
    rows = _rows_of(all_ids, unit_of)
    direct = {
        name: np.bincount(rows, weights=w, minlength=len(all_ids)).astype(np.int64) for name, w in weights.items()
    }
    return _subtree_totals(direct, unit_ids)


def _subtree_totals(direct: dict[str, np.ndarray], unit_ids: np.ndarray) -> dict[str, np.ndarray]:
    """Counts per unit of the whole tree, rolled up from each unit to all its ancestors."""
    tree = _fetch(f"SELECT id, parent_id FROM {_UNIT} ORDER BY id", [])
    all_ids = np.array([u[0] for u in tree], dtype=np.int64)
    parent_of = {u[0]: u[1] for u in tree}
    depth: dict[int, int] = {}
    for uid in parent_of:
        chain, current = [], uid
        while current is not None and current not in depth and len(chain) <= len(parent_of):
            chain.append(current)
            current = parent_of[current]
        base = depth.get(current, -1) if current is not None else -1
        for offset, node in enumerate(reversed(chain), start=1):
            depth[node] = base + offset
    names = list(direct)
    totals = np.stack([direct[n] for n in names], axis=1) if names else np.zeros((len(all_ids), 0), dtype=np.int64)
    depths = np.array([depth[u] for u in all_ids.tolist()], dtype=np.int64)
    parents = np.array([parent_of[u] if parent_of[u] is not None else -1 for u in all_ids.tolist()], dtype=np.int64)
    parent_rows = np.where(parents >= 0, np.searchsorted(all_ids, np.maximum(parents, 0)), -1)
    for level in range(int(depths.max()) if len(depths) else 0, 0, -1):
        rows = np.nonzero((depths == level) & (parent_rows >= 0))[0]
        np.add.at(totals, parent_rows[rows], totals[rows])
    picked = _rows_of(all_ids, unit_ids)
    return {n: totals[picked, i] for i, n in enumerate(names)}


def unit_columns(
    *, year: int, review_date: date, scope, codes, member_codes, exclude_kinds
) -> tuple[np.ndarray, UnitColumns]:
    """(unit ids, columns) of the units of `scope`; members are everyone in each subtree at 31/12 of the year."""
    where, params = _scope_clause("id", scope)
    units = _fetch(f"SELECT id, code, {_day_sql('founded_on')} FROM {_UNIT} WHERE 1 = 1{where} ORDER BY id", params)
    ids = np.array([u[0] for u in units], dtype=np.int64)
    scope_ids = scope and (f"SELECT id FROM {_UNIT} WHERE 1 = 1{where}", params)

    all_ids = np.array([u[0] for u in _fetch(f"SELECT id FROM {_UNIT} ORDER BY id", [])], dtype=np.int64)
    direct = {name: np.zeros(len(all_ids), dtype=np.int64) for name in ("__members__", *LEVELS)}
    year_end = date(year, 12, 31)
    if len(ids):
        entries = _entry_ids(member_codes)
        titled_sql, titled_sums, titled_params = "", "", []
        if entries:
            # one row per member holding any of the codes that year, a 0/1 column per code
            marks, entry_params = _in_list(entries)
            counted, counted_params = _counted_award_filter(exclude_kinds)
            flags = ", ".join(f"MAX(CASE WHEN entry_id = {int(e)} THEN 1 ELSE 0 END) AS t{int(e)}" for e in entries)
            titled_sql = (
                f", titled AS (SELECT person_id, {flags} FROM {_AWARD} WHERE person_id IS NOT NULL AND year = %s"
                f" AND entry_id IN ({marks}){counted} GROUP BY person_id)"
            )
            titled_params = [year, *entry_params, *counted_params]
            titled_sums = "".join(f", SUM(COALESCE(t.t{int(e)}, 0))" for e in entries)
        # Members, their rating and their titles in one pass over the year-end membership.
        counted_members = _fetch(
            _year_end_members_sql() + titled_sql + f" SELECT m.unit_id, r.rating, COUNT(*){titled_sums} FROM members m"
            f" LEFT JOIN {_RATING} r ON r.person_id = m.person_id AND r.year = %s"
            + (" LEFT JOIN titled t ON t.person_id = m.person_id" if entries else "")
            + " GROUP BY m.unit_id, r.rating",
            [year_end, *titled_params, year],
        )
        rows = _rows_of(all_ids, [c[0] for c in counted_members])
        ratings = np.array([c[1] or "" for c in counted_members], dtype="<U8")
        figures = np.array([c[2:] for c in counted_members], dtype=np.int64).reshape(-1, 1 + len(entries))
        np.add.at(direct["__members__"], rows, figures[:, 0])
        for level in LEVELS:
            np.add.at(direct[level], rows[ratings == level], figures[ratings == level, 0])
        for i, code in enumerate(entries.values(), start=1):
            direct[f"title:{code}"] = np.zeros(len(all_ids), dtype=np.int64)
            np.add.at(direct[f"title:{code}"], rows, figures[:, i])
    totals = _subtree_totals(direct, ids)

    columns = UnitColumns(
        year=year,
        review=day_number(review_date),
        codes=[u[1] for u in units],
        rating_masks=_rating_masks("unit_id", ids, year, scope_ids),
        titles=_title_masks("unit_id", ids, year, scope_ids, codes, exclude_kinds),
        registered=_registered("unit_id", ids, year, scope_ids),
        founded_on=np.array([u[2] for u in units], dtype=np.int64),
        members=totals["__members__"],
        members_by_rating={level: totals[level] for level in LEVELS},
        members_with_title={
            name.removeprefix("title:"): values for name, values in totals.items() if name.startswith("title:")
        },
    )
    return ids, columns


def member_standard_codes(rule_set: RuleSet) -> set[str]:
    """Person rules whose standard some unit rule counts among its members ("standard": true)."""
    return {code for rule in rule_set.rules.values() if rule.subject == "TAP_THE" for code in member_references(rule)}


def members_meeting(
    *, rule_set: RuleSet, year: int, review_date: date, unit_ids: np.ndarray, people=None
) -> dict[str, np.ndarray]:
    """code -> for each of `unit_ids`, its members (whole subtree at 31/12 of the year) who meet the standard of
    person rule `code` that year: the rule's verdict ELIGIBLE, or a counted award of it that year.

    The person rules are decided before the units' (the year's titles are decided together): from `people`
    ((ids, columns) of everyone, when the screening already has them), else from everyone's columns.
    """
    codes = member_standard_codes(rule_set)
    if not codes or not len(unit_ids):
        return {}
    if people is None:
        own, _ = referenced_codes(rule_set, "CA_NHAN")
        people = person_columns(
            year=year, review_date=review_date, scope=None, codes=own | codes, exclude_kinds=rule_set.not_counted_kinds
        )
    ids, cols = people
    membership = np.array(
        _fetch(_year_end_members_sql() + " SELECT person_id, unit_id FROM members", [date(year, 12, 31)]),
        dtype=np.int64,
    ).reshape(-1, 2)
    rows = _rows_of(ids, membership[:, 0])
    weights = {}
    for bulk in evaluate_bulk(rule_set, cols, award_codes=codes):
        meets = ((cols.title(bulk.code) & np.uint64(1)) != 0) | (bulk.applies & (bulk.ranks == Rank.TRUE))
        weights[bulk.code] = meets[rows] * 1.0 if len(ids) else np.zeros(len(rows))
    return subtree_sums(membership[:, 1], weights, np.asarray(unit_ids, dtype=np.int64))
