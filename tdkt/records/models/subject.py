"""A record belongs to a person (cá nhân) or a unit (tập thể), never both."""

from django.db import models
from django.db.models import Q

from tdkt.core.models import CleanTextModel
from tdkt.records.choices import SubjectType


class SubjectRecord(CleanTextModel):
    """Abstract: a record whose subject is either a person or a unit."""

    person = models.ForeignKey(
        "org.Person", verbose_name="Cá nhân", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="Tập thể", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @classmethod
    def subject_constraint(cls, name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=(Q(person__isnull=False) & Q(unit__isnull=True))
            | (Q(person__isnull=True) & Q(unit__isnull=False)),
            name=name,
            violation_error_message="Bản ghi phải thuộc về đúng một cá nhân hoặc một tập thể.",
        )

    @property
    def subject(self):
        return self.person if self.person_id else self.unit

    @property
    def subject_type(self) -> str:
        return SubjectType.CA_NHAN if self.person_id else SubjectType.TAP_THE
