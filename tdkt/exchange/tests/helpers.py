"""Building exchange workbooks for tests."""

from pathlib import Path

from openpyxl import Workbook

UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Mã đơn vị cấp trên", "Loại đơn vị", "Ngày thành lập"]
PERSON_HEADER = [
    "ma_ca_nhan",
    "ho_ten",
    "ngay_sinh",
    "gioi_tinh",
    "cap_bac",
    "chuc_vu",
    "doi_tuong",
    "ngay_nhap_ngu",
    "ma_don_vi",
    "ngay_den_don_vi",
]
RATING_HEADER = ["loai_doi_tuong", "ma_doi_tuong", "nam", "muc_do"]
AWARD_HEADER = [
    "loai_doi_tuong",
    "ma_doi_tuong",
    "ma_khen_thuong",
    "nam",
    "loai_khen_thuong",
    "so_quyet_dinh",
    "ngay_quyet_dinh",
    "co_quan_quyet_dinh",
    "thanh_tich",
    "trang_thai",
]


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def good_sheets() -> dict[str, list[list]]:
    """A small valid file under the test tree's Cục Chính trị (code CCT)."""
    return {
        "DonVi": [UNIT_HEADER, ["CCT-MOI", "Phòng Mới", "P.Mới", "CCT", "PHONG", "01/01/2020"]],
        "CaNhan": [
            PERSON_HEADER,
            [
                "N-001",
                "Võ Thị Ánh",
                "12/03/1992",
                "NU",
                "Đại úy",
                "Trợ lý",
                "SI_QUAN",
                "2012-09-01",
                "CCT-MOI",
                "01/02/2021",
            ],
            [
                "N-002",
                "Đoàn Văn Mạnh",
                "1990-07-08",
                "NAM",
                "THIEU_TA",
                "Trưởng ban",
                "SI_QUAN",
                "01/09/2009",
                "CCT-MOI",
                None,
            ],
        ],
        "DanhGia": [
            RATING_HEADER,
            ["CA_NHAN", "N-001", 2023, "HTXSNV"],
            ["CA_NHAN", "N-002", 2023, "HTTNV"],
            ["TAP_THE", "CCT-MOI", 2023, "HTXSNV"],
        ],
        "SangKien": [
            ["ma_ca_nhan", "nam", "ten", "loai", "pham_vi", "so_quyet_dinh"],
            ["N-001", 2023, "Phần mềm quản lý hồ sơ", "SANG_KIEN", "CO_SO", "7/QĐ-CCT"],
        ],
        "KyLuat": [
            ["ma_ca_nhan", "hinh_thuc", "ngay_quyet_dinh", "so_quyet_dinh", "den_ngay", "ly_do"],
            ["N-002", "KHIEN_TRACH", "01/03/2022", "3/QĐ-CCT", "01/03/2023", "Vi phạm"],
        ],
        "KhenThuong": [
            AWARD_HEADER,
            ["CA_NHAN", "N-001", "CSTT", 2023, "", "45/QĐ-CCT", "05/01/2024", "Cục Chính trị", "", ""],
            ["CA_NHAN", "N-001", "CSTDCS", 2023, "THUONG_XUYEN", "46/QĐ-CCT", "05/01/2024", "", "", ""],
            ["TAP_THE", "CCT-MOI", "DVQT", 2023, "", "47/QĐ-BTL", "10/01/2024", "BTL QK", "", ""],
            ["CA_NHAN", "N-002", "GK", 2023, "DOT_XUAT", "48/QĐ-CCT", "15/06/2023", "", "Cứu hộ", ""],
        ],
    }
