"""Registrations of target titles (đăng ký thi đua) and their review by the level above."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tdkt.audit.services import audit_record, snapshot
from tdkt.core.errors import DomainError
from tdkt.core.text import normalize_spaces
from tdkt.emulation.choices import RegistrationStatus
from tdkt.emulation.models import Registration
from tdkt.emulation.policies import registration_policy
from tdkt.emulation.services._common import REGISTRATION_FIELDS, _check, _save
from tdkt.org.models import Person, Unit
from tdkt.records.models import Award, CatalogueEntry

SUBMIT_REFUSED = (
    "Chỉ cán bộ thi đua – khen thưởng của đơn vị (hoặc của cấp trên) được đăng ký thi đua cho cá nhân, tập thể "
    "thuộc đơn vị; chỉ huy duyệt hoặc trả lại đăng ký của cấp dưới."
)


@transaction.atomic
def registration_submit(
    *, actor, entry: CatalogueEntry, year: int, person: Person | None = None, unit: Unit | None = None
) -> Registration:
    """A target title registered at the start of the year (by the unit's officer for its people and itself)."""
    if (person is None) == (unit is None):
        raise ValidationError("Chọn đúng một đối tượng: cá nhân hoặc tập thể.")
    entry = CatalogueEntry.objects.get(pk=entry.pk)
    subject_type = "CA_NHAN" if person else "TAP_THE"
    if entry.kind != "DANH_HIEU" or not entry.allows(subject_type):
        raise ValidationError(
            {"entry": f"{entry.name} không phải danh hiệu thi đua đăng ký cho {'cá nhân' if person else 'tập thể'}."}
        )
    registration = Registration(person=person, unit=unit, entry=entry, year=year, registered_by=actor)
    _check(registration_policy, actor, "submit", registration, SUBMIT_REFUSED)
    if Registration.objects.filter(person=person, unit=unit, entry=entry, year=year).exists():
        raise ValidationError({"entry": f"{person or unit} đã đăng ký {entry.name} năm {year}."})
    _save(registration)
    audit_record(
        actor=actor,
        action="emulation.registration.submitted",
        obj=registration,
        after=snapshot(registration, REGISTRATION_FIELDS),
    )
    return registration


def can_review(actor, registration: Registration, *, editor_units: set[int] | None = None) -> bool:
    """The officer of the level above — never the one who entered the registration (unless an administrator)."""
    return registration_policy.can_review(actor, registration, editor_units=editor_units)


@transaction.atomic
def registration_review(*, actor, registration: Registration, approve: bool, reason: str = "") -> Registration:
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("person__unit", "unit__parent")
        .get(pk=registration.pk)
    )
    _check(registration_policy, actor, "review", registration, review_refusal(actor, registration))
    if registration.status != RegistrationStatus.DANG_KY:
        raise DomainError(f"Đăng ký đã “{registration.get_status_display()}”.")
    reason = normalize_spaces(reason)
    if not approve and not reason:
        raise ValidationError({"reason": "Phải ghi lý do trả lại."})
    before = snapshot(registration, REGISTRATION_FIELDS)
    registration.status = RegistrationStatus.DA_DUYET if approve else RegistrationStatus.TRA_LAI
    registration.reason, registration.reviewed_by, registration.reviewed_at = reason, actor, timezone.now()
    registration.save()
    audit_record(
        actor=actor,
        action="emulation.registration.reviewed",
        obj=registration,
        before=before,
        after=snapshot(registration, REGISTRATION_FIELDS),
        reason=reason,
    )
    return registration


