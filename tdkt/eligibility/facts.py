"""Build the engine's facts from the records, in bulk (a few queries per chunk of subjects)."""

from collections import defaultdict
from datetime import date

from tdkt.eligibility import providers
from tdkt.org.models import Person, Transfer, Unit
from tdkt.records.choices import AwardStatus
from tdkt.records.models import Award, Discipline, Initiative, YearlyRating
from tdkt.rules.facts import HORIZON, AwardFact, DisciplineFact, InitiativeFact, PersonFacts, UnitFacts

CHUNK = 900


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _horizon(year: int) -> dict:
    """The records that are facts for year Y: the HORIZON years ending Y (as the bulk columns keep them)."""
    return {"year__lte": year, "year__gt": year - HORIZON}


def _award_fact(code, year, kind, number, status) -> AwardFact:
    return AwardFact(code=code, year=year, kind=kind, decision=number or "", revoked=status == AwardStatus.DA_HUY)


def _registered(field: str, ids: list[int], year: int) -> dict[int, set[str]]:
    """Titles registered (đăng ký thi đua) and approved for the year, per subject."""
    found = defaultdict(set)
    source = providers.registrations()
    if source is None:
        return found
    for subject_id, code in source.model._default_manager.filter(
        **{f"{field}__in": ids}, year=year, status=source.approved
    ).values_list(field, "entry__code"):
        found[subject_id].add(code)
    return found


def person_facts(person_ids: list[int], *, year: int, review_date: date) -> dict[int, PersonFacts]:
    people = {}
    for chunk in _chunks(sorted(person_ids)):
        registered = _registered("person_id", chunk, year)
        ratings, awards = defaultdict(dict), defaultdict(list)
        initiatives, disciplines = defaultdict(list), defaultdict(list)
        for pid, y, rating in YearlyRating.objects.filter(person_id__in=chunk, **_horizon(year)).values_list(
            "person_id", "year", "rating"
        ):
            ratings[pid][y] = rating
        for pid, *award in Award.objects.filter(person_id__in=chunk, **_horizon(year)).values_list(
            "person_id", "entry__code", "year", "kind", "decision__number", "status"
        ):
            awards[pid].append(_award_fact(*award))
        for pid, y, scope, name in Initiative.objects.filter(person_id__in=chunk, **_horizon(year)).values_list(
            "person_id", "year", "scope", "name"
        ):
            initiatives[pid].append(InitiativeFact(y, scope, name))
        for pid, form, decided, until, number in Discipline.objects.filter(
            person_id__in=chunk, decided_on__lte=review_date
        ).values_list("person_id", "form", "decided_on", "until", "decision_number"):
            disciplines[pid].append(DisciplineFact(form, decided, until, number))
        for pid, code, birth, start, category, gender, gap in Person.objects.filter(pk__in=chunk).values_list(
            "id", "code", "birth_date", "service_start", "category", "gender", "service_break_months"
        ):
            people[pid] = PersonFacts(
                code=code,
                review_date=review_date,
                birth_date=birth,
                service_start=start,
                category=category,
                gender=gender,
                service_break_months=gap,
                ratings=ratings[pid],
                awards=tuple(sorted(awards[pid], key=lambda a: (a.year, a.code))),
                initiatives=tuple(initiatives[pid]),
                disciplines=tuple(disciplines[pid]),
                registered=frozenset(registered[pid]),
            )
    return people


def members_at(*, day: date) -> dict[int, int]:
    """person id -> the unit they belonged to on `day` (their last transfer on or before it)."""
    where = {}
    for pid, unit_id in (
        Transfer.objects.filter(effective_on__lte=day)
        .order_by("person_id", "effective_on", "id")
        .values_list("person_id", "to_unit_id")
    ):
        where[pid] = unit_id
    return where


def unit_facts(
    unit_ids: list[int],
    *,
    year: int,
    review_date: date,
    exclude_kinds: frozenset[str],
    members=None,
    meeting: dict[int, dict[str, int]] | None = None,
) -> dict[int, UnitFacts]:
    """Facts of units; members are everyone in the unit's subtree at the end of the year assessed.

    `members` may give each unit's member figures (members, by rating, by title) already counted by a
    bulk screening, so that explaining a few units does not recount the whole organisation. `meeting` gives
    each unit's members meeting a person title's standard (`columns.members_meeting`), when a rule asks.
    """
    if not unit_ids:
        return {}  # a single person's screening must not load every member of every unit
    if members is None:
        members = _member_figures(unit_ids, year=year, exclude_kinds=exclude_kinds)
    # The units' own ratings and awards: a few queries per chunk, never two per unit.
    unit_ratings, unit_awards = defaultdict(dict), defaultdict(list)
    for chunk in _chunks(sorted(unit_ids)):
        for uid, y, rating in YearlyRating.objects.filter(unit_id__in=chunk, **_horizon(year)).values_list(
            "unit_id", "year", "rating"
        ):
            unit_ratings[uid][y] = rating
        for uid, *award in Award.objects.filter(unit_id__in=chunk, **_horizon(year)).values_list(
            "unit_id", "entry__code", "year", "kind", "decision__number", "status"
        ):
            unit_awards[uid].append(_award_fact(*award))
    registered = _registered("unit_id", list(unit_ids), year)
    result = {}
    for unit in Unit.objects.filter(pk__in=unit_ids):
        count, by_rating, with_title = members[unit.pk]
        result[unit.pk] = UnitFacts(
            code=unit.code,
            review_date=review_date,
            founded_on=unit.founded_on,
            ratings=unit_ratings[unit.pk],
            awards=tuple(sorted(unit_awards[unit.pk], key=lambda a: (a.year, a.code))),
            members=count,
            members_by_rating=by_rating,
            members_with_title=with_title,
            members_meeting=(meeting or {}).get(unit.pk, {}),
            registered=frozenset(registered[unit.pk]),
        )
    return result


def _member_figures(unit_ids: list[int], *, year: int, exclude_kinds: frozenset[str]) -> dict:
    """unit id -> (members, members by rating, members by title) over the unit's subtree at 31/12 of the year."""
    children = defaultdict(list)
    for uid, parent_id in Unit.objects.values_list("id", "parent_id"):
        children[parent_id].append(uid)
    where = members_at(day=date(year, 12, 31))
    direct = defaultdict(list)
    for pid, uid in where.items():
        direct[uid].append(pid)
    member_ratings = dict(
        YearlyRating.objects.filter(person_id__isnull=False, year=year).values_list("person_id", "rating")
    )
    member_titles = defaultdict(set)
    titles = (
        Award.objects.filter(person_id__isnull=False, year=year, status=AwardStatus.HIEU_LUC)
        .exclude(kind__in=exclude_kinds)
        .values_list("person_id", "entry__code")
    )
    for pid, code in titles:
        member_titles[pid].add(code)

    def subtree(uid: int) -> list[int]:
        stack, seen, found = [uid], set(), []
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            found.extend(direct.get(current, []))
            stack.extend(children.get(current, []))
        return found

    figures = {}
    for uid in unit_ids:
        members = subtree(uid)
        by_rating, with_title = defaultdict(int), defaultdict(int)
        for pid in members:
            if pid in member_ratings:
                by_rating[member_ratings[pid]] += 1
            for code in member_titles.get(pid, ()):
                with_title[code] += 1
        figures[uid] = (len(members), dict(by_rating), dict(with_title))
    return figures
