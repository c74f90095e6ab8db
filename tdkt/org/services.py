"""Writes of the organisation domain. Each one: keyword-only, atomic, policy-checked, audited."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tdkt.audit.services import audit_record, correction_reason, snapshot
from tdkt.core.errors import DomainError
from tdkt.core.text import normalize_spaces
from tdkt.org.models import Person, RoleAssignment, Transfer, Unit, User
from tdkt.org.models.users import password_changed_by
from tdkt.org.policies import person_policy, role_assignment_policy, unit_policy
from tdkt.org.scoping import ancestor_ids

UNIT_FIELDS = [
    "code",
    "name",
    "short_name",
    "unit_type",
    "parent",
    "founded_on",
    "dissolved_on",
    "successor",
    "position",
]
PERSON_FIELDS = [
    "code",
    "full_name",
    "birth_date",
    "gender",
    "rank",
    "position",
    "category",
    "service_start",
    "service_break_months",
    "unit",
    "unit_since",
]
PERSON_EDITABLE = [f for f in PERSON_FIELDS if f not in ("unit", "unit_since")]


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _save_validated(obj, *, code_field: str = "code"):
    """full_clean, then save; a race on a unique code still ends as a validation error."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError({code_field: "Mã này đã được sử dụng."}) from exc


def _clean_text(values: dict, *keys: str) -> dict:
    return {k: (normalize_spaces(v) if k in keys and isinstance(v, str) else v) for k, v in values.items()}


# --- Units -----------------------------------------------------------------------------------


def _fresh(unit: Unit | None) -> Unit | None:
    """Re-read (and lock) a unit a caller handed in: its state may have changed since it was loaded."""
    return None if unit is None else Unit.objects.select_for_update().get(pk=unit.pk)


def _check_parent(*, actor, unit: Unit | None, parent: Unit | None) -> None:
    parent = _fresh(parent)
    if parent is None:
        if not actor.is_superuser:
            raise PermissionDenied("Chỉ quản trị hệ thống cấp cao nhất được tạo đơn vị gốc.")
        return
    unit_policy.check(actor, "create_child", parent)
    if parent.is_dissolved:
        raise ValidationError({"parent": f"Đơn vị cấp trên đã giải thể ngày {_fmt(parent.dissolved_on)}."})
    if unit is not None and unit.pk and unit.pk in ancestor_ids(parent.pk):
        raise ValidationError({"parent": "Không thể chuyển đơn vị vào dưới chính nó hoặc đơn vị cấp dưới của nó."})


@transaction.atomic
def unit_create(
    *,
    actor: User,
    code: str,
    name: str,
    parent: Unit | None,
    short_name: str = "",
    unit_type: str = "",
    founded_on: date | None = None,
    position: int = 0,
    reason: str = "",
) -> Unit:
    _check_parent(actor=actor, unit=None, parent=parent)
    values = _clean_text({"code": code.strip().upper(), "name": name, "short_name": short_name}, "name", "short_name")
    unit = Unit(**values, parent=parent, founded_on=founded_on, position=position)
    if unit_type:
        unit.unit_type = unit_type
    _save_validated(unit)
    audit_record(actor=actor, action="org.unit.created", obj=unit, after=snapshot(unit, UNIT_FIELDS), reason=reason)
    return unit


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, reason: str = "", **changes) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    unit_policy.check(actor, "change", unit)
    allowed = {"code", "name", "short_name", "unit_type", "parent", "founded_on", "position"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"Không được sửa trực tiếp: {', '.join(sorted(unknown))}.")
    before = snapshot(unit, UNIT_FIELDS)
    if "parent" in changes and changes["parent"] != unit.parent:
        if unit.parent is None and not actor.is_superuser:
            raise PermissionDenied("Chỉ quản trị hệ thống cấp cao nhất được chuyển đơn vị gốc.")
        _check_parent(actor=actor, unit=unit, parent=changes["parent"])
    changes = _clean_text(changes, "name", "short_name")
    if "code" in changes:
        changes["code"] = changes["code"].strip().upper()
    for field, value in changes.items():
        setattr(unit, field, value)
    _save_validated(unit)
    after = snapshot(unit, UNIT_FIELDS)
    # changing what was recorded needs a reason (issue #16, item 6), asked after the values are validated so
    # a wrong value is said first; a refusal rolls the save back. The display order is no record.
    reason = correction_reason(reason, before=before, after=after, ignore=("position",))
    if after != before:
        audit_record(actor=actor, action="org.unit.updated", obj=unit, before=before, after=after, reason=reason)
    return unit


