"""Who may see and move a dossier.

A dossier is seen by everyone holding a role over the proposing unit, and by everyone holding a role
over the unit of the authority that holds it now or held it before (every level it went through).
Moving it is a matter of which side one is on: the proposing unit's officers prepare, submit and
withdraw; the receiving level's officers and commanders review; its council members enter tallies;
its commanders sign.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tdkt.core.policy import Policy
from tdkt.nominations.models import Authority
from tdkt.org.choices import Role
from tdkt.org.models import RoleAssignment
from tdkt.org.policies import EDITORS, EVERY_ROLE
from tdkt.org.scoping import actor_holds_role_over, ancestor_ids, unit_ids_in_scope

SIDES = {
    "submitter": frozenset({Role.QUAN_TRI, Role.CAN_BO_TDKT}),
    "reviewer": frozenset({Role.QUAN_TRI, Role.CAN_BO_TDKT, Role.CHI_HUY}),
    "council": frozenset({Role.QUAN_TRI, Role.HOI_DONG}),
    "signer": frozenset({Role.CHI_HUY}),
}
#: sides that belong to the level holding the dossier alone (`level_unit_ids`); the others are held over it
LEVEL_SIDES = frozenset({"reviewer"})
SIDE_NAMES = {
    "submitter": "cán bộ thi đua – khen thưởng của đơn vị đề nghị",
    "reviewer": "cán bộ thi đua – khen thưởng hoặc chỉ huy của cấp đang xét",
    "council": "thành viên hội đồng thi đua – khen thưởng của cấp đang xét",
    "signer": "chỉ huy có thẩm quyền ký của cấp đang xét",
}


def level_unit_ids(unit) -> list[int]:
    """The units whose roles act for the level of `unit` (an authority's unit): the unit itself and the units
    above it up to, not including, the next unit that is an authority of its own. A commander of the Military
    Region (an authority above Cục Chính trị) sees Cục Chính trị's review but does not take part in it: he
    reviews the dossier once it is forwarded to his level."""
    ids = ancestor_ids(unit.pk)  # the unit first, then upwards
    above = set(Authority.objects.filter(unit_id__in=ids[1:]).values_list("unit_id", flat=True))
    level = [ids[0]]
    for unit_id in ids[1:]:
        if unit_id in above:
            break
        level.append(unit_id)
    return level


def holds_level_role(actor, roles, unit) -> bool:
    return RoleAssignment.objects.filter(user=actor, role__in=list(roles), unit_id__in=level_unit_ids(unit)).exists()


def side_authority_unit_ids(actor, side: str):
    """The authority units at which `actor` acts on `side` (a filter on a dossier's `authority__unit_id`, for
    lists of work such as the inbox): the same rule as `DossierPolicy.check_side`."""
    in_scope = unit_ids_in_scope(actor, SIDES[side])
    if side not in LEVEL_SIDES:
        return in_scope
    authorities = Authority.objects.filter(unit_id__in=in_scope).select_related("unit")
    return [a.unit_id for a in authorities if holds_level_role(actor, SIDES[side], a.unit)]


class DossierPolicy(Policy):
    unit_lookups = ("unit_id", "authority__unit_id", "events__authority__unit_id")
    actions = {"view": EVERY_ROLE, "create": EDITORS}

    def unit_of(self, obj):
        return obj.unit

    def scope(self, actor, action, queryset):
        return super().scope(actor, action, queryset).distinct()

    def can_view(self, actor, dossier) -> bool:
        return self.scope(actor, "view", type(dossier).objects.filter(pk=dossier.pk)).exists()

    def check_side(self, actor, side: str, dossier) -> None:
        """404 outside every grant (nothing is revealed), 403 for a visible dossier on the wrong side."""
        if not self.can_view(actor, dossier):
            raise Http404("Không tìm thấy hồ sơ.")
        unit = dossier.unit if side == "submitter" else dossier.authority.unit
        if actor.is_superuser:
            return
        if side in LEVEL_SIDES:  # the holding level's own review, not the levels above it
            if unit is not None and holds_level_role(actor, SIDES[side], unit):
                return
        elif unit is not None and actor_holds_role_over(actor, SIDES[side], unit):
            return
        raise PermissionDenied(f"Chỉ {SIDE_NAMES[side]} được làm việc này.")

    def has_side(self, actor, side: str, dossier) -> bool:
        try:
            self.check_side(actor, side, dossier)
        except (PermissionDenied, Http404):
            return False
        return True


dossier_policy = DossierPolicy()


class CouncilPolicy(Policy):
    """A unit's council (one term, with its members): seen by every role over the unit (the councils page and
    `/api/v1/councils/`); formed and staffed by its officers (`services.councils` checks that itself)."""

    unit_lookup = "unit_id"
    actions = {"view": EVERY_ROLE, "manage": EDITORS}


council_policy = CouncilPolicy()
