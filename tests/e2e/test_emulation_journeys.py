"""Emulation work in the browser: a registration approved, the cluster handed over, an exemplar's stages."""

from datetime import date

from playwright.sync_api import expect

from tdkt.emulation import services
from tdkt.records import services as records
from tests.e2e.pickers import pick


def test_a_person_registers_and_the_officer_above_approves(e2e_org, login, live_server):
    page = login("canbo.a1")
    page.goto(f"{live_server.url}/dang-ky-thi-dua/?nam=2026")
    form = page.get_by_test_id("register")
    form.get_by_label("Cá nhân hoặc đơn vị").fill("p-a11")  # a code typed still works (issue #16: or a name)
    form.get_by_label("Danh hiệu đăng ký").select_option(label="Chiến sĩ tiên tiến")
    form.get_by_role("button", name="Đăng ký").click()
    row = page.get_by_test_id("registration-row").filter(has_text="Lê Anh Tuấn")
    expect(row).to_contain_text("Đã đăng ký, chờ duyệt")
    expect(row.get_by_role("button", name="Duyệt")).to_have_count(0)  # not by the one who entered it
    form.get_by_label("Cá nhân hoặc đơn vị").fill("P-A11")
    form.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("alert").first).to_contain_text("đã đăng ký")
    page.get_by_role("button", name="Đăng xuất").click()
    page = login("canbo.a")
    page.goto(f"{live_server.url}/dang-ky-thi-dua/?nam=2026")
    page.get_by_test_id("registration-row").filter(has_text="Lê Anh Tuấn").get_by_role("button", name="Duyệt").click()
    expect(page.get_by_test_id("registration-row").filter(has_text="Lê Anh Tuấn")).to_contain_text("Đã duyệt")


def test_the_cluster_leader_hands_over(e2e_org, login, live_server):
    org = e2e_org
    cluster = services.cluster_create(actor=org.admin, code="CUM4", name="Cụm thi đua số 4", organiser=org.root)
    for year in (2022, 2023):
        for unit in (org.a, org.b, org.c):
            services.cluster_member_add(actor=org.admin, cluster=cluster, unit=unit, year=year)
    records.rating_set(actor=org.admin, unit=org.c, year=2021, rating="HTXSNV")
    records.rating_set(actor=org.admin, unit=org.a, year=2022, rating="HTXSNV")
    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c)
    page = login("admin")
    page.goto(f"{live_server.url}/cum-thi-dua/{cluster.pk}/")
    form = page.get_by_test_id("handover")
    form.get_by_label("Năm nhận").fill("2023")
    pick(form, "Đơn vị nhận", "hau can", "Cục Hậu cần")  # not rated in 2022: refused
    form.get_by_label("Ngày bàn giao").fill("28/12/2022")
    form.get_by_role("button", name="Ghi bàn giao").click()
    expect(page.get_by_role("alert").first).to_contain_text("chưa được xếp loại năm 2022")
    form = page.get_by_test_id("handover")
    form.get_by_label("Năm nhận").fill("2023")
    pick(form, "Đơn vị nhận", "chinh tri", "Cục Chính trị")
    form.get_by_label("Ngày bàn giao").fill("28/12/2022")
    form.get_by_role("button", name="Ghi bàn giao").click()
    leaders = page.get_by_test_id("leaders")
    expect(leaders.locator("tr", has_text="2023")).to_contain_text("từ Cục Kỹ thuật, ngày 28/12/2022")


