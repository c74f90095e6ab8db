"""Codes of the organisation domain (fixed: used by imports, exports and the API)."""

from django.db import models


class UnitType(models.TextChoices):
    QUAN_KHU = "QUAN_KHU", "Quân khu"
    BO_TU_LENH = "BO_TU_LENH", "Bộ Tư lệnh"
    CO_QUAN = "CO_QUAN", "Cơ quan"
    CUC = "CUC", "Cục"
    PHONG = "PHONG", "Phòng"
    BAN = "BAN", "Ban"
    VAN_PHONG = "VAN_PHONG", "Văn phòng"
    SU_DOAN = "SU_DOAN", "Sư đoàn"
    LU_DOAN = "LU_DOAN", "Lữ đoàn"
    TRUNG_DOAN = "TRUNG_DOAN", "Trung đoàn"
    TIEU_DOAN = "TIEU_DOAN", "Tiểu đoàn"
    DAI_DOI = "DAI_DOI", "Đại đội"
    TRUNG_DOI = "TRUNG_DOI", "Trung đội"
    BENH_VIEN = "BENH_VIEN", "Bệnh viện"
    KHO = "KHO", "Kho"
    XUONG = "XUONG", "Xưởng"
    TRUONG = "TRUONG", "Trường"
    DON_VI_KHAC = "DON_VI_KHAC", "Đơn vị khác"


class Gender(models.TextChoices):
    NAM = "NAM", "Nam"
    NU = "NU", "Nữ"


class PersonCategory(models.TextChoices):
    SI_QUAN = "SI_QUAN", "Sĩ quan"
    QNCN = "QNCN", "Quân nhân chuyên nghiệp"
    HSQ_BS = "HSQ_BS", "Hạ sĩ quan, binh sĩ"
    CNVQP = "CNVQP", "Công nhân và viên chức quốc phòng"
    LDHD = "LDHD", "Lao động hợp đồng"


class Rank(models.TextChoices):
    """Military ranks (cấp bậc quân hàm), lowest to highest; QNCN hold officer-like ranks."""

    BINH_NHI = "BINH_NHI", "Binh nhì"
    BINH_NHAT = "BINH_NHAT", "Binh nhất"
    HA_SI = "HA_SI", "Hạ sĩ"
    TRUNG_SI = "TRUNG_SI", "Trung sĩ"
    THUONG_SI = "THUONG_SI", "Thượng sĩ"
    THIEU_UY = "THIEU_UY", "Thiếu úy"
    TRUNG_UY = "TRUNG_UY", "Trung úy"
    THUONG_UY = "THUONG_UY", "Thượng úy"
    DAI_UY = "DAI_UY", "Đại úy"
    THIEU_TA = "THIEU_TA", "Thiếu tá"
    TRUNG_TA = "TRUNG_TA", "Trung tá"
    THUONG_TA = "THUONG_TA", "Thượng tá"
    DAI_TA = "DAI_TA", "Đại tá"
    THIEU_TUONG = "THIEU_TUONG", "Thiếu tướng"
    TRUNG_TUONG = "TRUNG_TUONG", "Trung tướng"
    THUONG_TUONG = "THUONG_TUONG", "Thượng tướng"
    DAI_TUONG = "DAI_TUONG", "Đại tướng"


class Role(models.TextChoices):
    """Roles held on a unit; each covers the unit's whole subtree."""

    QUAN_TRI = "QUAN_TRI", "Quản trị hệ thống"
    CAN_BO_TDKT = "CAN_BO_TDKT", "Cán bộ thi đua – khen thưởng"
    CHI_HUY = "CHI_HUY", "Chỉ huy (người ký)"
    HOI_DONG = "HOI_DONG", "Thành viên Hội đồng TĐKT"
    XEM = "XEM", "Chỉ xem"
