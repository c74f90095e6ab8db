"""Reads of the nomination flow, scoped to the actor."""

from dataclasses import dataclass

from django.http import Http404

from tdkt.nominations.choices import DossierStatus
from tdkt.nominations.models import Authority, Dossier, DossierEvent, DossierItem, Meeting
from tdkt.nominations.policies import dossier_policy
from tdkt.org.models import RoleAssignment
from tdkt.org.scoping import ancestor_ids


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


def acting_body(actor_id: int | None, unit_id: int | None) -> str | None:
    """The body a user acted as on something held at `unit_id`: the level of the user's role nearest at or above
    it, by that level's authority ("Bộ Tư lệnh Quân khu 5" when its administrator returned a dossier held by Cục
    Chính trị). None when that is the holding level itself (the unit, or the units above it up to the next
    authority) or the user holds no role on the chain (a superuser without roles): the holder's name stands."""
    if actor_id is None or unit_id is None:
        return None
    chain = ancestor_ids(unit_id)  # the unit first, then upwards
    held = set(RoleAssignment.objects.filter(user_id=actor_id, unit_id__in=chain).values_list("unit_id", flat=True))
    if not held:
        return None
    authorities = {a.unit_id: a for a in Authority.objects.filter(unit_id__in=chain[1:]).order_by("-pk")}
    level = None  # the authority of the level being walked: None for the holding level (up to the next authority)
    for uid in chain:
        if uid in authorities:
            level = authorities[uid]
        if uid in held:
            if level is None:
                return None
            return level.name
    return None


@dataclass(frozen=True)
class ReturnNotice:
    event: DossierEvent
    body: str  # who returned it: the level holding it, or the higher command that acted on it


def return_notice(*, dossier: Dossier) -> ReturnNotice | None:
    """The last return of a dossier now returned (TRA_LAI): its reason, who, when — the top of the dossier page."""
    if dossier.status != DossierStatus.TRA_LAI:
        return None
    event = (
        DossierEvent.objects.filter(dossier=dossier, action="return")
        .select_related("authority", "actor")
        .order_by("-at", "-id")
        .first()
    )
    if event is None:
        return None
    return ReturnNotice(event, acting_body(event.actor_id, event.authority.unit_id) or event.authority.name)
