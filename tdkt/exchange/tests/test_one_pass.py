"""Import errors in one pass (issue #16, item 8): format errors and reference errors in the same report."""

from tdkt.exchange.tests.helpers import AWARD_HEADER, PERSON_HEADER, RATING_HEADER, UNIT_HEADER, write_workbook
from tdkt.exchange.tests.test_import import run_import, state
from tdkt.records import services as records
from tdkt.records.models import CatalogueEntry


def mixed_sheets() -> dict[str, list[list]]:
    """Ten kinds of error, several of them in rows that also hold a date error."""
    return {
        "DonVi": [
            UNIT_HEADER,
            # bad founding date and an unknown parent in the same row
            ["CCT-X", "Ban Mới", "", "KHONG-CO", "BAN", "31/02/2020"],
        ],
        "CaNhan": [
            PERSON_HEADER,
            ["N-1", "Lê Văn Một", "12/03/1992", "NAM", "", "", "SI_QUAN", "", "CCT-TH", ""],
            # the same code again, with a bad birth date: both are reported
            ["N-1", "Lê Văn Một", "45/03/1992", "NAM", "", "", "SI_QUAN", "", "CCT-TH", ""],
            # a bad date and a unit nobody knows
            ["N-2", "Phan Thị Hai", "01/13/1990", "NU", "", "", "QNCN", "", "DV-MA", ""],
            # a bad date and a unit outside the importer's remit (Cục Hậu cần)
            ["N-3", "Trần Văn Ba", "1990-02-30", "NAM", "", "", "QNCN", "", "CHC-QY", ""],
        ],
        "DanhGia": [
            RATING_HEADER,
            ["CA_NHAN", "KHONG-AI", 2023, "HTXSNV"],  # unknown person
            ["CA_NHAN", "KHONG-AI-2", "năm ngoái", "HTXSNV"],  # bad year (the key) and an unknown person
        ],
        "KhenThuong": [
            AWARD_HEADER,
            # unknown award code with a bad decision date
            ["CA_NHAN", "P-A", "BK_KHONG_CO", 2023, "", "12/QĐ", "32/01/2024", "Cục Chính trị", "", ""],
            # a title the person already holds in the database (another decision)
            ["CA_NHAN", "P-A", "CSTT", 2023, "", "13/QĐ-CCT", "05/01/2024", "Cục Chính trị", "", ""],
        ],
    }


def test_every_kind_of_error_is_reported_in_one_validation_and_nothing_is_applied(org, tmp_path):
    records.award_record(
        actor=org.officer_a, person=org.person_a, entry=CatalogueEntry.objects.get(code="CSTT"), year=2023
    )
    before = state()
    job, plan = run_import(write_workbook(tmp_path / "hon-hop.xlsx", mixed_sheets()), actor=org.officer_a)
    assert not plan.ok and state() == before and job.status == "INVALID"
    errors = {(e["sheet"], e["row"], e["column"], e["message"]) for e in job.report["errors"]}

    def has(sheet, row, column, words):
        return any(e[:3] == (sheet, row, column) and words in e[3] for e in errors)

    assert has("DonVi", 2, "Ngày thành lập", "")  # format
    assert has("DonVi", 2, "Mã đơn vị cấp trên", "Không tìm thấy đơn vị cấp trên")  # reference, same row
    assert has("CaNhan", 3, "Ngày sinh", "")
    assert has("CaNhan", 3, "Mã cá nhân", "Trùng với dòng 2")  # duplicate within the file
    assert has("CaNhan", 4, "Ngày sinh", "") and has("CaNhan", 4, "Mã đơn vị", "Không tìm thấy đơn vị")
    assert has("CaNhan", 5, "Ngày sinh", "") and has("CaNhan", 5, "Mã đơn vị", "Ngoài phạm vi quản lý")
    assert has("DanhGia", 2, "Mã đối tượng", "Không tìm thấy cá nhân")
    assert has("DanhGia", 3, "Năm", "") and has("DanhGia", 3, "Mã đối tượng", "Không tìm thấy cá nhân")
    assert has("KhenThuong", 2, "Ngày quyết định", "")
    assert has("KhenThuong", 2, "Mã danh hiệu / hình thức", "Mã không có trong danh mục")
    assert has("KhenThuong", 3, "Mã danh hiệu / hình thức", "đã có danh hiệu này năm 2023 trong hệ thống")
    # the report keeps its shape and reads sheet by sheet, row by row
    first = job.report["errors"][0]
    assert set(first) == {"sheet", "row", "column", "value", "message"}
    order = ["DonVi", "CaNhan", "DanhGia", "KhenThuong"]
    keys = [(order.index(e["sheet"]), e["row"]) for e in job.report["errors"]]
    assert keys == sorted(keys) and job.report["error_count"] == len(job.report["errors"])


def test_a_bad_parent_cell_is_not_also_reported_as_a_missing_parent(org, tmp_path):
    sheets = {"DonVi": [UNIT_HEADER, ["CCT-Y", "Ban Y", "", "=1+1", "BAN", "01/01/2020"]]}
    job, plan = run_import(write_workbook(tmp_path / "cha.xlsx", sheets), actor=org.officer_a)
    messages = [e["message"] for e in job.report["errors"]]
    assert len(messages) == 1, messages
