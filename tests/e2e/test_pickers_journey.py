"""The pickers in the browser: a unit found by its path and chosen by keyboard, a person found by part of the
name, and pages that open on the year under review."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tdkt.core.working_year import working_year_set
from tdkt.nominations import services as nominations
from tdkt.nominations.models import Dossier
from tdkt.nominations.tests.conftest import build_flow
from tdkt.org.models import Person
from tdkt.org.services import system_actor, unit_create
from tests.e2e.test_mobile_a11y import serious_violations

TARGET = "Ban Kế hoạch — Phòng Tham mưu — Cục Kỹ thuật"


def _two_ban_ke_hoach(org):
    actor = system_actor()
    tm = unit_create(actor=actor, code="CKT-TM", name="Phòng Tham mưu", parent=org.c, unit_type="PHONG")
    unit_create(actor=actor, code="CKT-TM-KH", name="Ban Kế hoạch", parent=tm, unit_type="BAN")
    unit_create(actor=actor, code="CHC-QY-KH", name="Ban Kế hoạch", parent=org.b1, unit_type="BAN")


def test_a_unit_is_found_by_its_path_and_chosen_with_the_keyboard(e2e_org, login, live_server):
    _two_ban_ke_hoach(e2e_org)
    page = login("admin")
    page.goto(f"{live_server.url}/quan-nhan/them/")
    box = page.get_by_role("combobox", name="Đơn vị")
    expect(box).to_have_value("Bộ Tư lệnh Quân khu")  # the admin's own unit, not the first of the list
    box.fill("")
    box.press_sequentially("ke hoach")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_text(["Ban Kế hoạch — Phòng Quân y — Cục Hậu cần", TARGET])  # tree order
    assert serious_violations(page) == []  # axe-core with the list open
    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    box.press("Enter")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(box).to_have_value(TARGET)
    # Esc closes the list and a second Esc brings the chosen unit back after typing over it
    box.press_sequentially("xyz")
    expect(page.get_by_role("listbox")).to_contain_text("Không tìm thấy")
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    box.press("Escape")
    expect(box).to_have_value(TARGET)
    # ↓ on the closed list browses the tree: each unit by its own name, indented, its path as its name
    box.press("ArrowDown")
    branch = page.get_by_role("option", name=TARGET, exact=True)
    expect(branch).to_have_text("Ban Kế hoạch")
    expect(branch).to_have_class("list-group-item list-group-item-action py-1 ps-5")
    box.press("Escape")
    expect(box).to_have_value(TARGET)

    page.get_by_label("Mã cá nhân").fill("P-KH1")
    page.get_by_label("Họ và tên").fill("Trần Văn Kế")
    page.get_by_label("Đối tượng").select_option("SI_QUAN")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Trần Văn Kế")
    assert Person.objects.get(code="P-KH1").unit.code == "CKT-TM-KH"


def test_a_person_is_found_by_part_of_the_name_within_the_remit(e2e_org, login, live_server):
    build_flow(e2e_org)
    dossier = nominations.dossier_create(
        actor=e2e_org.officer_a, unit=e2e_org.a, year=2025, kind="THUONG_XUYEN", title="Đề nghị khen thưởng năm 2025"
    )
    page = login("canbo.a")
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    form = page.get_by_test_id("item-add")
    box = form.get_by_role("combobox", name="Cá nhân hoặc đơn vị")
    box.press_sequentially("nguyen an")  # Nguyễn Văn An is in Cục Hậu cần, outside this officer's remit
    expect(form.get_by_role("listbox")).to_contain_text("Không tìm thấy trong phạm vi")
    box.fill("")
    box.press_sequentially("bui hong")
    option = form.get_by_role("option").first
    expect(option).to_contain_text("Bùi Thị Hồng")
    expect(option).to_contain_text("P-A1 · Phòng Tuyên huấn — Cục Chính trị")  # rank, code and unit path
    box.press("ArrowDown")
    box.press("Enter")
    expect(box).to_have_value("Đại úy Bùi Thị Hồng (P-A1)")
    form.get_by_label("Danh hiệu / hình thức đề nghị").select_option("CSTT")
    form.get_by_role("button", name="Thêm").click()
    expect(page.get_by_test_id("dossier-items")).to_contain_text("Bùi Thị Hồng")
    assert Dossier.objects.get(pk=dossier.pk).items.filter(person__code="P-A1").exists()


def test_pages_open_on_the_year_under_review(e2e_org, login, live_server):
    superuser = get_user_model().objects.create_superuser("quantri", password="x-Mat-khau-2026")
    working_year_set(actor=superuser, year=2024, note="Tổng kết năm 2024 chưa xong")
    page = login("canbo.a")
    expect(page.get_by_test_id("working-year")).to_have_text("Năm đang xét: 2024")
    page.get_by_role("link", name="Xét điều kiện").click()
    expect(page.get_by_label("Năm xét")).to_have_value("2024")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    expect(page.get_by_label("Năm", exact=True)).to_have_value("2024")
    expect(page.get_by_role("combobox", name="Đơn vị")).to_have_value("Cục Chính trị")  # the officer's own unit
    page.goto(f"{live_server.url}/ho-so/moi/")
    expect(page.get_by_label("Năm thành tích")).to_have_value("2024")
    expect(page.get_by_role("combobox", name="Đơn vị đề nghị")).to_have_value("Cục Chính trị")
    page.get_by_test_id("working-year").click()
    expect(page.get_by_role("heading", name="Năm đang xét: 2024")).to_be_visible()


def test_without_javascript_the_pickers_are_a_select_with_paths_and_a_code_box(e2e_org, browser, live_server):
    from tdkt.org.tests.factories import PASSWORD

    _two_ban_ke_hoach(e2e_org)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/quan-nhan/them/")
    page.get_by_role("combobox", name="Đơn vị *").select_option(label=TARGET)  # the plain select
    page.get_by_label("Mã cá nhân").fill("P-KH2")
    page.get_by_label("Họ và tên").fill("Lê Thị Hoạch")
    page.get_by_label("Đối tượng").select_option("SI_QUAN")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Lê Thị Hoạch")
    assert Person.objects.get(code="P-KH2").unit.code == "CKT-TM-KH"
    context.close()
