"""Codes of the nomination flow (dossiers, items, councils), with their Vietnamese labels."""

from django.db import models


class DossierKind(models.TextChoices):
    THUONG_XUYEN = "THUONG_XUYEN", "Khen thưởng thường xuyên (tổng kết năm)"
    DOT_XUAT = "DOT_XUAT", "Khen thưởng đột xuất"
    CHUYEN_DE = "CHUYEN_DE", "Khen thưởng theo đợt, chuyên đề"
    NHIEM_VU = "NHIEM_VU", "Khen thưởng trong thực hiện nhiệm vụ"
    KHEN_CAO = "KHEN_CAO", "Đề nghị khen cao (cấp trên quyết định)"
    # the other types of commendation of the Law (loại hình khen thưởng; law-research 1.4, article number U)
    NIEN_HAN = "NIEN_HAN", "Khen thưởng theo niên hạn"
    CONG_HIEN = "CONG_HIEN", "Khen thưởng quá trình cống hiến"
    DOI_NGOAI = "DOI_NGOAI", "Khen thưởng đối ngoại"


# How a document's subject line names each kind: "Về việc khen thưởng tổng kết năm 2025".
KIND_PHRASES = {
    "THUONG_XUYEN": "tổng kết",  # followed by "năm {year}": "tổng kết năm 2025", never "năm năm"
    "DOT_XUAT": "đột xuất",
    "CHUYEN_DE": "theo đợt, chuyên đề",
    "NHIEM_VU": "trong thực hiện nhiệm vụ",
    "KHEN_CAO": "cấp trên",
    "NIEN_HAN": "theo niên hạn",
    "CONG_HIEN": "quá trình cống hiến",
    "DOI_NGOAI": "đối ngoại",
}


class DossierStatus(models.TextChoices):
    NHAP = "NHAP", "Đang soạn"
    DA_GUI = "DA_GUI", "Đã gửi, chờ tiếp nhận"
    DANG_XET = "DANG_XET", "Đang xét"
    BIEU_QUYET = "BIEU_QUYET", "Hội đồng đang biểu quyết"
    DA_XET = "DA_XET", "Hội đồng đã xét"
    DA_QUYET_DINH = "DA_QUYET_DINH", "Đã có quyết định"
    TRA_LAI = "TRA_LAI", "Trả lại để bổ sung"
    DA_RUT = "DA_RUT", "Đã rút"


class ItemStatus(models.TextChoices):
    DE_NGHI = "DE_NGHI", "Đề nghị"
    DAT = "DAT", "Được thông qua"
    KHONG_DAT = "KHONG_DAT", "Không được thông qua"
    CHUYEN_LEN = "CHUYEN_LEN", "Chuyển cấp trên"
    DA_KHEN = "DA_KHEN", "Đã khen thưởng"
    DA_RUT = "DA_RUT", "Đã rút"


# Items that still stand for their achievement: a second proposal for it is refused.
LIVE_ITEM_STATUSES = (ItemStatus.DE_NGHI, ItemStatus.DAT, ItemStatus.CHUYEN_LEN, ItemStatus.DA_KHEN)
# Kinds whose achievement is the year's work as a whole (one proposal per subject, title and year);
# the others reward a particular deed, named in the achievement summary.
YEARLY_KINDS = ("THUONG_XUYEN", "KHEN_CAO")
# Kinds whose achievement is the subject's career (service length, contribution): one proposal per subject,
# form and year, whatever the summary says, as for the yearly kinds; the award keeps its own kind.
CAREER_KINDS = ("NIEN_HAN", "CONG_HIEN")


class AuthorityLevel(models.TextChoices):
    """The same levels as the catalogue's (`records.EntryLevel`): an award is decided at its entry's level."""

    DON_VI = "DON_VI", "Cấp đơn vị"
    QUAN_KHU = "QUAN_KHU", "Cấp Quân khu và tương đương"
    BO_QUOC_PHONG = "BO_QUOC_PHONG", "Cấp Bộ Quốc phòng"
    NHA_NUOC = "NHA_NUOC", "Cấp Nhà nước"


LEVEL_ORDER = {level: i for i, level in enumerate(AuthorityLevel.values)}


class CouncilRole(models.TextChoices):
    CHU_TICH = "CHU_TICH", "Chủ tịch"
    PHO_CHU_TICH = "PHO_CHU_TICH", "Phó Chủ tịch"
    UY_VIEN = "UY_VIEN", "Ủy viên"
    THU_KY = "THU_KY", "Ủy viên, Thư ký"


class NumberSeries(models.TextChoices):
    """Numbered document series of an authority (NĐ 30/2020 type codes)."""

    QD = "QD", "Quyết định"
    TTR = "TTR", "Tờ trình"
