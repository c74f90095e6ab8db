"""Authorities (the bodies that number and sign) and gap-free document numbers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tdkt.audit.services import audit_record, snapshot
from tdkt.core.text import normalize_spaces
from tdkt.nominations.choices import (
    LEVEL_ORDER,
)
from tdkt.nominations.models import (
    Authority,
    NumberCounter,
)
from tdkt.org.models import Unit
from tdkt.org.scoping import ancestor_ids


@transaction.atomic
def authority_create(
    *, actor, code: str, name: str, level: str, unit: Unit | None = None, parent: Authority | None = None, **fields
) -> Authority:
    """Declare a body that decides awards (installation set-up, by an administrator)."""
    from tdkt.records.policies import catalogue_can_manage

    if not (actor is None or catalogue_can_manage(actor)):
        raise PermissionDenied("Chỉ quản trị hệ thống được khai báo cơ quan có thẩm quyền.")
    authority = Authority(
        code=normalize_spaces(code).upper(),
        name=normalize_spaces(name),
        level=level,
        unit=unit,
        parent=parent,
        **fields,
    )
    if parent is not None and LEVEL_ORDER[parent.level] <= LEVEL_ORDER[level]:
        raise ValidationError({"parent": "Cấp trên phải ở cấp cao hơn."})
    authority.full_clean()
    authority.save()
    audit_record(
        actor=actor,
        action="nominations.authority.created",
        obj=authority,
        after={
            "code": authority.code,
            "name": authority.name,
            "level": level,
            "unit": unit.pk if unit else None,
            "parent": parent.pk if parent else None,
        },
    )
    return authority


# In the order the admin form shows them (nominations/admin.py).
AUTHORITY_FORM_FIELDS = (
    "code",
    "name",
    "level",
    "unit",
    "parent",
    "parent_body",
    "issuing_body",
    "number_suffix",
    "submission_suffix",
    "place",
    "signer_title",
)
AUTHORITY_EDITABLE = frozenset(AUTHORITY_FORM_FIELDS)
AUTHORITY_FIELDS = sorted(AUTHORITY_EDITABLE)


def _check_authority_levels(authority: Authority) -> None:
    """The chain of proposals climbs: the body it forwards to is of a higher level, and every body forwarding to
    it is of a lower one (which also rules out a loop)."""
    parent = authority.parent
    if parent is not None and LEVEL_ORDER[parent.level] <= LEVEL_ORDER[authority.level]:
        raise ValidationError({"parent": "Cấp trên phải ở cấp cao hơn."})
    if authority.pk:
        below = Authority.objects.filter(parent_id=authority.pk)
        if any(LEVEL_ORDER[child.level] >= LEVEL_ORDER[authority.level] for child in below):
            raise ValidationError({"level": "Cơ quan trình lên cơ quan này phải ở cấp thấp hơn nó."})


@transaction.atomic
def authority_update(*, actor, authority: Authority, reason: str = "", **changes) -> Authority:
    """Correct a body's declaration (installation set-up, by an administrator); the level order is kept."""
    from tdkt.records.policies import catalogue_can_manage

    if not (actor is None or catalogue_can_manage(actor)):
        raise PermissionDenied("Chỉ quản trị hệ thống được sửa cơ quan có thẩm quyền.")
    unknown = set(changes) - AUTHORITY_EDITABLE
    if unknown:
        raise ValidationError(f"Không được sửa trực tiếp: {', '.join(sorted(unknown))}.")
    authority = Authority.objects.select_for_update().get(pk=authority.pk)
    before = snapshot(authority, AUTHORITY_FIELDS)
    for field, value in changes.items():
        if field in ("code", "name") and isinstance(value, str):
            value = normalize_spaces(value).upper() if field == "code" else normalize_spaces(value)
        setattr(authority, field, value)
    _check_authority_levels(authority)
    authority.full_clean()
    authority.save()
    after = snapshot(authority, AUTHORITY_FIELDS)
    if after != before:
        audit_record(
            actor=actor,
            action="nominations.authority.updated",
            obj=authority,
            before=before,
            after=after,
            reason=reason,
        )
    return authority


def authority_for_unit(unit: Unit) -> Authority | None:
    """The nearest authority at or above the unit: where its proposals go first."""
    chain = ancestor_ids(unit.pk)
    found = {a.unit_id: a for a in Authority.objects.filter(unit_id__in=chain)}
    return next((found[uid] for uid in chain if uid in found), None)


def number_allocate(*, authority: Authority, year: int, series: str) -> int:
    """The next number of the series, inside the caller's transaction (a rollback gives it back)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbers are allocated inside the issuing transaction")
    counter = NumberCounter.objects.select_for_update().filter(authority=authority, year=year, series=series).first()
    if counter is None:
        try:
            with transaction.atomic():  # two first issues of a year may race to create the counter
                counter = NumberCounter.objects.create(authority=authority, year=year, series=series, last=0)
        except IntegrityError:
            pass
        counter = NumberCounter.objects.select_for_update().get(authority=authority, year=year, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
