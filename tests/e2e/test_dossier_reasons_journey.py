"""The dossier page in the browser (issue #16, items 11 and 20): an eligible item says what it met, with the
article of each source and the C/H/U legend; the person picker lists the names that start with the typed words
(same accents) first."""

from playwright.sync_api import expect

from tdkt.nominations import services as nominations
from tdkt.nominations.tests.conftest import build_flow
from tdkt.org.tests.factories import person_create


def test_an_eligible_item_says_what_it_met_and_the_picker_puts_the_closest_names_first(e2e_org, login, live_server):
    flow = build_flow(e2e_org)
    dossier = nominations.dossier_create(
        actor=e2e_org.officer_a, unit=e2e_org.a, year=2025, kind="THUONG_XUYEN", title="Đề nghị khen thưởng năm 2025"
    )
    item = nominations.item_add(
        actor=e2e_org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=e2e_org.person_a
    )
    assert item.eligibility_status == "ELIGIBLE"
    person_create(e2e_org.a1, code="P-V1", full_name="Nguyễn Thị Vân")  # before "Nguyễn Văn Bình" by name
    person_create(e2e_org.a1, code="P-V2", full_name="Nguyễn Văn Bình")
    page = login("canbo.a")
    page.goto(f"{live_server.url}{dossier.get_absolute_url()}")
    reasons = page.get_by_test_id("item-row").filter(has_text="Đặng Văn Đức").get_by_test_id("item-reasons")
    expect(reasons.get_by_test_id("met")).to_have_text("Đã đạt:")
    expect(reasons.get_by_test_id("missing")).to_have_count(0)
    expect(reasons).not_to_contain_text("không xét cho đối tượng này")
    expect(reasons.get_by_test_id("source").first).to_contain_text("Điều")
    expect(page.get_by_test_id("label-legend")).to_contain_text("chưa xác nhận — chưa đối chiếu văn bản")

    box = page.get_by_test_id("item-add").get_by_role("combobox", name="Cá nhân hoặc đơn vị")
    box.press_sequentially("Nguyễn Văn")
    options = page.get_by_test_id("item-add").get_by_role("option")
    expect(options.first).to_contain_text("Nguyễn Văn Bình")
    expect(options.filter(has_text="Nguyễn Thị Vân")).to_have_count(1)  # still found, after
