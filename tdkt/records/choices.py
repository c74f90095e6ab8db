"""Codes of the legal record (fixed: used by imports, exports and the API; domain.md §2)."""

from django.db import models


class SubjectType(models.TextChoices):
    CA_NHAN = "CA_NHAN", "Cá nhân"
    TAP_THE = "TAP_THE", "Tập thể"


class EntryKind(models.TextChoices):
    """Titles and forms are kept apart: mixing them is a known cause of wrong national reporting."""

    DANH_HIEU = "DANH_HIEU", "Danh hiệu thi đua"
    HINH_THUC = "HINH_THUC", "Hình thức khen thưởng"


class EntrySubject(models.TextChoices):
    CA_NHAN = "CA_NHAN", "Cá nhân"
    TAP_THE = "TAP_THE", "Tập thể"
    CA_HAI = "CA_HAI", "Cá nhân và tập thể"


class EntryLevel(models.TextChoices):
    DON_VI = "DON_VI", "Cấp đơn vị"
    QUAN_KHU = "QUAN_KHU", "Cấp Quân khu và tương đương"
    BO_QUOC_PHONG = "BO_QUOC_PHONG", "Cấp Bộ Quốc phòng"
    NHA_NUOC = "NHA_NUOC", "Cấp Nhà nước"


class Rating(models.TextChoices):
    """Yearly rating (mức độ hoàn thành nhiệm vụ), best first."""

    HTXSNV = "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"
    HTTNV = "HTTNV", "Hoàn thành tốt nhiệm vụ"
    HTNV = "HTNV", "Hoàn thành nhiệm vụ"
    KHTNV = "KHTNV", "Không hoàn thành nhiệm vụ"


class AwardKind(models.TextChoices):
    THUONG_XUYEN = "THUONG_XUYEN", "Thường xuyên"
    DOT_XUAT = "DOT_XUAT", "Đột xuất"
    CHUYEN_DE = "CHUYEN_DE", "Theo đợt, chuyên đề"
    NHIEM_VU = "NHIEM_VU", "Trong nhiệm vụ"
    NIEN_HAN = "NIEN_HAN", "Theo niên hạn"
    CONG_HIEN = "CONG_HIEN", "Quá trình cống hiến"
    DOI_NGOAI = "DOI_NGOAI", "Đối ngoại"


class DecisionOrigin(models.TextChoices):
    """Where a decision of the record comes from: numbered and signed in tdkt, or recorded from its text."""

    ISSUED = "ISSUED", "Ban hành trong tdkt"
    RECORDED = "RECORDED", "Ghi từ văn bản"


class AwardStatus(models.TextChoices):
    HIEU_LUC = "HIEU_LUC", "Hiệu lực"
    DA_HUY = "DA_HUY", "Đã hủy bỏ"


class InitiativeType(models.TextChoices):
    SANG_KIEN = "SANG_KIEN", "Sáng kiến"
    DE_TAI = "DE_TAI", "Đề tài"
    GIAI_PHAP = "GIAI_PHAP", "Giải pháp"


class InitiativeScope(models.TextChoices):
    CO_SO = "CO_SO", "Cấp cơ sở"
    TOAN_QUAN = "TOAN_QUAN", "Toàn quân"
    TOAN_QUOC = "TOAN_QUOC", "Toàn quốc"


class DisciplineForm(models.TextChoices):
    """Disciplinary forms, lightest to heaviest."""

    KHIEN_TRACH = "KHIEN_TRACH", "Khiển trách"
    CANH_CAO = "CANH_CAO", "Cảnh cáo"
    HA_BAC_LUONG = "HA_BAC_LUONG", "Hạ bậc lương"
    GIANG_CHUC = "GIANG_CHUC", "Giáng chức"
    CACH_CHUC = "CACH_CHUC", "Cách chức"
    GIANG_CAP_BAC_QH = "GIANG_CAP_BAC_QH", "Giáng cấp bậc quân hàm"
    TUOC_QUAN_HAM = "TUOC_QUAN_HAM", "Tước quân hàm sĩ quan"
    TUOC_DANH_HIEU_QN = "TUOC_DANH_HIEU_QN", "Tước danh hiệu quân nhân"
