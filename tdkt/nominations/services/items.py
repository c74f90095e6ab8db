"""A dossier's items: the eligibility snapshot, the duplicate check, additions (one or from a screening), edits."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tdkt.audit.services import audit_record, snapshot
from tdkt.core.text import fold, normalize_spaces
from tdkt.eligibility.explaining import reason_snapshot
from tdkt.eligibility.rulesets import rule_set_for
from tdkt.eligibility.screening import explain, screen, screen_bulk
from tdkt.nominations.choices import (
    CAREER_KINDS,
    LIVE_ITEM_STATUSES,
    YEARLY_KINDS,
)
from tdkt.nominations.models import (
    Dossier,
    DossierItem,
)
from tdkt.nominations.policies import dossier_policy
from tdkt.nominations.services._common import ITEM_FIELDS
from tdkt.nominations.services.dossiers import _editable, _locked
from tdkt.nominations.services.transitions import ITEM_TRANSITIONS, _items_move
from tdkt.org.models import Person, Unit
from tdkt.org.policies import person_policy, unit_policy
from tdkt.org.scoping import descendant_ids
from tdkt.org.selectors import SUBJECT_NOT_FOUND
from tdkt.records.choices import AwardStatus
from tdkt.records.models import Award, CatalogueEntry
from tdkt.rules.loader import RuleSetError
from tdkt.rules.model import Status


def _facts_snapshot(subject, subject_type: str, year: int, review_date: date | None = None) -> dict:
    """The facts the verdict was computed from, as plain data (what the records said that day)."""
    import dataclasses
    from datetime import date as date_type

    from tdkt.eligibility.facts import person_facts, unit_facts

    review = review_date or date_type(year, 12, 31)
    if subject_type == "CA_NHAN":
        facts = person_facts([subject.pk], year=year, review_date=review)[subject.pk]
    else:
        facts = unit_facts(
            [subject.pk], year=year, review_date=review, exclude_kinds=rule_set_for(year).not_counted_kinds
        )[subject.pk]
    return json_safe(dataclasses.asdict(facts))


def json_safe(value):
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(json_safe(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _snapshot(
    year: int,
    code: str,
    subject,
    subject_type: str,
    verdict=None,
    review_date: date | None = None,
    submitted_on: date | None = None,
) -> tuple[str, dict]:
    """The law's verdict when the item was proposed: the rule set and its version (the file with this
    installation's overrides), the facts read and the verdict with every reason."""
    from tdkt.eligibility.rulesets import rule_set_digest

    try:
        if verdict is None:
            rule_set, verdicts = screen(
                year=year,
                subject_code=subject.code,
                award_codes=[code],
                review_date=review_date,
                submitted_on=submitted_on,
            )
            verdict = next((v for v in verdicts if v.subject_type == subject_type), None)
        else:
            rule_set = verdict.rule_set
    except RuleSetError:
        return "", {"note": "Không có bộ quy tắc cho năm này."}
    if verdict is None:
        return "", {"rule_set": rule_set, "note": "Bộ quy tắc không có điều kiện cho hình thức này."}
    return verdict.status.value, {
        "rule_set": verdict.rule_set,
        "rule_set_version": rule_set_digest(verdict.rule_set),
        "taken_at": timezone.now().isoformat(),
        "review_date": (review_date or date(year, 12, 31)).isoformat(),
        "facts": _facts_snapshot(subject, subject_type, year, review_date),
        # with what tells a decisive reason apart, so the dossier page explains the item as screening does
        "verdict": {**verdict.as_dict(), "reasons": [reason_snapshot(r) for r in verdict.reasons]},
    }


def _achievement_key(kind: str, achievement: str) -> str:
    return "" if kind in YEARLY_KINDS + CAREER_KINDS else fold(normalize_spaces(achievement))[:200]


def _held_message(subject, entry: CatalogueEntry, year: int, *, person, unit) -> str | None:
    """The subject already holds the award in force (eligibility HELD): a yearly title that year; an entry given
    once per subject (`CatalogueEntry.once`) in any year. Checked again by the records when the award is written."""
    if not (entry.yearly or entry.once):
        return None
    awards = Award.objects.filter(person=person, unit=unit, entry=entry, status=AwardStatus.HIEU_LUC)
    award = (awards.filter(year=year) if entry.yearly else awards).select_related("decision").order_by("-year").first()
    if award is None:
        return None
    decision = f" (quyết định số {award.decision.number})" if award.decision_id else ""
    once = "" if entry.yearly else "; mỗi đối tượng chỉ được tặng một lần"
    return f"{subject} đã được tặng {entry.name} năm {award.year}{decision}{once}: không đề nghị lại."


