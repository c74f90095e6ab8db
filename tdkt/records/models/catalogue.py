from django.db import models

from tdkt.core.models import CleanTextModel
from tdkt.records.choices import EntryKind, EntryLevel, EntrySubject


class CatalogueEntry(CleanTextModel):
    """An emulation title or a form of commendation, with its legal source and validity."""

    code = models.CharField("Mã", max_length=30, unique=True)
    name = models.CharField("Tên", max_length=255)
    kind = models.CharField("Loại", max_length=12, choices=EntryKind.choices)
    subject = models.CharField("Đối tượng", max_length=8, choices=EntrySubject.choices)
    level = models.CharField("Cấp", max_length=16, choices=EntryLevel.choices)
    authority = models.CharField("Thẩm quyền quyết định", max_length=255)
    bonus_multiple = models.DecimalField(
        "Mức thưởng (lần lương cơ sở)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    legal_source = models.CharField("Căn cứ pháp lý", max_length=500)
    certainty = models.CharField(
        "Mức chắc chắn",
        max_length=1,
        choices=[("C", "Đã xác nhận"), ("H", "Theo văn bản cũ"), ("U", "Chưa xác nhận")],
        default="C",
    )
    yearly = models.BooleanField("Xét hằng năm (tối đa một lần mỗi năm)", default=False)
    # Held for ever once awarded (a medal, an order of one class): not proposed again (eligibility HELD).
    once = models.BooleanField("Mỗi đối tượng chỉ được tặng một lần", default=False)
    once_source = models.CharField("Căn cứ tặng một lần", max_length=500, blank=True)  # with its label C/H/U
    valid_from = models.DateField("Áp dụng từ", null=True, blank=True)
    valid_to = models.DateField("Áp dụng đến", null=True, blank=True)
    position = models.PositiveIntegerField("Thứ tự", default=0)
    from_data_file = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = "Danh mục khen thưởng"
        verbose_name_plural = "Danh mục khen thưởng"
        ordering = ["kind", "position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="catalogue_valid_range",
                violation_error_message="Ngày hết hiệu lực phải sau ngày áp dụng.",
            ),
        ]

    def __str__(self) -> str:
        return self.name  # what pages, documents and the history show; the code is a field of its own

    def allows(self, subject_type: str) -> bool:
        return self.subject == EntrySubject.CA_HAI or self.subject == subject_type
