"""Bulk emulation work and fair scoring in the browser (issue #16, items 3 and 7): a pasted list of
registrations (names without accents, every bad line named, preview, confirm), approved by the parent
unit's officer and the commander above; the screening's rows registered; several exemplars moved at once;
the leader never reviews its own score, the reviewer's note reaches the unit that explains, and locking is
confirmed on a page of its own."""

from datetime import date

from playwright.sync_api import expect

from tdkt.emulation import scoring, services
from tdkt.org.choices import Role
from tdkt.org.tests.factories import UserFactory
from tdkt.records import services as records


def test_a_pasted_list_is_registered_and_approved_by_the_level_above(e2e_org, login, live_server):
    page = login("canbo.a1")  # Phòng Tuyên huấn's officer
    page.goto(f"{live_server.url}/dang-ky-thi-dua/?nam=2025")
    page.get_by_role("link", name="Đăng ký theo danh sách (dán từ Excel)").click()
    form = page.get_by_test_id("paste-form")
    form.get_by_label("Danh sách đăng ký").fill("bui thi hong, Chiến sĩ tiên tiến\nLe Anh Tuan\nNguyễn Văn An, CSTT")
    form.get_by_label("Danh hiệu cho dòng không ghi danh hiệu").select_option(label="Chiến sĩ thi đua cơ sở")
    form.get_by_role("button", name="Xem lại danh sách").click()
    errors = page.get_by_test_id("paste-errors")
    expect(errors).to_contain_text("Chưa lưu dòng nào")
    expect(errors).to_contain_text("Dòng 3 (“Nguyễn Văn An, CSTT”): Không tìm thấy cá nhân hoặc đơn vị có tên")
    expect(page.get_by_test_id("paste-preview")).to_have_count(0)
    form = page.get_by_test_id("paste-form")
    form.get_by_label("Danh sách đăng ký").fill("bui thi hong, Chiến sĩ tiên tiến\nLe Anh Tuan")
    form.get_by_role("button", name="Xem lại danh sách").click()
    preview = page.get_by_test_id("paste-preview")
    expect(preview.get_by_test_id("preview-row")).to_have_count(2)
    expect(preview).to_contain_text("Lê Anh Tuấn (P-A11, Ban Thi đua – Khen thưởng")
    expect(preview).to_contain_text("Chiến sĩ thi đua cơ sở")
    preview.get_by_role("button", name="Xác nhận đăng ký 2 đối tượng").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã đăng ký thi đua năm 2025 cho 2 đối tượng.")
    rows = page.get_by_test_id("registration-row")
    expect(rows).to_have_count(2)
    expect(rows.get_by_role("button", name="Duyệt")).to_have_count(0)  # not by the one who entered them
    page.get_by_role("button", name="Đăng xuất").click()

    page = login("canbo.a")  # Cục Chính trị's officer: the level above Phòng Tuyên huấn
    page.goto(f"{live_server.url}/dang-ky-thi-dua/?nam=2025")
    row = page.get_by_test_id("registration-row").filter(has_text="Bùi Thị Hồng")
    row.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_test_id("registration-row").filter(has_text="Bùi Thị Hồng")).to_contain_text("Đã duyệt")
    # Cục Chính trị's own officer registers Cục Chính trị's man: the Military Region's commander approves
    form = page.get_by_test_id("register")
    form.get_by_label("Cá nhân hoặc đơn vị").fill("dang van duc")
    form.get_by_label("Danh hiệu đăng ký").select_option(label="Chiến sĩ tiên tiến")
    form.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã đăng ký thi đua.")
    page.get_by_role("button", name="Đăng xuất").click()

    page = login("chihuy")
    page.goto(f"{live_server.url}/dang-ky-thi-dua/?nam=2025")
    page.get_by_test_id("registration-row").filter(has_text="Đặng Văn Đức").get_by_role("button", name="Duyệt").click()
    expect(page.get_by_test_id("registration-row").filter(has_text="Đặng Văn Đức")).to_contain_text("Đã duyệt")


