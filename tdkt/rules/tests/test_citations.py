"""Every condition's source names its article, or says it is not known (issue #16, item 9)."""

import json
from pathlib import Path

import pytest

from tdkt.rules.citations import UNKNOWN_ARTICLE, cite

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    "source, text, label",
    [
        ("Luật TĐKT 2022 Đ23 [C]", "Luật TĐKT 2022, Điều 23", "C"),
        ("Luật TĐKT 2022 Đ74 k1d [C]", "Luật TĐKT 2022, Điều 74, khoản 1, điểm d", "C"),
        ("Luật TĐKT 2022 Đ21, Đ22", "Luật TĐKT 2022, Điều 21, Điều 22", ""),
        ("NĐ 91/2017/NĐ-CP Đ9 k3 b [H]", "NĐ 91/2017/NĐ-CP, Điều 9, khoản 3, điểm b", "H"),
        ("TT 118/2023/TT-BQP [U]", f"TT 118/2023/TT-BQP, {UNKNOWN_ARTICLE}", "U"),
        (
            "Luật TĐKT 2022: tiêu chuẩn chưa đối chiếu; mặc định theo NĐ 91/2017/NĐ-CP Đ38",
            f"Luật TĐKT 2022, {UNKNOWN_ARTICLE}: tiêu chuẩn chưa đối chiếu; mặc định theo NĐ 91/2017/NĐ-CP, Điều 38",
            "",
        ),
        ("tính bằng tháng tròn", "tính bằng tháng tròn", ""),  # no legal text named: nothing to add
    ],
)
def test_sources_are_written_out(source, text, label):
    citation = cite(source)
    assert (citation.text, citation.label) == (text, label)


def _leaves(node):
    if isinstance(node, dict):
        if "type" in node and "source" in node:
            yield node
        for value in node.values():
            yield from _leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.name)
def test_every_condition_source_of_the_rule_data_cites_an_article_or_says_it_is_unknown(path):
    leaves = list(_leaves(json.loads(path.read_text(encoding="utf-8"))))
    assert len(leaves) > 20
    for leaf in leaves:
        for part in cite(leaf["source"]).text.split(";"):
            if any(word in part for word in ("Luật", "NĐ ", "TT ")):
                assert any(w in part for w in ("Điều", "khoản", UNKNOWN_ARTICLE)), (leaf["source"], part)
