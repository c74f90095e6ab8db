from django.contrib.auth.models import AbstractUser
from django.db import models

from tdkt.org.choices import Role


class User(AbstractUser):
    """A login; what it may see and do comes from its role assignments on units."""

    full_name = models.CharField("Họ và tên", max_length=120, blank=True)

    class Meta:
        verbose_name = "Người dùng"
        verbose_name_plural = "Người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username


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
