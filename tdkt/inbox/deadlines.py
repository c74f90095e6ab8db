"""The yearly calendar: which deadlines are near, and whom they concern.

A deadline concerns the officers (administrators, emulation officers, commanders) of its level — the level that
must meet it: the units submit to the Military Region by 10/12, the Military Region command does not — across the
installation, or, when it names a unit, those holding a role on that unit, above it or inside its subtree (the
unit's own calendar binds its sub-units). Viewers and council members are not reminded: they prepare nothing.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from tdkt.inbox.models import Deadline, DeadlineKind
from tdkt.nominations.models import Authority
from tdkt.org.choices import Role
from tdkt.org.models import RoleAssignment
from tdkt.org.scoping import ancestor_ids

WINDOW_DAYS = 14
OFFICERS = frozenset({Role.QUAN_TRI, Role.CAN_BO_TDKT, Role.CHI_HUY})

PAGES = {
    DeadlineKind.DANG_KY: ("emulation:registrations", "Đăng ký thi đua"),
    DeadlineKind.DE_NGHI: ("nominations:dossier_list", "Lập và trình hồ sơ đề nghị"),
    DeadlineKind.KHEN_CAO: ("nominations:dossier_list", "Trình hồ sơ khen cao"),
    DeadlineKind.BAO_CAO: ("reports:summary", "Lập báo cáo tổng kết"),
    DeadlineKind.KHAC: ("home", "Chuẩn bị"),
}


@dataclass(frozen=True)
class DueDeadline:
    deadline: Deadline
    due: date
    opens: date | None
    days_left: int

    @property
    def title(self) -> str:
        return self.deadline.title

    @property
    def url(self) -> str:
        return reverse(PAGES[self.deadline.kind][0])

    @property
    def when(self) -> str:
        if self.days_left == 0:
            return f"Hôm nay là hạn cuối ({self.due:%d/%m/%Y})"
        return f"Còn {self.days_left} ngày đến hạn {self.due:%d/%m/%Y}"

    @property
    def action(self) -> str:
        return f"{PAGES[self.deadline.kind][1]} — {self.when[0].lower()}{self.when[1:]}"

    @property
    def detail(self) -> str:
        parts = [self.deadline.get_level_display()]
        if self.deadline.unit_id:
            parts.append(self.deadline.unit.name)
        if self.opens:
            parts.append(f"mở từ {self.opens:%d/%m/%Y}")
        return " · ".join(parts)


def due_within(today: date, days: int = WINDOW_DAYS) -> list[DueDeadline]:
    """Active deadlines whose next date falls in [today, today + days], soonest first."""
    out = []
    for deadline in Deadline.objects.filter(active=True).select_related("unit"):
        due = deadline.next_due(today)
        left = (due - today).days
        if left <= days:
            out.append(DueDeadline(deadline, due, deadline.opens_in(due.year), left))
    return sorted(out, key=lambda d: (d.due, d.deadline.title))


def unit_levels(unit_ids) -> dict[int, str | None]:
    """The authority level each unit works at: that of the nearest authority at or above it (a sub-unit of Cục
    Chính trị is at the unit level, Bộ Tư lệnh Quân khu at the Military Region's); None where no authority is set up
    (then every level's deadline concerns it: better a reminder too many than none)."""
    levels = dict(Authority.objects.filter(unit__isnull=False).values_list("unit_id", "level"))
    out = {}
    for unit_id in set(unit_ids):
        out[unit_id] = next((levels[u] for u in ancestor_ids(unit_id) if u in levels), None)
    return out


def _concerns(deadline: Deadline, unit_id: int, level: str | None) -> bool:
    """A role on `unit_id` (working at `level`) is reminded of a deadline of its own level, and, when the deadline
    names a unit, only on that unit, above it or inside it."""
    if level is not None and level != deadline.level:
        return False
    if deadline.unit_id is None:
        return True
    return deadline.unit_id in ancestor_ids(unit_id) or unit_id in ancestor_ids(deadline.unit_id)


def concerned_users(deadline: Deadline):
    """Ids of the active users a deadline concerns."""
    rows = list(
        RoleAssignment.objects.filter(role__in=list(OFFICERS), user__is_active=True).values_list("user_id", "unit_id")
    )
    levels = unit_levels(unit for _, unit in rows)
    return {user for user, unit in rows if _concerns(deadline, unit, levels[unit])}


def deadlines_due_for(*, actor, today: date) -> list[DueDeadline]:
    due = due_within(today)
    if not due:
        return []
    held = list(RoleAssignment.objects.filter(user=actor, role__in=list(OFFICERS)).values_list("unit_id", flat=True))
    if not held:
        return due if actor.is_superuser else []  # a superuser without a role administers every level
    levels = unit_levels(held)
    return [item for item in due if any(_concerns(item.deadline, unit, levels[unit]) for unit in held)]


def reminder_stage(days_left: int) -> str | None:
    """A deadline is reminded twice: when it enters the 14-day window, and three days before."""
    if days_left <= 3:
        return "3"
    if days_left <= WINDOW_DAYS:
        return "14"
    return None
