"""The councils page refuses a second council for an overlapping term and a second Chủ tịch, in Vietnamese,
and writes nothing (review findings 7, 8)."""

from datetime import date

from playwright.sync_api import expect

from tests.e2e.pickers import pick


def test_an_overlapping_council_and_a_second_chair_are_refused_on_the_page(e2e_org, login, live_server):
    from tdkt.nominations import services
    from tdkt.nominations.models import Council, CouncilMember

    org = e2e_org
    council = services.council_create(
        actor=org.admin, unit=org.a, name="Hội đồng TĐKT Cục Chính trị", term_start=date(2024, 1, 1)
    )
    services.council_member_add(actor=org.admin, council=council, full_name="Nguyễn Văn Chủ", role="CHU_TICH")
    page = login("canbo.a")
    page.goto(f"{live_server.url}/hoi-dong/")
    card = page.get_by_test_id("council")
    card.get_by_label("Họ và tên").fill("Trần Văn Hai")
    card.get_by_label("Nhiệm vụ trong hội đồng").select_option(label="Chủ tịch")
    card.get_by_role("button", name="Thêm thành viên").click()
    expect(page.get_by_text("mỗi hội đồng chỉ có một Chủ tịch")).to_be_visible()
    assert CouncilMember.objects.filter(council=council).count() == 1

    form = page.locator("form", has=page.get_by_role("button", name="Lập hội đồng"))
    pick(form, "Đơn vị", "chinh tri", "Cục Chính trị")
    form.get_by_label("Tên hội đồng").fill("Hội đồng thứ hai")
    form.get_by_label("Nhiệm kỳ từ").fill("01/01/2023")  # open-ended from before: it would reach the 2024 term
    form.get_by_role("button", name="Lập hội đồng").click()
    expect(page.get_by_text("mỗi nhiệm kỳ chỉ có một hội đồng")).to_be_visible()
    expect(page.get_by_text("nhiệm kỳ từ 01/01/2024, chưa có ngày kết thúc")).to_be_visible()
    assert Council.objects.filter(unit=org.a).count() == 1

    # The next term, from 01/01/2026, closes the open one on 31/12/2025 (it has not met since).
    form = page.locator("form", has=page.get_by_role("button", name="Lập hội đồng"))
    pick(form, "Đơn vị", "chinh tri", "Cục Chính trị")
    form.get_by_label("Tên hội đồng").fill("Hội đồng nhiệm kỳ sau")
    form.get_by_label("Nhiệm kỳ từ").fill("01/01/2026")
    form.get_by_role("button", name="Lập hội đồng").click()
    expect(page.get_by_text("Hội đồng nhiệm kỳ sau").first).to_be_visible()
    council.refresh_from_db()
    assert council.term_end == date(2025, 12, 31) and Council.objects.filter(unit=org.a).count() == 2
