from django.db import models
from django.db.models import Q

from tdkt.core.models import CleanTextModel
from tdkt.records.choices import DisciplineForm, InitiativeScope, InitiativeType, Rating
from tdkt.records.models.subject import SubjectRecord


class YearlyRating(SubjectRecord):
    """The yearly rating (mức độ hoàn thành nhiệm vụ) of a person or a unit."""

    year = models.PositiveSmallIntegerField("Năm")
    rating = models.CharField("Mức độ hoàn thành nhiệm vụ", max_length=6, choices=Rating.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Đánh giá năm"
        verbose_name_plural = "Đánh giá năm"
        ordering = ["year"]
        constraints = [
            SubjectRecord.subject_constraint("rating_one_subject"),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="rating_person_year",
                violation_error_message="Cá nhân đã có đánh giá năm này.",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="rating_unit_year",
                violation_error_message="Tập thể đã có đánh giá năm này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — năm {self.year}: {self.get_rating_display()}"


class Initiative(CleanTextModel):
    """An initiative or research (sáng kiến, đề tài) and the scope at which it was recognised."""

    person = models.ForeignKey(
        "org.Person", verbose_name="Cá nhân", on_delete=models.PROTECT, related_name="initiatives"
    )
    year = models.PositiveSmallIntegerField("Năm công nhận")
    name = models.CharField("Tên sáng kiến / đề tài", max_length=500)
    initiative_type = models.CharField(
        "Loại", max_length=10, choices=InitiativeType.choices, default=InitiativeType.SANG_KIEN
    )
    scope = models.CharField("Phạm vi công nhận", max_length=10, choices=InitiativeScope.choices)
    decision_number = models.CharField("Số quyết định công nhận", max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Sáng kiến, đề tài"
        verbose_name_plural = "Sáng kiến, đề tài"
        ordering = ["year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "name"],
                name="initiative_person_year_name",
                violation_error_message="Sáng kiến này đã được ghi nhận.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Discipline(CleanTextModel):
    """A disciplinary measure (kỷ luật) and the end of the period under discipline."""

    person = models.ForeignKey(
        "org.Person", verbose_name="Cá nhân", on_delete=models.PROTECT, related_name="disciplines"
    )
    form = models.CharField("Hình thức kỷ luật", max_length=20, choices=DisciplineForm.choices)
    decided_on = models.DateField("Ngày quyết định")
    decision_number = models.CharField("Số quyết định", max_length=60, blank=True)
    until = models.DateField("Thời hạn đến ngày", null=True, blank=True)
    reason = models.CharField("Lý do", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Kỷ luật"
        verbose_name_plural = "Kỷ luật"
        ordering = ["decided_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "decided_on", "form"],
                name="discipline_person_date_form",
                violation_error_message="Quyết định kỷ luật này đã được ghi nhận.",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("decided_on")),
                name="discipline_until_after_decision",
                violation_error_message="Thời hạn kỷ luật phải sau ngày quyết định.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} ({self.decided_on:%d/%m/%Y})"
