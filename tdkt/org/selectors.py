"""Reads of the organisation domain, always scoped to the actor."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery

from tdkt.org.models import Person, RoleAssignment, Transfer, Unit
from tdkt.org.policies import EVERY_ROLE, person_policy, unit_policy
from tdkt.org.scoping import ancestor_ids, descendant_ids, scope_root_units, unit_ids_in_scope
from tdkt.org.search import filter_people_by_name

PERSON_ORDERINGS = {
    "name": ("sort_key", "code"),
    "-name": ("-sort_key", "-code"),
    "given": ("given_sort_key", "code"),
    "code": ("code",),
    "-code": ("-code",),
    "unit": ("unit__sort_key", "sort_key"),
}


def unit_list(*, actor, action: str = "view", include_dissolved: bool = True) -> QuerySet:
    qs = unit_policy.scope(actor, action, Unit.objects.all())
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    return qs


def units_for_person_action(*, actor, action: str) -> QuerySet:
    """Active units in which the actor may do `action` to people (e.g. create, receive a transfer)."""
    qs = Unit.objects.filter(dissolved_on__isnull=True).order_by("sort_key")
    if actor.is_superuser:
        return qs
    return qs.filter(pk__in=unit_ids_in_scope(actor, person_policy.roles_for(action)))


def unit_get(*, actor, pk, action: str = "view") -> Unit:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(unit_list(actor=actor, action=action).select_related("parent", "successor"), pk=pk)


def unit_roots(*, actor) -> QuerySet:
    """The top units of the actor's remit, for the tree page."""
    return scope_root_units(actor, EVERY_ROLE).order_by("position", "sort_key")


def unit_children(*, actor, unit: Unit, include_dissolved: bool = False) -> QuerySet:
    qs = unit_list(actor=actor, include_dissolved=include_dissolved).filter(parent=unit)
    return qs.order_by("position", "sort_key")


def unit_breadcrumbs(*, actor, unit: Unit) -> list[Unit]:
    """Ancestors the actor may see, root first (a grant's top unit is as high as it goes)."""
    ids = ancestor_ids(unit.pk, include_self=False)
    visible = {u.pk: u for u in unit_list(actor=actor).filter(pk__in=ids)}
    return [visible[i] for i in reversed(ids) if i in visible]


def unit_headcounts(*, units: list[Unit]) -> dict[int, int]:
    """Number of people in each unit's whole subtree (two queries over those subtrees only)."""
    if not units:
        return {}
    subtree = descendant_ids([unit.pk for unit in units])
    children: dict[int | None, list[int]] = {}
    for uid, parent_id in Unit.objects.filter(id__in=subtree).values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(uid)
    people = Person.objects.filter(unit_id__in=subtree).values_list("unit_id").annotate(n=Count("id"))
    direct = dict(people.values_list("unit_id", "n"))
    totals: dict[int, int] = {}

    def total(uid: int) -> int:
        if uid not in totals:
            stack, seen, count = [uid], set(), 0
            while stack:
                current = stack.pop()
                if current in seen:
                    continue
                seen.add(current)
                count += direct.get(current, 0)
                stack.extend(children.get(current, []))
            totals[uid] = count
        return totals[uid]

    return {unit.pk: total(unit.pk) for unit in units}


def unit_child_counts(*, units: list[Unit], include_dissolved: bool = False) -> dict[int, int]:
    qs = Unit.objects.filter(parent__in=[u.pk for u in units])
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    return dict(qs.values_list("parent_id").annotate(n=Count("id")).values_list("parent_id", "n"))


def unit_lineage(*, actor, unit: Unit) -> dict:
    """Predecessors (merged or split into this unit) and the chain of successors."""
    visible = unit_list(actor=actor)
    predecessors = list(visible.filter(successor=unit).order_by("sort_key"))
    successors, current, seen = [], unit, {unit.pk}
    while current.successor_id and current.successor_id not in seen:
        nxt = visible.filter(pk=current.successor_id).first()
        if nxt is None:
            break
        successors.append(nxt)
        seen.add(nxt.pk)
        current = nxt
    return {"predecessors": predecessors, "successors": successors}


@dataclass(frozen=True)
class PersonFilter:
    q: str = ""
    unit: Unit | None = None
    include_subunits: bool = True
    rank: str = ""
    category: str = ""
    ordering: str = "name"


def person_list(*, actor, filters: PersonFilter | None = None, action: str = "view") -> QuerySet:
    filters = filters or PersonFilter()
    qs = person_policy.scope(actor, action, Person.objects.select_related("unit"))
    if filters.q:
        qs = filter_people_by_name(qs, filters.q)
    if filters.unit is not None:
        if filters.include_subunits:
            qs = qs.filter(unit_id__in=descendant_ids([filters.unit.pk]))
        else:
            qs = qs.filter(unit=filters.unit)
    if filters.rank:
        qs = qs.filter(rank=filters.rank)
    if filters.category:
        qs = qs.filter(category=filters.category)
    return qs.order_by(*PERSON_ORDERINGS.get(filters.ordering, PERSON_ORDERINGS["name"]))


def person_get(*, actor, pk, action: str = "view") -> Person:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(person_list(actor=actor, action=action), pk=pk)


def person_transfers(*, person: Person) -> QuerySet:
    return person.transfers.select_related("from_unit", "to_unit").order_by("effective_on", "id")


def person_unit_on(*, person: Person, day: date) -> Unit | None:
    """The unit the person belonged to on `day` (None before their first assignment)."""
    transfer = (
        Transfer.objects.filter(person=person, effective_on__lte=day)
        .select_related("to_unit")
        .order_by("-effective_on", "-id")
        .first()
    )
    return transfer.to_unit if transfer else None


def unit_people_on(*, actor, unit: Unit, day: date) -> QuerySet:
    """People who belonged to `unit` on `day`, whatever unit they are in now."""
    latest = Transfer.objects.filter(effective_on__lte=day).order_by("person_id", "-effective_on", "-id")
    # The last transfer on or before `day` for each person decides where they were.
    last_id = Subquery(latest.filter(person_id=OuterRef("pk")).values("id")[:1])
    qs = person_list(actor=actor).annotate(last_transfer_id=last_id)
    return qs.filter(last_transfer_id__in=Transfer.objects.filter(to_unit=unit).values("id"))


def role_assignments_of(*, user) -> QuerySet:
    return RoleAssignment.objects.filter(user=user).select_related("unit").order_by("unit__sort_key", "role")


def unit_people_direct(*, actor, unit: Unit) -> QuerySet:
    return person_list(actor=actor, filters=PersonFilter(unit=unit, include_subunits=False))


# Same words for a code that does not exist and a code outside the remit: a lookup by code never confirms that a
# person or unit exists elsewhere, nor tells their name or unit (issue #14, name enumeration).
SUBJECT_NOT_FOUND = "Không tìm thấy cá nhân hoặc đơn vị có mã này trong phạm vi của bạn."


def subject_by_code(*, actor, code: str) -> dict | None:
    """`{"person": …}` or `{"unit": …}` for a code inside the actor's remit (what the actor may see), else None."""
    code = (code or "").strip().upper()
    if not code:
        return None
    person = person_policy.scope(actor, "view", Person.objects.select_related("unit")).filter(code=code).first()
    if person is not None:
        return {"person": person}
    unit = unit_list(actor=actor).filter(code=code).first()
    return {"unit": unit} if unit is not None else None
