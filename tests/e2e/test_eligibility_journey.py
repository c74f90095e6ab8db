"""Screening a unit for a year in the browser, then opening a person's outlook."""

from playwright.sync_api import expect

from tdkt.records import services
from tdkt.records.models import CatalogueEntry


def test_screen_a_unit_and_read_why(e2e_org, login, live_server):
    services.rating_set(actor=e2e_org.admin, person=e2e_org.person_a, year=2024, rating="HTXSNV")
    # HTNV fails the CSTT standard, which CSTĐCS requires (with no rating the standard is undecided: REVIEW)
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
    results = page.get_by_test_id("screening-results")
    row = results.locator("tr", has_text="Đặng Văn Đức")
    expect(row).to_contain_text("Đủ điều kiện")
    expect(results.locator("tr", has_text="Bùi Thị Hồng")).to_contain_text("Chưa đủ điều kiện")  # not the CSTT standard
    expect(page.get_by_test_id("screening-summary")).to_contain_text("Luật Thi đua, khen thưởng 06/2022/QH15")
    expect(page.get_by_test_id("screening-summary")).not_to_contain_text("luat-2022")
    row.get_by_role("link", name="Đặng Văn Đức").click()
    expect(page.get_by_test_id("outlook")).to_contain_text("Điều kiện khen thưởng năm")
