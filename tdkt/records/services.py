"""Writes of the legal record. Keyword-only, atomic, policy-checked, audited; awards are never deleted."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tdkt.audit.services import audit_record, correction_reason, snapshot
from tdkt.core.errors import DomainError
from tdkt.core.text import identity_key, normalize_spaces
from tdkt.org.models import Person, Unit
from tdkt.records import providers, rules
from tdkt.records.choices import AwardKind, AwardStatus, DecisionOrigin, SubjectType
from tdkt.records.models import Award, CatalogueEntry, Decision, Discipline, Initiative, YearlyRating
from tdkt.records.policies import catalogue_can_manage, person_record_policy, subject_record_policy

CATALOGUE_FILE = Path(__file__).parent / "data" / "catalogue.json"
CATALOGUE_FIELDS = [
    "code",
    "name",
    "kind",
    "subject",
    "level",
    "authority",
    "bonus_multiple",
    "legal_source",
    "certainty",
    "yearly",
    "once",
    "once_source",
    "valid_from",
    "valid_to",
    "position",
]
AWARD_FIELDS = [
    "person",
    "unit",
    "entry",
    "year",
    "kind",
    "decision",
    "achievement",
    "status",
    "revoked_by",
    "revoked_on",
    "revocation_reason",
]


def _subject(person: Person | None, unit: Unit | None):
    if (person is None) == (unit is None):
        raise ValidationError("Chọn đúng một đối tượng: cá nhân hoặc tập thể.")
    if person is not None:
        return Person.objects.select_related("unit").get(pk=person.pk), None
    return None, Unit.objects.get(pk=unit.pk)


def _check_subject_year(person, unit, year: int) -> None:
    message = rules.check_year(year, today=timezone.localdate())
    if not message and person is not None:
        message = rules.check_person_year(year, birth_date=person.birth_date, full_name=person.full_name)
    if not message and unit is not None:
        message = rules.check_unit_year(
            year, founded_on=unit.founded_on, dissolved_on=unit.dissolved_on, name=unit.name
        )
    if message:
        raise ValidationError({"year": message})


def _save(obj) -> None:
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # a concurrent writer won the same natural key
        raise ValidationError("Bản ghi này đã tồn tại.") from exc


# --- Catalogue ---------------------------------------------------------------------------------


def _check_catalogue_manager(actor) -> None:
    if actor is not None and not catalogue_can_manage(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được sửa danh mục khen thưởng.")


@transaction.atomic
def catalogue_sync(*, actor=None, path: Path = CATALOGUE_FILE) -> dict:
    """Load the catalogue data file: create new codes, update changed ones; entries added by admins stay."""
    _check_catalogue_manager(actor)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for position, item in enumerate(data["entries"], start=1):
        values = {**{k: item.get(k) for k in CATALOGUE_FIELDS if k in item}, "position": position}
        if values.get("bonus_multiple") is not None:
            values["bonus_multiple"] = Decimal(str(values["bonus_multiple"])).quantize(Decimal("0.01"))
        values["valid_from"] = date.fromisoformat(item["valid_from"]) if item.get("valid_from") else None
        values["valid_to"] = date.fromisoformat(item["valid_to"]) if item.get("valid_to") else None
        entry = CatalogueEntry.objects.filter(code=item["code"]).first()
        if entry is None:
            entry = CatalogueEntry(**values, from_data_file=True)
            _save(entry)
            audit_record(
                actor=actor,
                action="records.catalogue.created",
                obj=entry,
                after=snapshot(entry, CATALOGUE_FIELDS),
                reason=f"Tệp danh mục {data['version']}",
            )
            counts["created"] += 1
            continue
        before = snapshot(entry, CATALOGUE_FIELDS)
        for key, value in values.items():
            setattr(entry, key, value)
        entry.from_data_file = True
        _save(entry)
        after = snapshot(entry, CATALOGUE_FIELDS)
        if after != before:
            audit_record(
                actor=actor,
                action="records.catalogue.updated",
                obj=entry,
                before=before,
                after=after,
                reason=f"Tệp danh mục {data['version']}",
            )
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


@transaction.atomic
def catalogue_entry_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    subject: str,
    level: str,
    authority: str,
    legal_source: str,
    bonus_multiple=None,
    yearly: bool = False,
    certainty: str = "C",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> CatalogueEntry:
    """An installation's own entry, e.g. the Giấy khen of a newly created command."""
    _check_catalogue_manager(actor)
    entry = CatalogueEntry(
        code=code.strip().upper(),
        name=normalize_spaces(name),
        kind=kind,
        subject=subject,
        level=level,
        authority=normalize_spaces(authority),
        legal_source=normalize_spaces(legal_source),
        bonus_multiple=bonus_multiple,
        yearly=yearly,
        certainty=certainty,
        valid_from=valid_from,
        valid_to=valid_to,
        position=1000,
    )
    _save(entry)
    audit_record(actor=actor, action="records.catalogue.created", obj=entry, after=snapshot(entry, CATALOGUE_FIELDS))
    return entry


