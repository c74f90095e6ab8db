"""A reason's source carries its label once (issue #16, item 12: the length-of-service page read "[U] [U])")."""

from tdkt.rules.engine import labelled
from tdkt.rules.loader import all_rule_sets


def test_a_label_is_added_once():
    assert labelled("Luật TĐKT 2022 Đ24", "C") == "Luật TĐKT 2022 Đ24 [C]"
    assert labelled("… cộng dồn thời gian gián đoạn, nữ không giảm [U]", "U").endswith("nữ không giảm [U]")
    assert labelled("Luật TĐKT 2022 Đ24", "") == "Luật TĐKT 2022 Đ24"


def test_no_rule_of_any_rule_set_reads_a_label_twice():
    def leaves(node):
        for mode in ("all", "any"):
            for child in node.get(mode, ()):
                yield from leaves(child)
        if "type" in node:
            yield node

    seen = 0
    for rule_set in all_rule_sets():
        for rule in rule_set.rules.values():
            for leaf in leaves(rule.condition):
                label = leaf.get("label", "")
                seen += 1
                assert not labelled(leaf.get("source", ""), label).endswith(f"[{label}] [{label}]")
    assert seen > 50  # the walk reached the conditions


def test_a_tally_reads_its_share_with_a_decimal_comma():
    from tdkt.rules.votes import parse_vote_rule, tally_outcome

    rule = parse_vote_rule(
        {"threshold": 0.5, "base": "ALL_MEMBERS", "quorum": "2/3", "text": "", "source": "", "label": "C"}
    )
    outcome = tally_outcome(rule, members=9, present=9, recused=0, agree=5, disagree=4, abstain=0, invalid=0)
    assert "Đồng ý 5/9 (55,6% " in outcome.text and "55.6%" not in outcome.text
