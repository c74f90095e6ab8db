"""Phone and keyboard (issue #16, item 10): the ten pages an officer uses most, on a 390 × 844 phone and on a
desktop. No horizontal page scroll on the phone, the menu folds behind a toggle, the skip link is the first Tab
stop, and axe-core finds no serious or critical violation.

axe-core is vendored (tests/e2e/vendor/axe.min.js, see its README). It is evaluated through the DevTools protocol
(`page.evaluate`): `page.add_script_tag` would insert an inline <script>, which the Content-Security-Policy
(`script-src 'self'`) blocks — and the `login` fixture fails any test that trips the policy."""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tdkt.emulation import scoring
from tdkt.emulation import services as emulation
from tdkt.nominations import services as nominations
from tdkt.nominations.tests.conftest import build_flow
from tdkt.org.tests.factories import person_create
from tdkt.records import services as records
from tdkt.records.models import CatalogueEntry

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SKIP_LINK = "Bỏ qua đến nội dung chính"

# Names long enough to show a layout that cannot wrap (a phone is 24 rem wide).
EXTRA_PEOPLE = [
    "Nguyễn Thị Phương Thảo",
    "Trần Quốc Khánh Hưng",
    "Phạm Đức Thắng",
    "Võ Thị Ngọc Hân",
    "Huỳnh Minh Nhật",
    "Lưu Trọng Nghĩa",
]


@dataclass
class Page_:
    name: str
    path: str
    ready: str  # data-testid of a block that must hold real rows before the page is measured


def build_world(org) -> list[Page_]:
    """Rows on every one of the ten pages: people with ratings and awards over three years, a dossier with
    items, a cluster with a scoring round in self-scoring."""
    flow = build_flow(org)  # authorities, the CCT council, 2025 ratings and the 2024 CSTT of three people
    gk, cstdcs = CatalogueEntry.objects.get(code="GK"), CatalogueEntry.objects.get(code="CSTDCS")
    people = [org.person_a, org.person_a1, org.person_a11]
    for i, name in enumerate(EXTRA_PEOPLE):
        people.append(person_create(org.a11 if i % 2 else org.a1, code=f"P-X{i}", full_name=name))
    for year in (2023, 2024):
        for person in people:
            records.rating_set(actor=org.admin, person=person, year=year, rating="HTXSNV")
    for person in people[3:]:
        records.rating_set(actor=org.admin, person=person, year=2025, rating="HTXSNV")
    for person in people:
        records.award_record(
            actor=org.admin,
            person=person,
            entry=gk,
            year=2024,
            decision_number="15/QĐ-CCT",
            issuer="Cục Chính trị",
            decision_date=date(2024, 12, 20),
        )
    records.award_record(actor=org.admin, person=org.person_a, entry=cstdcs, year=2023)
    for unit in (org.a, org.c):  # the cluster leader of 2025 (c) was rated in 2024
        records.rating_set(actor=org.admin, unit=unit, year=2024, rating="HTXSNV")

    dossier = nominations.dossier_create(
        actor=org.officer_a, unit=org.a, year=2025, kind="THUONG_XUYEN", title="Đề nghị khen thưởng tổng kết năm 2025"
    )
    for person in people[:4]:
        nominations.item_add(
            actor=org.officer_a,
            dossier=dossier,
            entry=flow.entry("CSTT"),
            person=person,
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025",
        )

    cluster = emulation.cluster_create(actor=org.admin, code="CUM4", name="Cụm thi đua số 4", organiser=org.root)
    for unit in (org.a, org.b, org.c):
        emulation.cluster_member_add(actor=org.admin, cluster=cluster, unit=unit, year=2025)
    emulation.cluster_leader_set(actor=org.admin, cluster=cluster, year=2025, leader=org.c)
    round_ = scoring.round_create(actor=org.admin, cluster=cluster, year=2025)
    work = scoring.criterion_add(
        actor=org.admin, round_=round_, name="Thực hiện nhiệm vụ huấn luyện, sẵn sàng chiến đấu", max_points=60
    )
    scoring.criterion_add(actor=org.admin, round_=round_, name="Xây dựng chính quy, quản lý kỷ luật", max_points=40)
    scoring.round_advance(actor=org.admin, round_=round_)
    scoring.score_self(
        actor=org.officer_a,
        round_=round_,
        unit=org.a,
        criterion=work,
        points=55,
        evidence="Báo cáo tổng kết huấn luyện năm 2025",
    )

    a = org.a
    return [
        Page_("trang chủ, việc cần làm", "/", "person-count"),
        Page_("cây đơn vị", "/don-vi/", "unit-tree"),
        Page_("danh sách quân nhân", f"/quan-nhan/?don_vi={a.pk}", "person-results"),
        Page_("hồ sơ quân nhân", f"/quan-nhan/{org.person_a.pk}/", "history-table"),
        Page_("danh sách khen thưởng", f"/bao-cao/danh-sach/?don_vi={a.code}&nam=2024", "records-behind"),
        Page_("xét điều kiện", f"/xet-dieu-kien/?year=2025&unit={a.pk}&award=CSTT", "screening-results"),
        Page_("danh sách hồ sơ đề nghị", "/ho-so/", "dossier-list"),
        Page_("hồ sơ đề nghị", f"/ho-so/{dossier.pk}/", "dossier-items"),
        Page_("chấm điểm cụm thi đua", f"/cum-thi-dua/{cluster.pk}/cham-diem/2025/", "score-matrix"),
        Page_("báo cáo tổng kết", f"/bao-cao/tong-ket/?don_vi={a.code}&nam=2024", "summary-figures"),
    ]