# --- Yearly records ----------------------------------------------------------------------------


@transaction.atomic
def rating_set(
    *, actor, year: int, rating: str, person: Person | None = None, unit: Unit | None = None, reason: str = ""
) -> YearlyRating:
    """Record (or correct) the yearly rating of a person or a unit."""
    person, unit = _subject(person, unit)
    probe = YearlyRating(person=person, unit=unit, year=year, rating=rating)
    subject_record_policy.check(actor, "record", probe)
    _check_subject_year(person, unit, year)
    existing = YearlyRating.objects.select_for_update().filter(person=person, unit=unit, year=year).first()
    if existing is None:
        _save(probe)
        audit_record(
            actor=actor,
            action="records.rating.created",
            obj=probe,
            after=snapshot(probe, ["person", "unit", "year", "rating"]),
            reason=reason,
        )
        return probe
    before = snapshot(existing, ["person", "unit", "year", "rating"])
    old_label = existing.get_rating_display()
    existing.rating = rating
    _save(existing)
    after = snapshot(existing, ["person", "unit", "year", "rating"])
    # a correction says why (issue #16, item 6): the history shows old -> new with this reason; a refusal
    # rolls the save back with the service's transaction
    reason = correction_reason(
        reason, before=before, after=after, message=f"Năm {year} đã được đánh giá “{old_label}”: phải ghi lý do sửa."
    )
    if after != before:
        audit_record(
            actor=actor, action="records.rating.updated", obj=existing, before=before, after=after, reason=reason
        )
    return existing


@transaction.atomic
def initiative_record(
    *,
    actor,
    person: Person,
    year: int,
    name: str,
    scope: str,
    initiative_type: str = "SANG_KIEN",
    decision_number: str = "",
    reason: str = "",
) -> Initiative:
    person, _ = _subject(person, None)
    initiative = Initiative(
        person=person,
        year=year,
        name=normalize_spaces(name),
        scope=scope,
        initiative_type=initiative_type,
        decision_number=normalize_spaces(decision_number),
    )
    person_record_policy.check(actor, "record", initiative)
    _check_subject_year(person, None, year)
    _save(initiative)
    audit_record(
        actor=actor,
        action="records.initiative.created",
        obj=initiative,
        after=snapshot(initiative, ["person", "year", "name", "initiative_type", "scope", "decision_number"]),
        reason=reason,
    )
    return initiative


@transaction.atomic
def discipline_record(
    *,
    actor,
    person: Person,
    form: str,
    decided_on: date,
    decision_number: str = "",
    until: date | None = None,
    reason: str = "",
) -> Discipline:
    person, _ = _subject(person, None)
    discipline = Discipline(
        person=person,
        form=form,
        decided_on=decided_on,
        until=until,
        decision_number=normalize_spaces(decision_number),
        reason=normalize_spaces(reason),
    )
    person_record_policy.check(actor, "record", discipline)
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "Ngày quyết định không được sau ngày hôm nay."})
    if person.birth_date and decided_on <= person.birth_date:
        raise ValidationError({"decided_on": "Ngày quyết định phải sau ngày sinh."})
    _save(discipline)
    audit_record(
        actor=actor,
        action="records.discipline.created",
        obj=discipline,
        after=snapshot(discipline, ["person", "form", "decided_on", "decision_number", "until", "reason"]),
    )
    return discipline


