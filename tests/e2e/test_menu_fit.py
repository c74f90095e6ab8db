"""The desktop menu at 1366 px (review of issue #16, finding 25): the administrator sees every entry, the inbox and
notification counts, the working year and a long name, and the menu still takes at most two lines, no label broken
inside ("Danh mục / khen thưởng"); every destination stays a link in the menu."""

from django.urls import reverse
from playwright.sync_api import expect

from tdkt.inbox.models import Notification, NotificationKind

ENTRIES = [
    "Cây đơn vị",
    "Quân nhân",
    "Xét điều kiện",
    "Niên hạn",
    "Hồ sơ đề nghị",
    "Phong trào thi đua",
    "Báo cáo",
    "Nhập / xuất dữ liệu",
    "Danh mục khen thưởng",
    "Bộ quy tắc",
    "Việc cần làm",
    "Thông báo",
]


def menu_lines(page) -> int:
    """How many lines the menu's entries sit on (distinct tops of its links, texts and the log-out button)."""
    centres = page.evaluate(
        """() => [...document.querySelectorAll('#tdkt-menu .nav-link, #tdkt-menu .navbar-text, #tdkt-menu .btn')]
            .map((e) => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })"""
    )
    lines = []
    for centre in sorted(centres):
        if not lines or centre - lines[-1] > 20:  # a line is ~40 px high: entries on one line differ by a few px
            lines.append(centre)
    return len(lines)


def test_the_administrator_s_menu_fits_two_lines_at_1366_px(e2e_org, login, live_server):
    admin = e2e_org.admin
    admin.full_name = "Quản trị hệ thống"
    admin.save(update_fields=["full_name"])
    Notification.objects.create(user=admin, kind=NotificationKind.choices[0][0], title="Hồ sơ mới", key="menu-fit")
    page = login("admin")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("home"))
    page.wait_for_load_state("networkidle")
    menu = page.get_by_role("navigation", name="Menu chính")
    for entry in ENTRIES:
        expect(menu.get_by_role("link", name=entry)).to_be_visible()
    expect(menu.get_by_test_id("working-year")).to_be_visible()
    expect(menu.get_by_text("Quản trị hệ thống")).to_be_visible()
    assert menu_lines(page) <= 2
    assert menu.bounding_box()["height"] <= 110  # one line is 56 px, two 97 px
    # the check that failed before: entries squeezed into columns, each label broken over two or three lines
    labels = page.evaluate(
        "() => [...document.querySelectorAll('#tdkt-menu .nav-link')].filter((e) => e.getClientRects().length > 1"
        " || e.getBoundingClientRect().height > 48).map((e) => e.textContent.trim())"
    )
    assert labels == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
