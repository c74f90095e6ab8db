"""Abstract base models."""

from django.db import models


class TimeStampedModel(models.Model):
    """Creation and last-change timestamps; who changed what lives in the audit trail."""

    created_at = models.DateTimeField("Ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("Ngày cập nhật", auto_now=True)

    class Meta:
        abstract = True
