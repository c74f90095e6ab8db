"""Writes of the inbox: read marks, the e-mail choice, the calendar of deadlines and the reminders.

Notifications themselves are not audited: they are derived from the audit trail (or from the calendar) and
auditing them would write a second trail of the first. A user's own read marks are not records either. The
e-mail choice and every change of the calendar are audited.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tdkt.audit.services import audit_record, snapshot
from tdkt.core.errors import DomainError
from tdkt.inbox.deadlines import concerned_users, due_within, reminder_stage
from tdkt.inbox.dispatch import dispatch_pending
from tdkt.inbox.mail import send_pending_mail
from tdkt.inbox.models import UNREAD, Deadline, Notification, NotificationKind, NotificationPreference
from tdkt.org.choices import Role
from tdkt.org.models import RoleAssignment

NO_ADDRESS = (
    "Tài khoản chưa có địa chỉ thư điện tử nên không gửi được thư: nhờ quản trị hệ thống ghi địa chỉ cho tài khoản "
    "(Quản trị → Người dùng) rồi bật lại."
)
DEADLINE_FIELDS = [
    "title",
    "kind",
    "level",
    "unit",
    "opens_day",
    "opens_month",
    "due_day",
    "due_month",
    "note",
    "active",
]


def _check_own(actor, notification: Notification) -> Notification:
    if not actor.is_authenticated or notification.user_id != actor.pk:
        raise Http404("Không tìm thấy thông báo.")
    return notification


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    notification = _check_own(actor, Notification.objects.select_for_update().get(pk=notification.pk))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(UNREAD, user=actor).update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, actor, email: bool) -> NotificationPreference:
    """The user's own choice to get notifications by e-mail; nobody sets it for another account. Turning it on
    needs an address on the account (else nothing could be sent, and the page would say it will be)."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied("Cần đăng nhập để đổi cài đặt thông báo.")
    if email and not (actor.email or "").strip():
        raise DomainError(NO_ADDRESS)
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=actor)
    before = {"email": preference.email}
    preference.email = bool(email)
    preference.save()
    audit_record(
        actor=actor, action="inbox.preference.updated", obj=preference, before=before, after={"email": preference.email}
    )
    return preference


def preference_of(*, user) -> NotificationPreference:
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def _check_calendar_admin(actor) -> None:
    """The calendar is the installation's: a superuser or an administrator (QUAN_TRI) of a top unit."""
    if actor is not None and actor.is_active and actor.is_superuser:
        return
    top_admin = RoleAssignment.objects.filter(user=actor, role=Role.QUAN_TRI, unit__parent__isnull=True)
    if actor is None or not actor.is_active or not top_admin.exists():
        raise PermissionDenied("Chỉ quản trị hệ thống được sửa lịch công tác thi đua – khen thưởng.")


@transaction.atomic
def deadline_create(*, actor, **values) -> Deadline:
    _check_calendar_admin(actor)
    deadline = Deadline(**{name: values[name] for name in DEADLINE_FIELDS if name in values})
    deadline.full_clean()
    deadline.save()
    audit_record(actor=actor, action="inbox.deadline.created", obj=deadline, after=snapshot(deadline, DEADLINE_FIELDS))
    return deadline


@transaction.atomic
def deadline_update(*, actor, deadline: Deadline, reason: str = "", **values) -> Deadline:
    _check_calendar_admin(actor)
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    before = snapshot(deadline, DEADLINE_FIELDS)
    for name in DEADLINE_FIELDS:
        if name in values:
            setattr(deadline, name, values[name])
    deadline.full_clean()
    deadline.save()
    audit_record(
        actor=actor,
        action="inbox.deadline.updated",
        obj=deadline,
        before=before,
        after=snapshot(deadline, DEADLINE_FIELDS),
        reason=reason,
    )
    return deadline


@dataclass
class ReminderPlan:
    day: date
    reminders: list[tuple]  # (user id, key, title, DueDeadline) to make
    already: int  # reminders of these deadlines made by an earlier run
    mailed: int = 0


def _reminders(day: date) -> ReminderPlan:
    wanted = []
    for item in due_within(day):
        stage = reminder_stage(item.days_left)
        key = f"han:{item.deadline.pk}:{item.due.isoformat()}:{stage}"
        title = f"{item.when}: {item.title}"
        wanted += [(user_id, key, title, item) for user_id in sorted(concerned_users(item.deadline))]
    keys = {key for _, key, _, _ in wanted}
    made = set(Notification.objects.filter(key__in=keys).values_list("user_id", "key"))
    todo = [(u, k, t, i) for u, k, t, i in wanted if (u, k) not in made]
    return ReminderPlan(day, todo, len(wanted) - len(todo))


def reminders_send(*, day: date | None = None, dry_run: bool = False) -> ReminderPlan:
    """The reminders due on `day` (today by default): a notification for each user a near deadline concerns,
    once per deadline date and stage (14 days, 3 days) — a second run the same day makes nothing — then the
    e-mail of those who chose it. First it dispatches any audit events not yet turned into notifications."""
    day = day or timezone.localdate()
    if dry_run:
        return _reminders(day)
    dispatch_pending()
    with transaction.atomic():
        plan = _reminders(day)
        Notification.objects.bulk_create(
            [
                Notification(
                    user_id=user_id,
                    kind=NotificationKind.HAN,
                    title=title[:400],
                    body=item.detail,
                    url=item.url,
                    key=key,
                )
                for user_id, key, title, item in plan.reminders
            ],
            ignore_conflicts=True,
        )
    plan.mailed = send_pending_mail()
    return plan