@transaction.atomic
def unit_dissolve(
    *, actor: User, unit: Unit, dissolved_on: date, successor: Unit | None = None, reason: str = ""
) -> Unit:
    """Dissolve (giải thể / sáp nhập) a unit; its people move to the successor on that day."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    unit_policy.check(actor, "dissolve", unit)
    if unit.is_dissolved:
        raise DomainError(f"Đơn vị đã giải thể ngày {_fmt(unit.dissolved_on)}.")
    if unit.founded_on and dissolved_on < unit.founded_on:
        raise ValidationError({"dissolved_on": "Ngày giải thể không được trước ngày thành lập."})
    if dissolved_on > timezone.localdate():
        raise ValidationError({"dissolved_on": "Ngày giải thể không được sau ngày hôm nay."})
    successor = _fresh(successor)
    if successor is not None:
        if successor.pk == unit.pk or successor.is_dissolved:
            raise ValidationError({"successor": "Đơn vị kế thừa phải là một đơn vị khác đang hoạt động."})
        if unit.pk in ancestor_ids(successor.pk):
            raise ValidationError({"successor": "Đơn vị kế thừa không được là đơn vị cấp dưới của đơn vị giải thể."})
        unit_policy.check(actor, "change", successor)
    if unit.children.filter(dissolved_on__isnull=True).exists():
        raise DomainError("Đơn vị còn đơn vị trực thuộc đang hoạt động: hãy giải thể hoặc chuyển chúng trước.")
    people = list(unit.people.select_for_update())
    if people and successor is None:
        raise DomainError(
            f"Đơn vị còn {len(people)} quân nhân: hãy chọn đơn vị kế thừa để điều chuyển họ, hoặc điều chuyển họ trước."
        )
    before = snapshot(unit, UNIT_FIELDS)
    for person in people:
        _transfer(
            actor=actor,
            person=person,
            to_unit=successor,
            effective_on=dissolved_on,
            decision_number="",
            note=f"Đơn vị {unit.display_name} giải thể / sáp nhập",
        )
    unit.dissolved_on = dissolved_on
    unit.successor = successor
    _save_validated(unit)
    audit_record(
        actor=actor,
        action="org.unit.dissolved",
        obj=unit,
        before=before,
        after=snapshot(unit, UNIT_FIELDS),
        reason=reason,
    )
    return unit


@transaction.atomic
def unit_delete(*, actor: User, unit: Unit, reason: str = "") -> None:
    """Delete a unit entered by mistake. A unit with people or any history is dissolved instead."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    unit_policy.check(actor, "delete", unit)
    if (
        unit.people.exists()
        or unit.children.exists()
        or unit.transfers_in.exists()
        or unit.transfers_out.exists()
        or unit.predecessors.exists()
        or unit.role_assignments.exists()
    ):
        raise DomainError(
            "Không thể xóa đơn vị đã có quân nhân, đơn vị trực thuộc hoặc lịch sử. Hãy dùng chức năng giải thể."
        )
    audit_record(actor=actor, action="org.unit.deleted", obj=unit, before=snapshot(unit, UNIT_FIELDS), reason=reason)
    unit.delete()


# --- People ----------------------------------------------------------------------------------


def _check_unit_open(unit: Unit, day: date | None, field: str = "unit") -> None:
    if unit.is_dissolved and (day is None or day >= unit.dissolved_on):
        raise ValidationError({field: f"Đơn vị {unit.display_name} đã giải thể ngày {_fmt(unit.dissolved_on)}."})
    if unit.founded_on and day and day < unit.founded_on:
        raise ValidationError({field: f"Đơn vị {unit.display_name} thành lập ngày {_fmt(unit.founded_on)}."})


