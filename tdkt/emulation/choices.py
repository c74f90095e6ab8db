from django.db import models


class RegistrationStatus(models.TextChoices):
    DANG_KY = "DANG_KY", "Đã đăng ký, chờ duyệt"
    DA_DUYET = "DA_DUYET", "Đã duyệt"
    TRA_LAI = "TRA_LAI", "Trả lại"


class ConferenceKind(models.TextChoices):
    SO_KET = "SO_KET", "Hội nghị sơ kết 6 tháng"
    TONG_KET = "TONG_KET", "Hội nghị tổng kết năm"


class ExemplarStage(models.TextChoices):
    """The life of an exemplar (điển hình tiên tiến), in order."""

    PHAT_HIEN = "PHAT_HIEN", "Phát hiện"
    BOI_DUONG = "BOI_DUONG", "Bồi dưỡng"
    TONG_KET = "TONG_KET", "Tổng kết"
    NHAN_RONG = "NHAN_RONG", "Nhân rộng"


STAGE_ORDER = {stage: i for i, stage in enumerate(ExemplarStage.values)}


class RoundStatus(models.TextChoices):
    """A cluster scoring round, in order."""

    SOAN = "SOAN", "Xây dựng tiêu chí"
    TU_CHAM = "TU_CHAM", "Đơn vị tự chấm"
    THAM_DINH = "THAM_DINH", "Cụm trưởng thẩm định"
    GIAI_TRINH = "GIAI_TRINH", "Đơn vị giải trình"
    CHAM_LAI = "CHAM_LAI", "Thẩm định lại"
    KHOA = "KHOA", "Đã khóa kết quả"


class CriterionKind(models.TextChoices):
    DIEM = "DIEM", "Chấm điểm"
    DAT = "DAT", "Đạt / không đạt"
    THUONG = "THUONG", "Điểm thưởng"
    TRU = "TRU", "Điểm trừ"


class MovementKind(models.TextChoices):
    QUYET_THANG = "QUYET_THANG", "Phong trào Thi đua Quyết thắng (hằng năm)"
    DOT = "DOT", "Thi đua theo đợt"
    CHUYEN_DE = "CHUYEN_DE", "Thi đua chuyên đề"
