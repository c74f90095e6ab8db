"""The dossier transition table and the review of items."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tdkt.audit.services import audit_record, audit_record_many, snapshot
from tdkt.core.errors import DomainError
from tdkt.core.text import normalize_spaces
from tdkt.nominations.choices import (
    LEVEL_ORDER,
    DossierStatus,
    ItemStatus,
    NumberSeries,
)
from tdkt.nominations.models import (
    Authority,
    Dossier,
    DossierEvent,
    DossierItem,
)
from tdkt.nominations.policies import dossier_policy
from tdkt.nominations.services._common import DOSSIER_FIELDS, ITEM_FIELDS
from tdkt.nominations.services.dossiers import _locked
from tdkt.nominations.services.numbers import authority_for_unit, number_allocate
from tdkt.rules.model import Status

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
