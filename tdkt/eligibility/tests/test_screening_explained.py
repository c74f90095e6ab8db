"""The screening table explains what matters (issue #16, item 9): met conditions for the eligible, what is
missing for the others, a legend for C/H/U, and every source with its article."""

import re
from datetime import date

from django.urls import reverse

from tdkt.eligibility.facts import person_facts
from tdkt.eligibility.views import _rows
from tdkt.org.tests.factories import client_for
from tdkt.records import services
from tdkt.rules.engine import evaluate
from tdkt.rules.loader import rule_set_for_year
from tdkt.rules.model import Reason, Status, Verdict

YEAR = 2024


def _verdict(status, reasons):
    return Verdict("CA_NHAN", "P-A", "CSTDCS", YEAR, "luat-2022", status, tuple(reasons))


def test_an_eligible_row_lists_what_was_met_and_never_the_alternative_it_did_not_need():
    reasons = [
        Reason("Đạt tiêu chuẩn Chiến sĩ tiên tiến", True, "Đạt", "Luật TĐKT 2022 Đ23 [C]"),
        Reason("Hoàn thành xuất sắc nhiệm vụ", True, "HTXSNV năm 2024", "Luật TĐKT 2022 Đ23 [C]"),
        Reason("Có sáng kiến", False, "Chưa có sáng kiến", "Luật TĐKT 2022 Đ23 [C]", decisive=False),
    ]
    row = next(_rows([_verdict(Status.ELIGIBLE, reasons)], {}, {}))
    assert row["passes"] and [r["condition"] for r in row["met"]] == [
        "Đạt tiêu chuẩn Chiến sĩ tiên tiến",
        "Hoàn thành xuất sắc nhiệm vụ",
    ]
    assert row["missing"] == [] and row["open"] == []
    assert row["met"][0]["source"] == "Luật TĐKT 2022, Điều 23" and row["met"][0]["label_text"] == "chắc chắn"


def test_a_row_not_eligible_lists_what_is_missing_and_what_a_person_must_confirm():
    reasons = [
        Reason("Hoàn thành xuất sắc nhiệm vụ", False, "Chưa có đánh giá năm 2024", "TT 118/2023/TT-BQP [U]"),
        Reason("Hội đồng bỏ phiếu kín", None, "Cần người xét", "Luật TĐKT 2022 Đ23 [H]"),
        Reason("Không bị kỷ luật", True, "Không có kỷ luật", "Luật TĐKT 2022 Đ74 k1d [C]"),
    ]
    row = next(_rows([_verdict(Status.NOT_ELIGIBLE, reasons)], {}, {}))
    assert not row["passes"]
    assert [r["evidence"] for r in row["missing"]] == ["Chưa có đánh giá năm 2024"]
    assert row["missing"][0]["source"] == "TT 118/2023/TT-BQP, chưa xác định điều"
    assert [r["evidence"] for r in row["undecided"]] == ["Cần người xét"]


def test_the_page_shows_met_and_missing_conditions_the_legend_and_articles(org):
    services.rating_set(actor=org.admin, person=org.person_a, year=YEAR, rating="HTXSNV")
    html = (
        client_for(org.officer_a)
        .get(reverse("eligibility:screening"), {"year": YEAR, "award": "CSTT"})
        .content.decode()
    )
    legend = html[html.index('data-testid="label-legend"') :][:800]
    for words in ("chắc chắn", "có khả năng", "chưa xác nhận"):
        assert words in legend
    table = html[html.index('data-testid="screening-results"') :]
    rows = table.split("<tr>")[2:]
    eligible = next(r for r in rows if "Đặng Văn Đức" in r)
    assert "Đã đạt:" in eligible and "Còn thiếu:" not in eligible
    other = next(r for r in rows if "Bùi Thị Hồng" in r)  # no rating for the year
    assert "Còn thiếu:" in other or "Cần xác nhận:" in other
    sources = re.findall(r'data-testid="source">\((.*?)</span>\)', table, flags=re.S)
    assert sources and all("Điều" in s or "chưa xác định điều" in s for s in sources), sources
    assert not re.search(r"Đ\d", table)  # no abbreviated article left


def test_the_export_says_the_same(org):
    from io import BytesIO

    from openpyxl import load_workbook

    services.rating_set(actor=org.admin, person=org.person_a, year=YEAR, rating="HTXSNV")
    response = client_for(org.officer_a).get(
        reverse("eligibility:screening"), {"year": YEAR, "award": "CSTT", "xuat": "xlsx"}
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][5] == "Điều kiện đã đạt / còn thiếu"
    eligible = next(r for r in rows[1:] if r[1] == "P-A")
    assert eligible[5].startswith("Đã đạt: ") and "Điều" in eligible[5]


def test_alternatives_none_of_which_holds_read_as_one_of_them():
    reasons = [
        Reason(
            "Hoàn thành xuất sắc nhiệm vụ",
            False,
            "Năm 2024: Hoàn thành nhiệm vụ",
            "Luật TĐKT 2022 Đ23 [C]",
            alternatives=3,
        ),
        Reason("Có sáng kiến", False, "Chưa có sáng kiến", "Luật TĐKT 2022 Đ23 [C]", alternatives=3),
        Reason("Không bị kỷ luật", False, "Đang bị khiển trách", "Luật TĐKT 2022 Đ74 k1d [C]"),
    ]
    row = next(_rows([_verdict(Status.NOT_ELIGIBLE, reasons)], {}, {}))
    group, single = row["missing"]
    assert [r["condition"] for r in group["alternatives"]] == ["Hoàn thành xuất sắc nhiệm vụ", "Có sáng kiến"]
    assert single["evidence"] == "Đang bị khiển trách"


def test_the_engine_numbers_the_alternatives_of_a_failed_group(org):

    services.rating_set(actor=org.admin, person=org.person_a, year=YEAR, rating="HTNV")

    facts = person_facts([org.person_a.pk], year=YEAR, review_date=date(YEAR, 12, 31))[org.person_a.pk]
    rule_set = rule_set_for_year(YEAR)
    verdict = evaluate(rule_set, rule_set.rules["CSTDCS"], facts, YEAR)
    grouped = [r for r in verdict.reasons if r.alternatives]
    groups = {g: [r.condition for r in grouped if r.alternatives == g] for g in {r.alternatives for r in grouped}}
    # CSTT or LĐTT standard; HTXSNV or an initiative: two groups of two alternatives each
    assert sorted(len(conditions) for conditions in groups.values()) == [2, 2], groups
    assert any("Hoàn thành xuất sắc nhiệm vụ" in c for conditions in groups.values() for c in conditions)
    assert all(r.met is not True for r in grouped)
