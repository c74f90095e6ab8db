"""Reads of emulation work, scoped to the actor through the emulation policies."""

from tdkt.emulation.models import Cluster, Conference, Exemplar, Movement, Registration, ScoringRound
from tdkt.emulation.policies import (
    cluster_policy,
    conference_policy,
    exemplar_policy,
    movement_policy,
    registration_policy,
    round_policy,
)
from tdkt.org.models import Unit
from tdkt.org.policies import unit_policy


def cluster_list(*, actor):
    """Clusters the actor sees: organised by a unit in their remit, or with a member unit in it."""
    return cluster_policy.scope(actor, "view", Cluster.objects.select_related("organiser"))


def round_list(*, actor):
    """Scoring rounds of the clusters the actor sees."""
    return round_policy.scope(actor, "view", ScoringRound.objects.select_related("cluster__organiser"))


def registration_list(*, actor, year: int | None = None):
    qs = Registration.objects.select_related("person__unit", "unit__parent", "entry", "registered_by")
    qs = registration_policy.scope(actor, "view", qs)
    return qs.filter(year=year) if year else qs


def _exemplars(*, actor):
    qs = Exemplar.objects.select_related("person__unit", "unit").prefetch_related("steps", "awards__entry")
    return exemplar_policy.scope(actor, "view", qs)


def exemplar_get(*, actor, pk) -> Exemplar | None:
    return _exemplars(actor=actor).filter(pk=pk).first() if str(pk).isdigit() else None


def exemplar_queryset(*, actor):
    """Exemplars in the actor's remit, as a queryset (for ExemplarFilterSet)."""
    return _exemplars(actor=actor)


def exemplar_list(*, actor, campaign: str = "", stage: str = ""):
    qs = _exemplars(actor=actor)
    if stage:
        qs = qs.filter(stage=stage)
    rows = list(qs)
    return [e for e in rows if not campaign or campaign in e.campaigns]


def movement_list(*, actor):
    return movement_policy.scope(actor, "view", Movement.objects.select_related("unit", "parent"))


def unit_conference_list(*, actor, year: int):
    """Conferences of units (not of clusters) of the year, in the actor's remit."""
    qs = Conference.objects.filter(unit__isnull=False, year=year).select_related("unit", "host")
    return conference_policy.scope(actor, "view", qs)


def units_seen(*, actor):
    """Units in the actor's remit (any role)."""
    return unit_policy.scope(actor, "view", Unit.objects.all())


def units_edited(*, actor):
    """Units whose emulation work the actor may write (officers and administrators, subtrees included)."""
    return unit_policy.scope(actor, "change", Unit.objects.all())


def conference_list(*, actor):
    """Conferences (sơ kết, tổng kết) of the units in the actor's remit and of the clusters the actor sees."""
    qs = Conference.objects.select_related("unit", "cluster", "host")
    return conference_policy.scope(actor, "view", qs).order_by("-held_on", "-id")
