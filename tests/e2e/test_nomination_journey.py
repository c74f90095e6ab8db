"""The yearly review in the browser: screen, build the dossier, submit, vote, decide, see the history."""

from django.utils import timezone
from playwright.sync_api import expect

from tdkt.nominations.tests.conftest import build_flow
from tests.e2e.pickers import pick


def logout(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_yearly_review_from_screening_to_decision(e2e_org, login, live_server):
    flow = build_flow(e2e_org)
    # The officer of Cục Chính trị screens 2025 and builds the yearly dossier from the eligible list.
    page = login("canbo.a")
    page.get_by_role("link", name="Hồ sơ đề nghị", exact=True).click()
    page.get_by_role("link", name="Lập hồ sơ").click()
    pick(page, "Đơn vị đề nghị", "chinh tri", "Cục Chính trị")
    page.get_by_label("Năm thành tích").fill("2025")
    page.get_by_label("Trích yếu").fill("Đề nghị khen thưởng tổng kết năm 2025")
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đang soạn")
    page.get_by_role("link", name="Xét điều kiện").click()
    page.get_by_label("Năm xét").fill("2025")
    page.get_by_label("Danh hiệu / hình thức").select_option("CSTT")
    page.get_by_label("Kết quả").select_option("ELIGIBLE")
    page.get_by_role("button", name="Xét").click()
    expect(page.get_by_test_id("screening-results")).to_contain_text("Đặng Văn Đức")
    page.get_by_role("button", name="Đưa danh sách vào hồ sơ đề nghị").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã thêm 3 đề nghị")
    items = page.get_by_test_id("dossier-items")
    for name in ("Đặng Văn Đức", "Bùi Thị Hồng", "Lê Anh Tuấn"):
        expect(items).to_contain_text(name)
    page.get_by_role("button", name="Trình hồ sơ").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đã gửi, chờ tiếp nhận")
    expect(page.get_by_test_id("dossier-holder")).to_have_text("Cục Chính trị")
    page.get_by_role("button", name="Tiếp nhận").click()
    page.get_by_role("button", name="Đưa ra hội đồng").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Hội đồng đang biểu quyết")
    dossier_url = page.url
    logout(page)

    # An officer of Cục Hậu cần cannot open it.
    page = login("canbo.b")
    response = page.goto(dossier_url)
    assert response.status == 404
    logout(page)

    # The council secretary records the meeting and the tallies; one item fails its threshold.
    page = login("hoidong.a")
    page.goto(dossier_url)
    page.get_by_role("link", name="Họp hội đồng, kiểm phiếu").click()
    page.get_by_label("Ngày họp").fill(f"{timezone.localdate():%d/%m/%Y}")  # not before the submission (today)
    page.get_by_label("Địa điểm").fill("Hội trường Cục Chính trị")
    page.get_by_label("Chủ trì").select_option(label=str(flow.members[0]))
    for member in flow.members:
        page.get_by_label(str(member), exact=True).check()
    page.get_by_role("button", name="Ghi cuộc họp").click()
    votes = {e2e_org.person_a: "8", e2e_org.person_a1: "3", e2e_org.person_a11: "7"}
    for person, agree in votes.items():  # one grid for the meeting, saved once (issue #16)
        page.get_by_label(f"Đồng ý — {person}", exact=True).fill(agree)
    page.get_by_role("button", name="Ghi kết quả kiểm phiếu").click()
    for person in votes:
        row = page.get_by_test_id("tally-row").filter(has_text=person.full_name)
        expect(row.get_by_test_id("tally-result")).to_be_visible()
    expect(page.get_by_test_id("tally-row").filter(has_text="Bùi Thị Hồng")).to_contain_text("Không đạt")
    page.get_by_role("link", name="← Về hồ sơ").first.click()
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Hội đồng đã xét")
    logout(page)

    # The commander issues the decision; the awards go into each person's history.
    page = login("chihuy")
    page.goto(dossier_url)
    form = page.get_by_test_id("decision-form")
    form.get_by_label("Ngày ký").fill(f"{timezone.localdate():%d/%m/%Y}")  # not before the submission (today)
    form.get_by_label("Họ tên người ký").fill("Nguyễn Văn Bình")
    form.get_by_label("Cấp bậc").fill("Đại tá")
    form.get_by_role("button", name="Ký, cấp số và ban hành").click()
    expect(page.get_by_test_id("decision")).to_contain_text("Quyết định số 1/QĐ-CCT")
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đã có quyết định")
    # The decision downloads under its own Vietnamese name (RFC 6266 filename*), not as download.docx.
    with page.expect_download() as download:
        page.get_by_test_id("decision").get_by_role("link", name="DOCX").click()
    assert download.value.suggested_filename == "quyet-dinh-1-QĐ-CCT.docx"
    logout(page)

    # The submitter saw each step, and the award is in the person's history.
    page = login("canbo.a")
    page.goto(dossier_url)
    events = page.get_by_test_id("dossier-events")
    for step in (
        "Đã gửi, chờ tiếp nhận",
        "Đang xét",
        "Hội đồng đang biểu quyết",
        "Hội đồng đã xét",
        "Đã có quyết định",
    ):
        expect(events).to_contain_text(step)
    page.goto(f"{live_server.url}{e2e_org.person_a.get_absolute_url()}")
    expect(page.get_by_test_id("record-history")).to_contain_text("1/QĐ-CCT")
