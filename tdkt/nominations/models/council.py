from django.conf import settings
from django.db import models
from django.db.models import Q

from tdkt.nominations.choices import CouncilRole


class Council(models.Model):
    """The emulation and commendation council (Hội đồng TĐKT) of a unit for a term."""

    unit = models.ForeignKey("org.Unit", verbose_name="Đơn vị", on_delete=models.PROTECT, related_name="councils")
    name = models.CharField("Tên hội đồng", max_length=255)
    term_start = models.DateField("Nhiệm kỳ từ")
    term_end = models.DateField("Nhiệm kỳ đến", null=True, blank=True)

    class Meta:
        verbose_name = "Hội đồng thi đua – khen thưởng"
        verbose_name_plural = "Hội đồng thi đua – khen thưởng"
        ordering = ["unit", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="council_term_order",
                violation_error_message="Nhiệm kỳ kết thúc phải sau ngày bắt đầu.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField("Họ và tên", max_length=120)
    rank = models.CharField("Cấp bậc", max_length=60, blank=True)
    position = models.CharField("Chức vụ", max_length=160, blank=True)
    role = models.CharField("Nhiệm vụ trong hội đồng", max_length=14, choices=CouncilRole.choices)
    person = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="council_seats"
    )
    position_in_list = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "Thành viên hội đồng"
        verbose_name_plural = "Thành viên hội đồng"
        ordering = ["position_in_list", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person"], condition=Q(person__isnull=False), name="member_once_per_council"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class Meeting(models.Model):
    """A council meeting: who attended decides the quorum of every tally taken at it."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("Ngày họp")
    place = models.CharField("Địa điểm", max_length=255)
    presided_by = models.ForeignKey(CouncilMember, verbose_name="Chủ trì", on_delete=models.PROTECT, related_name="+")
    attendees = models.ManyToManyField(CouncilMember, verbose_name="Thành viên có mặt", related_name="meetings")
    dossiers = models.ManyToManyField("nominations.Dossier", related_name="meetings")
    conclusion = models.TextField("Kết luận", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Cuộc họp hội đồng"
        verbose_name_plural = "Cuộc họp hội đồng"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.council} — {self.held_on:%d/%m/%Y}"


class Tally(models.Model):
    """The count of a secret ballot on one item. Who voted how is never recorded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="tallies")
    item = models.ForeignKey("nominations.DossierItem", on_delete=models.PROTECT, related_name="tallies")
    agree = models.PositiveIntegerField("Đồng ý")
    disagree = models.PositiveIntegerField("Không đồng ý")
    abstain = models.PositiveIntegerField("Không biểu quyết")
    invalid = models.PositiveIntegerField("Phiếu không hợp lệ")
    recused = models.ManyToManyField(
        CouncilMember, verbose_name="Không tham gia (là người được đề nghị)", related_name="+", blank=True
    )
    members = models.PositiveIntegerField("Tổng số thành viên")
    present = models.PositiveIntegerField("Số có mặt")
    base = models.PositiveIntegerField("Căn cứ tính tỷ lệ")
    rule = models.JSONField("Quy tắc biểu quyết áp dụng")
    passed = models.BooleanField("Đạt")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Kết quả kiểm phiếu"
        verbose_name_plural = "Kết quả kiểm phiếu"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "item"], name="tally_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.agree}/{self.disagree}/{self.abstain}/{self.invalid}"
