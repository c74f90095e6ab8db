"""A wrong statistics filter in the browser: the page says which value is wrong instead of an empty table, and
choosing again in the form gives the real figures (review of #16, item 23)."""

from playwright.sync_api import expect

from tdkt.records import services
from tdkt.records.models import CatalogueEntry


def test_a_bad_filter_is_explained_and_the_form_recovers(e2e_org, login, live_server):
    services.award_record(
        actor=e2e_org.admin, person=e2e_org.person_a, entry=CatalogueEntry.objects.get(code="GK"), year=2025
    )
    page = login("canbo.a")
    page.goto(f"{live_server.url}/bao-cao/thong-ke/?don_vi=CCT&tu_nam=2024&den_nam=2025&ma=ZZ&loai=ZZ")
    errors = page.get_by_test_id("statistics-errors")
    expect(errors).to_contain_text("Danh hiệu / hình thức: “ZZ” không có trong danh sách để chọn.")
    expect(errors).to_contain_text("Loại khen thưởng: “ZZ” không có trong danh sách để chọn.")
    expect(page.get_by_test_id("statistics")).to_have_count(0)
    form = page.get_by_test_id("statistics-form")
    form.get_by_label("Danh hiệu / hình thức").select_option("GK")
    form.get_by_role("button", name="Thống kê").click()
    expect(page.get_by_test_id("statistics-errors")).to_have_count(0)
    expect(page.get_by_test_id("statistics")).to_contain_text("Giấy khen")
