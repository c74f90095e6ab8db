"""Movements (phong trào), their cascade and targets, and the documents of movements and conferences."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import audit_record
from tdkt.core.files import check_upload
from tdkt.core.text import normalize_spaces
from tdkt.emulation.models import (
    Conference,
    Document,
    Movement,
    Target,
)
from tdkt.emulation.policies import (
    document_policy,
    movement_policy,
    target_policy,
)
from tdkt.emulation.services._common import _check, _save
from tdkt.org.models import Unit
from tdkt.org.scoping import ancestor_ids, descendant_ids


@transaction.atomic
def movement_launch(
    *,
    actor,
    unit: Unit,
    kind: str,
    name: str,
    year: int,
    starts_on: date,
    ends_on: date,
    content: str = "",
    parent: Movement | None = None,
) -> Movement:
    _check(
        movement_policy,
        actor,
        "manage",
        Movement(unit=unit),
        f"Chỉ cán bộ thi đua – khen thưởng của {unit.name} được phát động phong trào.",
    )
    if parent is not None and parent.unit_id not in ancestor_ids(unit.pk, include_self=False):
        raise ValidationError({"parent": "Phong trào cấp trên phải do đơn vị cấp trên phát động."})
    if starts_on.year != year and ends_on.year != year:
        raise ValidationError({"year": "Thời gian phong trào phải thuộc năm của phong trào."})
    movement = Movement(
        unit=unit,
        kind=kind,
        name=normalize_spaces(name),
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        content=content.strip(),
        parent=parent,
        created_by=actor,
    )
    _save(movement)
    audit_record(
        actor=actor,
        action="emulation.movement.launched",
        obj=movement,
        after={
            "unit": unit.pk,
            "kind": kind,
            "name": movement.name,
            "year": year,
            "parent": parent.pk if parent else None,
        },
    )
    return movement


@transaction.atomic
def movement_cascade(*, actor, movement: Movement, units: list[Unit]) -> list[Movement]:
    """The launching unit passes its movement down: each sub-unit gets its own, linked to it."""
    movement = Movement.objects.select_related("unit").get(pk=movement.pk)
    _check(
        movement_policy,
        actor,
        "manage",
        movement,
        f"Chỉ cán bộ thi đua – khen thưởng của {movement.unit.name} được triển khai.",
    )
    below = set(
        Unit.objects.filter(id__in=descendant_ids([movement.unit_id], include_self=False)).values_list("pk", flat=True)
    )
    if not units or any(u.pk not in below for u in units):
        raise ValidationError({"units": f"Chỉ triển khai xuống đơn vị cấp dưới của {movement.unit.name}."})
    done = []
    for unit in units:
        if movement.cascaded.filter(unit=unit).exists():
            continue
        child = Movement(
            unit=unit,
            kind=movement.kind,
            name=movement.name,
            year=movement.year,
            starts_on=movement.starts_on,
            ends_on=movement.ends_on,
            content=movement.content,
            parent=movement,
            created_by=actor,
        )
        _save(child)
        done.append(child)
    audit_record(
        actor=actor,
        action="emulation.movement.cascaded",
        obj=movement,
        after={"units": sorted(m.unit_id for m in done)},
    )
    return done


@transaction.atomic
def target_add(*, actor, movement: Movement, name: str, measure: str, planned) -> Target:
    movement = Movement.objects.select_related("unit").get(pk=movement.pk)
    draft = Target(movement=movement)
    _check(target_policy, actor, "manage", draft, "Chỉ cán bộ thi đua – khen thưởng của đơn vị được đặt chỉ tiêu.")
    target = Target(movement=movement, name=normalize_spaces(name), measure=normalize_spaces(measure), planned=planned)
    _save(target)
    audit_record(
        actor=actor,
        action="emulation.target.added",
        obj=target,
        after={"movement": movement.pk, "name": target.name, "planned": str(target.planned)},
    )
    return target


@transaction.atomic
def target_result(*, actor, target: Target, result, note: str = "") -> Target:
    target = Target.objects.select_for_update(of=("self",)).select_related("movement__unit").get(pk=target.pk)
    _check(target_policy, actor, "manage", target, "Chỉ cán bộ thi đua – khen thưởng của đơn vị được ghi kết quả.")
    before = {"result": str(target.result) if target.result is not None else None}
    target.result, target.note = result, normalize_spaces(note)
    _save(target)
    audit_record(
        actor=actor, action="emulation.target.result", obj=target, before=before, after={"result": str(target.result)}
    )
    return target


@transaction.atomic
def document_add(*, actor, upload, movement: Movement | None = None, conference: Conference | None = None) -> Document:
    """Attach a document to a movement or a conference (PDF, DOCX, JPEG, PNG by content, size-limited)."""
    if (movement is None) == (conference is None):
        raise ValidationError("Văn bản đính kèm một phong trào hoặc một hội nghị.")
    if movement is not None:
        movement = Movement.objects.select_related("unit").get(pk=movement.pk)
    else:
        conference = Conference.objects.select_related("unit", "host", "cluster").get(pk=conference.pk)
    _check(
        document_policy,
        actor,
        "attach",
        Document(movement=movement, conference=conference),
        "Chỉ cán bộ thi đua – khen thưởng của đơn vị được đính kèm văn bản.",
    )
    content_type = check_upload(upload, max_bytes=settings.ATTACHMENT_MAX_MB * 1024 * 1024)
    document = Document(
        movement=movement,
        conference=conference,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(upload.name[-80:], upload, save=False)
    document.full_clean(exclude=["file"])
    document.save()
    audit_record(
        actor=actor,
        action="emulation.document.added",
        obj=document,
        after={
            "movement": movement.pk if movement else None,
            "conference": conference.pk if conference else None,
            "name": document.original_name,
            "size": document.size,
        },
    )
    return document
