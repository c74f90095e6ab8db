from django.conf import settings
from django.db import models

from tdkt.nominations.choices import NumberSeries


class DecisionIssue(models.Model):
    """How a decision of the record was issued through tdkt: its authority, gap-free sequence and signer."""

    decision = models.OneToOneField("records.Decision", on_delete=models.PROTECT, related_name="issue")
    authority = models.ForeignKey("nominations.Authority", on_delete=models.PROTECT, related_name="decisions")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=8, choices=NumberSeries.choices, default=NumberSeries.QD)
    sequence = models.PositiveIntegerField()
    title = models.CharField("Trích yếu", max_length=300)
    signer_authority = models.CharField("Thẩm quyền ký (TM., KT.)", max_length=60, blank=True)
    signer_title = models.CharField("Chức vụ người ký", max_length=120)
    signer_rank = models.CharField("Cấp bậc", max_length=60, blank=True)
    signer_name = models.CharField("Họ tên người ký", max_length=120)
    dossier = models.ForeignKey(
        "nominations.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    idempotency_key = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Ban hành quyết định"
        verbose_name_plural = "Ban hành quyết định"
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "year", "series", "sequence"], name="decision_sequence_once")
        ]

    def __str__(self) -> str:
        return str(self.decision)


class DocumentTemplate(models.Model):
    """An installation's replacement of a default document template (the file lives outside the web root)."""

    name = models.CharField(max_length=40, unique=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Mẫu văn bản thay thế"
        verbose_name_plural = "Mẫu văn bản thay thế"

    def __str__(self) -> str:
        return self.name
