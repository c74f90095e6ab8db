"""The inbox ("Việc cần làm"): what waits for the actor, read across nominations and emulation.

Each kind of work asks the owning app who may do it — the dossier sides of `nominations.policies.SIDES` (the same
rule `DossierPolicy.check_side` applies when the button is pressed), `registration_policy.can(…, "review", …)`,
`round_policy.can(…, "lead", …)` and `score_policy.can(…, "member", …)` — so an entry appears exactly when the page
it links to will let the actor do the work. Queries are bounded: one per kind of dossier work, one for the
registrations waiting, one for the open rounds and their memberships, and the policy checks, which a read-only
request answers from memory after the first (`org.scoping.read_only_memo`).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from tdkt.emulation import selectors as emulation
from tdkt.emulation.choices import RegistrationStatus, RoundStatus
from tdkt.emulation.models import ClusterMembership, Score
from tdkt.emulation.policies import registration_policy, round_policy, score_policy
from tdkt.inbox.deadlines import deadlines_due_for
from tdkt.nominations.choices import DossierStatus
from tdkt.nominations.models import Dossier, DossierEvent
from tdkt.nominations.policies import SIDES, side_authority_unit_ids
from tdkt.org.scoping import unit_ids_in_scope

SHOWN = 20  # rows of one group on the home page; the group says how many there are in all


@dataclass(frozen=True)
class Entry:
    action: str  # what to do, in Vietnamese ("Tiếp nhận hồ sơ")
    title: str  # what it is about
    url: str  # the page where the work is done
    detail: str = ""
    reason: str = ""  # a return's reason, shown before everything else of the entry
    due: date | None = None
    count: int = 1


@dataclass
class Group:
    key: str
    name: str
    entries: list[Entry] = field(default_factory=list)
    total: int = 0  # the things waiting (dossiers, registrations…), the figure the header shows
    more: int = 0  # rows cut from the list (SHOWN each); an entry may stand for several things (a year's registrations)


@dataclass
class Inbox:
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)


def _dated(dossier) -> str:
    since = timezone.localtime(dossier.status_since).strftime("%d/%m/%Y")
    return f"{dossier.unit.name} · {dossier.authority.name} · từ {since}"


# status → (side that acts, what to do, which page)
DOSSIER_WORK = {
    DossierStatus.DA_GUI: ("reviewer", "Tiếp nhận hồ sơ", "nominations:dossier_detail"),
    DossierStatus.DANG_XET: (
        "reviewer",
        "Xét từng đề nghị, đưa ra hội đồng hoặc trình cấp trên",
        "nominations:dossier_detail",
    ),
    DossierStatus.BIEU_QUYET: ("council", "Ghi kết quả kiểm phiếu và kết thúc biểu quyết", "nominations:meeting"),
    DossierStatus.DA_XET: ("signer", "Ký quyết định khen thưởng", "nominations:decision_issue"),
}


def _dossiers_on_side(actor, side: str, *, unit_field: str):
    qs = Dossier.objects.select_related("unit", "authority")
    if actor.is_superuser:
        return qs
    if unit_field == "authority__unit_id":  # the level holding the dossier acts, not the levels above it
        return qs.filter(authority__unit_id__in=side_authority_unit_ids(actor, side))
    return qs.filter(**{f"{unit_field}__in": unit_ids_in_scope(actor, SIDES[side])})


def _group(key, name, rows, make) -> Group:
    rows = list(rows[: SHOWN + 1]) if not isinstance(rows, list) else rows
    entries = [make(row) for row in rows[:SHOWN]]
    return Group(key, name, entries, len(rows), max(len(rows) - SHOWN, 0))


def returned_dossiers(*, actor) -> Group:
    """Dossiers of my units returned to us, the reason of the last return first."""
    last_reason = DossierEvent.objects.filter(dossier=OuterRef("pk"), action="return").order_by("-at", "-id")
    qs = (
        _dossiers_on_side(actor, "submitter", unit_field="unit_id")
        .filter(status=DossierStatus.TRA_LAI)
        .annotate(return_reason=Subquery(last_reason.values("reason")[:1]))
        .order_by("status_since")
    )
    rows = list(qs[: SHOWN + 1])

    def make(d):
        return Entry(
            action="Sửa, bổ sung theo lý do trả lại rồi trình lại",
            title=d.title,
            url=d.get_absolute_url(),
            detail=_dated(d),
            reason=d.return_reason or "",
        )

    group = _group("returned", "Hồ sơ bị trả lại", rows, make)
    group.total = qs.count() if len(rows) > SHOWN else len(rows)
    group.more = max(group.total - SHOWN, 0)
    return group


def dossier_work(*, actor) -> Group:
    """Dossiers waiting at a level where the actor acts: to receive, review, vote, sign."""
    entries, total = [], 0
    for status, (side, action, page) in DOSSIER_WORK.items():
        qs = _dossiers_on_side(actor, side, unit_field="authority__unit_id").filter(status=status)
        rows = list(qs.order_by("status_since")[: SHOWN + 1])
        total += qs.count() if len(rows) > SHOWN else len(rows)
        entries += [
            Entry(action=action, title=d.title, url=reverse(page, args=[d.pk]), detail=_dated(d)) for d in rows[:SHOWN]
        ]
    return Group("dossiers", "Hồ sơ đề nghị cần xử lý", entries[:SHOWN], total, max(total - SHOWN, 0))


def registrations_to_review(*, actor) -> Group:
    """Registrations waiting for the actor's approval, one entry per year (the page approves them)."""
    pending = emulation.registration_list(actor=actor).filter(status=RegistrationStatus.DANG_KY)
    pending = pending.select_related("person__unit__parent", "unit__parent")
    by_year: dict[int, int] = {}
    for registration in pending[:2000]:
        if registration_policy.can(actor, "review", registration):
            by_year[registration.year] = by_year.get(registration.year, 0) + 1
    entries = [
        Entry(
            action="Duyệt hoặc trả lại đăng ký thi đua",
            title=f"{count} đăng ký thi đua năm {year} chờ duyệt",
            url=f"{reverse('emulation:registrations')}?nam={year}",
            count=count,
        )
        for year, count in sorted(by_year.items(), reverse=True)
    ]
    return Group("registrations", "Đăng ký thi đua chờ duyệt", entries, sum(by_year.values()))


