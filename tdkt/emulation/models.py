"""Emulation work: clusters (members, leaders and hand-overs by year, covenants), conferences,
registrations of target titles, exemplars."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tdkt.core.files import attachment_storage
from tdkt.emulation.choices import (
    ConferenceKind,
    CriterionKind,
    ExemplarStage,
    MovementKind,
    RegistrationStatus,
    RoundStatus,
)
from tdkt.records.models.subject import SubjectRecord


class Cluster(models.Model):
    """An emulation cluster (cụm / khối thi đua) organised by a unit for its member units."""

    code = models.CharField("Mã cụm", max_length=30, unique=True)
    name = models.CharField("Tên cụm, khối thi đua", max_length=255)
    organiser = models.ForeignKey(
        "org.Unit", verbose_name="Cấp tổ chức", on_delete=models.PROTECT, related_name="organised_clusters"
    )

    class Meta:
        verbose_name = "Cụm, khối thi đua"
        verbose_name_plural = "Cụm, khối thi đua"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ClusterMembership(models.Model):
    """A unit belongs to a cluster for a year (a member may leave, or be merged into another unit)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey("org.Unit", verbose_name="Đơn vị", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("Năm")
    note = models.CharField("Ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["cluster", "year", "unit__position"]
        constraints = [models.UniqueConstraint(fields=["cluster", "unit", "year"], name="cluster_member_once")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.cluster} {self.year}"


class ClusterLeadership(models.Model):
    """The leader (Cụm trưởng) and deputy (Cụm phó) of a cluster for a year: one per year."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="leaderships")
    year = models.PositiveSmallIntegerField("Năm")
    leader = models.ForeignKey("org.Unit", verbose_name="Cụm trưởng", on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(
        "org.Unit", verbose_name="Cụm phó", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handed_over_on = models.DateField("Ngày nhận bàn giao", null=True, blank=True)
    handed_over_by = models.ForeignKey(
        "org.Unit", verbose_name="Đơn vị bàn giao", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    conference = models.ForeignKey(
        "emulation.Conference", null=True, blank=True, on_delete=models.PROTECT, related_name="handovers"
    )

    class Meta:
        verbose_name = "Cụm trưởng theo năm"
        verbose_name_plural = "Cụm trưởng theo năm"
        ordering = ["cluster", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="one_leader_per_cluster_year",
                violation_error_message="Cụm đã có cụm trưởng cho năm này.",
            ),
            models.CheckConstraint(
                condition=~Q(leader=models.F("deputy")),
                name="leader_not_deputy",
                violation_error_message="Cụm trưởng và cụm phó phải là hai đơn vị khác nhau.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} {self.year}: {self.leader}"


class Covenant(models.Model):
    """The cluster's emulation covenant (giao ước thi đua) for a year."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="covenants")
    year = models.PositiveSmallIntegerField("Năm")
    content = models.TextField("Nội dung giao ước")
    signed_on = models.DateField("Ngày ký")
    signatories = models.ManyToManyField("org.Unit", verbose_name="Đơn vị ký", related_name="+")

    class Meta:
        verbose_name = "Giao ước thi đua"
        verbose_name_plural = "Giao ước thi đua"
        constraints = [models.UniqueConstraint(fields=["cluster", "year"], name="covenant_once_per_year")]

    def __str__(self) -> str:
        return f"Giao ước {self.cluster} {self.year}"


class Conference(models.Model):
    """A mid-year (sơ kết) or year-end (tổng kết) conference of a unit or of a cluster."""

    kind = models.CharField("Loại hội nghị", max_length=10, choices=ConferenceKind.choices)
    year = models.PositiveSmallIntegerField("Năm")
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="conferences")
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.PROTECT, related_name="conferences")
    held_on = models.DateField("Ngày tổ chức")
    place = models.CharField("Địa điểm", max_length=255)
    host = models.ForeignKey("org.Unit", verbose_name="Đơn vị đăng cai", on_delete=models.PROTECT, related_name="+")
    presided_by = models.CharField("Chủ trì", max_length=255)
    attendees = models.TextField("Thành phần dự", blank=True)
    conclusions = models.TextField("Kết luận", blank=True)
    decisions_taken = models.TextField("Quyết định tại hội nghị", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Hội nghị sơ kết, tổng kết"
        verbose_name_plural = "Hội nghị sơ kết, tổng kết"
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(cluster__isnull=True))
                | (Q(unit__isnull=True) & Q(cluster__isnull=False)),
                name="conference_of_unit_or_cluster",
                violation_error_message="Hội nghị là của một đơn vị hoặc một cụm thi đua.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} — {self.cluster or self.unit}"