def test_an_exemplar_moves_through_its_stages(e2e_org, login, live_server):
    services.exemplar_create(
        actor=e2e_org.admin,
        person=e2e_org.person_a,
        field="Huấn luyện",
        campaigns=["Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ Hồ"],
        on=date(2025, 1, 10),
    )
    page = login("canbo.a")
    page.get_by_role("link", name="Phong trào thi đua").click()
    page.get_by_role("link", name="Điển hình tiên tiến").click()
    row = page.get_by_test_id("exemplar-row").filter(has_text="Đặng Văn Đức")
    for stage in ("Bồi dưỡng", "Tổng kết", "Nhân rộng"):
        row.get_by_label("Giai đoạn mới của Đặng Văn Đức (P-A)").select_option(label=stage)
        row.get_by_role("button", name="Chuyển").click()
        row = page.get_by_test_id("exemplar-row").filter(has_text="Đặng Văn Đức")
        expect(row.get_by_test_id("exemplar-stage")).to_have_text(stage)
    row.get_by_label("Giai đoạn mới của Đặng Văn Đức (P-A)").select_option(label="Bồi dưỡng")
    row.get_by_role("button", name="Chuyển").click()
    expect(page.get_by_role("alert").first).to_contain_text("phải ghi lý do")
    expect(
        page.get_by_test_id("exemplar-row").filter(has_text="Đặng Văn Đức").get_by_test_id("exemplar-stage")
    ).to_have_text("Nhân rộng")


def test_a_scoring_round_from_self_score_to_lock_and_acclaim(e2e_org, login, live_server):
    from tdkt.emulation import scoring
    from tdkt.nominations.tests.conftest import build_flow

    org = e2e_org
    build_flow(org)
    cluster = services.cluster_create(actor=org.admin, code="CUM4", name="Cụm thi đua số 4", organiser=org.root)
    for unit in (org.a, org.b, org.c):
        services.cluster_member_add(actor=org.admin, cluster=cluster, unit=unit, year=2022)
    records.rating_set(actor=org.admin, unit=org.c, year=2021, rating="HTXSNV")
    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c)
    round_ = scoring.round_create(actor=org.admin, cluster=cluster, year=2022)
    scoring.criterion_add(actor=org.admin, round_=round_, name="Huấn luyện", max_points=40)
    scoring.round_advance(actor=org.admin, round_=round_)
    url = f"{live_server.url}/cum-thi-dua/{cluster.pk}/cham-diem/2022/"

    for user, unit, points in (("canbo.a", "Cục Chính trị", "38"), ("canbo.b", "Cục Hậu cần", "45")):
        page = login(user)
        page.goto(url)
        page.get_by_label(f"Tự chấm {unit} — Huấn luyện").fill(points)
        page.get_by_label(f"Minh chứng {unit} — Huấn luyện").fill("Báo cáo kết quả huấn luyện")
        page.get_by_role("button", name="Lưu").click()
        if points == "45":  # above the criterion's maximum: refused
            expect(page.get_by_role("alert").first).to_contain_text("ngoài khoảng 0–40")
            page.get_by_label(f"Tự chấm {unit} — Huấn luyện").fill("35")
            page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_test_id("score-matrix")).to_contain_text(unit)
        page.get_by_role("button", name="Đăng xuất").click()

    page = login("admin")  # the organiser's administrator acts for the leader here
    page.goto(url)
    page.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Cụm trưởng thẩm định")
    page.get_by_label("Thẩm định Cục Chính trị — Huấn luyện").fill("36")
    page.get_by_label("Thẩm định Cục Chính trị — Huấn luyện").locator("xpath=..").get_by_role("button").click()
    for step in ("Đơn vị giải trình", "Thẩm định lại"):
        page.get_by_role("button", name="Chuyển bước tiếp theo").click()
        expect(page.get_by_test_id("round-status")).to_have_text(step)
    page.get_by_role("button", name="Chuyển bước tiếp theo").click()  # locking is confirmed on its own page
    page.get_by_role("button", name="Khóa kết quả").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Đã khóa kết quả")
    expect(page.get_by_test_id("acclaimed")).to_have_text("Cục Chính trị")
    rows = page.get_by_test_id("matrix-row")
    expect(rows.first).to_contain_text("Cục Chính trị")
    expect(rows.first.get_by_test_id("total")).to_have_text("36")  # an integral score without decimals (issue #16)
    expect(page.get_by_role("button", name="Chuyển bước tiếp theo")).to_have_count(0)  # locked
    page.get_by_role("button", name="Đề nghị tặng Cờ cho đơn vị được suy tôn").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lưu")
