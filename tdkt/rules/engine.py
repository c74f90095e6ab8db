"""Evaluate a rule on facts: every condition, met or not, with its evidence and legal source."""

from dataclasses import dataclass, replace

from tdkt.rules.conditions import VOCABULARY
from tdkt.rules.facts import PersonFacts
from tdkt.rules.model import Reason, Rule, RuleSet, Status, Verdict


@dataclass(frozen=True)
class _Context:
    not_counted_kinds: frozenset[str]


def _combine(values: list[bool | None], mode: str) -> bool | None:
    if mode == "all":
        return False if False in values else (None if None in values else True)
    return True if True in values else (None if None in values else False)


def _evaluate(node: dict, facts, year: int, ctx: _Context, reasons: list[Reason]) -> bool | None:
    for mode in ("all", "any"):
        if mode in node:
            start = len(reasons)
            result = _combine([_evaluate(child, facts, year, ctx, reasons) for child in node[mode]], mode)
            if mode == "any" and result is True:
                reasons[start:] = [r if r.met is True else replace(r, decisive=False) for r in reasons[start:]]
            return result
    params = {k: v for k, v in node.items() if k not in ("type", "text", "source", "label")}
    met, evidence = VOCABULARY[node["type"]](facts, year, ctx, **params)
    label = node.get("label", "")
    reasons.append(
        Reason(
            condition=node["text"],
            met=met,
            evidence=evidence,
            source=f"{node.get('source', '')} [{label}]" if label else node.get("source", ""),
        )
    )
    return met


def evaluate(rule_set: RuleSet, rule: Rule, facts, year: int) -> Verdict:
    reasons: list[Reason] = []
    met = _evaluate(rule.condition, facts, year, _Context(rule_set.not_counted_kinds), reasons)
    status = Status.ELIGIBLE if met is True else Status.NOT_ELIGIBLE if met is False else Status.REVIEW
    subject_type = "CA_NHAN" if isinstance(facts, PersonFacts) else "TAP_THE"
    return Verdict(
        subject_type=subject_type,
        subject_code=facts.code,
        award_code=rule.code,
        year=year,
        rule_set=rule_set.name,
        status=status,
        reasons=tuple(reasons),
    )


def applicable_rules(rule_set: RuleSet, facts) -> list[Rule]:
    """Rules for this kind of subject; for a person of a known category, only the rules for it."""
    subject_type = "CA_NHAN" if isinstance(facts, PersonFacts) else "TAP_THE"
    category = getattr(facts, "category", "")
    return [
        rule
        for rule in rule_set.rules.values()
        if rule.subject == subject_type and (not rule.categories or not category or category in rule.categories)
    ]
