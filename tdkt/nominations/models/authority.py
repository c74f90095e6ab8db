from django.db import models

from tdkt.core.models import TimeStampedModel
from tdkt.nominations.choices import AuthorityLevel, NumberSeries


class Authority(TimeStampedModel):
    """A body that decides awards (cơ quan có thẩm quyền) and its place in the chain of proposals."""

    code = models.CharField("Mã", max_length=30, unique=True)
    name = models.CharField("Tên cơ quan", max_length=255)
    level = models.CharField("Cấp", max_length=16, choices=AuthorityLevel.choices)
    unit = models.OneToOneField(
        "org.Unit",
        verbose_name="Đơn vị (người dùng xét, ký tại đơn vị này)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authority",
    )
    parent = models.ForeignKey(
        "self", verbose_name="Cấp trên trình lên", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent_body = models.CharField("Cơ quan chủ quản (dòng 1 góc trái)", max_length=255, blank=True)
    issuing_body = models.CharField("Cơ quan ban hành (dòng 2 góc trái)", max_length=255)
    number_suffix = models.CharField("Ký hiệu quyết định", max_length=30, help_text="Ví dụ: QĐ-BTL")
    submission_suffix = models.CharField("Ký hiệu tờ trình", max_length=30, blank=True, help_text="Ví dụ: TTr-CCT")
    place = models.CharField("Địa danh ghi trên văn bản", max_length=80, default="Đà Nẵng")
    signer_title = models.CharField("Chức vụ người ký", max_length=120, default="THỦ TRƯỞNG")

    class Meta:
        verbose_name = "Cơ quan có thẩm quyền"
        verbose_name_plural = "Cơ quan có thẩm quyền"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="authority_not_own_parent",
                violation_error_message="Cơ quan không thể trình lên chính nó.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def suffix(self, series: str) -> str:
        return self.submission_suffix if series == NumberSeries.TTR and self.submission_suffix else self.number_suffix


class NumberCounter(models.Model):
    """The last number issued per (authority, year, series). Incremented in the issuing transaction, so a
    rolled-back issue gives its number back: numbers stay unique and gap-free."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=8, choices=NumberSeries.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authority", "year", "series"], name="counter_once")]

    def __str__(self) -> str:
        return f"{self.authority_id}/{self.year}/{self.series}: {self.last}"
