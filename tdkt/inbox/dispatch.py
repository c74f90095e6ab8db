"""Notifications derived from the audit trail, after commit.

Every write of tdkt is audited, so the trail already says "the dossier X was returned, with this reason". Rather
than teaching each service whom to tell, the audit service announces what it recorded (`audit.signals`); when the
writer's transaction commits, `dispatch_pending` reads the events after the last one handled
(`DispatchCursor`), turns those in `RULES` into notifications for the people they concern, and e-mails the users
who asked for it. Reading by cursor makes it idempotent and self-healing: an event recorded in bulk, or while the
dispatcher failed, is handled by the next dispatch (or by `tdkt send_reminders`, which dispatches first). A
rolled-back write never reaches the trail, so it notifies nobody.

Who is told: the nearest officers of the unit concerned (the role holders on that unit, or on the closest
ancestor that has any; a root administrator is not told of every dossier of the installation), plus the user who
created the object; never the user who made the change.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tdkt.audit.models import AuditChainHead, AuditEvent
from tdkt.inbox.mail import send_pending_mail
from tdkt.inbox.models import DispatchCursor, Notification, NotificationKind
from tdkt.nominations.policies import SIDES
from tdkt.nominations.selectors import acting_body
from tdkt.org.choices import Role
from tdkt.org.models import RoleAssignment
from tdkt.org.scoping import ancestor_ids

log = logging.getLogger(__name__)

EDITORS = frozenset({Role.QUAN_TRI, Role.CAN_BO_TDKT})
BATCH = 2000


@dataclass(frozen=True)
class Message:
    users: frozenset[int]
    kind: str
    title: str
    body: str = ""
    url: str = ""
    act: bool = False  # asks the recipients to do something: ended by the object's next step (`close_done`)


def nearest_holders(unit_id: int | None, roles) -> set[int]:
    """Users holding one of `roles` on the unit, or else on its nearest ancestor where anyone holds one."""
    if unit_id is None:
        return set()
    chain = ancestor_ids(unit_id)
    rows = RoleAssignment.objects.filter(unit_id__in=chain, role__in=list(roles), user__is_active=True)
    by_unit: dict[int, set[int]] = {}
    for unit, user in rows.values_list("unit_id", "user_id"):
        by_unit.setdefault(unit, set()).add(user)
    for unit in chain:
        if unit in by_unit:
            return by_unit[unit]
    return set()


# --- dossiers --------------------------------------------------------------------------------------------------

DOSSIER_TO_SENDER = {
    # receive and return name the body that acted ({body}): a higher command may act on a lower level's dossier
    "receive": "Hồ sơ “{title}” đã được {body} tiếp nhận.",
    "return": "Hồ sơ “{title}” bị {body} trả lại để bổ sung.",
    "forward": "Hồ sơ “{title}” đã được trình lên {authority}.",
    "decide": "Hồ sơ “{title}” đã có quyết định khen thưởng.",
    "close_vote": "Hội đồng {authority} đã biểu quyết xong hồ sơ “{title}”.",
}
DOSSIER_TO_LEVEL = {
    # the level now holding the dossier: (side that must act, message)
    "submit": ("reviewer", "Hồ sơ “{title}” của {unit} đã gửi đến {authority}: cần tiếp nhận."),
    "forward": ("reviewer", "Hồ sơ “{title}” của {unit} đã trình lên {authority}: cần tiếp nhận."),
    "to_council": ("council", "Hồ sơ “{title}” đã đưa ra Hội đồng {authority}: cần biểu quyết."),
    "close_vote": ("signer", "Hồ sơ “{title}” đã được Hội đồng xét: chờ ký quyết định."),
}


def _step_authority(objects, dossier, step: str, event: AuditEvent):
    """The authority of the dossier's own record of this step (`DossierEvent`, written just before the audit
    event in the same transaction): the last one of that action not after the audit event."""
    steps = [e for e in objects.get(("steps", dossier.pk), []) if e.action == step and e.at <= event.created_at]
    return steps[-1].authority if steps else None


def _dossier_messages(event: AuditEvent, objects) -> list[Message]:
    dossier = objects.get(("nominations.dossier", event.object_id))
    if dossier is None:
        return []
    step = event.action.rsplit(".", 1)[1]
    # the level that held the dossier right after this step (a later step may have moved it on since)
    authority = _step_authority(objects, dossier, step, event) or dossier.authority
    body = acting_body(event.actor_id, authority.unit_id) if step in ("receive", "return") else None
    words = {
        "title": dossier.title,
        "authority": authority.name,
        "unit": dossier.unit.name,
        "body": body or authority.name,
    }
    url = dossier.get_absolute_url()
    out = []
    if step in DOSSIER_TO_SENDER:
        senders = nearest_holders(dossier.unit_id, SIDES["submitter"]) | {dossier.created_by_id}
        body = f"Lý do: {event.reason}" if step == "return" and event.reason else ""
        text = DOSSIER_TO_SENDER[step].format(**words)
        out.append(Message(frozenset(senders), NotificationKind.HO_SO, text, body, url, act=step == "return"))
    if step in DOSSIER_TO_LEVEL:
        side, text = DOSSIER_TO_LEVEL[step]
        holders = nearest_holders(authority.unit_id, SIDES[side])
        out.append(Message(frozenset(holders), NotificationKind.HO_SO, text.format(**words), "", url, act=True))
    return out


# --- registrations and scoring ---------------------------------------------------------------------------------


def _registration_messages(event: AuditEvent, objects) -> list[Message]:
    registration = objects.get(("emulation.registration", event.object_id))
    if registration is None:
        return []
    approved = (event.after or {}).get("status") == "DA_DUYET"
    subject = registration.person or registration.unit
    unit_id = registration.person.unit_id if registration.person_id else registration.unit_id
    what = f"Đăng ký “{registration.entry.name}” năm {registration.year} của {subject}"
    title = f"{what} đã được duyệt." if approved else f"{what} bị trả lại."
    body = "" if approved or not registration.reason else f"Lý do: {registration.reason}"
    users = nearest_holders(unit_id, EDITORS) | {registration.registered_by_id}
    url = f"{reverse('emulation:registrations')}?nam={registration.year}"
    return [Message(frozenset(users), NotificationKind.DANG_KY, title, body, url)]


ROUND_STEPS = {
    "TU_CHAM": "Đợt chấm điểm {cluster} năm {year} đã mở: đơn vị tự chấm điểm.",
    "GIAI_TRINH": "Cụm trưởng đã thẩm định điểm {cluster} năm {year}: xem nhận xét và giải trình.",
    "KHOA": "Kết quả chấm điểm {cluster} năm {year} đã khóa.",
}
ROUND_ACT = {"TU_CHAM", "GIAI_TRINH"}  # the members must self-score, explain: done when the round moves on


def _round_messages(event: AuditEvent, objects) -> list[Message]:
    round_ = objects.get(("emulation.scoringround", event.object_id))
    status = (event.after or {}).get("status")
    if round_ is None or status not in ROUND_STEPS:
        return []
    from tdkt.emulation.models import ClusterMembership

    members = ClusterMembership.objects.filter(cluster_id=round_.cluster_id, year=round_.year)
    users: set[int] = set()
    for unit_id in members.values_list("unit_id", flat=True):
        users |= nearest_holders(unit_id, EDITORS)
    title = ROUND_STEPS[status].format(cluster=round_.cluster.name, year=round_.year)
    url = reverse("emulation:scoring", args=[round_.cluster_id, round_.year])
    act = status in ROUND_ACT
    return [Message(frozenset(users), NotificationKind.CHAM_DIEM, title, "", url, act=act)]


def _reviewer(actor_id: int | None, score) -> str:
    """Who reviewed: the leader of the year, or the level above (the leader's own score is not reviewed by it)."""
    from tdkt.emulation.models import ClusterLeadership

    leadership = ClusterLeadership.objects.filter(cluster_id=score.round.cluster_id, year=score.round.year).first()
    if leadership and RoleAssignment.objects.filter(user_id=actor_id, unit_id=leadership.leader_id).exists():
        return "Cụm trưởng"
    body = acting_body(actor_id, score.unit_id)
    if body:
        return body
    # no authority above the member: the unit of the reviewer's nearest role over it
    chain = ancestor_ids(score.unit_id, include_self=False)
    held = dict(RoleAssignment.objects.filter(user_id=actor_id, unit_id__in=chain).values_list("unit_id", "unit__name"))
    return next((held[uid] for uid in chain if uid in held), "Cụm trưởng")


def _score_messages(event: AuditEvent, objects) -> list[Message]:
    score = objects.get(("emulation.score", event.object_id))
    if score is None or not score.review_note:
        return []  # a bare review is told once, when the round moves to the explanations (ROUND_STEPS)
    title = f"{_reviewer(event.actor_id, score)} nhận xét tiêu chí “{score.criterion.name}” của {score.unit.name}."
    url = reverse("emulation:scoring", args=[score.round.cluster_id, score.round.year])
    users = nearest_holders(score.unit_id, EDITORS)
    return [Message(frozenset(users), NotificationKind.CHAM_DIEM, title, f"Nhận xét: {score.review_note}", url)]


RULES = {
    **{f"nominations.dossier.{step}": _dossier_messages for step in {*DOSSIER_TO_SENDER, *DOSSIER_TO_LEVEL}},
    "emulation.registration.reviewed": _registration_messages,
    "emulation.round.advanced": _round_messages,
    "emulation.score.reviewed": _score_messages,
}
# steps that tell nobody but end the "act now" notifications of their object (a withdrawn or revised dossier)
CLOSERS = frozenset({"nominations.dossier.withdraw", "nominations.dossier.revise"})
HANDLED = frozenset({*RULES, *CLOSERS})


def _subject(event: AuditEvent) -> str:
    return f"{event.object_type}:{event.object_id}"[:80]


def close_done(events: list[AuditEvent], notes: list[Notification]) -> int:
    """A step of an object ends the "act now" notifications of its earlier steps ("… cần tiếp nhận" once received,
    "… cần biểu quyết" once the vote is closed), for every recipient: someone at that level did the work. They
    are marked done and read, so they leave "Thông báo mới" and the unread count. `notes` are those about to be
    made from the same events (an earlier event of this batch may have asked for what a later one did)."""
    last = {}
    for event in events:
        if event.action in HANDLED:
            last[_subject(event)] = event.seq
    if not last:
        return 0
    now = timezone.now()
    for note in notes:
        if note.act and note.subject in last and int(note.key.split(":")[1]) < last[note.subject]:
            note.done_at = note.read_at = now
    open_ = Notification.objects.filter(subject__in=list(last), act=True, done_at__isnull=True)
    open_.filter(read_at__isnull=True).update(read_at=now)
    return open_.update(done_at=now)


def _load(events: list[AuditEvent]) -> dict:
    """The objects the events name, a query per kind."""
    from tdkt.emulation.models import Registration, Score, ScoringRound
    from tdkt.nominations.models import Dossier, DossierEvent

    kinds = {
        "nominations.dossier": Dossier.objects.select_related("unit", "authority"),
        "emulation.registration": Registration.objects.select_related("person", "unit", "entry"),
        "emulation.scoringround": ScoringRound.objects.select_related("cluster"),
        "emulation.score": Score.objects.select_related("criterion", "unit", "round"),
    }
    wanted: dict[str, set[str]] = {}
    for event in events:
        wanted.setdefault(event.object_type, set()).add(event.object_id)
    objects = {}
    for kind, ids in wanted.items():
        if kind in kinds:
            for obj in kinds[kind].filter(pk__in=[int(i) for i in ids if i.isdigit()]):
                objects[(kind, str(obj.pk))] = obj
    dossiers = [int(i) for i in wanted.get("nominations.dossier", ()) if i.isdigit()]
    if dossiers:
        steps = DossierEvent.objects.filter(dossier_id__in=dossiers).select_related("authority").order_by("at", "id")
        for step in steps:
            objects.setdefault(("steps", step.dossier_id), []).append(step)
    return objects


def notifications_for(events: list[AuditEvent]) -> list[Notification]:
    relevant = [e for e in events if e.action in RULES]
    objects = _load(relevant) if relevant else {}
    out = []
    for event in relevant:
        subject = _subject(event)
        for message in RULES[event.action](event, objects):
            for user_id in sorted(message.users - {event.actor_id, None}):
                out.append(
                    Notification(
                        user_id=user_id,
                        kind=message.kind,
                        title=message.title[:400],
                        body=message.body,
                        url=message.url,
                        key=f"audit:{event.seq}",
                        subject=subject,
                        act=message.act,
                    )
                )
    return out


def dispatch_pending() -> int:
    """Turn the audit events recorded since the last dispatch into notifications; e-mail them. Returns how
    many notifications were made."""
    made = 0
    last = AuditChainHead.objects.values_list("seq", flat=True).first() or 0
    if DispatchCursor.objects.filter(id=1, seq__gte=last).exists():
        return 0  # nothing recorded since the last dispatch: no write lock taken
    with transaction.atomic():
        cursor = DispatchCursor.objects.select_for_update().filter(id=1).first()
        if cursor is None:
            cursor = DispatchCursor.objects.create(id=1, seq=0)
        last = AuditChainHead.objects.values_list("seq", flat=True).first() or 0
        relevant = AuditEvent.objects.filter(seq__gt=cursor.seq, seq__lte=last, action__in=list(HANDLED))
        fields = ("seq", "created_at", "action", "object_type", "object_id", "actor_id", "reason", "after")
        start = cursor.seq
        while True:
            events = list(relevant.filter(seq__gt=start).order_by("seq").only(*fields)[:BATCH])
            if not events:
                break
            notes = notifications_for(events)
            close_done(events, notes)  # before the new ones are saved: those stored are all of earlier events
            Notification.objects.bulk_create(notes, ignore_conflicts=True)
            made += len(notes)
            start = events[-1].seq
        if last > cursor.seq:
            DispatchCursor.objects.filter(id=1).update(seq=last)
    if made:
        send_pending_mail()
    return made


def _dispatch_after_commit() -> None:
    try:
        dispatch_pending()
    except Exception:  # a notification must never turn a saved change into an error page
        log.exception("tdkt.inbox: dispatching notifications failed; the next dispatch picks the events up")


def on_events_recorded(sender, actions=(), **kwargs) -> None:
    """Audit announced events inside a writer's transaction: dispatch once after it commits, if any matters."""
    if not any(action in HANDLED for action in actions):
        return
    if transaction.get_connection().in_atomic_block:
        # once per announcement: after the first has dispatched, the others find nothing new (two reads)
        transaction.on_commit(_dispatch_after_commit)
