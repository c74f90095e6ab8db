"""Exemplars (điển hình tiên tiến): recorded, moved through their stages, linked to awards."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import audit_record
from tdkt.core.errors import DomainError
from tdkt.core.text import normalize_spaces
from tdkt.emulation.choices import STAGE_ORDER, ExemplarStage
from tdkt.emulation.models import (
    Exemplar,
    ExemplarStep,
)
from tdkt.emulation.policies import exemplar_policy
from tdkt.emulation.services._common import _save
from tdkt.org.models import Person, Unit
from tdkt.records.models import Award


@transaction.atomic
def exemplar_create(
    *,
    actor,
    field: str,
    campaigns: list[str],
    on: date,
    person: Person | None = None,
    unit: Unit | None = None,
    summary: str = "",
    note: str = "",
) -> Exemplar:
    if (person is None) == (unit is None):
        raise ValidationError("Chọn đúng một đối tượng: cá nhân hoặc tập thể.")
    exemplar = Exemplar(
        person=person,
        unit=unit,
        field=normalize_spaces(field),
        campaigns=[normalize_spaces(c) for c in campaigns if normalize_spaces(c)],
        summary=summary.strip(),
        created_by=actor,
    )
    exemplar_policy.check(actor, "record", exemplar)
    _save(exemplar)
    ExemplarStep.objects.create(exemplar=exemplar, stage=ExemplarStage.PHAT_HIEN, on=on, note=note.strip(), actor=actor)
    audit_record(
        actor=actor,
        action="emulation.exemplar.created",
        obj=exemplar,
        after={"field": exemplar.field, "campaigns": exemplar.campaigns, "stage": exemplar.stage},
    )
    return exemplar


@transaction.atomic
def exemplar_move(*, actor, exemplar: Exemplar, stage: str, on: date, note: str = "", reason: str = "") -> Exemplar:
    """Move an exemplar to another stage; going back needs a reason."""
    exemplar = (
        Exemplar.objects.select_for_update(of=("self",)).select_related("person__unit", "unit").get(pk=exemplar.pk)
    )
    exemplar_policy.check(actor, "record", exemplar)
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": "Giai đoạn không hợp lệ."})
    if stage == exemplar.stage:
        raise DomainError(f"Điển hình đang ở giai đoạn “{exemplar.get_stage_display()}”.")
    reason = normalize_spaces(reason)
    if STAGE_ORDER[stage] < STAGE_ORDER[exemplar.stage] and not reason:
        raise ValidationError({"reason": "Chuyển lùi giai đoạn phải ghi lý do."})
    last = exemplar.steps.order_by("-on", "-id").first()
    if last and on < last.on:
        raise ValidationError({"on": f"Ngày phải từ {last.on:%d/%m/%Y} trở đi."})
    before = {"stage": exemplar.stage}
    exemplar.stage = stage
    exemplar.save(update_fields=["stage"])
    ExemplarStep.objects.create(exemplar=exemplar, stage=stage, on=on, note=note.strip(), reason=reason, actor=actor)
    audit_record(
        actor=actor,
        action="emulation.exemplar.moved",
        obj=exemplar,
        before=before,
        after={"stage": stage, "on": str(on)},
        reason=reason,
    )
    return exemplar


@transaction.atomic
def exemplar_link_award(*, actor, exemplar: Exemplar, award: Award) -> Exemplar:
    exemplar = Exemplar.objects.select_related("person__unit", "unit").get(pk=exemplar.pk)
    exemplar_policy.check(actor, "record", exemplar)
    award = Award.objects.get(pk=award.pk)
    if (award.person_id, award.unit_id) != (exemplar.person_id, exemplar.unit_id):
        raise ValidationError({"award": "Khen thưởng phải của chính điển hình này."})
    exemplar.awards.add(award)
    audit_record(actor=actor, action="emulation.exemplar.award_linked", obj=exemplar, after={"award": award.pk})
    return exemplar


@transaction.atomic
def exemplars_move_next(*, actor, exemplars: list[Exemplar], on: date, note: str = "") -> list[Exemplar]:
    """Several exemplars, each to its next stage, on one day: all or nothing.

    Each goes through `exemplar_move` (its checks, its own audit event and step). Every exemplar's problem
    (already at the last stage, a day before its last step) is collected and reported at once, naming the
    exemplar; if any is refused nothing moves. A refused actor ends the whole move (403 / 404).
    """
    if not exemplars:
        raise ValidationError("Chọn ít nhất một điển hình để chuyển giai đoạn.")
    stages = list(STAGE_ORDER)
    errors, moved = [], []
    for exemplar in dict.fromkeys(exemplars):  # a row ticked twice moves once
        fresh = Exemplar.objects.select_related("person", "unit").get(pk=exemplar.pk)
        exemplar_policy.check(actor, "record", fresh)  # before its stage is said
        position = STAGE_ORDER[fresh.stage]
        if position + 1 >= len(stages):
            errors.append(f"{fresh.subject}: đã ở giai đoạn cuối “{fresh.get_stage_display()}”.")
            continue
        try:
            moved.append(exemplar_move(actor=actor, exemplar=fresh, stage=stages[position + 1], on=on, note=note))
        except (ValidationError, DomainError) as exc:
            told = exc.messages if isinstance(exc, ValidationError) else [exc.message]
            errors.append(f"{fresh.subject}: {' '.join(told)}")
    if errors:
        raise ValidationError(errors)
    return moved