def _check_person_dates(person: Person) -> None:
    today = timezone.localdate()
    errors = {}
    if person.birth_date and person.birth_date > today:
        errors["birth_date"] = "Ngày sinh không được sau ngày hôm nay."
    if person.birth_date and person.birth_date.year < 1900:
        errors["birth_date"] = "Ngày sinh không hợp lệ."
    if person.service_start and person.service_start > today:
        errors["service_start"] = "Ngày nhập ngũ không được sau ngày hôm nay."
    if person.birth_date and person.service_start and person.service_start <= person.birth_date:
        errors["service_start"] = "Ngày nhập ngũ phải sau ngày sinh."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_create(
    *,
    actor: User,
    code: str,
    full_name: str,
    category: str,
    unit: Unit,
    birth_date: date | None = None,
    gender: str = "",
    rank: str = "",
    position: str = "",
    service_start: date | None = None,
    service_break_months: int = 0,
    unit_since: date | None = None,
    reason: str = "",
) -> Person:
    unit = _fresh(unit)
    person = Person(
        code=code.strip().upper(),
        full_name=normalize_spaces(full_name),
        category=category,
        unit=unit,
        birth_date=birth_date,
        gender=gender,
        rank=rank,
        position=normalize_spaces(position),
        service_start=service_start,
        service_break_months=service_break_months or 0,
        unit_since=unit_since or service_start,
    )
    person_policy.check(actor, "create", person)
    _check_person_dates(person)
    if person.unit_since and person.service_start and person.unit_since < person.service_start:
        raise ValidationError({"unit_since": "Ngày về đơn vị không được trước ngày nhập ngũ."})
    _check_unit_open(unit, person.unit_since or timezone.localdate())
    _save_validated(person)
    Transfer.objects.create(
        person=person,
        from_unit=None,
        to_unit=unit,
        effective_on=person.unit_since or person.service_start or timezone.localdate(),
        note="Về đơn vị",
    )
    audit_record(
        actor=actor, action="org.person.created", obj=person, after=snapshot(person, PERSON_FIELDS), reason=reason
    )
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, reason: str = "", **changes) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    person_policy.check(actor, "change", person)
    unknown = set(changes) - set(PERSON_EDITABLE)
    if unknown:
        raise ValidationError(f"Không được sửa trực tiếp: {', '.join(sorted(unknown))} (dùng chức năng điều chuyển).")
    before = snapshot(person, PERSON_FIELDS)
    for field, value in changes.items():
        if field in ("full_name", "position"):
            value = normalize_spaces(value)
        elif field == "code":
            value = value.strip().upper()
        setattr(person, field, value)
    _check_person_dates(person)
    first = person.transfers.order_by("effective_on", "id").first()
    if person.service_start and first and first.effective_on < person.service_start:
        raise ValidationError(
            {"service_start": f"Ngày nhập ngũ không được sau ngày về đơn vị đầu tiên ({_fmt(first.effective_on)})."}
        )
    _save_validated(person)
    after = snapshot(person, PERSON_FIELDS)
    reason = correction_reason(reason, before=before, after=after)  # after validation, as for units
    if after != before:
        audit_record(actor=actor, action="org.person.updated", obj=person, before=before, after=after, reason=reason)
    return person


