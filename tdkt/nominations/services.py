"""Writes of the nomination flow: dossiers and items, the transition table, councils and tallies,
gap-free decision numbers and the issuing of decisions. Every service is atomic and audited."""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from tdkt.audit.services import audit_record, audit_record_many, snapshot
from tdkt.core.errors import DomainError
from tdkt.core.files import check_upload
from tdkt.core.text import fold, identity_key, normalize_spaces
from tdkt.eligibility.rulesets import rule_set_for
from tdkt.eligibility.screening import explain, screen, screen_bulk
from tdkt.nominations.choices import (
    KIND_PHRASES,
    LEVEL_ORDER,
    LIVE_ITEM_STATUSES,
    YEARLY_KINDS,
    DossierKind,
    DossierStatus,
    ItemStatus,
    NumberSeries,
)
from tdkt.nominations.models import (
    Attachment,
    Authority,
    Council,
    CouncilMember,
    DecisionIssue,
    DocumentTemplate,
    Dossier,
    DossierEvent,
    DossierItem,
    Meeting,
    NumberCounter,
    Tally,
)
from tdkt.nominations.policies import dossier_policy
from tdkt.org.models import Person, Unit
from tdkt.org.policies import EDITORS, person_policy, unit_policy
from tdkt.org.scoping import actor_holds_role_over, ancestor_ids, descendant_ids
from tdkt.org.selectors import SUBJECT_NOT_FOUND
from tdkt.records.choices import DecisionOrigin
from tdkt.records.models import Award, CatalogueEntry, Decision
from tdkt.records.services import award_record_by_decision, award_revoke_by_decision
from tdkt.rules.loader import RuleSetError
from tdkt.rules.model import Status
from tdkt.rules.votes import TallyError, tally_outcome

DOSSIER_FIELDS = ["title", "unit_id", "year", "kind", "status", "authority_id", "submission_number"]
ITEM_FIELDS = [
    "dossier_id",
    "person_id",
    "unit_id",
    "entry_id",
    "year",
    "kind",
    "status",
    "status_reason",
    "eligibility_status",
    "justification",
    "award_id",
]
TALLY_FIELDS = [
    "meeting_id",
    "item_id",
    "agree",
    "disagree",
    "abstain",
    "invalid",
    "members",
    "present",
    "base",
    "passed",
]


# --- authorities and numbers ------------------------------------------------------------------------


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


AUTHORITY_EDITABLE = {
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
}
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


# --- dossiers and items -----------------------------------------------------------------------------


def _editable(dossier: Dossier) -> None:
    if dossier.status not in (DossierStatus.NHAP, DossierStatus.TRA_LAI):
        raise DomainError(f"Hồ sơ đang ở trạng thái “{dossier.get_status_display()}”: không sửa được danh sách.")


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update(of=("self",)).select_related("authority", "unit").get(pk=dossier.pk)


@transaction.atomic
def dossier_create(*, actor, unit: Unit, year: int, kind: str, title: str) -> Dossier:
    unit = Unit.objects.get(pk=unit.pk)
    if not (actor.is_superuser or actor_holds_role_over(actor, EDITORS, unit)):
        raise PermissionDenied("Chỉ cán bộ thi đua – khen thưởng của đơn vị được lập hồ sơ đề nghị.")
    if kind not in DossierKind.values:
        raise ValidationError({"kind": "Loại khen thưởng không hợp lệ."})
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": "Năm thành tích không hợp lệ."})
    authority = authority_for_unit(unit)
    if authority is None:
        raise ValidationError({"unit": f"Chưa khai báo cơ quan có thẩm quyền cho {unit.name} hoặc cấp trên."})
    title = normalize_spaces(title)
    if not title:
        raise ValidationError({"title": "Phải ghi trích yếu của hồ sơ."})
    dossier = Dossier(
        title=title,
        unit=unit,
        year=year,
        kind=kind,
        authority=authority,
        status_since=timezone.now(),
        created_by=actor,
    )
    dossier.full_clean()
    dossier.save()
    audit_record(
        actor=actor, action="nominations.dossier.created", obj=dossier, after=snapshot(dossier, DOSSIER_FIELDS)
    )
    return dossier


def _facts_snapshot(subject, subject_type: str, year: int) -> dict:
    """The facts the verdict was computed from, as plain data (what the records said that day)."""
    import dataclasses
    from datetime import date as date_type

    from tdkt.eligibility.facts import person_facts, unit_facts

    review = date_type(year, 12, 31)
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


