"""Rule sets are JSON data files, one per legal regime, checked against the vocabulary when loaded."""

import inspect
import json
from datetime import date
from functools import cache
from pathlib import Path

from tdkt.rules.conditions import VOCABULARY
from tdkt.rules.model import Quota, Rule, RuleSet
from tdkt.rules.votes import parse_vote_rule

DATA = Path(__file__).parent / "data"


class RuleSetError(ValueError):
    """A rule set file that does not fit the vocabulary."""


def _check(node: dict, where: str) -> None:
    for mode in ("all", "any"):
        if mode in node:
            for i, child in enumerate(node[mode]):
                _check(child, f"{where}.{mode}[{i}]")
            return
    kind = node.get("type")
    if kind not in VOCABULARY:
        raise RuleSetError(f"{where}: unknown condition type {kind!r}")
    if not node.get("text") or not node.get("source") or node.get("label") not in ("C", "H", "U"):
        raise RuleSetError(f"{where}: every condition needs text, source and a label C, H or U")
    accepted = set(inspect.signature(VOCABULARY[kind]).parameters) - {"facts", "year", "ctx"}
    unknown = set(node) - accepted - {"type", "text", "source", "label"}
    if unknown:
        raise RuleSetError(f"{where}: {kind} does not take {sorted(unknown)}")


def iter_leaves(node: dict):
    """The conditions of a rule in a fixed (depth-first) order; an override names one by its position."""
    for mode in ("all", "any"):
        if mode in node:
            for child in node[mode]:
                yield from iter_leaves(child)
            return
    yield node


def apply_overrides(data: dict, overrides) -> dict:
    """A copy of a rule-set file with an installation's changes: (rule code, leaf, parameter, value).

    Only defaults labelled H or U may be changed, and only their existing parameters, keeping the type.
    """
    import copy

    data = copy.deepcopy(data)
    rules = {r["code"]: r for r in data["rules"]}
    for rule_code, leaf_index, param, value in overrides:
        if rule_code not in rules:
            raise RuleSetError(f"{rule_code}: no such rule in {data['name']}")
        leaves = list(iter_leaves(rules[rule_code]["condition"]))
        if not 0 <= leaf_index < len(leaves):
            raise RuleSetError(f"{rule_code}: no condition #{leaf_index}")
        leaf = leaves[leaf_index]
        if leaf["label"] == "C":
            raise RuleSetError(f"{rule_code} #{leaf_index}: a confirmed [C] condition is the law, not a default")
        if param in ("type", "text", "source", "label") or param not in leaf:
            raise RuleSetError(f"{rule_code} #{leaf_index}: no parameter {param!r}")
        current = leaf[param]
        same_type = type(value) is type(current) or (isinstance(current, float) and type(value) is int)
        if isinstance(current, bool) or not same_type:
            raise RuleSetError(f"{rule_code} #{leaf_index}: {param} must stay a {type(current).__name__}")
        leaf[param] = value
        leaf["source"] = f"{leaf['source']} (điều chỉnh của đơn vị)"
    return data


def parse(data: dict) -> RuleSet:
    rules = {}
    for item in data["rules"]:
        _check(item["condition"], f"{data['name']}.{item['code']}")
        rules[item["code"]] = Rule(
            code=item["code"],
            subject=item["subject"],
            condition=item["condition"],
            source=item.get("source", ""),
            monotone=item.get("monotone", True),
            categories=frozenset(item.get("categories", [])),
        )
    return RuleSet(
        name=data["name"],
        title=data["title"],
        valid_from=date.fromisoformat(data["valid_from"]) if data.get("valid_from") else None,
        valid_to=date.fromisoformat(data["valid_to"]) if data.get("valid_to") else None,
        rules=rules,
        not_counted_kinds=frozenset(data.get("not_counted_kinds", [])),
        quotas=tuple(
            Quota(
                code=q["code"],
                max_share=q["max_share"],
                of_titles=tuple(q.get("of_titles", [])),
                text=q["text"],
                source=q["source"],
                label=q["label"],
                subject=q.get("subject", "CA_NHAN"),
            )
            for q in data.get("quotas", [])
        ),
        votes=_votes(data),
    )


def _votes(data: dict) -> dict:
    try:
        votes = {code: parse_vote_rule(v) for code, v in data.get("votes", {}).items()}
    except (KeyError, ValueError) as exc:
        raise RuleSetError(f"{data['name']}.votes: {exc}") from exc
    if votes and "default" not in votes:
        raise RuleSetError(f"{data['name']}.votes: a default vote rule is needed")
    return votes


@cache
def raw(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


@cache
def load(name: str) -> RuleSet:
    return parse(raw(name))


def name_for_year(year: int) -> str:
    return rule_set_for_year(year).name


def all_rule_sets() -> list[RuleSet]:
    return [load(path.stem) for path in sorted(DATA.glob("*.json"))]


def rule_set_for_year(year: int) -> RuleSet:
    """The regime in force for the year assessed (judged at its 1 January)."""
    day = date(year, 1, 1)
    for rule_set in all_rule_sets():
        if rule_set.in_force(day):
            return rule_set
    raise RuleSetError(f"no rule set in force for {year}")
