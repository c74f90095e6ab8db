"""Reads behind the unit and person pickers: a unit's path ("Ban Kế hoạch — Phòng Tham mưu — Cục Kỹ thuật"),
tree order, and the scoped searches the pickers' JSON endpoints answer.

A name alone does not tell a unit: the demo tree has 27 "Ban Kế hoạch". Every place a unit is chosen shows
the unit with its parents, nearest first, up to (not including) the top of the whole tree, which every unit
shares. The tree is read once (id, parent, name, order: a few hundred rows, one query) and the labels built
in Python; a recursive query per unit would cost more than the whole tree.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from tdkt.core.text import fold, search_words
from tdkt.org.models import Person, RoleAssignment, Unit
from tdkt.org.search import filter_people_by_name, rank_by_name_match
from tdkt.org.selectors import person_list, unit_list

PATH_SEPARATOR = " — "
DISSOLVED_MARK = " (đã giải thể)"
RESULTS = 20  # answers of one search: a picker shows a short list, the user types more to narrow it


@dataclass(frozen=True)
class _Node:
    parent_id: int | None
    name: str
    code: str
    order: tuple
    dissolved: bool


class UnitTree:
    """The whole unit tree in memory, for labels and ordering (never for access: that is the selectors')."""

    def __init__(self):
        rows = Unit.objects.values_list("id", "parent_id", "name", "code", "position", "sort_key", "dissolved_on")
        self.nodes = {
            pk: _Node(parent_id, name, code, (position, sort_key), dissolved is not None)
            for pk, parent_id, name, code, position, sort_key, dissolved in rows
        }

    def _chain(self, pk: int) -> list[int]:
        """The unit and its ancestors, nearest first (a cycle, which the services prevent, stops the walk)."""
        chain, seen = [], set()
        current = pk
        while current is not None and current in self.nodes and current not in seen:
            chain.append(current)
            seen.add(current)
            current = self.nodes[current].parent_id
        return chain

    def path(self, pk: int) -> list[str]:
        """Names from the unit up to the level below the top of the tree (the top itself when it is the unit)."""
        chain = self._chain(pk)
        if len(chain) > 1 and self.nodes[chain[-1]].parent_id is None:
            chain = chain[:-1]
        return [self.nodes[i].name for i in chain]

    def label(self, pk: int) -> str:
        node = self.nodes.get(pk)
        if node is None:
            return ""
        return PATH_SEPARATOR.join(self.path(pk)) + (DISSOLVED_MARK if node.dissolved else "")

    def order_key(self, pk: int) -> tuple:
        """Depth-first tree order: parents before their children, siblings by position then name."""
        return tuple(self.nodes[i].order for i in reversed(self._chain(pk)))


def unit_labels(units) -> dict[int, str]:
    """`{pk: path label}` for the given units (one query for the whole tree)."""
    tree = UnitTree()
    return {unit.pk: tree.label(unit.pk) for unit in units}


def unit_in_tree_order(units) -> list[tuple[Unit, str]]:
    """(unit, path label) in depth-first tree order."""
    tree = UnitTree()
    units = list(units)
    units.sort(key=lambda unit: tree.order_key(unit.pk))
    return [(unit, tree.label(unit.pk)) for unit in units]


def actor_home_unit(actor, candidates: QuerySet | None = None) -> Unit | None:
    """The actor's own unit (where their first role is held), when it is among `candidates`; never a guess."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    assignments = RoleAssignment.objects.filter(user=actor).order_by("id").values_list("unit_id", flat=True)
    for unit_id in assignments:
        qs = candidates if candidates is not None else Unit.objects.all()
        unit = qs.filter(pk=unit_id).first()
        if unit is not None:
            return unit
    return None


def unit_search(*, actor, query: str, include_dissolved: bool = False, limit: int = RESULTS) -> list[dict]:
    """Units in the actor's remit whose path or code holds every word of `query`, accents ignored ("ke hoach
    tham muu" finds the Ban Kế hoạch of a Phòng Tham mưu), in tree order.

    The words are tested against the folded path in Python: the remit's units are already in memory for
    the labels, and a word may name any level of the path, which no single column holds.
    """
    words = search_words(query)
    if not words:
        return []
    visible = unit_list(actor=actor, include_dissolved=include_dissolved).values_list("id", flat=True)
    tree = UnitTree()
    matched = []
    for pk in visible:
        text = f"{fold(tree.label(pk))} {tree.nodes[pk].code.casefold()}"
        if all(word in text for word in words):
            matched.append(pk)
    matched.sort(key=tree.order_key)
    return [
        {"id": pk, "code": tree.nodes[pk].code, "label": tree.label(pk), "name": tree.nodes[pk].name}
        for pk in matched[:limit]
    ]


def person_label(person: Person) -> str:
    rank = person.get_rank_display() if person.rank else ""
    return f"{rank} {person.full_name}".strip()


def person_search(*, actor, query: str, limit: int = RESULTS, tree: UnitTree | None = None) -> list[dict]:
    """People in the actor's remit whose name (or code) holds every word of `query`, accents ignored; each with
    rank and unit path so that two Nguyễn Văn An can be told apart."""
    if not search_words(query):
        return []
    people = rank_by_name_match(filter_people_by_name(person_list(actor=actor), query), query)[:limit]
    tree = tree or UnitTree()
    return [
        {
            "id": p.pk,
            "code": p.code,
            "label": person_label(p),
            "detail": f"{p.code} · {tree.label(p.unit_id)}",
            "kind": "person",
        }
        for p in people
    ]


def subject_search(*, actor, query: str, limit: int = RESULTS) -> list[dict]:
    """People and units (a commendation's subject) in the remit: people first, then units, by code."""
    tree = UnitTree()
    people = person_search(actor=actor, query=query, limit=limit, tree=tree)
    units = [
        {**u, "label": u["name"], "detail": f"{u['code']} · Tập thể · {u['label']}", "kind": "unit"}
        for u in unit_search(actor=actor, query=query, limit=limit)
    ]
    return (people + units)[:limit] if len(people) >= limit else people + units[: limit - len(people)]