def _snapshot(year: int, code: str, subject, subject_type: str, verdict=None) -> tuple[str, dict]:
    """The law's verdict when the item was proposed: the rule set and its version (the file with this
    installation's overrides), the facts read and the verdict with every reason."""
    from tdkt.eligibility.rulesets import rule_set_digest

    try:
        if verdict is None:
            rule_set, verdicts = screen(year=year, subject_code=subject.code, award_codes=[code])
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
        "facts": _facts_snapshot(subject, subject_type, year),
        "verdict": verdict.as_dict(),
    }


def _achievement_key(kind: str, achievement: str) -> str:
    return "" if kind in YEARLY_KINDS else fold(normalize_spaces(achievement))[:200]


def _duplicate_message(item: DossierItem) -> str | None:
    clash = (
        DossierItem.objects.filter(
            person=item.person,
            unit=item.unit,
            entry=item.entry,
            year=item.year,
            kind=item.kind,
            achievement_key=item.achievement_key,
            status__in=LIVE_ITEM_STATUSES,
        )
        .exclude(pk=item.pk)
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
) -> DossierItem:
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
    status, snap = _snapshot(dossier.year, entry.code, subject, subject_type, verdict)
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
    skipped: int  # already proposed for the same achievement


@transaction.atomic
def items_add_from_screening(
    *, actor, dossier: Dossier, award_code: str, status: str = Status.ELIGIBLE, root: Unit | None = None
) -> BulkAddResult:
    """Every subject of the dossier's unit (or `root` inside it) with that status for that award."""
    dossier = _locked(dossier)
    dossier_policy.check_side(actor, "submitter", dossier)
    _editable(dossier)
    root = root or dossier.unit
    if not Unit.objects.filter(pk=root.pk, id__in=descendant_ids([dossier.unit_id])).exists():
        raise ValidationError({"unit": f"{root.name} không thuộc {dossier.unit.name}."})
    entry = CatalogueEntry.objects.filter(code=award_code).first()
    if entry is None:
        raise ValidationError({"award": f"Không có danh hiệu, hình thức mã {award_code}."})
    screening = screen_bulk(year=dossier.year, actor=actor, root=root, award_codes=[award_code])
    rows = list(screening.select(award=award_code, status=Status(status)))
    added = skipped = 0
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
                    item_add(actor=actor, dossier=dossier, entry=entry, verdict=verdict, **subject)
                added += 1
            except ValidationError:
                skipped += 1
    return BulkAddResult(added=added, skipped=skipped)


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
    before = snapshot(item, ITEM_FIELDS)
    item.status, item.status_reason = ItemStatus.DA_RUT, normalize_spaces(reason) or "Rút khỏi danh sách"
    item.save(update_fields=["status", "status_reason"])
    audit_record(
        actor=actor, action="nominations.item.withdrawn", obj=item, before=before, after=snapshot(item, ITEM_FIELDS)
    )
    return item


@transaction.atomic
def attachment_add(*, actor, dossier: Dossier, upload, item: DossierItem | None = None) -> Attachment:
    dossier = _locked(dossier)
    dossier_policy.check_side(actor, "submitter", dossier)
    _editable(dossier)
    if item is not None and item.dossier_id != dossier.pk:
        raise ValidationError({"item": "Đề nghị không thuộc hồ sơ này."})
    content_type = check_upload(upload, max_bytes=settings.ATTACHMENT_MAX_MB * 1024 * 1024)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        dossier=dossier,
        item=item,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save(f"{digest.hexdigest()[:16]}-{fold(upload.name)[-60:]}".replace(" ", "-"), upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)  # no orphan file when the row is not written
        raise
    audit_record(
        actor=actor,
        action="nominations.attachment.added",
        obj=attachment,
        after={
            "dossier": dossier.pk,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
            "size": attachment.size,
        },
    )
    return attachment


# --- the transition table ---------------------------------------------------------------------------

S = DossierStatus


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    side: str  # which side of the flow may do it (policies.SIDES)
    label: str
    needs_reason: bool = False


TRANSITIONS = {
    "submit": Transition(frozenset({S.NHAP}), S.DA_GUI, "submitter", "Trình hồ sơ"),
    "withdraw": Transition(frozenset({S.NHAP, S.DA_GUI, S.TRA_LAI}), S.DA_RUT, "submitter", "Rút hồ sơ", True),
    "revise": Transition(frozenset({S.TRA_LAI}), S.NHAP, "submitter", "Sửa, bổ sung hồ sơ"),
    "receive": Transition(frozenset({S.DA_GUI}), S.DANG_XET, "reviewer", "Tiếp nhận"),
    "return": Transition(
        frozenset({S.DA_GUI, S.DANG_XET, S.BIEU_QUYET, S.DA_XET}), S.TRA_LAI, "reviewer", "Trả lại để bổ sung", True
    ),
    "to_council": Transition(frozenset({S.DANG_XET}), S.BIEU_QUYET, "reviewer", "Đưa ra hội đồng"),
    "close_vote": Transition(frozenset({S.BIEU_QUYET}), S.DA_XET, "council", "Kết thúc biểu quyết"),
    "forward": Transition(frozenset({S.DANG_XET, S.DA_XET}), S.DA_GUI, "reviewer", "Trình lên cấp trên"),
    "decide": Transition(frozenset({S.DA_XET}), S.DA_QUYET_DINH, "signer", "Ra quyết định"),
}


