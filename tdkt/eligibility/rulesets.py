"""The rule set in force, with this installation's audited overrides of [H]/[U] defaults applied."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tdkt.audit.services import audit_record, snapshot
from tdkt.eligibility.models import RuleOverride
from tdkt.records.policies import catalogue_can_manage
from tdkt.rules.loader import RuleSetError, apply_overrides, parse, raw, regime_day, regime_name
from tdkt.rules.model import RuleSet


def rule_set_named(name: str) -> RuleSet:
    overrides = (
        RuleOverride.objects.filter(rule_set=name).order_by("id").values_list("rule_code", "leaf", "param", "value")
    )
    return parse(apply_overrides(raw(name), list(overrides)))


def rule_set_digest(name: str) -> str:
    """The version of the rule set in force here: SHA-256 of its file with this installation's overrides."""
    import hashlib
    import json

    overrides = list(
        RuleOverride.objects.filter(rule_set=name).order_by("id").values_list("rule_code", "leaf", "param", "value")
    )
    data = apply_overrides(raw(name), overrides)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def rule_set_for(year: int, *, submitted_on: date | None = None) -> RuleSet:
    """The regime of achievements of `year` (by the dossier's submission date when known), with this
    installation's overrides and the decree period of that day."""
    name = regime_name(year=year, submitted_on=submitted_on)
    return rule_set_named(name).at(regime_day(year=year, submitted_on=submitted_on))


@transaction.atomic
def rule_override_set(
    *, actor, rule_set: str, rule_code: str, leaf: int, param: str, value, reason: str
) -> RuleOverride:
    """Change one default for this installation; checked against the rule file, recorded and audited."""
    if not catalogue_can_manage(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được điều chỉnh quy tắc.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Phải ghi căn cứ hoặc lý do điều chỉnh."})
    existing = list(
        RuleOverride.objects.filter(rule_set=rule_set)
        .exclude(rule_code=rule_code, leaf=leaf, param=param)
        .values_list("rule_code", "leaf", "param", "value")
    )
    try:
        parse(apply_overrides(raw(rule_set), [*existing, (rule_code, leaf, param, value)]))
    except (RuleSetError, FileNotFoundError, KeyError) as exc:
        raise ValidationError({"value": f"Không điều chỉnh được: {exc}"}) from exc
    override = RuleOverride.objects.filter(rule_set=rule_set, rule_code=rule_code, leaf=leaf, param=param).first()
    fields = ["rule_set", "rule_code", "leaf", "param", "value", "reason"]
    before = snapshot(override, fields) if override else None
    if override is None:
        override = RuleOverride(rule_set=rule_set, rule_code=rule_code, leaf=leaf, param=param, created_by=actor)
    override.value, override.reason, override.created_by = value, reason.strip(), actor
    override.save()
    audit_record(
        actor=actor,
        action="eligibility.rule.overridden",
        obj=override,
        before=before,
        after=snapshot(override, fields),
        reason=override.reason,
    )
    return override
