"""Issue #16, items 6, 8 and 9 in the browser: a corrected rating leaves its trace, an import reports every
error at once, and the screening table says what was met, what is missing, and on which article."""

import re

import pytest
from playwright.sync_api import expect

from tdkt.exchange.tests.helpers import write_workbook
from tdkt.exchange.tests.test_one_pass import mixed_sheets
from tdkt.records import services
from tdkt.records.models import CatalogueEntry, YearlyRating


@pytest.fixture
def background_imports(settings, tmp_path):
    settings.IMPORT_RUNNER = "thread"
    settings.VAR_DIR = tmp_path


def test_a_corrected_rating_asks_why_and_shows_old_and_new_in_the_history(e2e_org, login, live_server):
    services.rating_set(actor=e2e_org.officer_a, person=e2e_org.person_a, year=2023, rating="HTXSNV")
    page = login("canbo.a")
    page.goto(f"{live_server.url}/quan-nhan/{e2e_org.person_a.pk}/")
    page.get_by_test_id("record-history").get_by_role("link", name="Ghi đánh giá năm").click()
    page.get_by_label("Năm").fill("2023")
    page.get_by_label("Mức độ hoàn thành nhiệm vụ").select_option("HTNV")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("record-form")).to_contain_text(
        "Năm 2023 đã được đánh giá “Hoàn thành xuất sắc nhiệm vụ”"
    )
    assert YearlyRating.objects.get(person=e2e_org.person_a, year=2023).rating == "HTXSNV"

    page.get_by_label("Lý do sửa").fill("Theo kết luận của Hội đồng TĐKT ngày 10/12/2024")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi")
    expect(page.locator("tr[data-year='2023']")).to_contain_text("Hoàn thành nhiệm vụ")
    events = page.get_by_test_id("record-events")
    expect(events).to_have_attribute("open", "")  # a correction opens the log
    correction = events.locator("tr", has_text="Sửa đánh giá năm")
    expect(correction).to_be_visible()
    expect(correction).to_contain_text("Năm: 2023")
    expect(correction).to_contain_text("Hoàn thành xuất sắc nhiệm vụ → Hoàn thành nhiệm vụ")
    expect(correction).to_contain_text("Theo kết luận của Hội đồng TĐKT ngày 10/12/2024")
    expect(correction).to_contain_text(str(e2e_org.officer_a))
    expect(correction).not_to_contain_text("HTXSNV")


def test_an_import_with_mixed_errors_shows_them_all_at_once(e2e_org, login, live_server, tmp_path, background_imports):
    services.award_record(
        actor=e2e_org.officer_a, person=e2e_org.person_a, entry=CatalogueEntry.objects.get(code="CSTT"), year=2023
    )
    path = write_workbook(tmp_path / "hon-hop.xlsx", mixed_sheets())
    page = login("canbo.a")
    page.goto(f"{live_server.url}/nhap-du-lieu/")
    page.get_by_label("Tệp dữ liệu").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Có lỗi", timeout=20000)
    expect(page.get_by_test_id("job-errors-summary")).to_contain_text("Không dữ liệu nào được ghi")
    errors = page.get_by_test_id("job-errors")
    for text in (
        "Ngày không tồn tại trong lịch.",  # format
        "Trùng với dòng 2 trong cùng tệp.",  # duplicate within the file
        "Không tìm thấy đơn vị cấp trên",  # unknown parent, in a row that also has a bad date
        "Không tìm thấy cá nhân",  # unknown subject
        "Mã không có trong danh mục khen thưởng.",  # unknown award code, in a row with a bad date
        "Ngoài phạm vi quản lý của bạn",  # out of remit
        "đã có danh hiệu này năm 2023 trong hệ thống",  # duplicate against the database
    ):
        expect(errors).to_contain_text(text)
    sheets = errors.locator("tbody tr td:first-child").all_inner_texts()
    assert sheets == sorted(sheets, key=["DonVi", "CaNhan", "DanhGia", "KhenThuong"].index)


def test_the_screening_table_says_what_was_met_what_is_missing_and_where_the_law_says_it(e2e_org, login, live_server):
    services.rating_set(actor=e2e_org.admin, person=e2e_org.person_a, year=2024, rating="HTXSNV")
    services.rating_set(actor=e2e_org.admin, person=e2e_org.person_a1, year=2024, rating="HTNV")
    services.award_record(
        actor=e2e_org.admin,
        person=e2e_org.person_a,
        entry=CatalogueEntry.objects.get(code="CSTT"),
        year=2024,
        decision_number="9/QĐ-CCT",
        issuer="Cục Chính trị",
    )
    page = login("canbo.a")
    page.get_by_role("link", name="Xét điều kiện").click()
    page.get_by_label("Năm xét").fill("2024")
    page.get_by_label("Danh hiệu / hình thức").select_option("CSTDCS")
    page.get_by_role("button", name="Xét").click()
    legend = page.get_by_test_id("label-legend")
    for text in ("chắc chắn", "có khả năng", "chưa xác nhận"):
        expect(legend).to_contain_text(text)
    results = page.get_by_test_id("screening-results")
    eligible = results.locator("tr", has_text="Đặng Văn Đức")
    expect(eligible).to_contain_text("Đủ điều kiện")
    expect(eligible.get_by_test_id("met")).to_have_text("Đã đạt:")
    expect(eligible).not_to_contain_text("Còn thiếu")
    expect(eligible).to_contain_text("Hoàn thành xuất sắc nhiệm vụ")
    other = results.locator("tr", has_text="Bùi Thị Hồng")
    expect(other).to_contain_text("Chưa đủ điều kiện")
    expect(other.get_by_test_id("missing")).to_have_text("Còn thiếu:")
    sources = results.get_by_test_id("source").all_inner_texts()
    assert sources and all("Điều" in s or "chưa xác định điều" in s for s in sources), sources
    assert any("Luật TĐKT 2022, Điều 23" in s for s in sources), sources
    assert not any(re.search(r"Đ\d", s) for s in sources), sources
