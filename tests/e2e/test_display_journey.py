"""Issue #16, items 5 and 12 in the browser: an officer reads names, never codes, and Vietnamese numbers on the
dashboard, the summary, the statistics (and their Excel file), the screening and the catalogue."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tdkt.records import services
from tdkt.records.models import CatalogueEntry
from tests.e2e.pickers import pick

YEAR = 2025
CODES = re.compile(
    r"(?<![\w-])(CHUYEN_DE|DOT_XUAT|THUONG_XUYEN|NHIEM_VU|CSTDCS|CSTT|GK|BK_BQP|CA_NHAN|TAP_THE|luat-2022)(?![\w-])"
)


def _no_codes(locator):
    text = locator.inner_text()
    assert not CODES.search(text), CODES.search(text)
    return text


def _world(org):
    gk, cstt = CatalogueEntry.objects.get(code="GK"), CatalogueEntry.objects.get(code="CSTT")
    for person, kind in ((org.person_a, "THUONG_XUYEN"), (org.person_a1, "DOT_XUAT"), (org.person_a11, "CHUYEN_DE")):
        services.award_record(actor=org.admin, person=person, entry=gk, year=YEAR, kind=kind)
    for person in (org.person_a, org.person_a1):
        services.rating_set(actor=org.admin, person=person, year=YEAR, rating="HTXSNV")
        services.award_record(actor=org.admin, person=person, entry=cstt, year=YEAR)


def test_names_and_vietnamese_numbers_from_the_dashboard_to_the_excel_file(e2e_org, login, live_server):
    _world(e2e_org)
    page = login("canbo.a")

    # the dashboard: the chart's legend and the table read the kinds' names
    page.goto(f"{live_server.url}/bao-cao/bang-dieu-khien/")
    page.get_by_label("Năm").fill(str(YEAR))
    pick(page, "Đơn vị", "chinh tri", "Cục Chính trị")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_test_id("chart-years")).to_be_visible()
    legend = page.evaluate(
        "() => Chart.getChart(document.getElementById('chart-years')).data.datasets.map((d) => d.label)"
    )
    assert "Theo đợt, chuyên đề" in legend and "Đột xuất" in legend and not CODES.search(" ".join(legend))
    expect(page.get_by_test_id("table-years")).to_contain_text("Thường xuyên")
    expect(page.get_by_test_id("quota-links")).to_contain_text("Chiến sĩ tiên tiến")
    _no_codes(page.locator("main"))

    # the summary: kinds and titles by name, the quota's share as a Vietnamese percentage
    page.get_by_role("link", name="Báo cáo tổng kết (DOCX, PDF, XLSX)").click()
    expect(page.get_by_test_id("summary-text")).to_be_visible()
    body = _no_codes(page.locator("main"))
    assert "Theo đợt, chuyên đề: 1" in body and "Chiến sĩ tiên tiến: 2" in body
    expect(page.get_by_test_id("summary-quotas")).to_contain_text("(tối đa 40%)")

    # the statistics page and its Excel file: names, real numbers with a number format, readable widths
    page.goto(f"{live_server.url}/bao-cao/thong-ke/?don_vi=CCT&tu_nam={YEAR - 1}&den_nam={YEAR}")
    table = page.get_by_test_id("statistics")
    expect(table.locator("tr", has_text="Đột xuất")).to_contain_text("Giấy khen")
    _no_codes(table)
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("Danh hiệu / hình thức", "Loại khen thưởng")
    assert ("Giấy khen", "Theo đợt, chuyên đề", 0, 1, 1) in rows
    assert sheet["C3"].number_format == "#,##0" and sheet.column_dimensions["A"].width >= len("Chiến sĩ tiên tiến")

    # the screening: the law by its title, the titles by name
    page.goto(f"{live_server.url}/xet-dieu-kien/")
    page.get_by_label("Năm xét").fill(str(YEAR))
    page.get_by_label("Danh hiệu / hình thức").select_option("CSTDCS")
    page.get_by_role("button", name="Xét").click()
    summary = page.get_by_test_id("screening-summary")
    expect(summary).to_contain_text("Luật Thi đua, khen thưởng 06/2022/QH15")
    results = page.get_by_test_id("screening-results")
    expect(results).to_contain_text("Chiến sĩ thi đua cơ sở")
    _no_codes(summary)
    _no_codes(results)

    # the catalogue: a bonus of 3 base salaries, not "3,00"; 1,5 with a decimal comma
    page.goto(f"{live_server.url}/danh-muc/")
    catalogue = page.locator("main").inner_text()
    assert "3 lần lương cơ sở" in catalogue and "1,5 lần lương cơ sở" in catalogue
    assert not re.search(r"\d,00 lần|\d\.\d lần", catalogue)

    # the rule sets page names the law and the kinds, never their internal names
    page.goto(f"{live_server.url}/quy-tac/")
    rules = _no_codes(page.locator("main"))
    assert "Không tính vào điều kiện: khen thưởng theo đợt, chuyên đề." in rules