def _duplicate_message(item: DossierItem) -> str | None:
    same = DossierItem.objects.filter(
        person=item.person, unit=item.unit, entry=item.entry, status__in=LIVE_ITEM_STATUSES
    ).exclude(pk=item.pk)
    if item.entry.once:  # given once per subject: one live proposal at a time, whatever its year or achievement
        clash = same.select_related("dossier").first()
        if clash:
            return (
                f"{item.subject} đã được đề nghị {item.entry.name} năm {clash.year} "
                f"(hồ sơ “{clash.dossier.title}”); mỗi đối tượng chỉ được tặng một lần."
            )
        return None
    clash = (
        same.filter(year=item.year, kind=item.kind, achievement_key=item.achievement_key)
        .select_related("dossier")
        .first()
    )
    if clash:
        return (
            f"{item.subject} đã được đề nghị {item.entry.name} năm {item.year} cho cùng thành tích "
            f"(hồ sơ “{clash.dossier.title}”)."
        )
    return None


@transaction.atomic
def item_add(
    *,
    actor,
    dossier: Dossier,
    entry: CatalogueEntry,
    person: Person | None = None,
    unit: Unit | None = None,
    achievement: str = "",
    justification: str = "",
    verdict=None,
    review_date: date | None = None,
) -> DossierItem:
    """`review_date`: the day the subject is screened at (a length-of-service dossier's D; else 31/12)."""
    dossier = _locked(dossier)
    dossier_policy.check_side(actor, "submitter", dossier)
    _editable(dossier)
    if (person is None) == (unit is None):
        raise ValidationError("Chọn đúng một đối tượng: cá nhân hoặc tập thể.")
    subject_unit = person.unit_id if person else unit.pk
    if not Unit.objects.filter(pk=subject_unit, id__in=descendant_ids([dossier.unit_id])).exists():
        # checked first, before anything about the subject is said: one outside the actor's remit is "not found"
        # (no name, no unit), as a code that does not exist
        if not (person_policy.can(actor, "view", person) if person else unit_policy.can(actor, "view", unit)):
            raise ValidationError(SUBJECT_NOT_FOUND)
        raise ValidationError(f"{person or unit} không thuộc {dossier.unit.name} hoặc đơn vị cấp dưới.")
    entry = CatalogueEntry.objects.get(pk=entry.pk)
    subject_type = "CA_NHAN" if person else "TAP_THE"
    if entry.subject not in (subject_type, "CA_HAI"):
        raise ValidationError({"entry": f"{entry.name} không dành cho {'cá nhân' if person else 'tập thể'}."})
    subject = Person.objects.get(pk=person.pk) if person else Unit.objects.get(pk=unit.pk)
    if message := _held_message(subject, entry, dossier.year, person=person, unit=unit):
        raise ValidationError({"entry": message})
    # a dossier already submitted keeps the regime of its submission date (transitional provisions)
    status, snap = _snapshot(
        dossier.year, entry.code, subject, subject_type, verdict, review_date, submitted_on=dossier.submitted_on
    )
    item = DossierItem(
        dossier=dossier,
        person=person,
        unit=unit,
        entry=entry,
        year=dossier.year,
        kind=dossier.kind,
        achievement=achievement.strip(),
        achievement_key=_achievement_key(dossier.kind, achievement),
        eligibility_status=status,
        eligibility_snapshot=snap,
        justification=justification.strip(),
        position=dossier.items.count() + 1,
    )
    if message := _duplicate_message(item):
        raise ValidationError({"entry": message})
    item.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:  # a concurrent proposal of the same achievement won
        raise ValidationError({"entry": f"{subject} đã được đề nghị cho cùng thành tích."}) from exc
    audit_record(actor=actor, action="nominations.item.added", obj=item, after=snapshot(item, ITEM_FIELDS))
    return item


