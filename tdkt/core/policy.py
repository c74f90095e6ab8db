"""Policy base: who may do what on which objects.

A role is held on a unit and covers that unit's whole subtree. Each model has one policy
that names the actions, which roles may do them, and how to reach the model's unit. Every
selector scopes its queryset through `Policy.scope`, and every service checks `Policy.check`.

Core sits below org in the layers contract, so it does not import the scoping helper: org installs it
(`install_remit(tdkt.org.scoping)` in `OrgConfig.ready`). Until something is installed a check raises
ImproperlyConfigured: it never opens access.
"""

from collections.abc import Iterable
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404


class Remit(Protocol):
    """What a policy needs from the org tree: the units a set of roles covers, and one unit's coverage."""

    def unit_ids_in_scope(self, actor, roles: Iterable[str]) -> Any:
        """A subquery (or iterable) of the unit ids where `actor` holds one of `roles`, subtrees included."""

    def actor_holds_role_over(self, actor, roles: Iterable[str], unit) -> bool:
        """Whether `actor` holds one of `roles` on `unit` or one of its ancestors."""


_remit: Remit | None = None


def install_remit(provider: Remit) -> None:
    """Called once by the app that owns the unit tree (org). The module object itself is installed, so
    `unit_ids_in_scope` and `actor_holds_role_over` are looked up at call time."""
    global _remit
    _remit = provider


def remit() -> Remit:
    if _remit is None:
        raise ImproperlyConfigured("No remit installed: tdkt.org must be in INSTALLED_APPS (OrgConfig.ready).")
    return _remit


class Policy:
    #: action -> roles allowed to do it
    actions: dict[str, frozenset[str]] = {}
    #: lookup from the model to its unit id ("pk" when the model is the unit itself)
    unit_lookup: str = "unit_id"
    #: several lookups, OR-ed (a record whose subject is a person or a unit); overrides unit_lookup
    unit_lookups: tuple[str, ...] = ()

    def roles_for(self, action: str) -> frozenset[str]:
        try:
            return self.actions[action]
        except KeyError as exc:  # a typo in an action name must never open access
            raise ValueError(f"unknown action {action!r} for {type(self).__name__}") from exc

    def scope(self, actor, action: str, queryset: QuerySet) -> QuerySet:
        """Objects of `queryset` on which `actor` may do `action`."""
        roles = self.roles_for(action)
        if not getattr(actor, "is_authenticated", False) or not actor.is_active:
            return queryset.none()
        if actor.is_superuser:
            return queryset
        condition = Q()
        for lookup in self.unit_lookups or (self.unit_lookup,):
            condition |= Q(**{f"{lookup}__in": remit().unit_ids_in_scope(actor, roles)})
        return queryset.filter(condition)

    def unit_of(self, obj: Model):
        value: object = obj
        for part in self.unit_lookup.removesuffix("_id").split("__"):
            value = obj if part == "pk" else getattr(value, part)
        return value

    def can(self, actor, action: str, obj: Model) -> bool:
        roles = self.roles_for(action)
        if not getattr(actor, "is_authenticated", False) or not actor.is_active:
            return False
        if actor.is_superuser:
            return True
        return remit().actor_holds_role_over(actor, roles, self.unit_of(obj))

    def check(self, actor, action: str, obj: Model) -> None:
        """Raise 404 when the object is outside every grant of the actor, 403 when only the role is wrong."""
        if self.can(actor, action, obj):
            return
        if self.can_see(actor, obj):
            raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
        raise Http404("Không tìm thấy đối tượng.")

    def can_see(self, actor, obj: Model) -> bool:
        return "view" in self.actions and self.can(actor, "view", obj)


def roles(*names: Iterable[str] | str) -> frozenset[str]:
    return frozenset(str(name) for name in names)
