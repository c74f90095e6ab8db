from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property

from tdkt.core.files import attachment_storage
from tdkt.core.models import TimeStampedModel
from tdkt.eligibility.explaining import explained, reasons_from_snapshot
from tdkt.nominations.choices import LIVE_ITEM_STATUSES, DossierKind, DossierStatus, ItemStatus
from tdkt.records.models.subject import SubjectRecord


class Dossier(TimeStampedModel):
    """A proposal for awards (hồ sơ đề nghị) from a unit, followed from level to level until decided."""

    title = models.CharField("Trích yếu", max_length=300)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="Đơn vị đề nghị", on_delete=models.PROTECT, related_name="dossiers"
    )
    year = models.PositiveSmallIntegerField("Năm thành tích")
    kind = models.CharField("Loại khen thưởng", max_length=14, choices=DossierKind.choices)
    status = models.CharField("Trạng thái", max_length=14, choices=DossierStatus.choices, default=DossierStatus.NHAP)
    authority = models.ForeignKey(
        "nominations.Authority",
        verbose_name="Cấp đang xét",
        on_delete=models.PROTECT,
        related_name="dossiers",
        help_text="Cơ quan nhận và xét hồ sơ ở bước hiện tại.",
    )
    status_since = models.DateTimeField("Từ lúc")
    submission_number = models.CharField("Số tờ trình", max_length=60, blank=True)
    submitted_on = models.DateField("Ngày trình", null=True, blank=True)
    # Receipt at the level now holding the dossier (the "receive" transition); its council meets on or after it.
    received_on = models.DateField("Ngày tiếp nhận", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Người lập", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "Hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "Hồ sơ đề nghị khen thưởng"
        ordering = ["-year", "-created_at"]
        indexes = [models.Index(fields=["authority", "status"]), models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("nominations:dossier_detail", args=[self.pk])


class DossierItem(SubjectRecord):
    """One proposal in a dossier: a person or a unit for a title or form, with the law's verdict kept."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="items")
    entry = models.ForeignKey(
        "records.CatalogueEntry", verbose_name="Danh hiệu / hình thức", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("Năm thành tích")
    kind = models.CharField("Loại khen thưởng", max_length=14, choices=DossierKind.choices)
    achievement = models.TextField("Tóm tắt thành tích", blank=True)
    # "" for a year's work (THUONG_XUYEN, KHEN_CAO); the folded achievement for a particular deed.
    achievement_key = models.CharField(max_length=200, default="", editable=False)
    status = models.CharField("Kết quả", max_length=12, choices=ItemStatus.choices, default=ItemStatus.DE_NGHI)
    status_reason = models.TextField("Lý do", blank=True)
    eligibility_status = models.CharField("Kết quả xét điều kiện", max_length=14, blank=True)
    eligibility_snapshot = models.JSONField("Bản lưu xét điều kiện", default=dict)
    justification = models.TextField("Giải trình (khi chưa đủ điều kiện)", blank=True)
    award = models.OneToOneField(
        "records.Award",
        verbose_name="Khen thưởng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_item",
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Đề nghị"
        verbose_name_plural = "Đề nghị"
        ordering = ["position", "id"]
        constraints = [
            SubjectRecord.subject_constraint("item_one_subject"),
            models.UniqueConstraint(
                fields=["person", "entry", "year", "kind", "achievement_key"],
                condition=Q(person__isnull=False, status__in=LIVE_ITEM_STATUSES),
                name="item_person_once_per_achievement",
                violation_error_message="Cá nhân này đã được đề nghị cho cùng thành tích.",
            ),
            models.UniqueConstraint(
                fields=["unit", "entry", "year", "kind", "achievement_key"],
                condition=Q(unit__isnull=False, status__in=LIVE_ITEM_STATUSES),
                name="item_unit_once_per_achievement",
                violation_error_message="Tập thể này đã được đề nghị cho cùng thành tích.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — {self.entry.name} ({self.year})"

    @cached_property
    def verdict_reasons(self) -> list[dict]:
        return self.eligibility_snapshot.get("verdict", {}).get("reasons", [])

    @cached_property
    def explained(self) -> dict:
        """The snapshot's reasons as the screening page shows them: met ones if eligible, else the missing."""
        return explained(reasons_from_snapshot(self.verdict_reasons), self.eligibility_status)


class Attachment(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    item = models.ForeignKey(DossierItem, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=attachment_storage, upload_to="ho-so/%Y/")
    original_name = models.CharField("Tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Tệp đính kèm"
        verbose_name_plural = "Tệp đính kèm"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class DossierEvent(models.Model):
    """Each step of a dossier: what happened, from which status to which, at which level, by whom, why."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=14, choices=DossierStatus.choices)
    to_status = models.CharField(max_length=14, choices=DossierStatus.choices)
    authority = models.ForeignKey("nominations.Authority", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"
