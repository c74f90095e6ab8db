"""What eligibility needs from apps above it, handed in by those apps in their `AppConfig.ready`.

The layers contract puts eligibility below nominations and emulation (nominations keeps an eligibility
snapshot of each item; emulation proposes acclaimed units into dossiers), so eligibility cannot import
them. Two things cross the line the other way, and come in through here:

- the approved registrations (đăng ký thi đua), a fact of the rule sets (`registered`), from emulation;
- the dossiers the actor is preparing, which the screening page offers to add the eligible list to,
  from nominations.

Nothing installed means no registrations and no dossier to add to (an installation without those apps).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class RegistrationSource:
    """A model with `person_id`/`unit_id`, `entry_id`, `year` and `status`, and its approved status."""

    model: type[Model]
    approved: str


_registrations: RegistrationSource | None = None
_open_dossiers: Callable[..., QuerySet] | None = None


def install_registrations(source: RegistrationSource) -> None:
    global _registrations
    _registrations = source


def registrations() -> RegistrationSource | None:
    return _registrations


def install_open_dossiers(selector: Callable[..., QuerySet]) -> None:
    """`selector(actor=…, year=…)`: the dossiers of that year the actor may add items to."""
    global _open_dossiers
    _open_dossiers = selector


def open_dossiers(*, actor, year: int) -> QuerySet | list:
    return [] if _open_dossiers is None else _open_dossiers(actor=actor, year=year)
