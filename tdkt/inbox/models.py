"""The officer's day: the yearly calendar of deadlines, in-app notifications and each user's e-mail choice."""

import calendar
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from tdkt.core.models import CleanTextModel
from tdkt.nominations.choices import AuthorityLevel


class DeadlineKind(models.TextChoices):
    DANG_KY = "DANG_KY", "Đăng ký thi đua (chỉ tiêu, danh hiệu)"
    DE_NGHI = "DE_NGHI", "Nộp hồ sơ đề nghị khen thưởng"
    KHEN_CAO = "KHEN_CAO", "Trình khen cao (cấp trên quyết định)"
    BAO_CAO = "BAO_CAO", "Báo cáo tổng kết công tác thi đua, khen thưởng"
    KHAC = "KHAC", "Việc khác"


def day_of(year: int, month: int, day: int) -> date:
    """The calendar day in `year`; 29/02 falls on 28/02 in a year that has no 29th."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


class Deadline(CleanTextModel):
    """A date of the yearly calendar of emulation and commendation work (lịch công tác TĐKT) at one level."""

    title = models.CharField("Nội dung", max_length=300)
    kind = models.CharField("Loại việc", max_length=10, choices=DeadlineKind.choices)
    level = models.CharField(
        "Cấp thực hiện",
        max_length=14,
        choices=AuthorityLevel.choices,
        help_text="Cấp phải làm xong việc trước hạn (cấp trình, không phải cấp nhận): chỉ cán bộ cấp đó được nhắc.",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="Áp dụng trong đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Để trống: áp dụng cho mọi đơn vị. Chọn một đơn vị: chỉ cán bộ trong đơn vị đó được nhắc.",
    )
    opens_day = models.PositiveSmallIntegerField("Mở từ ngày", null=True, blank=True)
    opens_month = models.PositiveSmallIntegerField("Mở từ tháng", null=True, blank=True)
    due_day = models.PositiveSmallIntegerField("Hạn: ngày")
    due_month = models.PositiveSmallIntegerField("Hạn: tháng")
    note = models.TextField("Ghi chú, căn cứ", blank=True)
    active = models.BooleanField("Đang áp dụng", default=True)

    class Meta:
        verbose_name = "Hạn công tác thi đua – khen thưởng"
        verbose_name_plural = "Lịch công tác thi đua – khen thưởng"
        ordering = ["due_month", "due_day", "level", "title"]

    def __str__(self) -> str:
        return f"{self.title} (hạn {self.due_day:02d}/{self.due_month:02d})"

    def clean(self):
        super().clean()
        errors = {}
        if not _valid_day(self.due_month, self.due_day):
            errors["due_day"] = "Ngày hạn không có trong tháng đã chọn (tháng 1–12, ngày đúng với tháng)."
        opens = (self.opens_day, self.opens_month)
        if any(v is not None for v in opens) and not all(v is not None for v in opens):
            errors["opens_day"] = "Ghi đủ cả ngày và tháng mở, hoặc để trống cả hai."
        elif all(v is not None for v in opens):
            if not _valid_day(self.opens_month, self.opens_day):
                errors["opens_day"] = "Ngày mở không có trong tháng đã chọn."
            elif "due_day" not in errors and (self.opens_month, self.opens_day) > (self.due_month, self.due_day):
                errors["opens_day"] = "Ngày mở phải trước hoặc trùng ngày hạn (trong cùng một năm)."
        if errors:
            raise ValidationError(errors)

    def due_in(self, year: int) -> date:
        return day_of(year, self.due_month, self.due_day)

    def opens_in(self, year: int) -> date | None:
        if self.opens_month is None or self.opens_day is None:
            return None
        return day_of(year, self.opens_month, self.opens_day)

    def next_due(self, today: date) -> date:
        """This year's date, or next year's once this year's has passed."""
        due = self.due_in(today.year)
        return due if due >= today else self.due_in(today.year + 1)


def _valid_day(month, day) -> bool:
    if month is None or day is None or not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(2024, month)[1]  # a leap year: 29/02 is a valid yearly date


class NotificationKind(models.TextChoices):
    HO_SO = "HO_SO", "Hồ sơ đề nghị"
    DANG_KY = "DANG_KY", "Đăng ký thi đua"
    CHAM_DIEM = "CHAM_DIEM", "Chấm điểm cụm thi đua"
    HAN = "HAN", "Nhắc hạn"


class Notification(models.Model):
    """Something that concerns the user changed (from the audit trail), or a deadline is near."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("Loại", max_length=10, choices=NotificationKind.choices)
    title = models.CharField("Nội dung", max_length=400)
    body = models.TextField("Chi tiết", blank=True)
    url = models.CharField("Trang liên quan", max_length=300, blank=True)
    # what it was made from ("audit:<seq>", "han:<deadline>:<yyyy-mm-dd>"): making it twice is a no-op
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField("Thời điểm", auto_now_add=True)
    read_at = models.DateTimeField("Đã đọc lúc", null=True, blank=True)
    emailed_at = models.DateTimeField("Đã gửi thư lúc", null=True, blank=True)
    # what it is about ("nominations.dossier:7"): a later step of the same object ends an "act now" notification
    subject = models.CharField(max_length=80, blank=True)
    act = models.BooleanField("Cần xử lý", default=False)
    done_at = models.DateTimeField("Đã xử lý lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Thông báo"
        verbose_name_plural = "Thông báo"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_source")]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["subject"], condition=Q(act=True, done_at__isnull=True), name="notification_open_act"),
        ]

    def __str__(self) -> str:
        return self.title


UNREAD = Q(read_at__isnull=True)


class NotificationPreference(models.Model):
    """A user's choice to receive notifications by e-mail too (off until the user turns it on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField("Nhận thông báo qua thư điện tử", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Cài đặt thông báo"
        verbose_name_plural = "Cài đặt thông báo"

    def __str__(self) -> str:
        return f"{self.user}: {'có' if self.email else 'không'} nhận thư"


class DispatchCursor(models.Model):
    """The last audit event turned into notifications: the dispatcher reads only what came after it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "Vị trí xử lý thông báo"

    def __str__(self) -> str:
        return f"#{self.seq}"
