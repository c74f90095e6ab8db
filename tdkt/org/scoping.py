"""The one scoping helper: which units a role held by an actor covers.

A role held on a unit covers the unit and everything below it. The unit tree is a plain
adjacency list (`Unit.parent`); subtrees and ancestor chains are recursive CTEs that run
unchanged on SQLite and PostgreSQL. `UNION` (not `UNION ALL`) makes them stop even if bad
data ever formed a cycle.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from tdkt.org.models import RoleAssignment, Unit

_UNIT = Unit._meta.db_table
_ROLE = RoleAssignment._meta.db_table


def _placeholders(values: Iterable) -> str:
    return ", ".join(["%s"] * len(list(values)))


def unit_ids_in_scope(actor, roles: Iterable[str]) -> RawSQL:
    """Subquery of the ids of every unit covered by `roles` that `actor` holds."""
    roles = sorted(roles)
    if not roles:
        return RawSQL(f"SELECT id FROM {_UNIT} WHERE 1 = 0", [])
    sql = (
        f"WITH RECURSIVE scope(id) AS ("
        f" SELECT unit_id FROM {_ROLE} WHERE user_id = %s AND role IN ({_placeholders(roles)})"
        f" UNION SELECT u.id FROM {_UNIT} u JOIN scope s ON u.parent_id = s.id"
        f") SELECT id FROM scope"
    )
    return RawSQL(sql, [actor.pk, *roles])


def descendant_ids(unit_ids: Iterable[int], *, include_self: bool = True) -> RawSQL:
    """Subquery of the ids in the subtrees of `unit_ids`."""
    unit_ids = list(unit_ids)
    if not unit_ids:
        return RawSQL(f"SELECT id FROM {_UNIT} WHERE 1 = 0", [])
    sql = (
        f"WITH RECURSIVE sub(id, root) AS ("
        f" SELECT id, 1 FROM {_UNIT} WHERE id IN ({_placeholders(unit_ids)})"
        f" UNION SELECT u.id, 0 FROM {_UNIT} u JOIN sub s ON u.parent_id = s.id"
        f") SELECT id FROM sub" + ("" if include_self else " WHERE root = 0")
    )
    return RawSQL(sql, unit_ids)


# A page asks the same questions many times ("may this officer change / transfer / revoke here?"), each an
# ancestor walk and a look-up of the actor's roles. During a read-only request (GET, HEAD, OPTIONS) neither
# the tree nor the grants can change, so both are remembered for the request's length
# (ReadOnlyScopeMemoMiddleware); writes and code outside a request always ask the database.
_memo: ContextVar[dict | None] = ContextVar("tdkt_scope_memo", default=None)


@contextmanager
def read_only_memo() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def ancestor_ids(unit_id: int, *, include_self: bool = True) -> list[int]:
    """Ids from the unit up to its root (nearest first); remembered during a read-only request."""
    memo = _memo.get()
    if memo is not None and ("up", unit_id) in memo:
        ids = memo[("up", unit_id)]
        return list(ids) if include_self else ids[1:]  # a copy: the caller may change its list
    sql = (
        f"WITH RECURSIVE up(id, parent_id, depth) AS ("
        f" SELECT id, parent_id, 0 FROM {_UNIT} WHERE id = %s"
        f" UNION SELECT u.id, u.parent_id, up.depth + 1 FROM {_UNIT} u JOIN up ON u.id = up.parent_id"
        f" WHERE up.depth < 1000"
        f") SELECT id FROM up ORDER BY depth"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id])
        ids = [row[0] for row in cursor.fetchall()]
    if memo is not None:
        memo[("up", unit_id)] = ids
    return ids if include_self else ids[1:]


def actor_holds_role_over(actor, roles: Iterable[str], unit: Unit | None) -> bool:
    """Does `actor` hold one of `roles` on `unit` or on one of its ancestors?"""
    if unit is None or unit.pk is None:
        return False
    memo = _memo.get()
    if memo is None:
        return RoleAssignment.objects.filter(
            user=actor, role__in=list(roles), unit_id__in=ancestor_ids(unit.pk)
        ).exists()
    if ("held", actor.pk) not in memo:
        held: dict[int, set[str]] = {}
        for unit_id, role in RoleAssignment.objects.filter(user=actor).values_list("unit_id", "role"):
            held.setdefault(unit_id, set()).add(role)
        memo[("held", actor.pk)] = held
    held, wanted = memo[("held", actor.pk)], set(roles)
    return any(held.get(unit_id, set()) & wanted for unit_id in ancestor_ids(unit.pk))


def scope_root_units(actor, roles: Iterable[str]) -> QuerySet:
    """The top-most units the actor's roles cover (units held under another held unit drop out)."""
    held = set(RoleAssignment.objects.filter(user=actor, role__in=list(roles)).values_list("unit_id", flat=True))
    if actor.is_superuser:
        return Unit.objects.filter(parent__isnull=True)
    roots = [uid for uid in held if not (set(ancestor_ids(uid, include_self=False)) & held)]
    return Unit.objects.filter(pk__in=roots)
