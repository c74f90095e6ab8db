"""Who may import: an editor role somewhere, and then only rows whose subject lies in the remit it covers.

The remit is the same one the write services use for units, people and the record
(`org.policies.EDITORS`: QUAN_TRI, CAN_BO_TDKT on a unit and its subtree). It is computed once per
import as sets of unit ids, so that the validation checks every row with a set look-up.
"""

from dataclasses import dataclass

from tdkt.org.models import RoleAssignment, Unit
from tdkt.org.policies import EDITORS, EVERY_ROLE
from tdkt.org.scoping import unit_ids_in_scope

IMPORT_REFUSED = (
    "Bạn không có quyền nhập dữ liệu: cần vai trò Cán bộ thi đua – khen thưởng hoặc Quản trị hệ thống "
    "tại một đơn vị. Không có dữ liệu nào được ghi."
)


def import_can_start(actor) -> bool:
    """A superuser, or an active account holding an editor role on some unit (viewers, councils, commanders: no)."""
    if actor is None or not getattr(actor, "is_active", False) or not getattr(actor, "is_authenticated", False):
        return False
    return actor.is_superuser or RoleAssignment.objects.filter(user=actor, role__in=list(EDITORS)).exists()


@dataclass(frozen=True)
class Remit:
    """The unit ids the actor may write (`write`) and see (`see`); None means every unit (superuser)."""

    write: frozenset[int] | None
    see: frozenset[int] | None

    @classmethod
    def of(cls, actor) -> "Remit":
        if actor is None or not getattr(actor, "is_active", False) or not getattr(actor, "is_authenticated", False):
            return cls(frozenset(), frozenset())
        if actor.is_superuser:
            return cls(None, None)

        def ids(roles) -> frozenset[int]:
            return frozenset(Unit.objects.filter(pk__in=unit_ids_in_scope(actor, roles)).values_list("id", flat=True))

        return cls(ids(EDITORS), ids(EVERY_ROLE))

    @property
    def everything(self) -> bool:
        return self.write is None

    def writes(self, unit_id: int | None) -> bool:
        return self.write is None or unit_id in self.write

    def sees(self, unit_id: int | None) -> bool:
        return self.see is None or unit_id in self.see
