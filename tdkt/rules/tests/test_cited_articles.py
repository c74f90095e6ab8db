"""The articles added from the law notes (shared/docs/law-research.md, domain.md) stay in the rule data, and a
source the notes give no article for still says so (review of #16, item 13).

Whether each article matches the law cannot be checked by a program; the report of that change lists each
source with the line of the notes it comes from. These tests keep the data from losing them silently.
"""

import pytest

from tdkt.rules.citations import UNKNOWN_ARTICLE, cite
from tdkt.rules.loader import raw


def _rule(data: dict, code: str) -> dict:
    return next(r for r in data["rules"] if r["code"] == code)


def _quota(data: dict, code: str) -> dict:
    return next(q for q in data["periods"][0]["quotas"] if q["code"] == code)


@pytest.mark.parametrize(
    "rule_set, pick, written",
    [
        # law-research.md §1.5 "Bằng khen Bộ…": TT 118 Đ28, k1 for one who observes army discipline [C]
        (
            "luat-2022",
            lambda d: next(
                leaf for leaf in _rule(d, "BK_BQP")["condition"]["all"] if leaf.get("type") == "not_disciplined"
            ),
            "TT 118/2023/TT-BQP, Điều 28, khoản 1",
        ),
        # law-research.md: "Đ73 Bằng khen của Thủ tướng [U number]"; NĐ 91/2017 Đ38 k1 c [H]
        ("luat-2022", lambda d: _rule(d, "BK_TTG"), "Luật TĐKT 2022, Điều 73 (số điều chưa xác nhận;"),
        (
            "luat-2022",
            lambda d: _rule(d, "BK_TTG")["condition"]["all"][0],
            "NĐ 91/2017/NĐ-CP, Điều 38, khoản 1, điểm c",
        ),
        ("luat-2003", lambda d: _rule(d, "BK_TTG"), "NĐ 91/2017/NĐ-CP, Điều 38"),
        # law-research.md §3: TT 160/2014 Đ61 k2a (ĐVQT ≤20%), TT 151 Đ12 k4a (CSTT ≤40%), NĐ 91 Đ9 k3 (15%)
        ("luat-2003", lambda d: _quota(d, "DVQT"), "TT 160/2014/TT-BQP, Điều 61, khoản 2, điểm a"),
        ("luat-2003", lambda d: _quota(d, "CSTT"), "TT 151/2018/TT-BQP, Điều 12, khoản 4, điểm a"),
        ("luat-2003", lambda d: _quota(d, "CSTDCS"), "NĐ 91/2017/NĐ-CP, Điều 9, khoản 3"),
    ],
)
def test_an_article_from_the_notes_is_cited(rule_set, pick, written):
    text = cite(pick(raw(rule_set))["source"]).text
    assert written in text
    assert not text.startswith(written.split(",")[0] + f", {UNKNOWN_ARTICLE}")


def test_a_source_the_notes_give_no_article_for_still_says_so():
    # the 9-month condition of CSTT: the notes confirm the principle in TT 118, not its article
    leaf = next(x for x in _rule(raw("luat-2022"), "CSTT")["condition"]["all"] if x["type"] == "months_in_service")
    assert cite(leaf["source"]).text == f"TT 118/2023/TT-BQP, {UNKNOWN_ARTICLE}"
