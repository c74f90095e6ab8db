from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from rest_framework.authtoken.models import Token

from tdkt.audit.services import audit_record
from tdkt.core.models import CleanTextModel
from tdkt.org.choices import Role

# Who is changing a password, for the audit event written by `User.save` (None: the CLI, a system job).
_password_actor: ContextVar = ContextVar("tdkt_password_actor", default=None)


@contextmanager
def password_changed_by(actor) -> Iterator[None]:
    """Name the actor of the password changes saved inside the block (the admin page, the service)."""
    token = _password_actor.set(actor)
    try:
        yield
    finally:
        _password_actor.reset(token)


class User(CleanTextModel, AbstractUser):
    """A login; what it may see and do comes from its role assignments on units."""

    full_name = models.CharField("Họ và tên", max_length=120, blank=True)

    class Meta:
        verbose_name = "Người dùng"
        verbose_name_plural = "Người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_unusable_password(self):
        super().set_unusable_password()
        self._credentials_changed = True

    def save(self, *args, **kwargs):
        """A changed password deletes the user's API tokens and is audited, whatever path changed it.

        The one side effect of a model save in tdkt, on purpose: the admin's set-password page, `tdkt
        changepassword`, a password reset and `org.services.user_password_set` all end here, and a path that
        forgot to revoke the tokens would leave a stolen token working after the owner changed the password.
        Django keeps the new raw password in `_password` until the save; its hash upgrade at log-in clears it
        first, so an upgrade is not a change.
        """
        changed = self.pk is not None and (self._password is not None or getattr(self, "_credentials_changed", False))
        self._credentials_changed = False
        if not changed:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            super().save(*args, **kwargs)
            revoked, _ = Token.objects.filter(user=self).delete()
            audit_record(
                actor=_password_actor.get(),
                action="org.user.password_changed",
                obj=self,
                after={"usable": self.has_usable_password(), "tokens_revoked": revoked},
            )


class RoleAssignment(models.Model):
    """A role held by a user on a unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(User, verbose_name="Người dùng", on_delete=models.CASCADE, related_name="role_assignments")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="Đơn vị", on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField("Vai trò", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Phân quyền"
        verbose_name_plural = "Phân quyền"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="role_assignment_unique",
                violation_error_message="Người dùng đã có vai trò này trên đơn vị này.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