def test_the_commander_ticks_registrations_and_approves_or_returns_them_at_once(e2e_org, login, live_server):
    """Issue #16, item 18: each row's unit with its path, ticked rows approved together, no form to register."""
    from tdkt.emulation.models import Registration
    from tdkt.records.models import CatalogueEntry

    cstt = CatalogueEntry.objects.get(code="CSTT")
    for person in (e2e_org.person_a1, e2e_org.person_a11, e2e_org.person_a):
        actor = e2e_org.officer_a if person == e2e_org.person_a else e2e_org.officer_a1
        services.registration_submit(actor=actor, entry=cstt, year=2025, person=person)
    page = login("chihuy")
    page.goto(f"{live_server.url}/dang-ky-thi-dua/?nam=2025")
    expect(page.get_by_test_id("register")).to_have_count(0)
    expect(page.get_by_test_id("register-not-allowed")).to_contain_text("không nhập đăng ký")
    row = page.get_by_test_id("registration-row").filter(has_text="Lê Anh Tuấn")
    expect(row.get_by_test_id("registration-unit")).to_have_text(
        "Ban Thi đua – Khen thưởng — Phòng Tuyên huấn — Cục Chính trị"
    )
    bar = page.get_by_test_id("bulk-registrations")
    page.get_by_label("Chọn tất cả đăng ký chờ duyệt").check()
    expect(bar).to_contain_text("Đã chọn 3 đăng ký")
    page.get_by_label("Chọn Đặng Văn Đức").uncheck()
    expect(bar).to_contain_text("Đã chọn 2 đăng ký")
    bar.get_by_role("button", name="Trả lại các đăng ký đã chọn").click()  # no reason: nothing returned
    expect(page.get_by_role("alert").first).to_contain_text("Phải ghi lý do trả lại.")
    assert set(Registration.objects.values_list("status", flat=True)) == {"DANG_KY"}
    page.get_by_label("Chọn Bùi Thị Hồng").check()
    page.get_by_label("Chọn Lê Anh Tuấn").check()
    bar.get_by_role("button", name="Duyệt các đăng ký đã chọn").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã duyệt 2 đăng ký.")
    rows = page.get_by_test_id("registration-row")
    expect(rows.filter(has_text="Bùi Thị Hồng")).to_contain_text("Đã duyệt")
    expect(rows.filter(has_text="Lê Anh Tuấn")).to_contain_text("Đã duyệt")
    page.get_by_label("Chọn Đặng Văn Đức").check()
    bar.get_by_label("Lý do trả lại các đăng ký đã chọn").fill("Chưa đủ chỉ tiêu")
    bar.get_by_role("button", name="Trả lại các đăng ký đã chọn").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã trả lại 1 đăng ký.")
    expect(rows.filter(has_text="Đặng Văn Đức")).to_contain_text("Chưa đủ chỉ tiêu")


def test_the_screenings_rows_are_registered(e2e_org, login, live_server):
    page = login("canbo.a")
    page.goto(f"{live_server.url}/xet-dieu-kien/?year=2025&award=CSTT&status=REVIEW")  # nobody rated: to consider
    page.get_by_role("link", name="Đăng ký thi đua cho các đối tượng trong danh sách này").click()
    choice = page.get_by_test_id("screening-choice")
    expect(choice.get_by_label("Danh hiệu")).to_have_value("CSTT")
    expect(choice.get_by_label("Kết quả xét")).to_have_value("REVIEW")
    form = page.get_by_test_id("register-from-screening")
    expect(form.get_by_test_id("screening-row").filter(has_text="Đặng Văn Đức")).to_have_count(1)
    expect(form).not_to_contain_text("Nguyễn Văn An")  # Cục Hậu cần's: outside the remit
    form.get_by_label("Bùi Thị Hồng (P-A1", exact=False).uncheck()
    form.get_by_role("button", name="Đăng ký Chiến sĩ tiên tiến cho các dòng đã chọn").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã đăng ký Chiến sĩ tiên tiến năm 2025")
    rows = page.get_by_test_id("registration-row")
    expect(rows.filter(has_text="Đặng Văn Đức")).to_have_count(1)
    expect(rows.filter(has_text="Bùi Thị Hồng")).to_have_count(0)


