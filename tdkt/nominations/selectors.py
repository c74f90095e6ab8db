"""Reads of the nomination flow, scoped to the actor."""

from django.http import Http404

from tdkt.nominations.models import Dossier, DossierItem, Meeting
from tdkt.nominations.policies import dossier_policy


def dossier_list(*, actor, year: int | None = None, status: str | None = None):
    qs = dossier_policy.scope(actor, "view", Dossier.objects.select_related("unit", "authority", "created_by"))
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-year", "-status_since")


def dossier_get(*, actor, pk: int) -> Dossier:
    dossier = dossier_list(actor=actor).filter(pk=pk).first()
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


def dossier_items(*, dossier: Dossier):
    return dossier.items.select_related("person__unit", "unit", "entry", "award__decision").order_by("position", "id")


def item_of(*, dossier: Dossier, pk) -> DossierItem:
    """An item of this dossier; any other id (a forged post) is refused as not found."""
    item = dossier.items.filter(pk=pk).first() if str(pk).isdigit() else None
    if item is None:
        raise Http404("Đề nghị không thuộc hồ sơ này.")
    return item


def meeting_of(*, dossier: Dossier, pk) -> Meeting:
    meeting = dossier.meetings.filter(pk=pk).select_related("council").first() if str(pk).isdigit() else None
    if meeting is None:
        raise Http404("Cuộc họp không xét hồ sơ này.")
    return meeting


def open_dossiers(*, actor, year: int):
    """Dossiers of the year in preparation that the actor may fill (their unit's officers)."""
    from tdkt.nominations.choices import DossierStatus
    from tdkt.nominations.policies import SIDES
    from tdkt.org.scoping import unit_ids_in_scope

    qs = Dossier.objects.filter(year=year, status__in=(DossierStatus.NHAP, DossierStatus.TRA_LAI))
    if not actor.is_superuser:
        qs = qs.filter(unit_id__in=unit_ids_in_scope(actor, SIDES["submitter"]))
    return qs.select_related("unit").order_by("-created_at")


def council_list(*, actor):
    """Councils (each one term) of the units in the actor's remit, newest term first, members prefetched."""
    from tdkt.nominations.models import Council
    from tdkt.nominations.policies import council_policy

    qs = Council.objects.select_related("unit").prefetch_related("members__person", "members__user")
    return council_policy.scope(actor, "view", qs).order_by("unit__sort_key", "-term_start", "id")
