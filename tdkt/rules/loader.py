"""Rule sets are JSON data files, one per legal regime, checked against the vocabulary when loaded."""

import inspect
import json
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

from tdkt.rules.conditions import VOCABULARY
from tdkt.rules.model import LegalText, Period, Quota, Rule, RuleSet, Transition
from tdkt.rules.order import OrderError
from tdkt.rules.order import check as check_order
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


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _quotas(items: list) -> tuple[Quota, ...]:
    return tuple(
        Quota(
            code=q["code"],
            max_share=q["max_share"],
            of_titles=tuple(q.get("of_titles", [])),
            text=q["text"],
            source=q["source"],
            label=q["label"],
            subject=q.get("subject", "CA_NHAN"),
        )
        for q in items
    )


def _periods(data: dict) -> tuple[Period, ...]:
    # A file without dated periods keeps its top-level quotas and votes for the whole regime.
    items = data.get("periods") or [{"name": data["name"], "title": data["title"], "source": "", "label": "H", **data}]
    periods = []
    for item in items:
        if item.get("label") not in ("C", "H", "U"):
            raise RuleSetError(f"{data['name']}.periods.{item.get('name')}: a label C, H or U is needed")
        periods.append(
            Period(
                name=item["name"],
                title=item["title"],
                valid_from=_day(item.get("valid_from")),
                valid_to=_day(item.get("valid_to")),
                source=item.get("source", ""),
                label=item["label"],
                quotas=_quotas(item.get("quotas", [])),
                votes=_votes(item, f"{data['name']}.{item['name']}"),
            )
        )
    return tuple(sorted(periods, key=lambda p: p.valid_from or date.min))


def _texts(data: dict) -> tuple[LegalText, ...]:
    texts = []
    for t in data.get("texts", []):
        if not t.get("citation") or not t.get("source") or t.get("label") not in ("C", "H", "U"):
            raise RuleSetError(f"{data['name']}.texts.{t.get('code')}: every text needs citation, source, label")
        texts.append(
            LegalText(
                code=t["code"],
                kind=t["kind"],
                number=t["number"],
                signed_on=date.fromisoformat(t["signed_on"]),
                valid_from=date.fromisoformat(t["valid_from"]),
                valid_to=_day(t.get("valid_to")),
                citation=t["citation"],
                cited_in=frozenset(t.get("cited_in", [])),
                source=t["source"],
                label=t["label"],
            )
        )
    return tuple(texts)


def _transition(data: dict) -> Transition | None:
    t = data.get("transition")
    if not t:
        return None
    return Transition(
        previous=t["previous"],
        submitted_before=date.fromisoformat(t["submitted_before"]),
        text=t["text"],
        source=t["source"],
        label=t["label"],
    )


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
    try:  # "meets the standard of" names rules that exist and never, through others, the rule itself
        check_order(rules)
    except OrderError as exc:
        raise RuleSetError(f"{data['name']}: {exc}") from exc
    periods = _periods(data)
    rule_set = RuleSet(
        name=data["name"],
        title=data["title"],
        valid_from=_day(data.get("valid_from")),
        valid_to=_day(data.get("valid_to")),
        rules=rules,
        not_counted_kinds=frozenset(data.get("not_counted_kinds", [])),
        texts=_texts(data),
        periods=periods,
        transition=_transition(data),
    )
    # Without a day, a rule set answers with its latest decree period; callers pass the day (`at`).
    last = periods[-1]
    return replace(rule_set, period=last, quotas=last.quotas, votes=last.votes)


def _votes(data: dict, where: str) -> dict:
    try:
        votes = {code: parse_vote_rule(v) for code, v in data.get("votes", {}).items()}
    except (KeyError, ValueError) as exc:
        raise RuleSetError(f"{where}.votes: {exc}") from exc
    if votes and "default" not in votes:
        raise RuleSetError(f"{where}.votes: a default vote rule is needed")
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


def review_date(year: int) -> date:
    """The day achievements of `year` are judged by when no submission date is known: its 31 December."""
    return date(year, 12, 31)


def regime_day(*, year: int, submitted_on: date | None = None) -> date:
    """The day that fixes the law of a verdict on achievements of `year`: the dossier's submission date when
    known, else the review date (31/12 of the year)."""
    return submitted_on or review_date(year)


def regime_name(*, year: int, submitted_on: date | None = None) -> str:
    """The regime a verdict on achievements of `year` follows: the one in force on its `regime_day`.

    Dossiers submitted to the competent level before 01/01/2024 stay under the 2003 law [H: NĐ 98/2023's
    transitional clause]; a regime's `transition` records such a cut-off, so a later one (a cut-off that is
    not the regime's first day, e.g. by the date a complete dossier is received) needs only data.
    """
    day = regime_day(year=year, submitted_on=submitted_on)
    current = _in_force_on(day)
    t = current.transition
    return t.previous if t and day < t.submitted_before else current.name


def rule_set_for(*, year: int, submitted_on: date | None = None) -> RuleSet:
    """The regime of a verdict (see `regime_name`), with the decree period of its regime day."""
    return load(regime_name(year=year, submitted_on=submitted_on)).at(regime_day(year=year, submitted_on=submitted_on))


def rule_set_for_year(year: int) -> RuleSet:
    """The regime for achievements of `year` with no submission date known (reviewed at 31/12 of the year)."""
    return rule_set_for(year=year)


def _in_force_on(day: date) -> RuleSet:
    for rule_set in all_rule_sets():
        if rule_set.in_force(day):
            return rule_set
    raise RuleSetError(f"no rule set in force on {day:%d/%m/%Y}")


def texts_in_force(day: date, document: str) -> list[LegalText]:
    """The legal bases (căn cứ) a document of `document` kind dated `day` cites: the texts in force that day,
    law first, then decrees, then circulars."""
    order = {"LUAT": 0, "NGHI_DINH": 1, "THONG_TU": 2}
    found = [t for rs in all_rule_sets() for t in rs.texts if document in t.cited_in and t.in_force(day)]
    return sorted(found, key=lambda t: (order.get(t.kind, 9), t.signed_on))