def review_refusal(actor, registration: Registration) -> str:
    """Why `actor` may not approve `registration`, naming who may: the officers (cán bộ thi đua – khen thưởng)
    or the commander of the level above the subject's unit, never the one who entered it."""
    if actor.pk == registration.registered_by_id:
        return "Người đã nhập đăng ký không tự duyệt được: đăng ký do cấp trên duyệt."
    approver = registration_policy.approval_unit(registration)
    if approver is None:
        return "Danh hiệu của đơn vị cấp cao nhất không có cấp trên trong hệ thống để duyệt."
    return (
        f"Chỉ cán bộ thi đua – khen thưởng hoặc chỉ huy của {approver.name} "
        "(cấp trên của đơn vị được đăng ký) được duyệt hoặc trả lại đăng ký này."
    )


@transaction.atomic
def registrations_review_many(*, actor, registrations: list[Registration], approve: bool, reason: str = "") -> int:
    """Approve (or return, with one reason) the chosen registrations: all or nothing.

    Each goes through `registration_review` (its checks, its audit event per row). Every row's problem is
    collected with the subject's name; if any is refused nothing is changed. A refused actor (403 / 404) is
    not an input error: it ends the whole list at once and rolls it back."""
    if not registrations:
        raise ValidationError("Chưa chọn đăng ký nào.")
    if not approve and not normalize_spaces(reason):
        raise ValidationError({"reason": "Phải ghi lý do trả lại."})
    errors = []
    for registration in registrations:
        try:
            registration_review(actor=actor, registration=registration, approve=approve, reason=reason)
        except (ValidationError, DomainError) as exc:  # the row's savepoint is rolled back; the rest reported
            subject = registration.person or registration.unit
            errors.append(f"{subject} ({registration.entry.name}): {' '.join(_messages(exc))}")
    if errors:
        raise ValidationError(errors)
    return len(registrations)


def _messages(exc) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


def registrations_against_results(*, unit_ids, year: int) -> list[dict]:
    """Each registration of the year in the units given, with whether the title was achieved (never revoked)."""
    regs = (
        Registration.objects.filter(year=year)
        .filter(Q(person__unit_id__in=unit_ids) | Q(unit_id__in=unit_ids))
        .exclude(status=RegistrationStatus.TRA_LAI)
        .select_related("person", "unit", "entry")
    )
    held = set(
        Award.objects.filter(year=year, status="HIEU_LUC")
        .filter(Q(person__unit_id__in=unit_ids) | Q(unit_id__in=unit_ids))
        .values_list("person_id", "unit_id", "entry_id")
    )
    return [{"registration": r, "achieved": (r.person_id, r.unit_id, r.entry_id) in held} for r in regs]


@dataclass(frozen=True)
class RegistrationRow:
    """One registration of a list: `label` is how a refusal names the row ("Dòng 3", or the subject's name)."""

    label: str
    entry: CatalogueEntry
    person: Person | None = None
    unit: Unit | None = None


@transaction.atomic
def registrations_submit_many(*, actor, year: int, rows: list[RegistrationRow]) -> list[Registration]:
    """A list of registrations (pasted, or chosen from a screening): all or nothing.

    Each row goes through `registration_submit` (its checks, its audit event), so the list is what the
    single form would have done row by row. Every row's problem is collected and reported at once, with the
    row's label; if any row is refused, nothing is saved. A refused actor (403 / 404) is not an input error:
    it ends the whole list at once.
    """
    if not rows:
        raise ValidationError("Chưa có đối tượng nào để đăng ký.")
    errors, done, seen = [], [], {}
    for row in rows:
        key = (row.person.pk if row.person else None, row.unit.pk if row.unit else None, row.entry.pk)
        if key in seen:
            errors.append(f"{row.label}: trùng với {seen[key]} ({row.person or row.unit}, {row.entry.name}).")
            continue
        seen[key] = row.label
        try:
            done.append(registration_submit(actor=actor, entry=row.entry, year=year, person=row.person, unit=row.unit))
        except ValidationError as exc:  # the row's savepoint is rolled back; the list goes on to report the rest
            errors.append(f"{row.label}: {' '.join(exc.messages)}")
    if errors:
        raise ValidationError(errors)
    return done