def _event(*, actor, dossier: Dossier, action: str, source: str, reason: str = "") -> None:
    DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_status=source,
        to_status=dossier.status,
        authority=dossier.authority,
        actor=actor,
        reason=reason,
    )


def _pending(dossier: Dossier):
    return dossier.items.filter(status=ItemStatus.DE_NGHI)


def _above(item: DossierItem, authority: Authority) -> bool:
    return LEVEL_ORDER[item.entry.level] > LEVEL_ORDER[authority.level]


def _check_before(action: str, dossier: Dossier) -> None:
    live = dossier.items.exclude(status=ItemStatus.DA_RUT)
    if action == "submit":
        if not live.exists():
            raise DomainError("Hồ sơ chưa có đề nghị nào.")
        unjustified = live.filter(eligibility_status=Status.NOT_ELIGIBLE, justification="")
        if unjustified.exists():
            names = ", ".join(str(i.subject) for i in unjustified.select_related("person", "unit")[:5])
            raise DomainError(f"Đề nghị chưa đủ điều kiện phải có giải trình trước khi trình: {names}.")
    if action == "close_vote":
        untallied = _pending(dossier).exclude(tallies__meeting__council__unit_id=dossier.authority.unit_id)
        if untallied.exists():
            raise DomainError(f"Còn {untallied.count()} đề nghị chưa có kết quả kiểm phiếu.")
    if action == "forward":
        if dossier.authority.parent_id is None:
            raise DomainError(f"{dossier.authority.name} không có cấp trên để trình.")
        if not (
            live.filter(status=ItemStatus.CHUYEN_LEN).exists()
            or any(_above(i, dossier.authority) for i in live.filter(status=ItemStatus.DAT).select_related("entry"))
        ):
            raise DomainError("Không có đề nghị nào vượt thẩm quyền cấp này để trình lên.")
        if dossier.status == S.DANG_XET and _pending(dossier).exists():
            raise DomainError("Còn đề nghị chưa được xét: thông qua, loại hoặc chuyển lên từng đề nghị trước.")