def open_page(page, base: str, target: Page_):
    response = page.goto(base + target.path)
    assert response.status == 200, f"{target.name}: HTTP {response.status}"
    block = page.get_by_test_id(target.ready)
    expect(block).to_be_visible()
    page.wait_for_load_state("networkidle")  # htmx panels (the person's history) have loaded


def wide_elements(page, width: int) -> list[str]:
    """The innermost elements that stick out of the viewport's width: what to fix when the page is too wide."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > width + 1 && e.closest(".table-responsive") === null)
            .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1))
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className} «${e.textContent.trim().slice(0, 40)}»`)""",
        width,
    )


def serious_violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => `${v.id} (${v.impact}): ${v.help} — `
                    + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
        }"""
    )
    return found


@pytest.mark.slow
def test_ten_pages_fit_a_phone_and_pass_axe_on_a_phone_and_a_desktop(e2e_org, login, live_server):
    pages = build_world(e2e_org)
    page = login("canbo.a")
    problems = []
    for viewport, label in ((PHONE, "390 px"), (DESKTOP, "desktop")):
        page.set_viewport_size(viewport)
        for target in pages:
            open_page(page, live_server.url, target)
            width, screen = page.evaluate("document.documentElement.scrollWidth"), viewport["width"]
            if width > screen:
                problems.append(f"{target.name}: {width} px wide at {screen} px: {wide_elements(page, screen)}")
            problems += [f"{target.name} ({label}): {v}" for v in serious_violations(page)]
    assert not problems, "\n".join(problems)


def test_the_phone_menu_opens_and_closes_by_mouse_and_keyboard(e2e_org, login, live_server):
    page = login("canbo.a")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/ho-so/")
    toggle = page.get_by_role("button", name="Menu")
    menu = page.locator("#tdkt-menu")
    expect(toggle).to_have_attribute("aria-controls", "tdkt-menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    height = page.get_by_role("navigation", name="Menu chính").bounding_box()["height"]
    assert height < 80, f"the closed menu is one line, not {height} px of the 844"
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Quân nhân")).to_be_visible()
    toggle.click()
    expect(menu).to_be_hidden()
    # by keyboard: Enter opens, Escape closes and gives the focus back to the button
    toggle.focus()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#tdkt-menu') !== null")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Space")
    expect(menu).to_be_visible()
    menu.get_by_role("link", name="Quân nhân").click()
    expect(page).to_have_url(f"{live_server.url}/quan-nhan/")
    expect(page.locator("#tdkt-menu")).to_be_hidden()  # closed again on the next page
    # on a desktop the menu is always open and the button is gone
    page.set_viewport_size(DESKTOP)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator("#tdkt-menu").get_by_role("link", name="Quân nhân")).to_be_visible()


def test_without_javascript_the_phone_menu_stays_open(e2e_org, browser, live_server):
    from tdkt.org.tests.factories import PASSWORD

    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo.a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()  # a button that could do nothing
    expect(page.locator("#tdkt-menu").get_by_role("link", name="Hồ sơ đề nghị")).to_be_visible()
    page.locator("#tdkt-menu").get_by_role("link", name="Hồ sơ đề nghị").click()
    expect(page).to_have_url(f"{live_server.url}/ho-so/")
    context.close()


def test_the_skip_link_is_the_first_tab_stop_and_moves_the_focus_to_main(e2e_org, login, live_server):
    build_flow(e2e_org)
    page = login("canbo.a")
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/ho-so/")
        skip = page.get_by_role("link", name=SKIP_LINK)
        assert skip.bounding_box()["width"] <= 1, "visually hidden until focused"
        page.keyboard.press("Tab")
        expect(skip).to_be_focused()
        assert skip.bounding_box()["width"] > 100, "shown once focused"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "the focused skip link shows a focus outline"
        page.keyboard.press("Enter")
        expect(page.locator("main")).to_be_focused()
        # the next Tab lands in the page's content, not back in the menu
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('main') !== null")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "a focused control in the page shows a focus outline"


def test_a_wide_table_scrolls_inside_its_wrapper_which_the_keyboard_can_reach(e2e_org, login, live_server):
    pages = {p.name: p for p in build_world(e2e_org)}
    page = login("canbo.a")
    page.set_viewport_size(PHONE)
    open_page(page, live_server.url, pages["hồ sơ đề nghị"])
    wrapper = page.locator(".table-responsive").filter(has=page.get_by_test_id("dossier-items"))
    sizes = wrapper.evaluate("(box) => [box.scrollWidth, box.clientWidth]")
    assert sizes[0] > sizes[1], "the items table is wider than the phone, so it scrolls inside its wrapper"
    expect(wrapper).to_have_attribute("tabindex", "0")
    expect(wrapper).to_have_attribute("role", "region")
    expect(wrapper).to_have_attribute("aria-label", "Bảng: Danh sách đề nghị")
    wrapper.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # keyboard scrolling is animated (Bootstrap's smooth scrolling): wait for it to move
    page.wait_for_function("(box) => box.scrollLeft > 0", arg=wrapper.element_handle(), timeout=5000)
    # on a desktop the same table fits and the wrapper leaves the Tab order
    page.set_viewport_size(DESKTOP)
    expect(wrapper).not_to_have_attribute("tabindex", "0")


def test_the_folded_menu_repeats_the_inbox_count_on_its_toggle(e2e_org, login, live_server):
    build_world(e2e_org)  # Cục Hậu cần has a scoring round to self-score: work waits for its officer
    page = login("canbo.b")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/ho-so/")
    count = page.get_by_test_id("inbox-count")
    expect(count).not_to_have_class(re.compile(r"\bd-none\b"))  # the count is shown in the menu
    assert int(count.text_content().split()[0]) > 0
    mirrored = page.get_by_test_id("menu-toggle-count")
    expect(mirrored).to_be_visible()
    expect(mirrored).to_have_text(count.text_content())
    expect(page.get_by_role("button", name="Menu")).to_have_accessible_name(f"Menu {count.text_content()}")