# --- Decisions and awards ----------------------------------------------------------------------


def decision_for(
    *, number: str, year: int, signed_on: date | None, issuer: str = "", is_revocation: bool = False
) -> Decision:
    """The recorded decision (issuer, year, number), created when first seen (hand entry, API).

    A recorded decision names its issuer; it never joins a decision issued in tdkt, and never takes a number of
    an authority's tdkt series (`providers.series_owner`): those are issued by `nominations.decision_issue` only.
    """
    number, issuer = normalize_spaces(number), normalize_spaces(issuer)
    if not issuer:
        raise ValidationError({"issuer": f"Phải ghi cơ quan ban hành quyết định số {number}."})
    if claim := providers.series_owner(number, year, providers.series_claims()):
        raise ValidationError({"decision_number": providers.series_message(number, year, claim)})
    if _same_decision(Decision.objects.filter(origin=DecisionOrigin.ISSUED), number, year, issuer):
        raise ValidationError(
            {"decision_number": f"Quyết định số {number} năm {year} của {issuer} được ban hành trong hệ thống: "
             "khen thưởng theo quyết định này chỉ được ghi khi ban hành."}
        )  # fmt: skip
    decision = _same_decision(
        Decision.objects.select_for_update().filter(origin=DecisionOrigin.RECORDED, issuer_unit__isnull=True),
        number,
        year,
        issuer,
    )
    if decision is None:
        decision = Decision(number=number, year=year, signed_on=signed_on, issuer=issuer, is_revocation=is_revocation)
        _save(decision)
    elif signed_on and decision.signed_on and decision.signed_on != signed_on:
        raise ValidationError(
            {"decision_date": f"Quyết định số {number} năm {year} đã được ghi với ngày {decision.signed_on:%d/%m/%Y}."}
        )
    return decision


def _same_decision(decisions, number: str, year: int, issuer: str) -> Decision | None:
    """The decision of `decisions` that is (issuer, year, number) ignoring case and spacing (`identity_key`).

    The database narrows by year and by the number's leading caseless characters ("79/"), the same under any
    case; the comparison itself is made in Python, where Vietnamese letters fold too."""
    prefix = ""
    for ch in number:
        if ch.isspace() or ch.lower() != ch.upper():
            break
        prefix += ch
    key = (identity_key(number), identity_key(issuer))
    for decision in decisions.filter(year=year, number__startswith=prefix).order_by("pk"):
        if (identity_key(decision.number), identity_key(decision.issuer)) == key:
            return decision
    return None


@transaction.atomic
def award_record(
    *,
    actor,
    entry: CatalogueEntry,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    kind: str = AwardKind.THUONG_XUYEN,
    decision_number: str = "",
    decision_date: date | None = None,
    issuer: str = "",
    achievement: str = "",
    reason: str = "",
) -> Award:
    """Record an award from its decision. The same title twice in a year, or a subject listed twice by one
    decision for the same code, is refused."""
    award = _award_new(entry=entry, year=year, person=person, unit=unit, kind=kind, achievement=achievement)
    subject_record_policy.check(actor, "record", award)
    _award_validate(award, day=decision_date)
    # above the officer's authority the award is the competent body's decision (dated authority matrix)
    if (check := providers.award_competence(actor=actor)) and (
        refusal := check.refusal(
            entry=award.entry, issuer=issuer, on=decision_date or date(year, 12, 31), numbered=bool(decision_number)
        )
    ):
        raise ValidationError({"issuer": refusal})
    if decision_number:
        award.decision = decision_for(
            number=decision_number,
            year=(decision_date or date(year, 12, 31)).year,
            signed_on=decision_date,
            issuer=issuer,
        )
    return _award_save(actor=actor, award=award, reason=reason)


