from django.conf import settings
from django.db import models

from tdkt.audit.chain import HMAC_SHA256, SHA256


class HashScheme(models.IntegerChoices):
    SHA256 = SHA256, "SHA-256 (trước khi có khóa ký)"
    HMAC_SHA256 = HMAC_SHA256, "HMAC-SHA256 (khóa ký ngoài cơ sở dữ liệu)"


class AuditEvent(models.Model):
    """One append-only, hash-chained record of a change: the single source of "who changed what"."""

    seq = models.BigIntegerField("Số thứ tự", unique=True)
    created_at = models.DateTimeField("Thời điểm")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField("Tài khoản", max_length=150, blank=True)
    action = models.CharField("Thao tác", max_length=80)
    object_type = models.CharField("Loại đối tượng", max_length=80)
    object_id = models.CharField("Mã đối tượng", max_length=64)
    object_repr = models.CharField("Đối tượng", max_length=255)
    before = models.JSONField("Trước", null=True, blank=True)
    after = models.JSONField("Sau", null=True, blank=True)
    reason = models.TextField("Lý do", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # how `hash` was made; events written before audit/0004 stay SHA256, every later one is keyed
    hash_scheme = models.PositiveSmallIntegerField(
        "Kiểu chuỗi băm", choices=HashScheme.choices, default=HashScheme.HMAC_SHA256
    )

    class Meta:
        verbose_name = "Sự kiện nhật ký"
        verbose_name_plural = "Nhật ký thay đổi"
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
        return [(k, before.get(k), after.get(k)) for k in keys]


class AuditChainHead(models.Model):
    """The chain's last (seq, hash); locking this row serialises writers so `seq` stays dense."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "Đầu chuỗi nhật ký"

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
