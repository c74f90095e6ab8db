"""Reads of emulation work, scoped to the actor."""

from django.db.models import Q

from tdkt.emulation.models import Cluster, Exemplar, Registration
from tdkt.org.policies import EVERY_ROLE
from tdkt.org.scoping import unit_ids_in_scope


def cluster_list(*, actor):
    """Clusters the actor sees: organised by a unit in their remit, or with a member unit in it."""
    if actor.is_superuser:
        return Cluster.objects.select_related("organiser")
    units = unit_ids_in_scope(actor, EVERY_ROLE)
    return Cluster.objects.filter(Q(organiser_id__in=units) | Q(memberships__unit_id__in=units)).distinct()


def registration_list(*, actor, year: int | None = None):
    qs = Registration.objects.select_related("person__unit", "unit__parent", "entry", "registered_by")
    if not actor.is_superuser:
        units = unit_ids_in_scope(actor, EVERY_ROLE)
        qs = qs.filter(Q(person__unit_id__in=units) | Q(unit_id__in=units))
    return qs.filter(year=year) if year else qs


def _exemplars(*, actor):
    qs = Exemplar.objects.select_related("person__unit", "unit").prefetch_related("steps", "awards__entry")
    if not actor.is_superuser:
        units = unit_ids_in_scope(actor, EVERY_ROLE)
        qs = qs.filter(Q(person__unit_id__in=units) | Q(unit_id__in=units))
    return qs


def exemplar_get(*, actor, pk) -> Exemplar | None:
    return _exemplars(actor=actor).filter(pk=pk).first() if str(pk).isdigit() else None


def exemplar_list(*, actor, campaign: str = "", stage: str = ""):
    qs = _exemplars(actor=actor)
    if stage:
        qs = qs.filter(stage=stage)
    rows = list(qs)
    return [e for e in rows if not campaign or campaign in e.campaigns]
