"""The Military Region's commander opens a dossier held at Cục Chính trị: he sees it but has no review
controls, and the review stays with Cục Chính trị's officer (review finding 10)."""

from playwright.sync_api import expect

from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.models import DossierItem
from tdkt.nominations.tests.conftest import build_flow
from tdkt.nominations.tests.factories import big_dossier

APPROVE = "Thông qua các đề nghị đã chọn"


def test_the_commander_above_sees_the_dossier_without_review_controls(e2e_org, login, live_server):
    flow = build_flow(e2e_org)
    dossier, items = big_dossier(flow, 3)
    assert dossier.authority == flow.cct
    page = login("chihuy")
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    expect(page.get_by_test_id("item-row")).to_have_count(3)
    expect(page.get_by_role("button", name=APPROVE)).to_have_count(0)
    expect(page.get_by_label("Chọn tất cả đề nghị đang chờ xét")).to_have_count(0)
    assert DossierItem.objects.filter(dossier=dossier, status=ItemStatus.DE_NGHI).count() == 3

    page.get_by_role("button", name="Đăng xuất").click()
    page = login("canbo.a")  # Cục Chính trị's own officer reviews
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    page.get_by_label("Chọn tất cả đề nghị đang chờ xét").check()
    page.get_by_role("button", name=APPROVE).click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã xét 3 đề nghị")
    assert DossierItem.objects.filter(dossier=dossier, status=ItemStatus.DE_NGHI).count() == 0
