"""The display layer (issue #16, item 5): Vietnamese numbers and names instead of codes, in pages
(template filters) and spreadsheets (number formats, column widths)."""

import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from openpyxl import Workbook, load_workbook

from tdkt.core import display
from tdkt.core.spreadsheets import xlsx_layout, xlsx_widths


@pytest.mark.parametrize(
    "value,expected",
    [
        (0, "0"),
        (7, "7"),
        (1234, "1.234"),
        (1234567, "1.234.567"),
        (-1234, "-1.234"),
        (Decimal("10.00"), "10"),  # "10,00 sáng kiến" was the bug
        (10.0, "10"),
        (2.5, "2,5"),
        (Decimal("1234.50"), "1.234,5"),
        (55.63, "55,63"),
        ("2023", "2.023"),
        (None, ""),
        ("", ""),
        ("không phải số", "không phải số"),
    ],
)
def test_number(value, expected):
    assert display.number(value) == expected


def test_number_with_fixed_decimals():
    assert display.number(55.0, 1) == "55,0"
    assert display.number(Decimal("55.649"), 1) == "55,6"
    assert display.number(Decimal("55.65"), 1) == "55,7"  # half up, as people round
    assert display.number(-0.01, 1) == "0,0"
    assert display.number(12345.678, 2) == "12.345,68"


@pytest.mark.parametrize(
    "value,decimals,expected",
    [(0.556, 1, "55,6%"), (1, 1, "100,0%"), (0.15, 0, "15%"), (Decimal("0.4"), 0, "40%"), (None, 1, "")],
)
def test_percent(value, decimals, expected):
    assert display.percent(value, decimals) == expected


def test_percent_of_a_value_already_in_percent():
    assert display.percent(55.6, 1, ratio=False) == "55,6%"


def test_count_keeps_the_noun():
    assert display.count(Decimal("10.00"), "sáng kiến") == "10 sáng kiến"


def test_a_registered_vocabulary_names_its_codes_and_an_unknown_code_stays(db):
    assert display.name("loai_khen", "CHUYEN_DE") == "Theo đợt, chuyên đề"
    assert display.name("loai_ho_so", "CHUYEN_DE") == "Khen thưởng theo đợt, chuyên đề"
    assert display.name("giai_doan", "BOI_DUONG") == "Bồi dưỡng"
    assert display.name("danh_muc", "CSTDCS") == "Chiến sĩ thi đua cơ sở"
    assert display.name("danh_muc", "BK_TTG") == "Bằng khen của Thủ tướng Chính phủ"
    assert display.name("danh_muc", "KHONG_CO") == "KHONG_CO"
    assert display.name("danh_muc", "KHONG_CO", default="") == ""
    assert display.name("khong_co_tu_dien", "X") == "X"
    assert display.name("danh_muc", None) == ""
    assert display.any_name("BOI_DUONG") == "Bồi dưỡng"
    assert display.any_name("CSTT") == "Chiến sĩ tiên tiến"


def test_a_renamed_catalogue_entry_shows_its_new_name(db):
    from tdkt.records.models import CatalogueEntry

    assert display.name("danh_muc", "GK") == "Giấy khen"
    entry = CatalogueEntry.objects.get(code="GK")
    entry.name = "Giấy khen (tên mới)"
    entry.save()
    assert display.name("danh_muc", "GK") == "Giấy khen (tên mới)"


def test_a_unit_is_named_with_its_parents_only_where_its_name_is_ambiguous(db):
    from tdkt.org.models import Unit

    root = Unit.objects.create(code="R", name="Quân khu")
    a = Unit.objects.create(code="A", name="Cục Kỹ thuật", parent=root)
    b = Unit.objects.create(code="B", name="Cục Hậu cần", parent=root)
    a_plan = Unit.objects.create(
        code="A-KH", name="Ban Kế hoạch", parent=Unit.objects.create(code="A-P", name="Phòng Tham mưu", parent=a)
    )
    b_plan = Unit.objects.create(
        code="B-KH", name="Ban Kế hoạch", parent=Unit.objects.create(code="B-P", name="Phòng Tham mưu", parent=b)
    )
    assert display.name("don_vi", "A") == "Cục Kỹ thuật"
    assert display.name("don_vi", a_plan) == "Ban Kế hoạch — Phòng Tham mưu — Cục Kỹ thuật"
    assert display.name("don_vi", "B-KH") == "Ban Kế hoạch — Phòng Tham mưu — Cục Hậu cần"
    assert display.name("don_vi", b_plan.pk) == "Ban Kế hoạch — Phòng Tham mưu — Cục Hậu cần"
    assert display.name("don_vi", "KHONG-CO") == "KHONG-CO"


