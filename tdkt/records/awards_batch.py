"""Awards written by the issuing of their decision, all at once (a decision lists hundreds of them).

The checks are those of `services.award_record_by_decision`, made with a constant number of queries: the
subjects, entries and the awards they could clash with are read once for the whole batch, each row is then
checked in memory, the awards are inserted in batches and audited in one batch of events. The duplicate-award
constraints of the database stay the last line of defence against a concurrent writer.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from tdkt.audit.services import audit_record_many, snapshot
from tdkt.org.models import Person, Unit
from tdkt.records import rules
from tdkt.records.choices import AwardKind, AwardStatus, SubjectType
from tdkt.records.models import Award, CatalogueEntry, Decision
from tdkt.records.services import AWARD_FIELDS, _check_subject_year

# Foreign keys the batch loaded itself: `full_clean` would query each one's existence again, row by row.
_LOADED = ["person", "unit", "entry", "decision", "revoked_by"]
BATCH = 500


@dataclass(frozen=True)
class AwardRow:
    entry: CatalogueEntry
    year: int
    person: Person | None = None
    unit: Unit | None = None
    kind: str = AwardKind.THUONG_XUYEN
    achievement: str = ""


@transaction.atomic
def awards_record_by_decision(*, actor, decision: Decision, rows: list[AwardRow]) -> list[Award]:
    """The awards of `rows` under `decision`, in the order given; every refused row is reported at once and then
    nothing is written. The signer's competence was checked by the issuing service (`nominations`)."""
    if not rows:
        return []
    people = Person.objects.select_related("unit").in_bulk({r.person.pk for r in rows if r.person is not None})
    units = Unit.objects.in_bulk({r.unit.pk for r in rows if r.unit is not None})
    entries = CatalogueEntry.objects.in_bulk({r.entry.pk for r in rows})
    held = _yearly_held(rows, entries, people, units)
    listed = set(Award.objects.filter(decision=decision).values_list("person_id", "unit_id", "entry_id"))
    awards, errors = [], []
    for row in rows:
        person = people.get(row.person.pk) if row.person is not None else None
        unit = units.get(row.unit.pk) if row.unit is not None else None
        entry = entries.get(row.entry.pk)
        if (person is None) == (unit is None) or entry is None:
            errors.append(
                "Chọn đúng một đối tượng (cá nhân hoặc tập thể) và một danh hiệu, hình thức có trong danh mục."
            )
            continue
        award = Award(
            person=person,
            unit=unit,
            entry=entry,
            year=row.year,
            kind=row.kind,
            achievement=row.achievement.strip(),
            yearly_title=entry.yearly,
            decision=decision,
        )
        key = (award.person_id, award.unit_id, entry.pk)
        if message := _refusal(award, decision, held, listed):
            errors.append(f"{award.subject} — {entry.name}: {message}")
            continue
        listed.add(key)  # the same subject listed twice for the same code in this batch
        if entry.yearly:
            held.add((*key, award.year))
        awards.append(award)
    if errors:
        raise ValidationError({"awards": errors})
    try:
        with transaction.atomic():
            Award.objects.bulk_create(awards, batch_size=BATCH)
    except IntegrityError as exc:  # a concurrent writer recorded one of them first
        raise ValidationError({"awards": f"Quyết định {decision.number}: có khen thưởng vừa được ghi trùng."}) from exc
    reason = f"Quyết định số {decision.number}"
    events = [("records.award.created", a, None, snapshot(a, AWARD_FIELDS)) for a in awards]
    audit_record_many(actor=actor, events=events, reason=reason)
    return awards


def _yearly_held(rows, entries, people, units) -> set[tuple]:
    """(person_id, unit_id, entry_id, year) of the yearly titles in force that the rows' subjects already hold."""
    yearly = {pk for pk, entry in entries.items() if entry.yearly}
    if not yearly:
        return set()
    in_force = Award.objects.filter(
        entry_id__in=yearly, year__in={r.year for r in rows}, status=AwardStatus.HIEU_LUC
    ).filter(Q(person_id__in=list(people)) | Q(unit_id__in=list(units)))
    return set(in_force.values_list("person_id", "unit_id", "entry_id", "year"))


def _refusal(award: Award, decision: Decision, held: set, listed: set) -> str | None:
    """Why this award may not be written (the checks of `services._award_validate` and `_award_save`), or None."""
    person, unit, entry, year, day = award.person, award.unit, award.entry, award.year, decision.signed_on
    try:
        _check_subject_year(person, unit, year)
    except ValidationError as exc:
        return " ".join(exc.messages)
    subject_type = SubjectType.CA_NHAN if person else SubjectType.TAP_THE
    if message := rules.check_entry(entry, subject_type=subject_type, year=year):
        return message
    if day and day > timezone.localdate():
        return "Ngày quyết định không được sau ngày hôm nay."
    if unit is not None and (message := rules.check_unit_day(day, dissolved_on=unit.dissolved_on, name=unit.name)):
        return message
    if entry.yearly and (award.person_id, award.unit_id, entry.pk, year) in held:
        return f"đã có danh hiệu {entry.name} năm {year}."
    if (award.person_id, award.unit_id, entry.pk) in listed:
        return f"Quyết định {decision.number} đã có {award.subject} với {entry.name}: không ghi lại lần nữa."
    try:
        award.full_clean(exclude=_LOADED, validate_constraints=False)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None
