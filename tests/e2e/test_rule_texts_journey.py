"""Rule texts and award pickers in the browser read names, not rating or title codes (review of #16, item 14)."""

import re

from playwright.sync_api import expect

CODES = re.compile(r"\b(HTXSNV|HTTNV|HTNV|CSTĐCS|CSTDCS)\b")


def test_the_rules_page_and_the_award_picker_read_names(e2e_org, login, live_server):
    page = login("canbo.a")
    page.goto(f"{live_server.url}/quy-tac/")
    expect(page.locator("main")).to_contain_text(
        "mỗi năm đều Hoàn thành tốt nhiệm vụ trở lên, có năm Hoàn thành xuất sắc nhiệm vụ, "
        "03 lần Chiến sĩ thi đua cơ sở"
    )
    assert not CODES.search(page.locator("main").inner_text())
    page.goto(f"{live_server.url}/xet-dieu-kien/")
    award = page.get_by_label("Danh hiệu / hình thức")
    award.select_option(label="Chiến sĩ tiên tiến")
    assert award.input_value() == "CSTT"  # the code is still what the form sends
    labels = award.locator("option").all_inner_texts()
    assert labels and not [label for label in labels if "(" in label], labels