def test_several_exemplars_move_at_once(e2e_org, login, live_server):
    org = e2e_org
    for person in (org.person_a, org.person_a1):
        services.exemplar_create(actor=org.admin, person=person, field="Huấn luyện", campaigns=[], on=date(2025, 1, 10))
    page = login("canbo.a")
    page.goto(f"{live_server.url}/dien-hinh/")
    page.get_by_label("Chọn Đặng Văn Đức (P-A)").check()
    page.get_by_label("Chọn Bùi Thị Hồng (P-A1)").check()
    page.get_by_test_id("move-many").get_by_role("button", name="Chuyển sang giai đoạn tiếp theo").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã chuyển giai đoạn 2 điển hình")
    for name in ("Đặng Văn Đức", "Bùi Thị Hồng"):
        row = page.get_by_test_id("exemplar-row").filter(has_text=name)
        expect(row.get_by_test_id("exemplar-stage")).to_have_text("Bồi dưỡng")


def test_fair_scoring_own_score_note_and_lock(e2e_org, login, live_server):
    org = e2e_org
    UserFactory(username="canbo.c", roles=[(org.c, Role.CAN_BO_TDKT)])  # the leader's officer
    cluster = services.cluster_create(actor=org.admin, code="CUM4", name="Cụm thi đua số 4", organiser=org.root)
    for unit in (org.a, org.b, org.c):
        services.cluster_member_add(actor=org.admin, cluster=cluster, unit=unit, year=2022)
    records.rating_set(actor=org.admin, unit=org.c, year=2021, rating="HTXSNV")
    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c)
    round_ = scoring.round_create(actor=org.admin, cluster=cluster, year=2022)
    training = scoring.criterion_add(actor=org.admin, round_=round_, name="Huấn luyện", max_points=50)
    scoring.round_advance(actor=org.admin, round_=round_)
    for unit, officer, points in ((org.a, org.officer_a, 48), (org.b, org.officer_b, 45)):
        scoring.score_self(actor=officer, round_=round_, unit=unit, criterion=training, points=points)
    scoring.round_advance(actor=org.admin, round_=round_)  # the leader reviews
    url = f"{live_server.url}/cum-thi-dua/{cluster.pk}/cham-diem/2022/"

    page = login("canbo.c")
    page.goto(url)
    expect(page.get_by_label("Thẩm định Cục Kỹ thuật — Huấn luyện")).to_have_count(0)  # never its own
    expect(page.get_by_test_id("own-unit-note")).to_contain_text(
        "điểm của Cục Kỹ thuật do cán bộ thi đua – khen thưởng hoặc người chỉ huy Bộ Tư lệnh Quân khu"
    )
    page.get_by_label("Thẩm định Cục Chính trị — Huấn luyện").fill("40")
    page.get_by_label("Nhận xét Cục Chính trị — Huấn luyện").fill("Thiếu biên bản kiểm tra bắn đạn thật")
    page.get_by_label("Nhận xét Cục Chính trị — Huấn luyện").locator("xpath=..").get_by_role("button").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lưu")
    page.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Đơn vị giải trình")
    page.get_by_role("button", name="Đăng xuất").click()

    page = login("canbo.a")  # the unit asked to explain reads why its points went down
    page.goto(url)
    note = page.get_by_test_id("explain-row").get_by_test_id("review-note")
    expect(note).to_contain_text("Cụm trưởng chấm 40 (tự chấm 48).")  # integral points without decimals
    expect(note).to_contain_text("Nhận xét: Thiếu biên bản kiểm tra bắn đạn thật")
    page.get_by_label("Giải trình Cục Chính trị — Huấn luyện").fill("Bổ sung biên bản ngày 12/11/2022")
    page.get_by_role("button", name="Gửi").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lưu")
    page.get_by_role("button", name="Đăng xuất").click()

    page = login("canbo.c")
    page.goto(url)
    page.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Thẩm định lại")
    page.get_by_role("button", name="Chuyển bước tiếp theo: khóa kết quả…").click()
    expect(page.get_by_test_id("lock-warning")).to_contain_text("đơn vị được suy tôn: Cục Hậu cần")
    page.get_by_role("link", name="Quay lại, chưa khóa").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Thẩm định lại")  # nothing locked by one click
    page.get_by_role("button", name="Chuyển bước tiếp theo: khóa kết quả…").click()
    page.get_by_role("button", name="Khóa kết quả").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Đã khóa kết quả")
    expect(page.get_by_test_id("acclaimed")).to_have_text("Cục Hậu cần")


