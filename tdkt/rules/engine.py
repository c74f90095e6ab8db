"""Evaluate a rule on facts: every condition, met or not, with its evidence and legal source."""

from dataclasses import dataclass, field, replace

from tdkt.rules.conditions import VOCABULARY
from tdkt.rules.facts import PersonFacts
from tdkt.rules.model import Reason, Rule, RuleSet, Status, Verdict
from tdkt.rules.order import OrderError


@dataclass(frozen=True)
class _Context:
    not_counted_kinds: frozenset[str]
    rule_set: RuleSet | None = None
    facts: object = None
    year: int = 0
    # code -> the subject's verdict under that rule this year (None: the rule is not for this subject),
    # shared by the rules of one evaluation so that each referenced rule is evaluated once, before its user
    verdicts: dict = field(default_factory=dict)

    def standard(self, code: str) -> Verdict | None:
        """The subject's verdict under rule `code` for the same year ("meets the standard of")."""
        if code not in self.verdicts:
            rule = self.rule_set.rules[code]
            self.verdicts[code] = _IN_PROGRESS
            self.verdicts[code] = _verdict(self, rule) if applies(rule, self.facts) else None
        if self.verdicts[code] is _IN_PROGRESS:  # the loader refuses cycles; a hand-built rule set may not
            raise OrderError(f"rule {code} references itself through meets_standard")
        return self.verdicts[code]


_IN_PROGRESS = object()


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
            elif mode == "any" and len(reasons) - start == len(node[mode]) > 1:  # alternatives are single conditions
                # none of the alternatives holds: each is missing, but only one of them is needed (issue #16,
                # item 9); the group's number lets a page say "one of these"
                reasons[start:] = [replace(r, alternatives=start + 1) for r in reasons[start:]]
            return result
    params = {k: v for k, v in node.items() if k not in ("type", "text", "source", "label")}
    met, evidence = VOCABULARY[node["type"]](facts, year, ctx, **params)
    label = node.get("label", "")
    reasons.append(
        Reason(
            condition=node["text"],
            met=met,
            evidence=evidence,
            source=labelled(node.get("source", ""), label),
        )
    )
    return met


def labelled(source: str, label: str) -> str:
    """The source with its label ("… Đ55 [C]"), once: a source whose text already ends with the label (the
    length-of-service ones do) is not given a second one ("[U] [U]", issue #16 item 12)."""
    if not label or source.rstrip().endswith(f"[{label}]"):
        return source
    return f"{source} [{label}]"


def _verdict(ctx: _Context, rule: Rule) -> Verdict:
    reasons: list[Reason] = []
    met = _evaluate(rule.condition, ctx.facts, ctx.year, ctx, reasons)
    status = Status.ELIGIBLE if met is True else Status.NOT_ELIGIBLE if met is False else Status.REVIEW
    subject_type = "CA_NHAN" if isinstance(ctx.facts, PersonFacts) else "TAP_THE"
    return Verdict(
        subject_type=subject_type,
        subject_code=ctx.facts.code,
        award_code=rule.code,
        year=ctx.year,
        rule_set=ctx.rule_set.name,
        status=status,
        reasons=tuple(reasons),
    )


def evaluate(rule_set: RuleSet, rule: Rule, facts, year: int) -> Verdict:
    """The subject's verdict under one rule; rules it references are evaluated first, internally."""
    return _verdict(_Context(rule_set.not_counted_kinds, rule_set=rule_set, facts=facts, year=year), rule)


def applies(rule: Rule, facts) -> bool:
    """The rule is for this kind of subject and, for a person of a known category, for that category."""
    subject_type = "CA_NHAN" if isinstance(facts, PersonFacts) else "TAP_THE"
    category = getattr(facts, "category", "")
    return rule.subject == subject_type and (not rule.categories or not category or category in rule.categories)


def applicable_rules(rule_set: RuleSet, facts) -> list[Rule]:
    """Rules for this kind of subject; for a person of a known category, only the rules for it."""
    return [rule for rule in rule_set.rules.values() if applies(rule, facts)]
