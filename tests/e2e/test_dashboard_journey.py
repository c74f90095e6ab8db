"""The dashboard: a bar of the chart opens the records behind it."""

from playwright.sync_api import expect

from tdkt.records import services
from tdkt.records.models import CatalogueEntry
from tests.e2e.pickers import pick


def test_a_bar_of_the_dashboard_opens_its_records(e2e_org, login, live_server):
    gk = CatalogueEntry.objects.get(code="GK")
    services.award_record(actor=e2e_org.admin, person=e2e_org.person_a, entry=gk, year=2025, kind="DOT_XUAT")
    services.award_record(actor=e2e_org.admin, person=e2e_org.person_a1, entry=gk, year=2025)
    page = login("canbo.a")
    page.get_by_role("link", name="Báo cáo", exact=True).click()  # the inbox links "Lập báo cáo tổng kết" too
    page.get_by_label("Năm").fill("2025")
    pick(page, "Đơn vị", "chinh tri", "Cục Chính trị")
    page.get_by_role("button", name="Xem").click()
    canvas = page.get_by_test_id("chart-years")
    expect(canvas).to_be_visible()
    # the centre of the DOT_XUAT bar of 2025, from Chart.js itself
    point = page.evaluate("""() => {
        const chart = Chart.getChart(document.getElementById('chart-years'));
        const set = chart.data.datasets.findIndex((d) => d.code === 'DOT_XUAT');
        const bar = chart.getDatasetMeta(set).data[chart.data.labels.indexOf('2025')];
        const box = chart.canvas.getBoundingClientRect();
        return {x: box.left + bar.x, y: box.top + (bar.y + bar.base) / 2};
    }""")
    # the legend names the kind, never its code (issue #16, item 5)
    legend = page.evaluate(
        "() => Chart.getChart(document.getElementById('chart-years')).data.datasets.map((d) => d.label)"
    )
    assert "Đột xuất" in legend and "DOT_XUAT" not in legend
    page.mouse.click(point["x"], point["y"])
    expect(page.get_by_test_id("records-count")).to_have_text("1 lượt khen thưởng")
    expect(page.get_by_test_id("records-behind")).to_contain_text("Đặng Văn Đức")
    expect(page.get_by_test_id("records-behind")).not_to_contain_text("Bùi Thị Hồng")
