"""The length-of-service stream in the browser: who reaches a medal's threshold by a date, into a niên hạn dossier."""

from datetime import date

from playwright.sync_api import expect

from tdkt.core.working_year import working_year_set
from tdkt.nominations import services as nominations
from tdkt.nominations.models import DossierItem
from tdkt.nominations.tests.conftest import build_flow
from tdkt.org.tests.factories import person_create


def test_screen_a_medal_by_date_and_put_the_list_into_a_nien_han_dossier(e2e_org, login, live_server):
    build_flow(e2e_org)
    person_create(e2e_org.a, code="P-NH", full_name="Trần Văn Niên", service_start=date(2015, 3, 15))
    dossier = nominations.dossier_create(
        actor=e2e_org.officer_a, unit=e2e_org.a, year=2025, kind="NIEN_HAN", title="Niên hạn năm 2025"
    )
    page = login("canbo.a")
    page.goto(f"{live_server.url}/xet-nien-han/")
    form = page.get_by_test_id("service-length-form")
    form.locator("select[name=award]").select_option("HCCSVV3")
    form.locator("input[name=review_date]").fill("15/03/2025")
    form.locator("select[name=status]").select_option("ELIGIBLE")
    form.get_by_role("button", name="Xét").click()
    row = page.get_by_test_id("service-length-results").locator("tr", has_text="Trần Văn Niên")
    expect(row).to_contain_text("120 tháng")  # ten years counted in months up to the review date
    expect(row).to_contain_text("15/03/2025")
    expect(page.get_by_test_id("service-length-summary")).to_contain_text("Huy chương Chiến sĩ vẻ vang hạng Ba")
    page.get_by_role("button", name="Đưa danh sách vào hồ sơ niên hạn").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã thêm")
    assert DossierItem.objects.filter(dossier=dossier, person__code="P-NH", entry__code="HCCSVV3").exists()


def test_the_review_date_opens_on_the_working_years_last_day(e2e_org, login, live_server, django_user_model):
    root = django_user_model.objects.create_superuser("root-nh", password="x-Mat-khau-2026")
    working_year_set(actor=root, year=2023)
    page = login("canbo.a")
    page.goto(f"{live_server.url}/xet-nien-han/")
    form = page.get_by_test_id("service-length-form")
    expect(form.locator("input[name=review_date]")).to_have_value("31/12/2023")
    form.locator("select[name=award]").select_option("HCCSVV3")
    form.get_by_role("button", name="Xét").click()
    expect(page.get_by_test_id("service-length-summary")).to_contain_text("tính đến ngày 31/12/2023")
