"""Log-in side effects: the session clocks start, and an administrator's unlock is written to the audit chain."""

from axes.models import AccessAttempt
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete
from django.dispatch import receiver

from tdkt.audit.services import audit_record
from tdkt.core.middleware import stamp_session


@receiver(user_logged_in)
def _start_session_clocks(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        stamp_session(request)


@receiver(post_delete, sender=AccessAttempt)
def _audit_unlock(sender, instance, **kwargs):
    """Deleting an attempt record unlocks that (username, IP). The admin page and `tdkt axes_reset_username`
    do it, and so do a successful log-in and the cool-off's expiry; all run inside the deletion's transaction."""
    audit_record(
        actor=None,
        action="auth.lockout.reset",
        obj=instance,
        before={
            "username": instance.username,
            "ip_address": instance.ip_address,
            "failures": instance.failures_since_start,
        },
        reason="Xóa bản ghi đăng nhập sai (quản trị mở khóa, đăng nhập đúng hoặc hết thời gian khóa)",
    )