@transaction.atomic
def dossier_transition(*, actor, dossier: Dossier, action: str, reason: str = "") -> Dossier:
    """The one service that changes a dossier's status, by the table above."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise DomainError(f"Thao tác không hợp lệ: {action}.")
    if action == "decide":
        raise DomainError("Ra quyết định bằng chức năng ban hành quyết định (cấp số, người ký).")
    return _apply(actor=actor, dossier=dossier, action=action, reason=reason)


def _apply(*, actor, dossier: Dossier, action: str, reason: str = "") -> Dossier:
    transition = TRANSITIONS[action]
    dossier = _locked(dossier)
    dossier_policy.check_side(actor, transition.side, dossier)
    if dossier.status not in transition.sources:
        allowed = ", ".join(f"“{S(s).label}”" for s in sorted(transition.sources))
        raise DomainError(
            f"Không thể “{transition.label.lower()}” khi hồ sơ đang “{dossier.get_status_display()}” "
            f"(chỉ khi {allowed})."
        )
    reason = normalize_spaces(reason)
    if transition.needs_reason and not reason:
        raise ValidationError({"reason": f"Phải ghi lý do khi {transition.label.lower()}."})
    _check_before(action, dossier)
    before, source = snapshot(dossier, DOSSIER_FIELDS), dossier.status
    if action == "submit" and not dossier.submission_number:
        own = authority_for_unit(dossier.unit)
        number = number_allocate(authority=own, year=timezone.localdate().year, series=NumberSeries.TTR)
        dossier.submission_number = f"{number}/{own.suffix(NumberSeries.TTR)}"
        dossier.submitted_on = timezone.localdate()
    # every item the transition changes gets its own event, like any other write (`tdkt audit verify --records`)
    item_events = []
    if action == "withdraw":
        open_items = (ItemStatus.DE_NGHI, ItemStatus.DAT, ItemStatus.CHUYEN_LEN)
        for item in dossier.items.filter(status__in=open_items).order_by("pk"):
            before_item = snapshot(item, ITEM_FIELDS)
            item.status, item.status_reason = ItemStatus.DA_RUT, "Hồ sơ đã rút"
            item.save(update_fields=["status", "status_reason"])
            item_events.append(("nominations.item.withdrawn", item, before_item, snapshot(item, ITEM_FIELDS)))
    if action == "forward":
        rising = dossier.items.filter(status__in=(ItemStatus.DAT, ItemStatus.CHUYEN_LEN)).select_related("entry")
        for item in rising.order_by("pk"):
            if item.status == ItemStatus.DAT and not _above(item, dossier.authority):
                continue  # decided at this level: it stays with this authority
            before_item = snapshot(item, ITEM_FIELDS)
            item.status, item.status_reason = ItemStatus.DE_NGHI, f"{dossier.authority.name} trình lên"
            item.save(update_fields=["status", "status_reason"])
            item_events.append(("nominations.item.forward", item, before_item, snapshot(item, ITEM_FIELDS)))
        dossier.authority = dossier.authority.parent
    audit_record_many(actor=actor, events=item_events, reason=reason)
    dossier.status = transition.target
    dossier.status_since = timezone.now()
    dossier.save()
    _event(actor=actor, dossier=dossier, action=action, source=source, reason=reason)
    audit_record(
        actor=actor,
        action=f"nominations.dossier.{action}",
        obj=dossier,
        before=before,
        after=snapshot(dossier, DOSSIER_FIELDS),
        reason=reason,
    )
    return dossier


ITEM_ACTIONS = {"approve": ItemStatus.DAT, "reject": ItemStatus.KHONG_DAT, "forward": ItemStatus.CHUYEN_LEN}


@transaction.atomic
def item_review(*, actor, item: DossierItem, action: str, reason: str = "") -> DossierItem:
    """At the receiving level, one item at a time: approve, reject (with a reason) or mark for the level above."""
    item = (
        DossierItem.objects.select_for_update(of=("self",))
        .select_related("dossier__authority", "entry")
        .get(pk=item.pk)
    )
    dossier = item.dossier
    dossier_policy.check_side(actor, "reviewer", dossier)
    if action not in ITEM_ACTIONS:
        raise DomainError(f"Thao tác không hợp lệ: {action}.")
    if dossier.status not in (S.DANG_XET, S.DA_XET):
        raise DomainError(f"Chỉ xét từng đề nghị khi hồ sơ đang xét (hiện: “{dossier.get_status_display()}”).")
    if item.status not in (ItemStatus.DE_NGHI, ItemStatus.DAT):
        raise DomainError(f"Đề nghị đã “{item.get_status_display()}”.")
    reason = normalize_spaces(reason)
    if action == "reject" and not reason:
        raise ValidationError({"reason": "Phải ghi lý do không chấp thuận."})
    if action == "forward" and dossier.authority.parent_id is None:
        raise DomainError(f"{dossier.authority.name} không có cấp trên để trình.")
    before = snapshot(item, ITEM_FIELDS)
    item.status, item.status_reason = ITEM_ACTIONS[action], reason
    item.save(update_fields=["status", "status_reason"])
    audit_record(
        actor=actor,
        action=f"nominations.item.{action}",
        obj=item,
        before=before,
        after=snapshot(item, ITEM_FIELDS),
        reason=reason,
    )
    return item


# --- councils, meetings, tallies --------------------------------------------------------------------


def _check_council_manager(actor, unit: Unit) -> None:
    if not (actor.is_superuser or actor_holds_role_over(actor, EDITORS, unit)):
        raise PermissionDenied("Chỉ cán bộ thi đua – khen thưởng hoặc quản trị của đơn vị được lập hội đồng.")


@transaction.atomic
def council_create(*, actor, unit: Unit, name: str, term_start: date, term_end: date | None = None) -> Council:
    _check_council_manager(actor, unit)
    council = Council(unit=unit, name=normalize_spaces(name), term_start=term_start, term_end=term_end)
    council.full_clean()
    council.save()
    audit_record(
        actor=actor,
        action="nominations.council.created",
        obj=council,
        after={"unit": unit.pk, "name": council.name, "term_start": str(term_start)},
    )
    return council


@transaction.atomic
def council_member_add(
    *, actor, council: Council, full_name: str, role: str, rank: str = "", position: str = "", person=None, user=None
) -> CouncilMember:
    _check_council_manager(actor, council.unit)
    member = CouncilMember(
        council=council,
        full_name=normalize_spaces(full_name),
        role=role,
        rank=rank,
        position=position,
        person=person,
        user=user,
        position_in_list=council.members.count() + 1,
    )
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="nominations.council.member_added",
        obj=member,
        after={"council": council.pk, "name": member.full_name, "role": role},
    )
    return member


def council_for(unit: Unit, day: date) -> Council | None:
    return (
        Council.objects.filter(unit=unit, term_start__lte=day)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
        .order_by("-term_start")
        .first()
    )


@transaction.atomic
def meeting_create(
    *,
    actor,
    dossier: Dossier,
    held_on: date,
    place: str,
    presided_by: CouncilMember,
    attendees: list[CouncilMember],
    conclusion: str = "",
) -> Meeting:
    dossier = _locked(dossier)
    dossier_policy.check_side(actor, "council", dossier)
    council = council_for(dossier.authority.unit, held_on)
    if council is None:
        raise ValidationError(
            {"held_on": f"{dossier.authority.name} chưa có hội đồng trong nhiệm kỳ ngày {held_on:%d/%m/%Y}."}
        )
    members = set(council.members.values_list("pk", flat=True))
    if any(a.pk not in members for a in attendees) or presided_by.pk not in members:
        raise ValidationError({"attendees": "Người dự họp phải là thành viên của hội đồng."})
    if presided_by.pk not in {a.pk for a in attendees}:
        raise ValidationError({"presided_by": "Người chủ trì phải có mặt."})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Ngày họp không được sau hôm nay."})
    if dossier.submitted_on and held_on < dossier.submitted_on:
        raise ValidationError(
            {"held_on": f"Ngày họp không được trước ngày trình hồ sơ ({dossier.submitted_on:%d/%m/%Y})."}
        )
    meeting = Meeting.objects.create(
        council=council,
        held_on=held_on,
        place=normalize_spaces(place),
        presided_by=presided_by,
        conclusion=conclusion.strip(),
        created_by=actor,
    )
    meeting.attendees.set(attendees)
    meeting.dossiers.add(dossier)
    audit_record(
        actor=actor,
        action="nominations.meeting.created",
        obj=meeting,
        after={
            "council": council.pk,
            "held_on": str(held_on),
            "attendees": sorted(a.pk for a in attendees),
            "dossier": dossier.pk,
        },
    )
    return meeting


@transaction.atomic
def tally_record(
    *,
    actor,
    meeting: Meeting,
    item: DossierItem,
    agree: int,
    disagree: int,
    abstain: int,
    invalid: int,
    recused: list[CouncilMember] = (),
) -> Tally:
    """The secretary's count for one item; checked against the rule set's threshold, base and quorum."""
    item = (
        DossierItem.objects.select_for_update(of=("self",))
        .select_related("dossier__authority", "entry", "person", "unit")
        .get(pk=item.pk)
    )
    dossier = item.dossier
    dossier_policy.check_side(actor, "council", dossier)
    meeting = Meeting.objects.select_related("council").get(pk=meeting.pk)
    if dossier.status != S.BIEU_QUYET:
        raise DomainError(f"Hồ sơ chưa được đưa ra hội đồng (hiện: “{dossier.get_status_display()}”).")
    if meeting.council.unit_id != dossier.authority.unit_id or not meeting.dossiers.filter(pk=dossier.pk).exists():
        raise ValidationError({"meeting": "Cuộc họp không xét hồ sơ này."})
    if item.status != ItemStatus.DE_NGHI:
        raise DomainError(f"Đề nghị đã “{item.get_status_display()}”.")
    if Tally.objects.filter(meeting=meeting, item=item).exists():
        raise DomainError("Đề nghị này đã có kết quả kiểm phiếu trong cuộc họp.")
    members = list(meeting.council.members.all())
    attendees = set(meeting.attendees.values_list("pk", flat=True))
    recused = list(recused)
    if any(r.pk not in {m.pk for m in members} for r in recused):
        raise ValidationError({"recused": "Người không tham gia phải là thành viên hội đồng."})
    # A member who is the nominee never votes on their own proposal.
    nominee = [m for m in members if item.person_id and m.person_id == item.person_id]
    recused_ids = {r.pk for r in recused} | {m.pk for m in nominee}
    rule = rule_set_for(dossier.year).vote_rule(item.entry.code)
    try:  # an absent nominee is simply not a voter: the base shrinks by every recused member
        outcome = tally_outcome(
            rule,
            members=len(members) - len(recused_ids - attendees),
            present=len(attendees),
            recused=len(recused_ids & attendees),
            agree=agree,
            disagree=disagree,
            abstain=abstain,
            invalid=invalid,
        )
    except TallyError as exc:
        raise ValidationError(str(exc)) from exc
    tally = Tally.objects.create(
        meeting=meeting,
        item=item,
        agree=agree,
        disagree=disagree,
        abstain=abstain,
        invalid=invalid,
        members=len(members),
        present=len(attendees),
        base=outcome.base,
        rule=rule.as_dict(),
        passed=outcome.passed,
        entered_by=actor,
    )
    tally.recused.set([m for m in members if m.pk in recused_ids])
    before = snapshot(item, ITEM_FIELDS)
    item.status = ItemStatus.DAT if outcome.passed else ItemStatus.KHONG_DAT
    item.status_reason = f"Hội đồng {meeting.held_on:%d/%m/%Y}: {outcome.text}"
    item.save(update_fields=["status", "status_reason"])
    audit_record(actor=actor, action="nominations.tally.recorded", obj=tally, after=snapshot(tally, TALLY_FIELDS))
    audit_record(
        actor=actor, action="nominations.item.voted", obj=item, before=before, after=snapshot(item, ITEM_FIELDS)
    )
    return tally


# --- decisions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    title: str
    name: str
    rank: str = ""
    authority: str = ""  # "TM. ĐẢNG ỦY", "KT. TƯ LỆNH" …


def _check_signer(actor, authority: Authority) -> None:
    from tdkt.nominations.policies import SIDES

    if actor.is_superuser or (authority.unit and actor_holds_role_over(actor, SIDES["signer"], authority.unit)):
        return
    raise PermissionDenied(f"Chỉ chỉ huy có thẩm quyền của {authority.name} được ký quyết định.")


def _decision_issue(
    *,
    actor,
    authority: Authority,
    signed_on: date,
    signer: Signer,
    title: str,
    idempotency_key: str,
    dossier: Dossier | None = None,
    is_revocation: bool = False,
) -> tuple[DecisionIssue, bool]:
    """(issue, created). A key seen before returns the decision already issued with it."""
    key = normalize_spaces(idempotency_key)
    if not key or len(key) > 64:
        raise ValidationError({"idempotency_key": "Thiếu mã chống gửi trùng của yêu cầu."})
    _check_signer(actor, authority)
    existing = DecisionIssue.objects.filter(idempotency_key=key).select_related("decision").first()
    if existing:
        return existing, False
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "Ngày ký không được sau hôm nay."})
    if not normalize_spaces(signer.name) or not normalize_spaces(signer.title):
        raise ValidationError({"signer_name": "Phải ghi chức vụ và họ tên người ký."})
    sequence = number_allocate(authority=authority, year=signed_on.year, series=NumberSeries.QD)
    number = f"{sequence}/{authority.suffix(NumberSeries.QD)}"
    if signed_on.year < authority.created_at.year:
        # Before tdkt numbered this authority, its paper decisions were recorded by hand: a number one of them
        # holds is taken (one identity, one decision), so the series moves past it.
        taken = _recorded_numbers(authority, signed_on.year)
        while identity_key(number) in taken:
            sequence = number_allocate(authority=authority, year=signed_on.year, series=NumberSeries.QD)
            number = f"{sequence}/{authority.suffix(NumberSeries.QD)}"
    decision = Decision(
        number=number,
        year=signed_on.year,
        signed_on=signed_on,
        issuer=authority.name,
        issuer_unit=authority.unit,
        is_revocation=is_revocation,
        origin=DecisionOrigin.ISSUED,
    )
    # The number comes from the locked counter: the identity constraints hold by construction and the database
    # enforces them; validating them here would add queries inside the one serialised section of issuing.
    decision.full_clean(validate_constraints=False)
    decision.save()
    issue = DecisionIssue.objects.create(
        decision=decision,
        authority=authority,
        year=signed_on.year,
        series=NumberSeries.QD,
        sequence=sequence,
        title=normalize_spaces(title),
        signer_authority=normalize_spaces(signer.authority),
        signer_title=normalize_spaces(signer.title),
        signer_rank=normalize_spaces(signer.rank),
        signer_name=normalize_spaces(signer.name),
        dossier=dossier,
        idempotency_key=key,
        issued_by=actor,
    )
    audit_record(
        actor=actor,
        action="nominations.decision.issued",
        obj=issue,
        after={
            "number": number,
            "year": signed_on.year,
            "authority": authority.code,
            "dossier": dossier.pk if dossier else None,
            "signer": issue.signer_name,
            "revocation": is_revocation,
        },
    )
    return issue, True


@transaction.atomic
def decision_issue(
    *, actor, dossier: Dossier, signed_on: date, signer: Signer, idempotency_key: str, title: str = ""
) -> DecisionIssue:
    """Issue the decision of the dossier's current level for its approved items within that level's
    authority; the awards are written in the same transaction. A repeated request returns the same one."""
    dossier = _locked(dossier)
    dossier_policy.check_side(actor, "signer", dossier)  # before the key: a replayed key tells nothing
    # The lock serialises identical requests: the second one finds the first one's decision here.
    existing = DecisionIssue.objects.filter(idempotency_key=normalize_spaces(idempotency_key)).first()
    if existing:
        return existing
    if dossier.status != S.DA_XET:
        raise DomainError(f"Chỉ ra quyết định khi hội đồng đã xét (hiện: “{dossier.get_status_display()}”).")
    _check_signing_order(dossier, signed_on)
    authority = dossier.authority
    items = [
        i
        for i in dossier.items.filter(status=ItemStatus.DAT).select_related("entry", "person", "unit")
        if not _above(i, authority)
    ]
    if not items:
        raise DomainError("Không có đề nghị nào được thông qua thuộc thẩm quyền cấp này.")
    issue, _ = _decision_issue(
        actor=actor,
        authority=authority,
        signed_on=signed_on,
        signer=signer,
        idempotency_key=idempotency_key,
        dossier=dossier,
        title=title or f"Về việc khen thưởng {KIND_PHRASES[dossier.kind]} năm {dossier.year}",
    )
    for item in items:
        award = award_record_by_decision(
            actor=actor,
            decision=issue.decision,
            entry=item.entry,
            year=item.year,
            person=item.person,
            unit=item.unit,
            kind=_award_kind(dossier.kind),
            achievement=item.achievement,
        )
        before = snapshot(item, ITEM_FIELDS)
        item.award, item.status = award, ItemStatus.DA_KHEN
        item.status_reason = f"Quyết định số {issue.decision.number} ngày {signed_on:%d/%m/%Y}"
        item.save(update_fields=["award", "status", "status_reason"])
        audit_record(
            actor=actor, action="nominations.item.awarded", obj=item, before=before, after=snapshot(item, ITEM_FIELDS)
        )
    remaining = [i for i in dossier.items.filter(status=ItemStatus.DAT).select_related("entry") if _above(i, authority)]
    if not remaining:
        before, source = snapshot(dossier, DOSSIER_FIELDS), dossier.status
        dossier.status, dossier.status_since = S.DA_QUYET_DINH, timezone.now()
        dossier.save(update_fields=["status", "status_since", "updated_at"])
        _event(
            actor=actor,
            dossier=dossier,
            action="decide",
            source=source,
            reason=f"Quyết định số {issue.decision.number}",
        )
        audit_record(
            actor=actor,
            action="nominations.dossier.decide",
            obj=dossier,
            before=before,
            after=snapshot(dossier, DOSSIER_FIELDS),
        )
    return issue


def _recorded_numbers(authority: Authority, year: int) -> set[str]:
    """The numbers (identity form) of decisions of `authority` recorded for `year`, by its unit or its name."""
    names = {identity_key(authority.name), identity_key(authority.issuing_body)}
    rows = Decision.objects.filter(year=year).values_list("number", "issuer", "issuer_unit_id")
    return {
        identity_key(number)
        for number, issuer, unit_id in rows
        if (unit_id is not None and unit_id == authority.unit_id) or identity_key(issuer) in names
    }


def _check_signing_order(dossier: Dossier, signed_on: date) -> None:
    """Dates keep their order: submission ≤ council meeting ≤ signing ≤ today."""
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "Ngày ký không được sau hôm nay."})
    if dossier.submitted_on and signed_on < dossier.submitted_on:
        raise ValidationError(
            {"signed_on": f"Ngày ký không được trước ngày trình hồ sơ ({dossier.submitted_on:%d/%m/%Y})."}
        )
    last_meeting = dossier.meetings.order_by("-held_on").values_list("held_on", flat=True).first()
    if last_meeting and signed_on < last_meeting:
        raise ValidationError(
            {"signed_on": f"Ngày ký không được trước ngày họp hội đồng xét hồ sơ ({last_meeting:%d/%m/%Y})."}
        )


def _check_revocable(authority: Authority, awards: list[Award], signed_on: date) -> list[Award]:
    """Each award exists, is in force, and is within the authority's competence (competence.authority_refusal);
    the revocation is not dated before the award's decision. Refused as a whole, before a number is taken."""
    from tdkt.nominations.competence import authority_refusal, subject_unit_id

    ids = [a.pk for a in awards]
    if len(set(ids)) != len(ids):
        raise ValidationError({"awards": "Mỗi khen thưởng chỉ được chọn một lần."})
    locked = list(
        Award.objects.select_for_update(of=("self",))
        .select_related("person", "unit", "entry", "decision")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(locked) != len(ids):
        raise ValidationError({"awards": "Không tìm thấy khen thưởng cần hủy bỏ."})
    for award in locked:
        if refusal := authority_refusal(
            authority=authority,
            entry=award.entry,
            subject_unit_id=subject_unit_id(award),
            on=signed_on,
            action="revoke",
            award=award,
        ):
            raise ValidationError({"awards": f"{award.entry.name} năm {award.year} — {award.subject}: {refusal}"})
        if award.decision and award.decision.signed_on and signed_on < award.decision.signed_on:
            raise ValidationError(
                {"signed_on": f"Ngày ký không được trước quyết định khen thưởng số {award.decision.number}."}
            )
    return locked


def _award_kind(kind: str) -> str:
    return "THUONG_XUYEN" if kind in YEARLY_KINDS else kind


@transaction.atomic
def revocation_issue(
    *,
    actor,
    authority: Authority,
    awards: list[Award],
    reason: str,
    signed_on: date,
    signer: Signer,
    idempotency_key: str,
) -> DecisionIssue:
    """A numbered decision that annuls the listed awards, each with the reason (Law ch. VII)."""
    if not normalize_spaces(reason):
        raise ValidationError({"reason": "Phải ghi lý do hủy bỏ."})
    if not awards:
        raise ValidationError({"awards": "Chọn khen thưởng cần hủy bỏ."})
    _check_signer(actor, authority)
    existing = DecisionIssue.objects.filter(idempotency_key=normalize_spaces(idempotency_key)).first()
    if existing:
        return existing
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "Ngày ký không được sau hôm nay."})
    awards = _check_revocable(authority, list(awards), signed_on)
    issue, created = _decision_issue(
        actor=actor,
        authority=authority,
        signed_on=signed_on,
        signer=signer,
        idempotency_key=idempotency_key,
        title="Về việc hủy bỏ quyết định khen thưởng",
        is_revocation=True,
    )
    if created:
        for award in awards:
            award_revoke_by_decision(actor=actor, award=award, decision=issue.decision, reason=reason)
    return issue


