import uuid

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """One upload through the import wizard: its file, its validation report and its outcome."""

    class Status(models.TextChoices):
        UPLOADED = "UPLOADED", "Đã tải lên"
        VALIDATING = "VALIDATING", "Đang kiểm tra"
        INVALID = "INVALID", "Có lỗi"
        VALID = "VALID", "Hợp lệ, chờ xác nhận"
        APPLYING = "APPLYING", "Đang ghi dữ liệu"
        DONE = "DONE", "Hoàn tất"
        FAILED = "FAILED", "Thất bại"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField("Tên tệp", max_length=255)
    stored_path = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    status = models.CharField("Trạng thái", max_length=12, choices=Status.choices, default=Status.UPLOADED)
    report = models.JSONField("Báo cáo", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # host:pid:start of the process working on the job; tells a job in progress from one whose process died.
    worker = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        verbose_name = "Lần nhập dữ liệu"
        verbose_name_plural = "Các lần nhập dữ liệu"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