def test_a_tie_at_the_top_is_locked_by_the_officers_choice(e2e_org, login, live_server):
    """Review of issue #16, findings 4 and 9: two units with equal totals share the first rank, the lock page
    warns of the tie and of scores not yet reviewed, and the officer names the acclaimed unit; the leader's own
    score is reviewed by the organiser's commander."""
    org = e2e_org
    UserFactory(username="canbo.c", roles=[(org.c, Role.CAN_BO_TDKT)])  # the leader's officer
    cluster = services.cluster_create(actor=org.admin, code="CUM4", name="Cụm thi đua số 4", organiser=org.root)
    for unit in (org.a, org.b, org.c):
        services.cluster_member_add(actor=org.admin, cluster=cluster, unit=unit, year=2022)
    records.rating_set(actor=org.admin, unit=org.c, year=2021, rating="HTXSNV")
    services.cluster_leader_set(actor=org.admin, cluster=cluster, year=2022, leader=org.c)
    round_ = scoring.round_create(actor=org.admin, cluster=cluster, year=2022)
    training = scoring.criterion_add(actor=org.admin, round_=round_, name="Huấn luyện", max_points=50)
    scoring.round_advance(actor=org.admin, round_=round_)
    for unit, points in ((org.a, 45), (org.b, 45), (org.c, 40)):
        scoring.score_self(actor=org.admin, round_=round_, unit=unit, criterion=training, points=points)
    scoring.round_advance(actor=org.admin, round_=round_)  # review
    url = f"{live_server.url}/cum-thi-dua/{cluster.pk}/cham-diem/2022/"

    page = login("chihuy")  # the organiser's commander reviews the leader's own score
    page.goto(url)
    page.get_by_label("Thẩm định Cục Kỹ thuật — Huấn luyện").fill("38,5")
    page.get_by_label("Thẩm định Cục Kỹ thuật — Huấn luyện").locator("xpath=..").get_by_role("button").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lưu")
    page.get_by_role("button", name="Đăng xuất").click()
    for _ in range(2):  # explanation, re-review
        scoring.round_advance(actor=org.admin, round_=round_)

    page = login("canbo.c")
    page.goto(url)
    ranks = page.get_by_test_id("matrix-row").get_by_test_id("rank")
    expect(ranks).to_have_text(["1 (đồng hạng)", "1 (đồng hạng)", "3"])
    page.get_by_role("button", name="Chuyển bước tiếp theo: khóa kết quả…").click()
    expect(page.get_by_test_id("tie-warning")).to_contain_text("Cục Chính trị, Cục Hậu cần đồng hạng nhất (45 điểm)")
    expect(page.get_by_test_id("unreviewed-warning")).to_contain_text("2 điểm chưa thẩm định")
    expect(page.get_by_test_id("lock-warning")).not_to_contain_text("đơn vị được suy tôn:")
    page.get_by_label("Cục Hậu cần").check()
    page.get_by_role("button", name="Khóa kết quả").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Đã khóa kết quả")
    expect(page.get_by_test_id("acclaimed")).to_have_text("Cục Hậu cần")
