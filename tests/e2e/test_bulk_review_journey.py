"""Bulk work in the browser (issue #16, item 3): the reviewing officer approves 40 items and returns 2 with their
reasons in one action; the council's secretary enters every tally of the meeting in one grid, by keyboard."""


from django.utils import timezone
from playwright.sync_api import expect

from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.models import DossierItem, Tally
from tdkt.nominations.tests.conftest import build_flow
from tdkt.nominations.tests.factories import big_dossier
from tests.e2e.shots import screenshot_path
from tests.e2e.test_mobile_a11y import serious_violations

SCREENSHOT = screenshot_path("bulk-review.png")
RETURN = "Không chấp thuận (trả lại)"


def test_approve_forty_with_two_returned_then_one_grid_for_the_tallies(e2e_org, login, live_server):
    flow = build_flow(e2e_org)
    dossier, items = big_dossier(flow, 40)
    returned = {items[3]: "Thiếu bản nhận xét của chi bộ", items[17]: "Chưa đủ thời gian giữ chức vụ"}

    # The receiving officer of Cục Chính trị ticks every item, marks two exceptions, and approves once.
    page = login("canbo.a")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    page.get_by_label("Chọn tất cả đề nghị đang chờ xét").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("Đã chọn 40 đề nghị")
    rows = page.get_by_test_id("item-row")
    for item, reason in returned.items():
        row = rows.filter(has_text=item.person.full_name)
        row.get_by_label("Riêng đề nghị này").select_option(label=RETURN)
        row.get_by_label("Lý do").fill(reason)
    rows.filter(has_text=items[3].person.full_name).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT))
    # Enter in a reason field does not send the form (its default button is disabled): nothing approved by accident
    rows.filter(has_text=items[3].person.full_name).get_by_label("Lý do").press("Enter")
    page.wait_for_timeout(500)
    assert DossierItem.objects.filter(dossier=dossier, status=ItemStatus.DE_NGHI).count() == 40
    expect(page.get_by_role("alert")).to_have_count(0)
    # first without the second reason: nothing is saved and the row says why
    rows.filter(has_text=items[17].person.full_name).get_by_label("Lý do").fill("")
    page.get_by_role("button", name="Thông qua các đề nghị đã chọn").click()
    error = rows.filter(has_text=items[17].person.full_name).get_by_test_id("row-error")
    expect(error).to_have_text(
        f"{items[17].person.full_name} (Chiến sĩ thi đua cơ sở): phải ghi lý do không chấp thuận."
    )
    assert DossierItem.objects.filter(dossier=dossier, status=ItemStatus.DE_NGHI).count() == 40
    assert serious_violations(page) == []  # axe-core on the batch form, its errors shown
    # what was ticked and typed is still there: add the missing reason and send again
    expect(page.get_by_label(f"Chọn {items[0].person}", exact=True)).to_be_checked()
    expect(rows.filter(has_text=items[3].person.full_name).get_by_label("Lý do")).to_have_value(returned[items[3]])
    rows.filter(has_text=items[17].person.full_name).get_by_label("Lý do").fill(returned[items[17]])
    page.get_by_role("button", name="Thông qua các đề nghị đã chọn").click()
    expect(page.get_by_role("alert").first).to_have_text(
        "Đã xét 40 đề nghị: thông qua 38, không chấp thuận (trả lại) 2."
    )
    statuses = dict(DossierItem.objects.filter(dossier=dossier).values_list("pk", "status"))
    assert sum(s == ItemStatus.DAT for s in statuses.values()) == 38
    for item, reason in returned.items():
        expect(rows.filter(has_text=item.person.full_name)).to_contain_text(reason)
        assert DossierItem.objects.get(pk=item.pk).status_reason == reason
    page.get_by_role("button", name="Đưa ra hội đồng").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Hội đồng đang biểu quyết")
    page.get_by_role("button", name="Đăng xuất").click()

    # The secretary records the meeting, then types the 38 counts row by row with Tab, and saves once.
    page = login("hoidong.a")
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    page.get_by_role("link", name="Họp hội đồng, kiểm phiếu").click()
    page.get_by_label("Ngày họp").fill(f"{timezone.localdate():%d/%m/%Y}")
    page.get_by_label("Địa điểm").fill("Hội trường Cục Chính trị")
    page.get_by_label("Chủ trì").select_option(label=str(flow.members[0]))
    for member in flow.members:
        page.get_by_label(str(member), exact=True).check()
    page.get_by_role("button", name="Ghi cuộc họp").click()
    voted = [i for i in items if i not in returned]
    expect(page.get_by_test_id("tally-grid").locator('input[type="number"]')).to_have_count(4 * 38)
    for item in voted:  # every recusal select has its label
        expect(page.get_by_label(f"Thành viên không tham gia — {item.person}", exact=True)).to_be_attached()
    page.get_by_label(f"Đồng ý — {voted[0].person}", exact=True).focus()
    for n, _ in enumerate(voted):
        agree = "10" if n == 5 else "8"  # one slip: ten ballots with nine members present
        for value in (agree, "1", "0", "0"):
            page.keyboard.press("Control+A")
            page.keyboard.type(value)
            page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # past the recusal select, to the next row
    page.get_by_role("button", name="Ghi kết quả kiểm phiếu").click()
    slip = page.get_by_test_id("tally-row").filter(has_text=voted[5].person.full_name)
    expect(slip.get_by_test_id("row-error")).to_contain_text(
        "Tổng số phiếu (11) lớn hơn số thành viên được biểu quyết (9)"
    )
    assert Tally.objects.count() == 0  # nothing saved, not even the 37 good rows
    assert serious_violations(page) == []  # axe-core on the grid, an error on its row
    last = page.get_by_label(f"Đồng ý — {voted[-1].person}", exact=True)
    expect(last).to_have_value("8")  # the typed grid is still there
    slip.get_by_label(f"Đồng ý — {voted[5].person}", exact=True).fill("7")

    # a count of 20 digits (a key held down) is an error on its row, not a bare 400 page losing the grid
    huge, big = "9" * 20, page.get_by_test_id("tally-row").filter(has_text=voted[9].person.full_name)
    big.get_by_label(f"Đồng ý — {voted[9].person}", exact=True).fill(huge)
    page.get_by_role("button", name="Ghi kết quả kiểm phiếu").click()
    expect(big.get_by_test_id("row-error")).to_have_text("Đồng ý: số phiếu quá lớn (tối đa 100.000).")
    expect(page.get_by_test_id("row-error")).to_have_count(1)
    expect(big.get_by_label(f"Đồng ý — {voted[9].person}", exact=True)).to_have_value(huge)
    expect(slip.get_by_label(f"Đồng ý — {voted[5].person}", exact=True)).to_have_value("7")
    expect(last).to_have_value("8")
    assert Tally.objects.count() == 0

    # on a phone the grid scrolls inside its wrapper: the page itself is not wider than the screen
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    big.get_by_label(f"Đồng ý — {voted[9].person}", exact=True).fill("8")
    page.get_by_role("button", name="Ghi kết quả kiểm phiếu").click()
    expect(page.get_by_role("alert").first).to_have_text(
        "Đã ghi kết quả kiểm phiếu của 38 đề nghị: 38 đạt, 0 không đạt."
    )
    expect(page.get_by_test_id("tally-result")).to_have_count(38)
    assert Tally.objects.filter(meeting__dossiers=dossier).count() == 38
    assert DossierItem.objects.filter(dossier=dossier, status=ItemStatus.DAT).count() == 38