class Registration(SubjectRecord):
    """A registration of a target title for a year (đăng ký thi đua), approved or returned by the level above."""

    entry = models.ForeignKey(
        "records.CatalogueEntry", verbose_name="Danh hiệu đăng ký", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("Năm")
    status = models.CharField(
        "Trạng thái", max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.DANG_KY
    )
    reason = models.CharField("Lý do trả lại", max_length=500, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Đăng ký thi đua"
        verbose_name_plural = "Đăng ký thi đua"
        ordering = ["year", "id"]
        constraints = [
            SubjectRecord.subject_constraint("registration_one_subject"),
            models.UniqueConstraint(
                fields=["person", "entry", "year"],
                condition=Q(person__isnull=False),
                name="registration_person_once",
                violation_error_message="Cá nhân đã đăng ký danh hiệu này trong năm.",
            ),
            models.UniqueConstraint(
                fields=["unit", "entry", "year"],
                condition=Q(unit__isnull=False),
                name="registration_unit_once",
                violation_error_message="Tập thể đã đăng ký danh hiệu này trong năm.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — {self.entry.name} {self.year}"


class Exemplar(SubjectRecord):
    """An exemplar (điển hình tiên tiến, gương người tốt việc tốt) followed from discovery to replication."""

    field = models.CharField("Lĩnh vực", max_length=255)
    campaigns = models.JSONField("Cuộc vận động, phong trào", default=list, blank=True)
    stage = models.CharField("Giai đoạn", max_length=10, choices=ExemplarStage.choices, default=ExemplarStage.PHAT_HIEN)
    summary = models.TextField("Tóm tắt", blank=True)
    awards = models.ManyToManyField("records.Award", verbose_name="Khen thưởng sau đó", related_name="+", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Điển hình tiên tiến"
        verbose_name_plural = "Điển hình tiên tiến"
        ordering = ["-created_at"]
        constraints = [SubjectRecord.subject_constraint("exemplar_one_subject")]

    def __str__(self) -> str:
        return f"{self.subject} — {self.field}"


class ExemplarStep(models.Model):
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="steps")
    stage = models.CharField(max_length=10, choices=ExemplarStage.choices)
    on = models.DateField("Ngày")
    note = models.TextField("Ghi chú", blank=True)
    reason = models.TextField("Lý do (khi lùi giai đoạn)", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.on:%d/%m/%Y}"


class ScoringRound(models.Model):
    """The cluster's scoring of its members for a year: criteria, self-scores, review, explanation, lock."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField("Năm")
    status = models.CharField("Trạng thái", max_length=10, choices=RoundStatus.choices, default=RoundStatus.SOAN)
    acclaimed = models.ForeignKey(
        "org.Unit",
        verbose_name="Đơn vị được suy tôn",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Đợt chấm điểm cụm thi đua"
        verbose_name_plural = "Đợt chấm điểm cụm thi đua"
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="round_once_per_cluster_year",
                violation_error_message="Cụm đã có đợt chấm điểm năm này.",
            )
        ]

    def __str__(self) -> str:
        return f"Chấm điểm {self.cluster} {self.year}"


class Criterion(models.Model):
    round = models.ForeignKey(ScoringRound, on_delete=models.PROTECT, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField("Tiêu chí", max_length=500)
    kind = models.CharField("Loại", max_length=8, choices=CriterionKind.choices, default=CriterionKind.DIEM)
    max_points = models.DecimalField("Điểm tối đa", max_digits=7, decimal_places=2)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """One member's points on one leaf criterion: its own, the leader's, after explanation, the final."""

    round = models.ForeignKey(ScoringRound, on_delete=models.PROTECT, related_name="scores")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_points = models.DecimalField("Tự chấm", max_digits=7, decimal_places=2, null=True)
    evidence = models.TextField("Minh chứng", blank=True)
    review_points = models.DecimalField("Cụm trưởng chấm", max_digits=7, decimal_places=2, null=True)
    review_note = models.TextField("Nhận xét", blank=True)
    explanation = models.TextField("Giải trình", blank=True)
    final_points = models.DecimalField("Điểm sau thẩm định lại", max_digits=7, decimal_places=2, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "unit", "criterion"], name="score_once")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.criterion}: {self.points}"

    @property
    def points(self):
        for value in (self.final_points, self.review_points, self.self_points):
            if value is not None:
                return value
        return None


class Movement(models.Model):
    """An emulation movement launched by a unit: the yearly Quyết thắng movement or a campaign (đợt,
    chuyên đề) with its dates, cascaded to the sub-units that carry it out."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name="Cấp phát động", on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField("Loại", max_length=12, choices=MovementKind.choices)
    name = models.CharField("Tên phong trào", max_length=300)
    year = models.PositiveSmallIntegerField("Năm")
    starts_on = models.DateField("Từ ngày")
    ends_on = models.DateField("Đến ngày")
    parent = models.ForeignKey(
        "self",
        verbose_name="Triển khai từ phong trào của cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cascaded",
    )
    content = models.TextField("Nội dung, mục tiêu", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Phong trào thi đua"
        verbose_name_plural = "Phong trào thi đua"
        ordering = ["-year", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="movement_dates_order",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(kind="QUYET_THANG"),
                name="one_quyet_thang_per_unit_year",
                violation_error_message="Đơn vị đã phát động Phong trào Quyết thắng năm này.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A target (chỉ tiêu) of a movement: what is measured, the planned value and the result at year end."""

    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="targets")
    name = models.CharField("Chỉ tiêu", max_length=300)
    measure = models.CharField("Đơn vị tính", max_length=40)
    planned = models.DecimalField("Kế hoạch", max_digits=12, decimal_places=2)
    result = models.DecimalField("Kết quả", max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField("Ghi chú", max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def met(self) -> bool | None:
        return None if self.result is None else self.result >= self.planned


class Document(models.Model):
    """A document of a movement (kế hoạch, hướng dẫn) or of a conference (báo cáo, kết luận), checked by
    content and stored outside the web root."""

    movement = models.ForeignKey(Movement, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    file = models.FileField(storage=attachment_storage, upload_to="thi-dua/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(movement__isnull=False) & Q(conference__isnull=True))
                | (Q(movement__isnull=True) & Q(conference__isnull=False)),
                name="document_of_movement_or_conference",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
