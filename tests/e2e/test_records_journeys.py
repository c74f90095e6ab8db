"""Browser journeys of the legal record and the import wizard."""

import re

import pytest
from playwright.sync_api import expect

from tdkt.exchange.tests.helpers import good_sheets, write_workbook


@pytest.fixture
def background_imports(settings, tmp_path):
    settings.IMPORT_RUNNER = "thread"
    settings.VAR_DIR = tmp_path


def test_record_a_rating_and_an_award_then_revoke_it(e2e_org, login, live_server):
    page = login("canbo.a")
    page.goto(f"{live_server.url}/quan-nhan/{e2e_org.person_a.pk}/")
    history = page.get_by_test_id("record-history")
    expect(history).to_contain_text("Chưa có dữ liệu thi đua, khen thưởng")

    history.get_by_role("link", name="Ghi đánh giá năm").click()
    page.get_by_label("Năm").fill("2024")
    page.get_by_label("Mức độ hoàn thành nhiệm vụ").select_option("HTXSNV")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi")

    page.get_by_test_id("record-history").get_by_role("link", name="Ghi khen thưởng").click()
    page.get_by_label("Danh hiệu / hình thức").select_option(label="Chiến sĩ tiên tiến")
    page.get_by_label("Năm").fill("2024")
    page.get_by_label("Số quyết định").fill("15/QĐ-CCT")
    page.get_by_label("Ngày quyết định").fill("05/01/2025")
    page.get_by_label("Cơ quan quyết định").fill("Cục Chính trị")
    page.get_by_role("button", name="Lưu").click()
    row = page.locator("tr[data-year='2024']")
    expect(row).to_contain_text("Hoàn thành xuất sắc nhiệm vụ")
    expect(row).to_contain_text("Chiến sĩ tiên tiến — QĐ 15/QĐ-CCT ngày 05/01/2025")

    row.get_by_role("link", name="Hủy bỏ").click()
    page.get_by_label("Số quyết định hủy bỏ").fill("3/QĐ-CCT")
    page.get_by_label("Ngày quyết định hủy bỏ").fill("01/03/2025")
    page.get_by_label("Cơ quan quyết định hủy bỏ").fill("Cục Chính trị")
    page.get_by_label("Lý do hủy bỏ").fill("Kê khai thành tích không trung thực")
    page.get_by_role("button", name="Hủy bỏ khen thưởng").click()
    row = page.locator("tr[data-year='2024']")
    expect(row).to_contain_text("Đã hủy bỏ theo QĐ 3/QĐ-CCT ngày 01/03/2025: Kê khai thành tích không trung thực")
    expect(row.locator(".award.text-decoration-line-through")).to_contain_text("Chiến sĩ tiên tiến")
    events = page.get_by_test_id("record-events")  # the audit trail of the record
    events.locator("summary").click()
    expect(events).to_contain_text("Hủy bỏ khen thưởng")
    expect(events).to_contain_text("Hiệu lực → Đã hủy bỏ")


def test_import_a_file_with_errors_and_read_the_report(e2e_org, login, live_server, tmp_path, background_imports):
    sheets = good_sheets()
    sheets["CaNhan"][1][2] = "31/02/2024"
    sheets["DanhGia"][2][2] = 2099  # another person's rating: every error is listed, not only the first
    path = write_workbook(tmp_path / "co-loi.xlsx", sheets)
    page = login("canbo.a")
    page.get_by_role("link", name="Nhập / xuất dữ liệu").click()
    page.get_by_label("Tệp dữ liệu").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Có lỗi", timeout=20000)
    expect(page.get_by_test_id("job-errors-summary")).to_contain_text("Không dữ liệu nào được ghi")
    errors = page.get_by_test_id("job-errors")
    expect(errors).to_contain_text("Ngày không tồn tại trong lịch.")
    expect(errors).to_contain_text("Năm 2099 không hợp lệ")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo lỗi (.xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.goto(f"{live_server.url}/quan-nhan/?q=vo+thi+anh")
    expect(page.get_by_test_id("result-count")).to_have_text("0 kết quả")


def test_import_a_good_file_and_see_the_new_people(e2e_org, login, live_server, tmp_path, background_imports):
    path = write_workbook(tmp_path / "tot.xlsx", good_sheets())
    page = login("canbo.a")
    page.goto(f"{live_server.url}/nhap-du-lieu/")
    page.get_by_label("Tệp dữ liệu").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Hợp lệ, chờ xác nhận", timeout=20000)
    expect(page.get_by_test_id("job-summary")).to_contain_text("CaNhan")
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Hoàn tất", timeout=20000)
    page.goto(f"{live_server.url}/quan-nhan/?q=vo+thi+anh")
    results = page.get_by_test_id("person-results")
    expect(results).to_contain_text("Võ Thị Ánh")
    results.get_by_role("link", name="Võ Thị Ánh").click()
    expect(page.locator("tr[data-year='2023']")).to_contain_text("Chiến sĩ thi đua cơ sở")
    expect(page).to_have_url(re.compile(r"/quan-nhan/\d+/"))
