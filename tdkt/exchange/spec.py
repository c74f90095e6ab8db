"""The exchange format (shared/docs/exchange-format.md) as data: sheets, keys, headers, cell kinds.

tdkt may add sheets or columns (never change these); additions are marked `extension=True`.
"""

from dataclasses import dataclass

from tdkt.org.choices import Gender, PersonCategory, Rank
from tdkt.records.choices import (
    AwardKind,
    AwardStatus,
    DisciplineForm,
    InitiativeScope,
    InitiativeType,
    Rating,
    SubjectType,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    kind: str = "text"  # text | code | date | year | enum | rank
    choices: tuple[str, ...] = ()
    extension: bool = False
    labels: tuple[tuple[str, str], ...] = ()  # (Vietnamese label, code): labels are accepted for codes


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _enum(choices) -> tuple[str, ...]:
    return tuple(choices.values)


def _labels(choices) -> tuple[tuple[str, str], ...]:
    return tuple((str(label), value) for value, label in choices.choices)


UNITS = Sheet(
    "DonVi",
    "Đơn vị",
    (
        Column("ma_don_vi", "Mã đơn vị", True, "code"),
        Column("ten_don_vi", "Tên đơn vị", True),
        Column("ten_viet_tat", "Tên viết tắt"),
        Column("ma_don_vi_cap_tren", "Mã đơn vị cấp trên", False, "code"),
        Column("loai_don_vi", "Loại đơn vị", False, "code"),
        Column("ngay_thanh_lap", "Ngày thành lập", False, "date"),
        Column("ngay_giai_the", "Ngày giải thể", False, "date"),
        Column("ma_don_vi_ke_thua", "Mã đơn vị kế thừa", False, "code"),
    ),
)
PEOPLE = Sheet(
    "CaNhan",
    "Cá nhân",
    (
        Column("ma_ca_nhan", "Mã cá nhân", True, "code"),
        Column("ho_ten", "Họ và tên", True),
        Column("ngay_sinh", "Ngày sinh", False, "date"),
        Column("gioi_tinh", "Giới tính", False, "enum", _enum(Gender), labels=_labels(Gender)),
        Column("cap_bac", "Cấp bậc", False, "rank", _enum(Rank)),
        Column("chuc_vu", "Chức vụ"),
        Column("doi_tuong", "Đối tượng", False, "enum", _enum(PersonCategory), labels=_labels(PersonCategory)),
        Column("ngay_nhap_ngu", "Ngày nhập ngũ / vào làm", False, "date"),
        Column("ma_don_vi", "Mã đơn vị", True, "code"),
        Column("ngay_den_don_vi", "Ngày về đơn vị", False, "date"),
    ),
)
RATINGS = Sheet(
    "DanhGia",
    "Đánh giá năm",
    (
        Column("loai_doi_tuong", "Loại đối tượng", True, "enum", _enum(SubjectType), labels=_labels(SubjectType)),
        Column("ma_doi_tuong", "Mã đối tượng", True, "code"),
        Column("nam", "Năm", True, "year"),
        Column("muc_do", "Mức độ hoàn thành nhiệm vụ", True, "enum", _enum(Rating), labels=_labels(Rating)),
    ),
)
INITIATIVES = Sheet(
    "SangKien",
    "Sáng kiến, đề tài",
    (
        Column("ma_ca_nhan", "Mã cá nhân", True, "code"),
        Column("nam", "Năm", True, "year"),
        Column("ten", "Tên sáng kiến / đề tài", True),
        Column("loai", "Loại", False, "enum", _enum(InitiativeType), labels=_labels(InitiativeType)),
        Column("pham_vi", "Phạm vi công nhận", True, "enum", _enum(InitiativeScope), labels=_labels(InitiativeScope)),
        Column("so_quyet_dinh", "Số quyết định công nhận"),
    ),
)
DISCIPLINE = Sheet(
    "KyLuat",
    "Kỷ luật",
    (
        Column("ma_ca_nhan", "Mã cá nhân", True, "code"),
        Column("hinh_thuc", "Hình thức kỷ luật", True, "enum", _enum(DisciplineForm), labels=_labels(DisciplineForm)),
        Column("ngay_quyet_dinh", "Ngày quyết định", True, "date"),
        Column("so_quyet_dinh", "Số quyết định"),
        Column("den_ngay", "Thời hạn đến ngày", False, "date"),
        Column("ly_do", "Lý do"),
    ),
)
AWARDS = Sheet(
    "KhenThuong",
    "Khen thưởng",
    (
        Column("loai_doi_tuong", "Loại đối tượng", True, "enum", _enum(SubjectType), labels=_labels(SubjectType)),
        Column("ma_doi_tuong", "Mã đối tượng", True, "code"),
        Column("ma_khen_thuong", "Mã danh hiệu / hình thức", True, "code"),
        Column("nam", "Năm", True, "year"),
        Column("loai_khen_thuong", "Loại khen thưởng", False, "enum", _enum(AwardKind), labels=_labels(AwardKind)),
        Column("so_quyet_dinh", "Số quyết định"),
        Column("ngay_quyet_dinh", "Ngày quyết định", False, "date"),
        Column("co_quan_quyet_dinh", "Cơ quan quyết định"),
        Column("thanh_tich", "Thành tích"),
        Column("trang_thai", "Trạng thái", False, "enum", _enum(AwardStatus), labels=_labels(AwardStatus)),
        Column("so_quyet_dinh_huy", "Số quyết định hủy bỏ", extension=True),
        Column("ngay_quyet_dinh_huy", "Ngày quyết định hủy bỏ", False, "date", extension=True),
        Column("ly_do_huy", "Lý do hủy bỏ", extension=True),
    ),
)

SHEETS: dict[str, Sheet] = {s.name: s for s in (UNITS, PEOPLE, RATINGS, INITIATIVES, DISCIPLINE, AWARDS)}