@transaction.atomic
def award_record_by_decision(
    *,
    actor,
    decision: Decision,
    entry: CatalogueEntry,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    kind: str = AwardKind.THUONG_XUYEN,
    achievement: str = "",
) -> Award:
    """An award written by the issuing of its decision (nominations.decision_issue), in the same transaction.

    The signer's authority over the decision was checked by the issuing service; the record's own rules
    (once a year, once per decision, the catalogue's validity) are checked here as for any award.
    """
    award = _award_new(entry=entry, year=year, person=person, unit=unit, kind=kind, achievement=achievement)
    _award_validate(award, day=decision.signed_on)
    award.decision = decision
    return _award_save(actor=actor, award=award, reason=f"Quyết định số {decision.number}")


def award_warnings(award: Award, *, actor=None) -> list[str]:
    """What is unusual but allowed in a recorded award, for the page and the API answer (issue #15, items 5, 6);
    with the actor, an issuer the authority matrix cannot confirm (a row labelled U)."""
    day = award.decision.signed_on if award.decision_id else None
    yearly = award.yearly_title or award.kind == AwardKind.THUONG_XUYEN
    warnings = [rules.decision_date_warning(day, award.year, yearly=yearly)]
    if actor is not None and (check := providers.award_competence(actor=actor)):
        issuer, on = (award.decision.issuer if award.decision_id else ""), day or date(award.year, 12, 31)
        warnings.append(check.warning(entry=award.entry, issuer=issuer, on=on, numbered=bool(award.decision_id)))
    return [w for w in warnings if w]


def _award_new(*, entry, year, person, unit, kind, achievement) -> Award:
    person, unit = _subject(person, unit)
    entry = CatalogueEntry.objects.get(pk=entry.pk)
    return Award(
        person=person,
        unit=unit,
        entry=entry,
        year=year,
        kind=kind,
        achievement=achievement.strip(),
        yearly_title=entry.yearly,
    )


def _award_validate(award: Award, *, day) -> None:
    person, unit, entry, year = award.person, award.unit, award.entry, award.year
    _check_subject_year(person, unit, year)
    subject_type = SubjectType.CA_NHAN if person else SubjectType.TAP_THE
    message = rules.check_entry(entry, subject_type=subject_type, year=year)
    if message:
        raise ValidationError({"entry": message})
    if day and day > timezone.localdate():
        raise ValidationError({"decision_date": "Ngày quyết định không được sau ngày hôm nay."})
    if message := rules.check_decision_year(day, year):
        raise ValidationError({"decision_date": message})
    if unit is not None:
        message = rules.check_unit_day(day, dissolved_on=unit.dissolved_on, name=unit.name)
        if message:
            raise ValidationError({"decision_date": message})
    same_subject = Award.objects.filter(person=person, unit=unit, entry=entry, status=AwardStatus.HIEU_LUC)
    if entry.yearly and same_subject.filter(year=year).exists():
        raise ValidationError({"entry": f"{award.subject} đã có danh hiệu {entry.name} năm {year}."})
    # given once per subject (a medal, an order of one class; the catalogue's `once`, with its source)
    if entry.once and (held := same_subject.order_by("year").first()):
        once = "mỗi đối tượng chỉ được tặng một lần"
        raise ValidationError({"entry": f"{award.subject} đã được tặng {entry.name} năm {held.year}: {once}."})


def _award_save(*, actor, award: Award, reason: str) -> Award:
    """Write a new award; the same award (subject, entry, year and decision — or kind when there is no decision)
    is recorded once: checked here with a readable message, and by the database against concurrent writers."""
    same = Award.objects.filter(person=award.person, unit=award.unit, entry=award.entry)
    if award.decision_id and same.filter(decision=award.decision).exists():
        raise ValidationError({"decision_number": _duplicate_message(award)})
    if (
        not award.decision_id
        and same.filter(decision__isnull=True, year=award.year, kind=award.kind, status=AwardStatus.HIEU_LUC).exists()
    ):
        raise ValidationError({"entry": _duplicate_message(award)})
    award.full_clean()
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError as exc:  # a concurrent writer (double submit, retried request) recorded it first
        raise ValidationError({"entry": _duplicate_message(award)}) from exc
    audit_record(
        actor=actor, action="records.award.created", obj=award, after=snapshot(award, AWARD_FIELDS), reason=reason
    )
    return award


