"""E-mail copies of notifications, for the users who turned them on (Django's mail backend: console unless
configured, `EMAIL_*` settings for SMTP)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.utils import timezone

from tdkt.inbox.models import Notification

log = logging.getLogger(__name__)


def _absolute(url: str) -> str:
    if not url or url.startswith("http"):
        return url
    return settings.TDKT_SITE_URL.rstrip("/") + url


def message_for(notification: Notification) -> EmailMessage:
    lines = [notification.title]
    if notification.body:
        lines += ["", notification.body]
    if notification.url:
        lines += ["", f"Xem và xử lý: {_absolute(notification.url)}"]
    lines += ["", "—", "Thư tự động của hệ thống Thi đua – Khen thưởng. Tắt nhận thư ở trang Thông báo → Cài đặt."]
    return EmailMessage(
        subject=f"[TĐKT] {notification.title}"[:200],
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.user.email],
    )


def send_pending_mail(limit: int = 500) -> int:
    """Mail the notifications not yet mailed to users who chose e-mail (made since they chose it) and have an
    address. A failed send stays pending and is tried again by the next dispatch or `tdkt send_reminders`."""
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            user__is_active=True,
            user__notification_preference__email=True,
            created_at__gte=F("user__notification_preference__updated_at"),
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("id")[:limit]
    )
    pending = list(pending)
    if not pending:
        return 0
    sent = []
    try:
        with get_connection() as connection:
            for notification in pending:
                connection.send_messages([message_for(notification)])
                sent.append(notification.pk)
    except Exception:
        log.exception(
            "tdkt.inbox: sending notification e-mail failed; %d left for the next run", len(pending) - len(sent)
        )
    Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(sent)