def _transfer(*, actor, person: Person, to_unit: Unit, effective_on: date, decision_number: str, note: str) -> Transfer:
    to_unit = _fresh(to_unit)
    if to_unit.pk == person.unit_id:
        raise ValidationError({"to_unit": "Quân nhân đang ở đơn vị này."})
    if effective_on > timezone.localdate():
        raise ValidationError({"effective_on": "Ngày điều chuyển không được sau ngày hôm nay."})
    if person.service_start and effective_on < person.service_start:
        raise ValidationError(
            {"effective_on": f"Ngày điều chuyển không được trước ngày nhập ngũ ({_fmt(person.service_start)})."}
        )
    last = person.transfers.order_by("-effective_on", "-id").first()
    if last and effective_on < last.effective_on:
        raise ValidationError(
            {"effective_on": f"Ngày điều chuyển không được trước lần điều chuyển gần nhất ({_fmt(last.effective_on)})."}
        )
    _check_unit_open(to_unit, effective_on, field="to_unit")
    before = snapshot(person, PERSON_FIELDS)
    transfer = Transfer.objects.create(
        person=person,
        from_unit=person.unit,
        to_unit=to_unit,
        effective_on=effective_on,
        decision_number=normalize_spaces(decision_number),
        note=normalize_spaces(note),
    )
    person.unit = to_unit
    person.unit_since = effective_on
    person.save(update_fields=["unit", "unit_since", "updated_at"])
    after = snapshot(person, PERSON_FIELDS)
    after["transfer"] = {
        "id": transfer.pk,
        "effective_on": effective_on.isoformat(),
        "decision_number": transfer.decision_number,
    }
    audit_record(actor=actor, action="org.person.transferred", obj=person, before=before, after=after, reason=note)
    return transfer


@transaction.atomic
def person_transfer(
    *, actor: User, person: Person, to_unit: Unit, effective_on: date, decision_number: str = "", note: str = ""
) -> Transfer:
    """Move a person to another unit from a date; the actor must hold rights on both units."""
    person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=person.pk)
    person_policy.check(actor, "transfer", person)
    if not actor.is_superuser and not person_policy.can(actor, "create", Person(unit=to_unit)):
        raise PermissionDenied("Bạn không có quyền tiếp nhận quân nhân vào đơn vị này.")
    return _transfer(
        actor=actor,
        person=person,
        to_unit=to_unit,
        effective_on=effective_on,
        decision_number=decision_number,
        note=note,
    )


# --- Users and roles -------------------------------------------------------------------------

SYSTEM_USERNAME = "system"


def system_actor() -> User:
    """The account that CLI jobs (demo data, imports) act as; it cannot log in."""
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        with transaction.atomic():
            user = User(username=SYSTEM_USERNAME, full_name="Hệ thống", is_superuser=True)
            user.set_unusable_password()
            user.save()
            audit_record(
                actor=None,
                action="org.user.created",
                obj=user,
                after=snapshot(user, ["username", "full_name", "is_superuser"]),
            )
    return user


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    full_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    reason: str = "",
) -> User:
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied("Chỉ quản trị hệ thống được tạo tài khoản.")
    user = User(
        username=username.strip(), full_name=normalize_spaces(full_name), is_staff=is_staff, is_superuser=is_superuser
    )
    if password:
        from django.contrib.auth.password_validation import validate_password

        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="org.user.created",
        obj=user,
        after=snapshot(user, ["username", "full_name", "is_staff", "is_superuser", "is_active"]),
        reason=reason,
    )
    return user


@transaction.atomic
def user_password_set(*, actor: User | None, user: User, password: str | None) -> User:
    """Set a user's password (None: no password, the account cannot log in). The user's API tokens are
    deleted and the change is audited by `User.save`, which every other path (admin, `tdkt changepassword`)
    passes too."""
    if actor is not None and not actor.is_superuser and actor.pk != user.pk:
        raise PermissionDenied("Chỉ quản trị hệ thống hoặc chính người dùng được đổi mật khẩu của tài khoản.")
    user = User.objects.select_for_update().get(pk=user.pk)
    if password:
        from django.contrib.auth.password_validation import validate_password

        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    with password_changed_by(actor):
        user.save(update_fields=["password"])
    return user


USER_FIELDS = ["username", "full_name", "email", "is_active", "is_staff", "is_superuser"]
USER_EDITABLE = {"username", "full_name", "email", "is_active", "is_staff", "is_superuser"}
ROLE_FIELDS = ["user", "unit", "role"]