ROUND_LEAD = {
    RoundStatus.SOAN: "Xây dựng tiêu chí rồi mở bước tự chấm",
    RoundStatus.THAM_DINH: "Thẩm định điểm tự chấm của các đơn vị",
    RoundStatus.CHAM_LAI: "Thẩm định lại sau giải trình, rồi khóa kết quả",
}
ROUND_MEMBER = {
    RoundStatus.TU_CHAM: "Tự chấm điểm",
    RoundStatus.GIAI_TRINH: "Giải trình theo nhận xét của cụm trưởng",
}


def scoring_work(*, actor) -> Group:
    """Open scoring rounds: the leader's steps, and each member unit of mine that must self-score or explain."""
    rounds = list(emulation.round_list(actor=actor).exclude(status=RoundStatus.KHOA).order_by("-year", "cluster__name"))
    entries = []
    members = {}
    if any(r.status in ROUND_MEMBER for r in rounds):
        pairs = ClusterMembership.objects.filter(
            cluster_id__in=[r.cluster_id for r in rounds if r.status in ROUND_MEMBER]
        ).select_related("unit")
        for m in pairs:
            members.setdefault((m.cluster_id, m.year), []).append(m.unit)
    asked = set()
    if any(r.status == RoundStatus.GIAI_TRINH for r in rounds):
        noted = Score.objects.filter(round__in=[r for r in rounds if r.status == RoundStatus.GIAI_TRINH])
        asked = set(noted.exclude(review_note="").filter(explanation="").values_list("round_id", "unit_id"))
    for round_ in rounds:
        url = reverse("emulation:scoring", args=[round_.cluster_id, round_.year])
        where = f"{round_.cluster.name} năm {round_.year}"
        if round_.status in ROUND_LEAD and round_policy.can(actor, "lead", round_):
            entries.append(Entry(action=ROUND_LEAD[round_.status], title=where, url=url, detail="Cụm trưởng"))
        if round_.status in ROUND_MEMBER:
            for unit in members.get((round_.cluster_id, round_.year), []):
                if round_.status == RoundStatus.GIAI_TRINH and (round_.pk, unit.pk) not in asked:
                    continue
                if score_policy.can(actor, "member", Score(round=round_, unit=unit)):
                    entries.append(Entry(action=ROUND_MEMBER[round_.status], title=where, url=url, detail=unit.name))
    return Group("scoring", "Chấm điểm cụm thi đua", entries[:SHOWN], len(entries), max(len(entries) - SHOWN, 0))


def deadlines_group(*, actor, today: date) -> Group:
    entries = [
        Entry(action=d.action, title=d.title, url=d.url, detail=d.detail, due=d.due)
        for d in deadlines_due_for(actor=actor, today=today)
    ]
    return Group("deadlines", "Hạn trong 14 ngày tới", entries, len(entries))


def inbox_for(*, actor, today: date | None = None) -> Inbox:
    """Everything waiting for the actor, returned dossiers first (their reasons are what to fix)."""
    today = today or timezone.localdate()
    if not actor.is_active:
        return Inbox([])
    groups = [
        returned_dossiers(actor=actor),
        dossier_work(actor=actor),
        registrations_to_review(actor=actor),
        scoring_work(actor=actor),
        deadlines_group(actor=actor, today=today),
    ]
    return Inbox([g for g in groups if g.total])
