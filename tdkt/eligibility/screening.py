"""Screening: every subject of a scope against every award that applies to them, for one year.

Two paths over the same rule data. `screen_bulk` decides the status of every subject and award at once
(columns aggregated in the database, vector evaluation in `tdkt.rules.bulk`): it is what the screening
page and any count use, fast enough for a whole army. `screen` / `explain` give full verdicts, every
condition with its evidence and source (the scalar engine), for the subjects someone actually reads.
A property test and a database test check that both paths always give the same status.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Q, QuerySet

from tdkt.eligibility.columns import (
    member_standard_codes,
    members_meeting,
    person_columns,
    subtree_sums,
    unit_columns,
)
from tdkt.eligibility.facts import CHUNK, person_facts, unit_facts
from tdkt.eligibility.held import add_held_columns, holdings
from tdkt.eligibility.rulesets import rule_set_for
from tdkt.org.models import Person, Unit
from tdkt.org.policies import person_policy, unit_policy
from tdkt.org.scoping import descendant_ids
from tdkt.rules.bulk import HELD_RANK, RANK_OF_STATUS, STATUS_OF_RANK, BulkRule, evaluate_bulk, referenced_codes
from tdkt.rules.columns import Columns
from tdkt.rules.engine import applicable_rules, evaluate
from tdkt.rules.held import mark_held, mark_held_bulk
from tdkt.rules.model import RuleSet, Status, Verdict
from tdkt.rules.quotas import QuotaWarning, quota_warnings

SUBJECT_TYPES = ("CA_NHAN", "TAP_THE")  # the order of verdicts: people, then collectives


def _scope(*, year: int, actor, root: Unit | None, subject_code: str | None) -> tuple[QuerySet, QuerySet]:
    """The people and units screened; with an actor, only those the actor may see (the CLI acts as the system)."""
    people = Person.objects.all()
    units = Unit.objects.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__year__gt=year))
    if actor is not None:
        people = person_policy.scope(actor, "view", people)
        units = unit_policy.scope(actor, "view", units)
    if root is not None:
        people = people.filter(unit_id__in=descendant_ids([root.pk]))
        units = units.filter(pk__in=descendant_ids([root.pk]))
    if subject_code:
        code = subject_code.strip().upper()
        people, units = people.filter(code=code), units.filter(code=code)
    return people, units


def _wanted(award_codes) -> set[str]:
    return {c.strip().upper() for c in award_codes or [] if c.strip()}


# --- full verdicts (the scalar engine) -------------------------------------------------------------------


def _verdicts(rule_set: RuleSet, facts, year: int, wanted: set[str]) -> list[Verdict]:
    held = holdings()  # one query per chunk of subjects
    return [
        mark_held(evaluate(rule_set, rule, subject, year), subject, held)
        for subject in facts
        for rule in applicable_rules(rule_set, subject)
        if not wanted or rule.code in wanted
    ]


def iter_verdicts(
    *,
    year: int,
    actor=None,
    root: Unit | None = None,
    award_codes: list[str] | None = None,
    subject_code: str | None = None,
    review_date: date | None = None,
    submitted_on: date | None = None,
    progress=None,
) -> tuple[str, Iterator[Verdict]]:
    """Every verdict of the scope in order (people, then units; by code, then award), a chunk of subjects at a
    time: memory stays bounded however large the scope (the CLI streams a whole army this way).

    `submitted_on` (a dossier's submission date) can change the regime (`tdkt.rules.loader.regime_name`).
    `progress(done, total)` is called after each chunk of subjects."""
    rule_set = rule_set_for(year, submitted_on=submitted_on)
    review_date = review_date or date(year, 12, 31)
    people, units = _scope(year=year, actor=actor, root=root, subject_code=subject_code)
    wanted = _wanted(award_codes)

    def generate() -> Iterator[Verdict]:
        person_ids, unit_ids = _ids_by_code(people), _ids_by_code(units)
        total = len(person_ids) + len(unit_ids)
        for start in range(0, len(person_ids), CHUNK):
            chunk = person_ids[start : start + CHUNK]
            facts = person_facts(chunk, year=year, review_date=review_date)
            yield from _sorted(_verdicts(rule_set, (facts[i] for i in chunk), year, wanted))
            if progress:
                progress(start + len(chunk), total)
        if unit_ids:
            meeting = _meeting_by_unit(rule_set, year, review_date, unit_ids)
            facts = unit_facts(
                unit_ids,
                year=year,
                review_date=review_date,
                exclude_kinds=rule_set.not_counted_kinds,
                meeting=meeting,
            )
            yield from _sorted(_verdicts(rule_set, (facts[i] for i in unit_ids), year, wanted))
            if progress:
                progress(total, total)

    return rule_set.name, generate()


def _meeting_by_unit(rule_set: RuleSet, year: int, review_date: date, unit_ids: list[int]) -> dict:
    """unit id -> members meeting each person standard a unit rule counts (the person rules decided first)."""
    ids = np.array(sorted(unit_ids), dtype=np.int64)
    counts = members_meeting(rule_set=rule_set, year=year, review_date=review_date, unit_ids=ids)
    return {uid: {c: int(n[row]) for c, n in counts.items() if n[row]} for row, uid in enumerate(ids.tolist())}


def _ids_by_code(queryset: QuerySet) -> list[int]:
    """Ids in the order of their codes as Python compares them (as the bulk path does), whatever the collation."""
    return [pk for _, pk in sorted((code, pk) for pk, code in queryset.values_list("id", "code"))]


def _sorted(verdicts: list[Verdict]) -> list[Verdict]:
    return sorted(verdicts, key=lambda v: (v.subject_code, v.award_code))


def screen(**kwargs) -> tuple[str, list[Verdict]]:
    """Full verdicts of the scope (see `iter_verdicts` for the arguments)."""
    name, verdicts = iter_verdicts(**kwargs)
    return name, list(verdicts)


# --- statuses in bulk ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectResults:
    """The bulk statuses of one kind of subject: ids and codes in row order, one BulkRule per award."""

    subject_type: str
    ids: np.ndarray
    columns: Columns
    rules: list[BulkRule]


@dataclass(frozen=True)
class Row:
    subject_type: str
    subject_id: int
    subject_code: str
    award_code: str
    status: Status


class Selection:
    """The rows of a bulk screening that pass a filter, in verdict order; sliced lazily (for a paginator)."""

    def __init__(self, parts: list[tuple[SubjectResults, np.ndarray, np.ndarray]]):
        self._parts = parts  # (results, subject rows, rule index), each sorted by (code, award)
        self._sizes = [len(rows) for _, rows, _ in parts]

    def __len__(self) -> int:
        return sum(self._sizes)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        out, offset = [], 0
        for (results, rows, rules), size in zip(self._parts, self._sizes, strict=True):
            lo, hi = max(start - offset, 0), min(stop - offset, size)
            for row, rule in zip(rows[lo:hi].tolist(), rules[lo:hi].tolist(), strict=True):
                bulk = results.rules[rule]
                out.append(
                    Row(
                        subject_type=results.subject_type,
                        subject_id=int(results.ids[row]),
                        subject_code=results.columns.codes[row],
                        award_code=bulk.code,
                        status=STATUS_OF_RANK[int(bulk.ranks[row])],
                    )
                )
            offset += size
        return out

    def __iter__(self):
        step = 10_000
        for start in range(0, len(self), step):
            yield from self[start : start + step]


@dataclass(frozen=True)
class BulkScreening:
    year: int
    rule_set: RuleSet
    review_date: date
    results: tuple[SubjectResults, ...]
    holdings: dict = field(default_factory=dict)  # code -> rules.held.Holding (HELD, decided after the rules)

    def counts(self) -> Counter:
        """(award code, status) -> number of subjects."""
        counts = Counter()
        for part in self.results:
            for bulk in part.rules:
                for status in Status:
                    if n := bulk.count(status):
                        counts[bulk.code, status] += n
        return counts

    def select(self, *, award: str | None = None, status: Status | None = None, hide_held: bool = False) -> Selection:
        """The rows with that award and status; every status by default, or all but HELD with `hide_held`."""
        parts = []
        for part in self.results:
            order = np.argsort(np.array(part.columns.codes, dtype=object), kind="stable")
            by_code = [i for i, _ in sorted(enumerate(part.rules), key=lambda item: item[1].code)]
            chosen = [i for i in by_code if award is None or part.rules[i].code == award]
            if not chosen or not len(order):
                continue
            # a (subject, award) grid in verdict order, masked by applicability and the status asked for
            keep = np.stack([part.rules[i].applies[order] for i in chosen], axis=1)
            if status is not None:
                keep &= np.stack([part.rules[i].ranks[order] == RANK_OF_STATUS[status] for i in chosen], axis=1)
            elif hide_held:
                keep &= np.stack([part.rules[i].ranks[order] != HELD_RANK for i in chosen], axis=1)
            subject_pos, rule_pos = np.nonzero(keep)
            parts.append((part, order[subject_pos], np.array(chosen, dtype=np.int64)[rule_pos]))
        return Selection(parts)

    def quota_warnings(self) -> list[QuotaWarning]:
        eligible, screened, holders = Counter(), Counter(), Counter()
        for part in self.results:
            if not part.rules:
                continue
            screened[part.subject_type] = int(np.count_nonzero(np.logical_or.reduce([b.applies for b in part.rules])))
            for bulk in part.rules:
                # those already holding it this year will hold it too: a quota counts them with the eligible
                eligible[bulk.code] += bulk.count(Status.ELIGIBLE) + bulk.count(Status.HELD)
            if part.subject_type == "CA_NHAN":
                for code in {t for q in self.rule_set.quotas for t in q.of_titles}:
                    holders[code] = int(np.count_nonzero(part.columns.title(code) & np.uint64(1)))
        return quota_warnings(self.rule_set, eligible=eligible, screened=screened, title_holders=holders)

    def unit_quota_warnings(self) -> list["UnitQuotaWarning"]:
        """Quotas on people checked at every screened unit over its own subtree (each unit's council awards
        within its own quota), the largest excess first."""
        people, units = self.results
        quotas = [q for q in self.rule_set.quotas if q.subject == "CA_NHAN"]
        by_code = {b.code: b for b in people.rules}
        if not quotas or not len(people.ids) or not len(units.ids) or people.columns.unit_id is None:
            return []
        screened = np.logical_or.reduce([b.applies for b in people.rules])
        weights = {}
        for q in quotas:
            if q.code not in by_code:
                continue
            bulk = by_code[q.code]
            weights[f"eligible:{q.code}"] = (
                bulk.applies & np.isin(bulk.ranks, [RANK_OF_STATUS[Status.ELIGIBLE], HELD_RANK])
            ) * 1.0
            base = np.zeros(len(people.ids), dtype=bool)
            for code in q.of_titles:
                base |= (people.columns.title(code) & np.uint64(1)) != 0
            weights[f"base:{q.code}"] = (base if q.of_titles else screened) * 1.0
        if not weights:
            return []
        sums = subtree_sums(people.columns.unit_id, weights, units.ids)
        warnings = []
        for q in quotas:
            if q.code not in by_code:
                continue
            eligible, base = sums[f"eligible:{q.code}"], sums[f"base:{q.code}"]
            limits = (base * q.max_share).astype(np.int64)  # as quota_limit, for every unit at once
            for row in np.nonzero((base > 0) & (eligible > limits))[0].tolist():
                warnings.append(
                    UnitQuotaWarning(
                        unit_code=units.columns.codes[row],
                        warning=QuotaWarning(
                            q.code,
                            int(eligible[row]),
                            int(base[row]),
                            int(limits[row]),
                            q.text,
                            f"{q.source} [{q.label}]",
                        ),
                    )
                )
        warnings.sort(key=lambda w: (-(w.warning.eligible - w.warning.limit), w.unit_code))
        return warnings


@dataclass(frozen=True)
class UnitQuotaWarning:
    unit_code: str
    warning: QuotaWarning


def screen_bulk(
    *,
    year: int,
    actor=None,
    root: Unit | None = None,
    award_codes: list[str] | None = None,
    subject_code: str | None = None,
    review_date: date | None = None,
) -> BulkScreening:
    """The status of every subject of the scope for every award that applies to it (no explanations)."""
    rule_set = rule_set_for(year)
    review_date = review_date or date(year, 12, 31)
    people, units = _scope(year=year, actor=actor, root=root, subject_code=subject_code)
    whole = actor is None and root is None and not subject_code
    wanted = _wanted(award_codes)
    own, _ = referenced_codes(rule_set, "CA_NHAN")
    standards = member_standard_codes(rule_set)  # unit rules counting members who meet a person standard
    person_ids, person_cols = person_columns(
        year=year,
        review_date=review_date,
        scope=None if whole else people.values("id").query.sql_with_params(),
        codes=own | standards,
        exclude_kinds=rule_set.not_counted_kinds,
    )
    own, member_codes = referenced_codes(rule_set, "TAP_THE")
    unit_ids, unit_cols = unit_columns(
        year=year,
        review_date=review_date,
        scope=units.values("id").query.sql_with_params(),
        codes=own,
        member_codes=member_codes,
        exclude_kinds=rule_set.not_counted_kinds,
    )
    if standards:  # everyone's person verdicts first (a unit counts members outside the people screened)
        unit_cols.members_meeting = members_meeting(
            rule_set=rule_set,
            year=year,
            review_date=review_date,
            unit_ids=unit_ids,
            people=(person_ids, person_cols) if whole else None,
        )
    results = (
        SubjectResults("CA_NHAN", person_ids, person_cols, evaluate_bulk(rule_set, person_cols, award_codes=wanted)),
        SubjectResults("TAP_THE", unit_ids, unit_cols, evaluate_bulk(rule_set, unit_cols, award_codes=wanted)),
    )
    held = holdings()
    scopes = (
        None if whole else people.values("id").query.sql_with_params(),
        units.values("id").query.sql_with_params(),
    )
    for part, column, scope in zip(results, ("person_id", "unit_id"), scopes, strict=True):
        _mark_held(part, held, column=column, year=year, scope=scope)
    return BulkScreening(year=year, rule_set=rule_set, review_date=review_date, results=results, holdings=held)


def _mark_held(part: SubjectResults, held: dict, *, column: str, year: int, scope) -> None:
    """HELD after the rules' verdicts: the subjects holding the award in force (`tdkt.rules.held`)."""
    codes = {b.code for b in part.rules} & set(held)
    add_held_columns(part.columns, column=column, ids=part.ids, year=year, scope=scope, codes=codes)
    part.rules[:] = [mark_held_bulk(b, part.columns, held) for b in part.rules]


def explain(screening: BulkScreening, rows: list[Row]) -> list[Verdict]:
    """Full verdicts for some rows of a bulk screening (the page shows 100 at a time), in the rows' order.

    Units' member figures come from the screening itself, so a page of units never recounts a whole army.
    """
    year, rule_set = screening.year, screening.rule_set
    person_ids = sorted({r.subject_id for r in rows if r.subject_type == "CA_NHAN"})
    unit_ids = sorted({r.subject_id for r in rows if r.subject_type == "TAP_THE"})
    facts = {
        ("CA_NHAN", pid): f for pid, f in person_facts(person_ids, year=year, review_date=screening.review_date).items()
    }
    if unit_ids:
        units = screening.results[1]
        positions = np.searchsorted(units.ids, np.array(unit_ids, dtype=np.int64))
        members = {uid: units.columns.member_figures(int(pos)) for uid, pos in zip(unit_ids, positions, strict=True)}
        meeting = {uid: units.columns.member_standards(int(pos)) for uid, pos in zip(unit_ids, positions, strict=True)}
        for uid, f in unit_facts(
            unit_ids,
            year=year,
            review_date=screening.review_date,
            exclude_kinds=rule_set.not_counted_kinds,
            members=members,
            meeting=meeting,
        ).items():
            facts["TAP_THE", uid] = f
    return [
        mark_held(
            evaluate(rule_set, rule_set.rules[r.award_code], facts[r.subject_type, r.subject_id], year),
            facts[r.subject_type, r.subject_id],
            screening.holdings,
        )
        for r in rows
    ]


def screening_report(**kwargs) -> tuple[str, list[Verdict], list[QuotaWarning]]:
    """Full verdicts of a scope with the quota warnings (small scopes: tests and the API)."""
    screening = screen_bulk(**kwargs)
    name, verdicts = screen(**kwargs)
    return name, verdicts, screening.quota_warnings()
