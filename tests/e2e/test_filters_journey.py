"""Filtering three list pages as an officer does, through the FilterSets the API shares (issue #16, item 11):
the results, the query string kept in the address (a link or a reload shows the same list) and the message for
a value that cannot be a filter."""

import re
from datetime import date

from playwright.sync_api import expect

from tests.e2e.pickers import pick


def test_people_filtered_by_unit_and_scope_keep_their_query_string(e2e_org, login, live_server):
    page = login("chihuy")
    page.goto(f"{live_server.url}/quan-nhan/")
    results = page.get_by_test_id("person-results")
    expect(page.get_by_test_id("result-count")).to_have_text("5 kết quả")
    form = page.get_by_test_id("person-search")
    pick(form, "Đơn vị", "chinh tri", "Cục Chính trị")
    form.get_by_role("button", name="Tìm").click()
    expect(page.get_by_test_id("result-count")).to_have_text("3 kết quả")
    expect(results).to_contain_text("Bùi Thị Hồng")  # Phòng Tuyên huấn is under Cục Chính trị
    expect(results).not_to_contain_text("Nguyễn Văn An")
    form.get_by_label("Phạm vi").select_option("direct")
    expect(page.get_by_test_id("result-count")).to_have_text("1 kết quả")
    expect(results).to_contain_text("Đặng Văn Đức")
    expect(page).to_have_url(re.compile(rf"unit={e2e_org.a.pk}.*scope=direct|scope=direct.*unit={e2e_org.a.pk}"))
    page.reload()  # the address alone gives the same list and the same form
    expect(page.get_by_test_id("result-count")).to_have_text("1 kết quả")
    expect(page.get_by_label("Phạm vi")).to_have_value("direct")


def test_dossiers_filtered_by_year_status_and_kind(e2e_org, login, live_server):
    from tdkt.nominations import services
    from tdkt.nominations.tests.conftest import build_flow

    build_flow(e2e_org)
    services.dossier_create(
        actor=e2e_org.admin, unit=e2e_org.a, year=2024, kind="THUONG_XUYEN", title="Tổng kết năm 2024"
    )
    services.dossier_create(
        actor=e2e_org.admin, unit=e2e_org.a, year=2025, kind="CHUYEN_DE", title="Chuyên đề huấn luyện 2025"
    )
    services.dossier_create(
        actor=e2e_org.admin, unit=e2e_org.b, year=2025, kind="THUONG_XUYEN", title="Hậu cần năm 2025"
    )
    page = login("canbo.a")
    page.goto(f"{live_server.url}/ho-so/")
    table = page.get_by_test_id("dossier-list")
    expect(table).to_contain_text("Tổng kết năm 2024")
    expect(table).not_to_contain_text("Hậu cần năm 2025")  # another agency's, filter or not
    form = page.get_by_test_id("dossier-filter")
    form.get_by_label("Năm").fill("2025")
    form.get_by_label("Trạng thái").select_option("NHAP")
    form.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"\?nam=2025&trang_thai=NHAP&kind=$"))
    expect(table).to_contain_text("Chuyên đề huấn luyện 2025")
    expect(table).not_to_contain_text("Tổng kết năm 2024")
    expect(form.get_by_label("Năm")).to_have_value("2025")  # the form shows what the list is filtered by
    expect(form.get_by_label("Trạng thái")).to_have_value("NHAP")
    form.get_by_label("Năm").fill("")
    form.get_by_label("Loại khen thưởng").select_option("THUONG_XUYEN")
    form.get_by_role("button", name="Lọc").click()
    expect(table).to_contain_text("Tổng kết năm 2024")
    expect(table).not_to_contain_text("Chuyên đề huấn luyện 2025")
    page.goto(f"{live_server.url}/ho-so/?trang_thai=MAT_TICH")  # an old link with a status that does not exist
    expect(page.get_by_test_id("filter-errors")).to_contain_text("Trạng thái: Hãy chọn một lựa chọn hợp lệ")
    expect(table).to_contain_text("Chưa có hồ sơ nào.")


def test_exemplars_filtered_by_stage_and_campaign(e2e_org, login, live_server):
    from tdkt.emulation import services

    campaign = "Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ Hồ"
    good = services.exemplar_create(
        actor=e2e_org.admin, field="Huấn luyện giỏi", campaigns=[campaign], on=date(2025, 3, 1),
        person=e2e_org.person_a,
    )  # fmt: skip
    services.exemplar_create(
        actor=e2e_org.admin, field="Bếp ăn tốt", campaigns=[], on=date(2025, 3, 1), person=e2e_org.person_a1
    )
    services.exemplar_move(actor=e2e_org.admin, exemplar=good, stage="BOI_DUONG", on=date(2025, 6, 1))
    page = login("canbo.a")
    page.goto(f"{live_server.url}/dien-hinh/")
    rows = page.get_by_test_id("exemplar-row")
    expect(rows).to_have_count(2)
    page.get_by_label("Giai đoạn", exact=True).select_option("BOI_DUONG")
    page.get_by_role("button", name="Lọc").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Huấn luyện giỏi")
    expect(page).to_have_url(re.compile(r"giai_doan=BOI_DUONG"))
    expect(page.get_by_label("Giai đoạn", exact=True)).to_have_value("BOI_DUONG")
    page.get_by_label("Giai đoạn", exact=True).select_option("")
    page.get_by_label("Cuộc vận động").select_option(campaign)
    page.get_by_role("button", name="Lọc").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Huấn luyện giỏi")
    expect(page).to_have_url(re.compile(r"phong_trao=Ph"))