def _duplicate_message(award: Award) -> str:
    if award.decision_id:
        number = award.decision.number
        return f"Quyết định {number} đã có {award.subject} với {award.entry.name}: không ghi lại lần nữa."
    return (
        f"{award.subject} đã có {award.entry.name} năm {award.year} ({award.get_kind_display().lower()}) chưa ghi "
        "số quyết định: không ghi lại lần nữa (ghi số quyết định nếu đây là một khen thưởng khác)."
    )


@transaction.atomic
def award_revoke(
    *, actor, award: Award, decision_number: str, decision_date: date, reason: str, issuer: str = ""
) -> Award:
    """Annul an award by a later decision (Law ch. VII). The award stays in the history, marked, and
    stops counting."""
    award = _award_locked(award)
    subject_record_policy.check(actor, "revoke", award)
    if not normalize_spaces(decision_number):
        raise ValidationError({"decision_number": "Phải ghi số quyết định hủy bỏ."})
    if not normalize_spaces(issuer):
        raise ValidationError({"issuer": "Phải ghi cơ quan ban hành quyết định hủy bỏ."})
    _revocation_checks(award, decision_date=decision_date, reason=reason)
    # The decision recorded must come from a body competent to annul this award: an authority of the
    # installation is checked (level, remit, the award's own issuer or one above it); a state-level award is
    # annulled by the decision of the body above the installation, recorded with its number, date and issuer.
    if refusal := providers.revocation_refusal(award=award, issuer=issuer, on=decision_date):
        raise ValidationError({"issuer": refusal})
    decision = decision_for(
        number=decision_number, year=decision_date.year, signed_on=decision_date, issuer=issuer, is_revocation=True
    )
    return _award_annul(actor=actor, award=award, decision=decision, reason=reason)


@transaction.atomic
def award_revoke_by_decision(*, actor, award: Award, decision: Decision, reason: str) -> Award:
    """Annulled by a revocation decision issued through tdkt (nominations.revocation_issue), whose signer's
    authority the issuing service checked."""
    award = _award_locked(award)
    _revocation_checks(award, decision_date=decision.signed_on, reason=reason)
    return _award_annul(actor=actor, award=award, decision=decision, reason=reason)


def _award_locked(award: Award) -> Award:
    locked = Award.objects.select_for_update(of=("self",))  # PostgreSQL cannot lock the outer-joined rows
    return locked.select_related("person__unit", "unit", "entry", "decision").get(pk=award.pk)


def _revocation_checks(award: Award, *, decision_date: date, reason: str) -> None:
    if award.is_revoked:
        raise DomainError("Khen thưởng này đã bị hủy bỏ trước đó.")
    if not normalize_spaces(reason):
        raise ValidationError({"reason": "Phải ghi lý do hủy bỏ."})
    if decision_date > timezone.localdate():
        raise ValidationError({"decision_date": "Ngày quyết định không được sau ngày hôm nay."})
    if award.decision and award.decision.signed_on and decision_date < award.decision.signed_on:
        raise ValidationError({"decision_date": "Quyết định hủy bỏ không được trước quyết định khen thưởng."})
    if decision_date.year < award.year:
        raise ValidationError({"decision_date": f"Quyết định hủy bỏ không được trước năm thành tích ({award.year})."})


def _award_annul(*, actor, award: Award, decision: Decision, reason: str) -> Award:
    before = snapshot(award, AWARD_FIELDS)
    award.revoked_by = decision
    award.status = AwardStatus.DA_HUY
    award.revoked_on = decision.signed_on
    award.revocation_reason = normalize_spaces(reason)
    _save(award)
    audit_record(
        actor=actor,
        action="records.award.revoked",
        obj=award,
        before=before,
        after=snapshot(award, AWARD_FIELDS),
        reason=award.revocation_reason,
    )
    return award