def _check_user_admin(actor: User | None, user: User) -> None:
    """An account is managed by a superuser, or by a QUAN_TRI whose remit covers every unit the account holds
    a role on (an account with no role, or a superuser's, only by a superuser)."""
    if actor is None or actor.is_superuser:
        return
    units = [a.unit for a in user.role_assignments.select_related("unit")]
    if user.is_superuser or user.is_staff or not units:
        raise PermissionDenied("Chỉ quản trị hệ thống cấp cao nhất được sửa tài khoản này.")
    for unit in units:
        role_assignment_policy.check(actor, "grant", RoleAssignment(user=user, unit=unit))


@transaction.atomic
def user_update(*, actor: User | None, user: User, reason: str = "", **changes) -> User:
    """Change an account's details (not its password: `user_password_set`; not its roles: `role_*`)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_user_admin(actor, user)
    unknown = set(changes) - USER_EDITABLE
    if unknown:
        raise ValidationError(f"Không được sửa trực tiếp: {', '.join(sorted(unknown))}.")
    if actor is not None and not actor.is_superuser and {"is_staff", "is_superuser"} & set(changes):
        if any(changes[k] != getattr(user, k) for k in ("is_staff", "is_superuser") if k in changes):
            raise PermissionDenied("Chỉ quản trị hệ thống cấp cao nhất được cấp quyền quản trị Django.")
    if actor is not None and user.pk == actor.pk and changes.get("is_active") is False:
        raise ValidationError({"is_active": "Không thể tự khóa tài khoản đang dùng."})
    before = snapshot(user, USER_FIELDS)
    for field, value in changes.items():
        if field == "full_name":
            value = normalize_spaces(value)
        elif field == "username":
            value = value.strip()
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    if changes:
        user.save(update_fields=list(changes))
    after = snapshot(user, USER_FIELDS)
    if after != before:
        audit_record(actor=actor, action="org.user.updated", obj=user, before=before, after=after, reason=reason)
    return user


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, reason: str = "") -> User:
    """Close an account: it can no longer log in, its history and roles stay. Accounts are never deleted (the
    audit trail names them)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_user_admin(actor, user)
    if actor is not None and user.pk == actor.pk:
        raise ValidationError("Không thể tự khóa tài khoản đang dùng.")
    if not user.is_active:
        return user
    before = snapshot(user, USER_FIELDS)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="org.user.deactivated",
        obj=user,
        before=before,
        after=snapshot(user, USER_FIELDS),
        reason=reason,
    )
    return user


@transaction.atomic
def role_update(
    *, actor: User | None, assignment: RoleAssignment, unit: Unit, role: str, reason: str = ""
) -> RoleAssignment:
    """Change the unit or the role of an assignment: the actor must be able to revoke it as it is and to
    grant it as it becomes."""
    assignment = RoleAssignment.objects.select_for_update().select_related("unit").get(pk=assignment.pk)
    if actor is not None:
        role_assignment_policy.check(actor, "revoke", assignment)
        role_assignment_policy.check(actor, "grant", RoleAssignment(user=assignment.user, unit=unit, role=role))
    before = snapshot(assignment, ROLE_FIELDS)
    assignment.unit, assignment.role = unit, role
    assignment.full_clean()
    assignment.save()
    after = snapshot(assignment, ROLE_FIELDS)
    if after != before:
        audit_record(actor=actor, action="org.role.updated", obj=assignment, before=before, after=after, reason=reason)
    return assignment


@transaction.atomic
def role_grant(*, actor: User | None, user: User, unit: Unit, role: str, reason: str = "") -> RoleAssignment:
    assignment = RoleAssignment(user=user, unit=unit, role=role)
    if actor is not None:
        role_assignment_policy.check(actor, "grant", assignment)
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        action="org.role.granted",
        obj=assignment,
        after=snapshot(assignment, ["user", "unit", "role"]),
        reason=reason,
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment, reason: str = "") -> None:
    if actor is not None:
        role_assignment_policy.check(actor, "revoke", assignment)
    audit_record(
        actor=actor,
        action="org.role.revoked",
        obj=assignment,
        before=snapshot(assignment, ["user", "unit", "role"]),
        reason=reason,
    )
    assignment.delete()
