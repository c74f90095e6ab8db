from django.db import models
from django.db.models import Q

from tdkt.core.models import CleanTextModel
from tdkt.records.choices import AwardKind, AwardStatus, DecisionOrigin
from tdkt.records.models.subject import SubjectRecord


class Decision(CleanTextModel):
    """A decision (quyết định) that awards or revokes, identified by (issuer, year, number) (NĐ 30/2020 Art. 15).

    Decisions issued in tdkt carry the unit of their authority (`issuer_unit`): their numbers are unique per
    authority and year. Recorded decisions (hand entry, API, import: historical or from bodies outside the
    installation) have no `issuer_unit` and are told apart by the issuer's name, so a recorded number can never
    take, or block, a number of an authority's tdkt series.
    """

    number = models.CharField("Số quyết định", max_length=60)
    year = models.PositiveSmallIntegerField("Năm")
    signed_on = models.DateField("Ngày quyết định", null=True, blank=True)
    issuer = models.CharField("Cơ quan quyết định", max_length=255, blank=True)
    issuer_unit = models.ForeignKey(
        "org.Unit", verbose_name="Đơn vị ban hành", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_revocation = models.BooleanField("Quyết định hủy bỏ", default=False)
    origin = models.CharField(
        "Nguồn", max_length=8, choices=DecisionOrigin.choices, default=DecisionOrigin.RECORDED, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Quyết định"
        verbose_name_plural = "Quyết định"
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_unit", "year", "number"],
                condition=Q(issuer_unit__isnull=False),
                name="decision_issuer_unit_year_number",
                violation_error_message="Cơ quan này đã có quyết định cùng số trong năm.",
            ),
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                condition=Q(issuer_unit__isnull=True),
                name="decision_issuer_year_number",
                violation_error_message="Cơ quan này đã có quyết định cùng số trong năm.",
            ),
            # Only decisions issued in tdkt sit in an authority's numbering (see the class docstring).
            models.CheckConstraint(
                condition=Q(origin=DecisionOrigin.ISSUED) | Q(issuer_unit__isnull=True),
                name="decision_recorded_without_issuer_unit",
                violation_error_message="Quyết định ghi từ văn bản không thuộc dãy số của cơ quan trong hệ thống.",
            ),
        ]

    def __str__(self) -> str:
        date = f" ngày {self.signed_on:%d/%m/%Y}" if self.signed_on else ""
        return f"Quyết định số {self.number}{date}"


class Award(SubjectRecord):
    """A title or form held by a person or unit for a year's achievement. Never deleted: revoked instead."""

    entry = models.ForeignKey(
        "records.CatalogueEntry", verbose_name="Danh hiệu / hình thức", on_delete=models.PROTECT, related_name="awards"
    )
    year = models.PositiveSmallIntegerField("Năm thành tích")
    kind = models.CharField(
        "Loại khen thưởng", max_length=14, choices=AwardKind.choices, default=AwardKind.THUONG_XUYEN
    )
    decision = models.ForeignKey(
        Decision, verbose_name="Quyết định", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    achievement = models.TextField("Thành tích", blank=True)
    # Copied from the catalogue entry so the database itself can enforce "once per subject and year".
    yearly_title = models.BooleanField(default=False, editable=False)
    status = models.CharField("Trạng thái", max_length=8, choices=AwardStatus.choices, default=AwardStatus.HIEU_LUC)
    revoked_by = models.ForeignKey(
        Decision,
        verbose_name="Quyết định hủy bỏ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revoked_awards",
    )
    revoked_on = models.DateField("Ngày hủy bỏ", null=True, blank=True)
    revocation_reason = models.TextField("Lý do hủy bỏ", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Khen thưởng"
        verbose_name_plural = "Khen thưởng"
        ordering = ["year", "entry__kind", "entry__position"]
        constraints = [
            SubjectRecord.subject_constraint("award_one_subject"),
            models.UniqueConstraint(
                fields=["person", "entry", "year"],
                condition=Q(person__isnull=False, yearly_title=True, status=AwardStatus.HIEU_LUC),
                name="award_title_once_per_person_year",
                violation_error_message="Cá nhân đã có danh hiệu này trong năm.",
            ),
            models.UniqueConstraint(
                fields=["unit", "entry", "year"],
                condition=Q(unit__isnull=False, yearly_title=True, status=AwardStatus.HIEU_LUC),
                name="award_title_once_per_unit_year",
                violation_error_message="Tập thể đã có danh hiệu này trong năm.",
            ),
            models.UniqueConstraint(
                fields=["decision", "person", "entry"],
                condition=Q(decision__isnull=False, person__isnull=False),
                name="award_decision_lists_person_once",
                violation_error_message="Quyết định đã có cá nhân này với cùng hình thức.",
            ),
            models.UniqueConstraint(
                fields=["decision", "unit", "entry"],
                condition=Q(decision__isnull=False, unit__isnull=False),
                name="award_decision_lists_unit_once",
                violation_error_message="Quyết định đã có tập thể này với cùng hình thức.",
            ),
            # Without a decision, the same award is (subject, entry, year, kind): recorded once while in force.
            models.UniqueConstraint(
                fields=["person", "entry", "year", "kind"],
                condition=Q(decision__isnull=True, person__isnull=False, status=AwardStatus.HIEU_LUC),
                name="award_undecided_person_once",
                violation_error_message="Cá nhân đã có khen thưởng này trong năm (chưa ghi quyết định).",
            ),
            models.UniqueConstraint(
                fields=["unit", "entry", "year", "kind"],
                condition=Q(decision__isnull=True, unit__isnull=False, status=AwardStatus.HIEU_LUC),
                name="award_undecided_unit_once",
                violation_error_message="Tập thể đã có khen thưởng này trong năm (chưa ghi quyết định).",
            ),
            models.CheckConstraint(
                condition=Q(status=AwardStatus.DA_HUY) | Q(revoked_on__isnull=True, revoked_by__isnull=True),
                name="award_revocation_consistent",
                violation_error_message="Khen thưởng còn hiệu lực không được có thông tin hủy bỏ.",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "year"]),
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["year", "entry"]),
        ]

    def __str__(self) -> str:
        return f"{self.entry.name} năm {self.year} — {self.subject}"

    @property
    def is_revoked(self) -> bool:
        return self.status == AwardStatus.DA_HUY