@dataclass(frozen=True)
class BulkAddResult:
    added: int
    skipped: int  # refused one by one (already proposed, or held since the screening): every reason in `refused`
    held: int = 0  # left out by the screening itself: they already hold the award (HELD)
    refused: tuple[str, ...] = ()

    def summary(self) -> str:
        held = f"; {self.held} đối tượng đã được tặng nên không đưa vào" if self.held else ""
        skipped = f"; {self.skipped} không thêm được" if self.skipped else ""
        return f"Đã thêm {self.added} đề nghị từ kết quả xét điều kiện{held}{skipped}."

    def refusals(self) -> str:
        """Every refusal in one message, so that all the duplicates are seen at once."""
        return f"Không thêm được {len(self.refused)} đề nghị: " + " ".join(self.refused)


@transaction.atomic
def items_add_from_screening(
    *,
    actor,
    dossier: Dossier,
    award_code: str,
    status: str = Status.ELIGIBLE,
    root: Unit | None = None,
    review_date: date | None = None,
) -> BulkAddResult:
    """Every subject of the dossier's unit (or `root` inside it) with that status for that award, screened at
    `review_date` (length of service counted up to it; 31/12 of the dossier's year when not given)."""
    dossier = _locked(dossier)
    dossier_policy.check_side(actor, "submitter", dossier)
    _editable(dossier)
    root = root or dossier.unit
    if not Unit.objects.filter(pk=root.pk, id__in=descendant_ids([dossier.unit_id])).exists():
        raise ValidationError({"unit": f"{root.name} không thuộc {dossier.unit.name}."})
    entry = CatalogueEntry.objects.filter(code=award_code).first()
    if entry is None:
        raise ValidationError({"award": f"Không có danh hiệu, hình thức mã {award_code}."})
    if status == Status.HELD:
        raise ValidationError({"status": f"Không đề nghị lại những đối tượng đã được tặng {entry.name}."})
    if review_date is not None and review_date.year != dossier.year:
        raise ValidationError({"review_date": f"Ngày xét phải thuộc năm {dossier.year} của hồ sơ."})
    screening = screen_bulk(
        year=dossier.year, actor=actor, root=root, award_codes=[award_code], review_date=review_date
    )
    rows = list(screening.select(award=award_code, status=Status(status)))
    held = screening.counts()[award_code, Status.HELD]  # left out: they already hold it
    added, refused = 0, []
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        for row, verdict in zip(chunk, explain(screening, chunk), strict=True):
            subject = (
                {"person": Person.objects.get(pk=row.subject_id)}
                if row.subject_type == "CA_NHAN"
                else {"unit": Unit.objects.get(pk=row.subject_id)}
            )
            try:
                with transaction.atomic():
                    item_add(
                        actor=actor, dossier=dossier, entry=entry, verdict=verdict, review_date=review_date, **subject
                    )
                added += 1
            except ValidationError as exc:  # every refusal is kept and reported, not only counted
                refused.append(" ".join(exc.messages))
    return BulkAddResult(added=added, skipped=len(refused), held=held, refused=tuple(refused))


@transaction.atomic
def item_update(*, actor, item: DossierItem, achievement: str | None = None, justification: str | None = None):
    item = DossierItem.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=item.pk)
    dossier_policy.check_side(actor, "submitter", item.dossier)
    _editable(item.dossier)
    before = snapshot(item, ITEM_FIELDS + ["achievement"])
    if achievement is not None:
        item.achievement = achievement.strip()
        item.achievement_key = _achievement_key(item.kind, item.achievement)
        if message := _duplicate_message(item):
            raise ValidationError({"achievement": message})
    if justification is not None:
        item.justification = justification.strip()
    item.save()
    audit_record(
        actor=actor,
        action="nominations.item.updated",
        obj=item,
        before=before,
        after=snapshot(item, ITEM_FIELDS + ["achievement"]),
    )
    return item


@transaction.atomic
def item_withdraw(*, actor, item: DossierItem, reason: str = "") -> DossierItem:
    """Take an item out of a dossier being prepared (kept, marked withdrawn: the list's history stays)."""
    item = DossierItem.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=item.pk)
    dossier_policy.check_side(actor, "submitter", item.dossier)
    _editable(item.dossier)
    status_reason = normalize_spaces(reason) or ITEM_TRANSITIONS["withdraw"].label
    _items_move(actor=actor, items=[item], action="withdraw", status_reason=status_reason)
    return item
