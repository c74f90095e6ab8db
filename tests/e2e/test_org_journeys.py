"""Main user journeys of the foundation, in a real browser."""

import re

from playwright.sync_api import expect


def test_log_in_browse_the_tree_and_log_out(e2e_org, login, live_server):
    page = login("canbo.a")
    expect(page.get_by_test_id("current-user")).to_contain_text("Người dùng")
    page.get_by_role("link", name="Cây đơn vị").click()
    tree = page.get_by_test_id("unit-tree")
    expect(tree).to_contain_text("Cục Chính trị")
    expect(tree).not_to_contain_text("Cục Hậu cần")
    expect(tree).to_contain_text("3 người")

    page.get_by_test_id("toggle-CCT").click()
    expect(tree.get_by_role("link", name="Phòng Tuyên huấn")).to_be_visible()
    page.get_by_test_id("toggle-CCT-TH").click()
    leaf = tree.get_by_role("link", name="Ban Thi đua – Khen thưởng")
    expect(leaf).to_be_visible()
    page.get_by_test_id("toggle-CCT-TH").click()  # collapse
    expect(leaf).to_be_hidden()
    page.get_by_test_id("toggle-CCT-TH").click()  # expand again without reloading
    expect(leaf).to_be_visible()

    leaf.click()
    expect(page.get_by_test_id("unit-name")).to_have_text("Ban Thi đua – Khen thưởng")
    expect(page.get_by_test_id("unit-people")).to_contain_text("Lê Anh Tuấn")

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    page.goto(f"{live_server.url}/quan-nhan/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next="))


def test_find_a_person_typing_without_diacritics(e2e_org, login, live_server):
    page = login("chihuy")
    page.get_by_role("link", name="Quân nhân").click()
    results = page.get_by_test_id("person-results")
    expect(results).to_contain_text("Nguyễn Văn An")
    page.get_by_label("Tìm kiếm").fill("dang van duc")  # live search through htmx
    expect(results).to_contain_text("Đặng Văn Đức")
    expect(results).not_to_contain_text("Nguyễn Văn An")
    expect(page.get_by_test_id("result-count")).to_have_text("1 kết quả")
    results.get_by_role("link", name="Đặng Văn Đức").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Đặng Văn Đức")


def test_edit_a_person_with_a_validation_error_then_successfully(e2e_org, login, live_server):
    page = login("canbo.a")
    page.goto(f"{live_server.url}/quan-nhan/{e2e_org.person_a1.pk}/")
    page.get_by_role("link", name="Sửa", exact=True).click()
    form = page.get_by_test_id("person-form")
    form.get_by_label("Ngày sinh").fill("31/02/1990")
    form.get_by_label("Chức vụ").fill("Trưởng ban")
    form.get_by_role("button", name="Lưu").click()
    expect(form).to_contain_text("Nhập một ngày hợp lệ")

    form.get_by_label("Ngày sinh").fill("17/05/1991")
    form.get_by_role("button", name="Lưu").click()
    expect(form).to_contain_text("Phải ghi lý do sửa")  # a recorded position changes (issue #16, item 6)
    form.get_by_label("Lý do sửa").fill("Bổ nhiệm theo QĐ 12/QĐ-CCT")
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu thay đổi")
    expect(page.get_by_test_id("birth-date")).to_have_text("17/05/1991")
    expect(page.get_by_test_id("position")).to_have_text("Trưởng ban")
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Sửa thông tin quân nhân")
    expect(history).to_contain_text("Trợ lý → Trưởng ban")
    expect(history).to_contain_text("Bổ nhiệm theo QĐ 12/QĐ-CCT")


def test_officer_of_another_agency_gets_404_by_direct_url(e2e_org, login, live_server):
    page = login("canbo.b")  # officer of Cục Hậu cần
    response = page.goto(f"{live_server.url}/quan-nhan/{e2e_org.person_c.pk}/")  # a person of Cục Kỹ thuật
    assert response.status == 404
    expect(page.get_by_role("heading")).to_contain_text("Không tìm thấy")
    expect(page.locator("body")).not_to_contain_text("Hồ Quang Minh")
    response = page.goto(f"{live_server.url}/don-vi/{e2e_org.c.pk}/")
    assert response.status == 404