def decision_create_plain(
    *, actor, authority: Authority, signed_on: date, signer: Signer, idempotency_key: str, title: str
) -> DecisionIssue:
    """A numbered decision without awards (used by benchmarks and the numbering tests)."""
    with transaction.atomic():
        return _decision_issue(
            actor=actor,
            authority=authority,
            signed_on=signed_on,
            signer=signer,
            idempotency_key=idempotency_key,
            title=title,
        )[0]


# --- document templates -----------------------------------------------------------------------------


@transaction.atomic
def document_template_replace(*, actor, name: str, upload) -> DocumentTemplate:
    """Replace a default template with the installation's own DOCX; refused unless its Jinja uses only the
    document's context (`documents.fields`). The template is parsed, never rendered: nothing in it runs here."""
    from tdkt.nominations import documents
    from tdkt.nominations.documents.templates import DEFAULTS
    from tdkt.records.policies import catalogue_can_manage

    if not catalogue_can_manage(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được thay mẫu văn bản.")
    if name not in DEFAULTS:
        raise ValidationError({"name": "Không có mẫu văn bản này."})
    if check_upload(upload, max_bytes=settings.ATTACHMENT_MAX_MB * 1024 * 1024) != (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ):
        raise ValidationError({"file": "Mẫu văn bản phải là tệp DOCX."})
    data = upload.read()
    documents.check_template(name, data)
    folder = documents.template_dir()
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{name}.docx.tmp"
    temporary.write_bytes(data)
    record = DocumentTemplate.objects.filter(name=name).first()
    before = {"sha256": record.sha256} if record else None
    record = record or DocumentTemplate(name=name)
    record.sha256, record.size = hashlib.sha256(data).hexdigest(), len(data)
    record.original_name, record.uploaded_by = upload.name[:255], actor
    record.save()
    audit_record(
        actor=actor,
        action="nominations.template.replaced",
        obj=record,
        before=before,
        after={"name": name, "sha256": record.sha256, "size": record.size},
    )
    transaction.on_commit(lambda: temporary.replace(folder / f"{name}.docx"))
    return record


@transaction.atomic
def document_template_reset(*, actor, name: str) -> None:
    """Back to the default template (the replacement's record and file are removed, the audit keeps them)."""
    from tdkt.nominations import documents
    from tdkt.records.policies import catalogue_can_manage

    if not catalogue_can_manage(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được thay mẫu văn bản.")
    record = DocumentTemplate.objects.filter(name=name).first()
    if record is None:
        raise DomainError("Mẫu này đang là mẫu mặc định.")
    audit_record(actor=actor, action="nominations.template.reset", obj=record, before={"sha256": record.sha256})
    record.delete()
    transaction.on_commit(lambda: (documents.template_dir() / f"{name}.docx").unlink(missing_ok=True))