def _render(text: str, **context) -> str:
    return Template("{% load vi %}" + text).render(Context(context))


def test_template_filters(db):
    assert _render("{{ v|so }}", v=Decimal("10.00")) == "10"
    assert _render("{{ v|so }}", v=1234567) == "1.234.567"
    assert _render("{{ v|phan_tram }}", v=0.556) == "55,6%"
    assert _render("{{ v|phan_tram:0 }}", v=0.15) == "15%"
    assert _render("{{ v|phan_tram_so }}", v=100) == "100,0%"
    assert _render("{{ v|so_thap_phan:1 }}", v=55.63) == "55,6"
    assert _render("{{ c|ten_danh_hieu }}", c="CSTDCS") == "Chiến sĩ thi đua cơ sở"
    assert _render("{{ c|ten_loai }}", c="DOT_XUAT") == "Đột xuất"
    assert _render('{{ c|ten:"trang_thai_ho_so" }}', c="TRA_LAI") == "Trả lại để bổ sung"
    assert _render("{{ c|ten_ma }}", c="NHAN_RONG") == "Nhân rộng"


def _reload(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(buffer)


def test_xlsx_layout_gives_numbers_real_formats_and_columns_their_width():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Danh hiệu thi đua", "Số lượng", "Tỷ lệ"])
    sheet.append(["Chiến sĩ thi đua cơ sở", 1234, 0.556])
    sheet.append(["Lao động tiên tiến", 7, 0.1])
    xlsx_layout(sheet, formats={2: display.XLSX_PERCENT})
    sheet = _reload(workbook).active
    assert sheet["A1"].font.bold
    assert sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].number_format == "0.0%"
    assert sheet["B2"].value == 1234  # a number, not the text "1.234"
    assert sheet.column_dimensions["A"].width >= len("Chiến sĩ thi đua cơ sở")
    assert 8 <= sheet.column_dimensions["B"].width < sheet.column_dimensions["A"].width
    assert sheet.freeze_panes == "A2"


def test_xlsx_layout_wraps_long_text_and_caps_the_width():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nội dung"])
    sheet.append(["x" * 300])
    xlsx_layout(sheet)
    sheet = _reload(workbook).active
    assert sheet.column_dimensions["A"].width == 60
    assert sheet["A2"].alignment.wrap_text


def test_xlsx_widths_of_a_write_only_sheet():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("S")
    xlsx_widths(sheet, [30, 3, 100])
    sheet.append(["a", "b", "c"])
    sheet = _reload(workbook)["S"]
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [30, 8, 60]


def test_a_quantity_with_its_measure():
    assert display.quantity(Decimal("10.00"), "sáng kiến") == "10 sáng kiến"
    assert display.quantity(Decimal("70.00"), "%") == "70%"
    assert display.quantity(Decimal("68.50"), " % ") == "68,5%"
    assert display.quantity(1234, "") == "1.234"
    assert display.quantity(None, "%") == ""


def test_quantity_and_sentence_filters():
    assert _render("{{ v|luong:m }}", v=Decimal("10.00"), m="sáng kiến") == "10 sáng kiến"
    assert _render("{{ v|luong:m }}", v=Decimal("55.60"), m="%") == "55,6%"
    assert (
        _render("Kết luận: {{ t|cau }}. Quyết định", t="Triển khai năm 2023.")
        == "Kết luận: Triển khai năm 2023. Quyết định"
    )
