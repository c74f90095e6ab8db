"""Length-of-service screening (khen thưởng theo niên hạn): who reaches a medal's threshold by a review date D.

The statuses come from the ordinary bulk screening of that medal with D as the review date (so the list
is exactly what "add all eligible" puts into a dossier); each row shown adds the months of service counted
up to D and the day the threshold is (or was) reached, read from the rule's `service_months` condition.
"""

from dataclasses import dataclass
from datetime import date

from tdkt.eligibility.facts import person_facts
from tdkt.eligibility.rulesets import rule_set_for
from tdkt.eligibility.screening import BulkScreening, Row, explain, screen_bulk
from tdkt.org.models import Person
from tdkt.rules.conditions import months_between, service_reached_on
from tdkt.rules.loader import RuleSetError, all_rule_sets, iter_leaves
from tdkt.rules.model import Rule, RuleSet, Status, Verdict

SERVICE_CONDITION = "service_months"
LEAF_ONLY = ("type", "text", "source", "label")


def service_leaf(rule: Rule) -> dict | None:
    """The rule's length-of-service condition (its parameters), if it has one."""
    for leaf in iter_leaves(rule.condition):
        if leaf["type"] == SERVICE_CONDITION:
            return {k: v for k, v in leaf.items() if k not in LEAF_ONLY}
    return None


def service_award_codes() -> list[str]:
    """Codes of every rule counted by length of service, in any rule set (the page's choice of medal)."""
    codes = []
    for rule_set in all_rule_sets():
        for rule in rule_set.rules.values():
            if rule.subject == "CA_NHAN" and service_leaf(rule) and rule.code not in codes:
                codes.append(rule.code)
    return codes


def service_rule(award: str, review_date: date) -> tuple[RuleSet, Rule, dict]:
    """The rule set in force for D's year, the medal's rule and its service condition; RuleSetError if none."""
    rule_set = rule_set_for(review_date.year)
    rule = rule_set.rules.get(award)
    leaf = service_leaf(rule) if rule else None
    if leaf is None:
        raise RuleSetError(f"{award}: không xét theo thời gian phục vụ trong {rule_set.name}")
    return rule_set, rule, leaf


def service_screening(
    *, actor, award: str, review_date: date, root=None, status: Status | None = Status.ELIGIBLE
) -> tuple[BulkScreening, list[Row]]:
    """The bulk screening of one medal at D and its people with that status (all statuses when None)."""
    service_rule(award, review_date)
    screening = screen_bulk(year=review_date.year, actor=actor, root=root, award_codes=[award], review_date=review_date)
    rows = [r for r in screening.select(award=award, status=status) if r.subject_type == "CA_NHAN"]
    return screening, rows


@dataclass(frozen=True)
class ServiceLine:
    person: Person
    verdict: Verdict
    months: int | None  # counted up to D, less the months out of service
    reached_on: date | None  # the day the threshold is reached (None when the records cannot tell)


def service_lines(screening: BulkScreening, rows: list[Row], leaf: dict) -> list[ServiceLine]:
    """Rows of the screening with their verdicts, months counted and the day reached (a few queries)."""
    verdicts = explain(screening, rows)
    ids = [r.subject_id for r in rows]
    facts = person_facts(ids, year=screening.year, review_date=screening.review_date)
    people = Person.objects.select_related("unit").in_bulk(ids)
    lines = []
    for row, verdict in zip(rows, verdicts, strict=True):
        f = facts[row.subject_id]
        months = None
        if f.service_start is not None:
            months = months_between(f.service_start, f.review_date) - f.service_break_months
        lines.append(ServiceLine(people[row.subject_id], verdict, months, service_reached_on(f, **leaf)))
    return lines


def span(months: int | None) -> str:
    """Months as years and months, e.g. 9 năm 11 tháng (for pages and exports)."""
    if months is None:
        return ""
    if months < 0:
        return "0 tháng"
    years, rest = divmod(months, 12)
    parts = [f"{years} năm"] if years else []
    if rest or not years:
        parts.append(f"{rest} tháng")
    return " ".join(parts)
