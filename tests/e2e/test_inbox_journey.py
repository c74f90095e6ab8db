"""The officer's day in the browser: the inbox shows a returned dossier with its reason first; the officer follows
the link (the dossier page says at its top why it came back), revises and resubmits, and the entry and the return's
notice are gone; the receiving level is told, receives it (its "cần tiếp nhận" is no longer new), and the sender
gets the notification."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tdkt.emulation import services as emulation
from tdkt.inbox import services as inbox_services
from tdkt.inbox.models import Deadline
from tdkt.inbox.tests.helpers import returned_dossier
from tdkt.nominations.tests.conftest import YEAR, build_flow
from tdkt.records.models import CatalogueEntry
from tests.e2e.shots import screenshot_path

SCREENSHOT = screenshot_path("inbox.png")
REASON = "Thiếu báo cáo thành tích của đồng chí Bùi Thị Hồng"


def logout(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_inbox_returned_dossier_to_notification(e2e_org, login, live_server):
    flow = build_flow(e2e_org)
    org = flow.org
    dossier = returned_dossier(flow, reason=REASON)  # by Cục Chính trị's officer, committed: notifications made
    emulation.registration_submit(
        actor=org.officer_a, entry=CatalogueEntry.objects.get(code="CSTDCS"), year=YEAR, person=org.person_a11
    )
    # two deadlines of the calendar due soon, whatever today is (a flushed live-server database has no defaults)
    Deadline.objects.update(active=False)
    today = timezone.localdate()
    for title, kind, days, level in (  # the level that must meet it: the region's report, the units' submission
        ("Báo cáo tổng kết công tác thi đua, khen thưởng năm", "BAO_CAO", 10, "QUAN_KHU"),
        ("Trình hồ sơ khen thưởng tổng kết năm lên Quân khu", "DE_NGHI", 5, "DON_VI"),
    ):
        due = today + timedelta(days=days)
        inbox_services.deadline_create(
            actor=org.admin, title=title, kind=kind, level=level, due_day=due.day, due_month=due.month
        )

    page = login("canbo.a1")
    inbox = page.get_by_test_id("inbox")
    returned = page.get_by_test_id("inbox-returned")
    expect(returned).to_contain_text(dossier.title)
    expect(inbox.get_by_test_id("inbox-returned")).to_be_visible()
    # the returned dossiers come first, and in the entry the reason comes before the link
    assert inbox.locator("[data-testid^=inbox-]").first.get_attribute("data-testid") == "inbox-returned"
    reason = returned.get_by_test_id("inbox-reason")
    expect(reason).to_have_text(f"Lý do trả lại: {REASON}")
    link = returned.get_by_role("link", name="Sửa, bổ sung theo lý do trả lại rồi trình lại")
    assert reason.bounding_box()["y"] < link.bounding_box()["y"]
    expect(page.get_by_test_id("inbox-registrations")).to_contain_text(f"1 đăng ký thi đua năm {YEAR} chờ duyệt")
    deadlines = page.get_by_test_id("inbox-deadlines")
    expect(deadlines).to_contain_text("Lập và trình hồ sơ đề nghị — còn 5 ngày đến hạn")
    expect(deadlines).not_to_contain_text("Lập báo cáo tổng kết")  # the Military Region's, not this unit's
    # one row stands for the year's registrations: the header counts them, and nothing was cut
    registrations = page.get_by_test_id("inbox-registrations")
    expect(registrations.get_by_test_id("inbox-group-count")).to_have_text("1")
    expect(registrations.get_by_test_id("inbox-group-more")).to_have_count(0)
    expect(page.get_by_test_id("notification-count")).to_contain_text("1")  # told of the return
    expect(page.get_by_test_id("inbox-count")).not_to_have_text("0")
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # follow the link and do the work: revise, then submit again
    link.click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Trả lại để bổ sung")
    # the page says at its top why, by whom and when — above the items, not only in the history
    notice = page.get_by_test_id("dossier-returned")
    expect(notice).to_contain_text("Hồ sơ bị Cục Chính trị trả lại")
    expect(notice.get_by_test_id("dossier-return-reason")).to_have_text(REASON)
    assert notice.bounding_box()["y"] < page.get_by_test_id("dossier-items").bounding_box()["y"]
    page.get_by_role("button", name="Sửa, bổ sung hồ sơ").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đang soạn")
    page.get_by_role("button", name="Trình hồ sơ").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đã gửi, chờ tiếp nhận")
    expect(page.get_by_test_id("dossier-returned")).to_have_count(0)
    page.get_by_role("link", name="TĐKT").click()
    expect(page.get_by_test_id("inbox")).to_be_visible()
    expect(page.get_by_test_id("inbox-returned")).to_have_count(0)
    # the return asked for work; it is done, so it is no longer a new notification
    expect(page.get_by_test_id("home-notifications")).to_have_count(0)

    # the notification of the return: read it, open its page
    page.get_by_test_id("menu-notifications").click()
    note = page.get_by_test_id("notification").filter(has_text="trả lại để bổ sung")
    expect(note).to_contain_text(f"Lý do: {REASON}")
    expect(note).to_contain_text("đã xử lý")
    note.get_by_role("button", name="Mở").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đã gửi, chờ tiếp nhận")
    page.get_by_test_id("menu-notifications").click()
    expect(page.get_by_text("0 thông báo chưa đọc.")).to_be_visible()
    logout(page)

    # the receiving level sees the work and receives it; the sender is told
    page = login("canbo.a")
    receive = page.get_by_test_id("inbox-dossiers").get_by_role("link", name="Tiếp nhận hồ sơ")
    expect(receive).to_be_visible()
    expect(page.get_by_test_id("home-notifications")).to_contain_text("cần tiếp nhận")
    receive.click()
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Đang xét")
    page.get_by_role("link", name="TĐKT").click()  # received: "… cần tiếp nhận" is no longer new
    expect(page.get_by_test_id("inbox")).to_be_visible()
    expect(page.get_by_test_id("home-notifications").filter(has_text="cần tiếp nhận")).to_have_count(0)
    logout(page)

    page = login("canbo.a1")
    expect(page.get_by_test_id("home-notifications")).to_contain_text(
        f"Hồ sơ “{dossier.title}” đã được Cục Chính trị tiếp nhận."
    )
    expect(page.get_by_test_id("notification-count")).to_contain_text("1")
