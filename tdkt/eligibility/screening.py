"""Screening: every subject of a scope against every award that applies to them, for one year."""

from datetime import date

from django.db.models import Q

from tdkt.eligibility.facts import person_facts, unit_facts
from tdkt.eligibility.rulesets import rule_set_for, rule_set_named
from tdkt.org.models import Person, Unit
from tdkt.org.policies import person_policy, unit_policy
from tdkt.org.scoping import descendant_ids
from tdkt.rules.engine import applicable_rules, evaluate
from tdkt.rules.model import Verdict


def screening_report(**kwargs) -> tuple[str, list[Verdict], list]:
    """`screen`, plus the quota warnings of the rule set for the people screened."""
    from collections import Counter

    from tdkt.rules.quotas import quota_warnings

    rule_set_name, verdicts, facts = _screen(**kwargs)
    rule_set = rule_set_named(rule_set_name)
    year = kwargs["year"]
    holders = Counter(
        a.code
        for f in facts
        if hasattr(f, "initiatives")
        for a in {
            a.code: a for a in f.awards if a.year == year and not a.revoked and a.kind not in rule_set.not_counted_kinds
        }.values()
    )
    return rule_set_name, verdicts, quota_warnings(rule_set, verdicts, holders)


def screen(**kwargs) -> tuple[str, list[Verdict]]:
    rule_set_name, verdicts, _ = _screen(**kwargs)
    return rule_set_name, verdicts


def _screen(
    *,
    year: int,
    actor=None,
    root: Unit | None = None,
    award_codes: list[str] | None = None,
    subject_code: str | None = None,
    review_date: date | None = None,
) -> tuple[str, list[Verdict], list]:
    """Verdicts for the scope; with an actor, only subjects the actor may see (the CLI acts as the system)."""
    rule_set = rule_set_for(year)
    review_date = review_date or date(year, 12, 31)
    people = Person.objects.all()
    units = Unit.objects.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__year__gt=year))
    if actor is not None:
        people = person_policy.scope(actor, "view", people)
        units = unit_policy.scope(actor, "view", units)
    if root is not None:
        people = people.filter(unit_id__in=descendant_ids([root.pk]))
        units = units.filter(pk__in=descendant_ids([root.pk]))
    if subject_code:
        code = subject_code.strip().upper()
        people, units = people.filter(code=code), units.filter(code=code)
    wanted = {c.strip().upper() for c in award_codes or []}
    verdicts = []
    facts = list(person_facts(list(people.values_list("id", flat=True)), year=year, review_date=review_date).values())
    facts += list(
        unit_facts(
            list(units.values_list("id", flat=True)),
            year=year,
            review_date=review_date,
            exclude_kinds=rule_set.not_counted_kinds,
        ).values()
    )
    for subject in facts:
        for rule in applicable_rules(rule_set, subject):
            if not wanted or rule.code in wanted:
                verdicts.append(evaluate(rule_set, rule, subject, year))
    verdicts.sort(key=lambda v: (v.subject_type, v.subject_code, v.award_code))
    return rule_set.name, verdicts, facts
