from django.db import models
from django.db.models import Q
from django.urls import reverse

from tdkt.core.models import TimeStampedModel
from tdkt.core.text import fold, vi_sort_key
from tdkt.org.choices import UnitType


class UnitQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=day)).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day)
        )

    def active(self):
        return self.filter(dissolved_on__isnull=True)


class Unit(TimeStampedModel):
    """An organisational unit (đơn vị); dissolved, never deleted once it has history."""

    code = models.CharField("Mã đơn vị", max_length=40, unique=True)
    name = models.CharField("Tên đơn vị", max_length=255)
    short_name = models.CharField("Tên viết tắt", max_length=80, blank=True)
    unit_type = models.CharField("Loại đơn vị", max_length=20, choices=UnitType.choices, default=UnitType.DON_VI_KHAC)
    parent = models.ForeignKey(
        "self",
        verbose_name="Đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    founded_on = models.DateField("Ngày thành lập", null=True, blank=True)
    dissolved_on = models.DateField("Ngày giải thể", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="Đơn vị kế thừa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    name_folded = models.CharField(max_length=255, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=1200, editable=False, default="")
    position = models.PositiveIntegerField("Thứ tự", default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "Đơn vị"
        verbose_name_plural = "Đơn vị"
        ordering = ["position", "sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gte=models.F("founded_on")),
                name="unit_dissolved_after_founded",
                violation_error_message="Ngày giải thể không được trước ngày thành lập.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="unit_not_own_parent",
                violation_error_message="Đơn vị không thể là cấp trên của chính nó.",
            ),
        ]
        indexes = [models.Index(fields=["parent", "position"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    def refresh_derived_fields(self) -> None:
        """Search and sort columns, recomputed from the row itself; also called before bulk_create."""
        self.name_folded = fold(f"{self.code} {self.name} {self.short_name}")
        self.sort_key = vi_sort_key(self.name)

    def get_absolute_url(self) -> str:
        return reverse("org:unit_detail", args=[self.pk])

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None

    @property
    def display_name(self) -> str:
        return self.short_name or self.name
