"""Abstract base models."""

from django.core.exceptions import ValidationError
from django.db import models

from tdkt.core.text import control_character, control_character_message


class CleanTextModel(models.Model):
    """Refuses control characters in every text field written through `full_clean` (services, forms, admin).

    One check for all the text a user can type (issue #14, finding 14), without a validator on each
    field (and without a migration for each). Tab, line feed and carriage return stay allowed.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.name in (exclude or ()):
                continue
            value = getattr(self, field.attname)
            char = control_character(value) if isinstance(value, str) else None
            if char is not None and field.name not in errors:
                errors[field.name] = [ValidationError(control_character_message(char), code="control_character")]
        if errors:
            raise ValidationError(errors)


class TimeStampedModel(CleanTextModel):
    """Creation and last-change timestamps; who changed what lives in the audit trail."""

    created_at = models.DateTimeField("Ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("Ngày cập nhật", auto_now=True)

    class Meta:
        abstract = True


class WorkingYear(CleanTextModel):
    """The year under review (năm đang xét) as the administrator set it; one row (id 1), or none.

    `year` empty means "follow the calendar" (`tdkt.core.years.working_year`). Kept as data, not a setting,
    so that closing a year's work is a recorded act of the administrator rather than a redeploy.
    """

    year = models.PositiveSmallIntegerField("Năm đang xét", null=True, blank=True)
    note = models.CharField("Ghi chú", max_length=255, blank=True)
    updated_at = models.DateTimeField("Ngày cập nhật", auto_now=True)

    class Meta:
        verbose_name = "năm đang xét"
        verbose_name_plural = "năm đang xét"

    def __str__(self) -> str:
        return f"Năm đang xét {self.year}" if self.year else "Năm đang xét theo lịch"
