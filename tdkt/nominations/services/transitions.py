"""The dossier transition table and the review of items."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from tdkt.audit.services import audit_record, audit_record_many, snapshot
from tdkt.core.errors import DomainError
from tdkt.core.text import normalize_spaces
from tdkt.nominations.authority_matrix import matrix
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
from tdkt.nominations.services.votes import awaiting_vote
from tdkt.nominations.services.votes import item_names as vote_names
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


IS = ItemStatus


@dataclass(frozen=True)
class ItemTransition:
    sources: frozenset
    target: str
    event: str  # the audit action, `nominations.item.<event>`
    label: str


ITEM_TRANSITIONS = {
    # the receiving level reviews one item at a time (`item_review`)
    "approve": ItemTransition(frozenset({IS.DE_NGHI, IS.DAT}), IS.DAT, "approve", "Thông qua"),
    "reject": ItemTransition(frozenset({IS.DE_NGHI, IS.DAT}), IS.KHONG_DAT, "reject", "Không chấp thuận"),
    "forward": ItemTransition(frozenset({IS.DE_NGHI, IS.DAT}), IS.CHUYEN_LEN, "forward", "Chuyển cấp trên"),
    # the council's tally (`tally_record`)
    # (an item approved at review still goes to the vote when its title needs one: `services.votes`)
    "vote_pass": ItemTransition(frozenset({IS.DE_NGHI, IS.DAT}), IS.DAT, "voted", "Hội đồng thông qua"),
    "vote_fail": ItemTransition(frozenset({IS.DE_NGHI, IS.DAT}), IS.KHONG_DAT, "voted", "Hội đồng không thông qua"),
    # the submitter takes one item out of a draft (`item_withdraw`); an awarded item never leaves
    "withdraw": ItemTransition(
        frozenset({IS.DE_NGHI, IS.DAT, IS.KHONG_DAT, IS.CHUYEN_LEN}), IS.DA_RUT, "withdrawn", "Rút khỏi danh sách"
    ),
    # the items a dossier's transition carries with it (`_dossier_move`)
    "dossier_withdraw": ItemTransition(
        frozenset({IS.DE_NGHI, IS.DAT, IS.CHUYEN_LEN}), IS.DA_RUT, "withdrawn", "Rút hồ sơ"
    ),
    "raise": ItemTransition(frozenset({IS.DAT, IS.CHUYEN_LEN}), IS.DE_NGHI, "forward", "Trình lên cấp trên"),
    "award": ItemTransition(frozenset({IS.DAT}), IS.DA_KHEN, "awarded", "Khen thưởng theo quyết định"),
}


# what an item event names (`str(item)`): loaded with the items, not once per item
_NAMED = ("entry", "person", "unit")


def _items_move(
    *, actor, items: list[DossierItem], action: str, status_reason: str, reason: str = "", values=None
) -> list[DossierItem]:
    """Move items (locked or under their locked dossier) by ITEM_TRANSITIONS: one UPDATE per batch, one audit
    event per item written in one batch. `values` maps an item's pk to further fields to set (the award)."""
    transition = ITEM_TRANSITIONS[action]
    for item in items:
        if item.status not in transition.sources:
            raise DomainError(f"Đề nghị đã “{item.get_status_display()}”.")
    events, own = [], list(next(iter((values or {}).values()), {}))
    for item in items:
        before = snapshot(item, ITEM_FIELDS)
        item.status, item.status_reason = transition.target, status_reason
        for name, value in (values or {}).get(item.pk, {}).items():
            setattr(item, name, value)
        events.append((f"nominations.item.{transition.event}", item, before, snapshot(item, ITEM_FIELDS)))
    for start in range(0, len(items), _BATCH):
        chunk = items[start : start + _BATCH]
        DossierItem.objects.filter(pk__in=[i.pk for i in chunk]).update(
            status=transition.target, status_reason=status_reason
        )
        if own:
            _set_each(chunk, own)
    audit_record_many(actor=actor, events=events, reason=reason)
    return items


_BATCH = 500


def _set_each(items: list[DossierItem], names: list[str]) -> None:
    """One UPDATE giving each item its own value of foreign keys `names` (a CASE on the primary key). Django's
    `bulk_update` builds the same statement out of expressions, which cost more than the whole signing."""
    quote, table = connection.ops.quote_name, DossierItem._meta.db_table
    sets, params = [], []
    for name in names:
        column = DossierItem._meta.get_field(name).attname
        sets.append(f"{quote(column)} = CASE {quote('id')} {' '.join(['WHEN %s THEN %s'] * len(items))} END")
        params += [value for item in items for value in (item.pk, getattr(item, column))]
    where = ", ".join(["%s"] * len(items))
    # only the model's own identifiers, quoted, are spliced in; every value is a parameter
    sql = f"UPDATE {quote(table)} SET {', '.join(sets)} WHERE {quote('id')} IN ({where})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *(item.pk for item in items)])


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
    """Khen cao: the entry's competent level on the dossier's submission day (the dated authority matrix, in
    memory; `item.dossier` is the related manager's cached instance) is above this authority's."""
    on = item.dossier.submitted_on or timezone.localdate()
    return LEVEL_ORDER[matrix().award_level(item.entry, on)] > LEVEL_ORDER[authority.level]


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
        untallied = awaiting_vote(dossier)
        if untallied:
            raise DomainError(f"Còn {len(untallied)} đề nghị chưa có kết quả kiểm phiếu: {vote_names(untallied, 10)}.")
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
    dossier = _locked(dossier)
    dossier_policy.check_side(actor, TRANSITIONS[action].side, dossier)
    return _dossier_move(actor=actor, dossier=dossier, action=action, reason=reason)


def _dossier_move(*, actor, dossier: Dossier, action: str, reason: str = "") -> Dossier:
    """Apply a dossier transition of the table to a dossier the caller locked and authorised (the signer is
    checked once, by `decision_issue`); the items it carries move by ITEM_TRANSITIONS, every change audited."""
    transition = TRANSITIONS[action]
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
    if action == "receive":  # each level's receipt: its council meets, and its head signs, on or after it
        dossier.received_on = timezone.localdate()
    if action == "withdraw":
        carried = ITEM_TRANSITIONS["dossier_withdraw"].sources
        items = list(dossier.items.filter(status__in=carried).select_related(*_NAMED).order_by("pk"))
        _items_move(actor=actor, items=items, action="dossier_withdraw", status_reason="Hồ sơ đã rút", reason=reason)
    if action == "forward":
        rising = dossier.items.filter(status__in=ITEM_TRANSITIONS["raise"].sources).select_related(*_NAMED)
        # an approved item within this level's authority is decided here: it stays with this authority
        items = [i for i in rising.order_by("pk") if i.status != ItemStatus.DAT or _above(i, dossier.authority)]
        status_reason = f"{dossier.authority.name} trình lên"
        _items_move(actor=actor, items=items, action="raise", status_reason=status_reason, reason=reason)
        dossier.authority = dossier.authority.parent
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


ITEM_ACTIONS = {action: ITEM_TRANSITIONS[action].target for action in ("approve", "reject", "forward")}


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
    _items_move(actor=actor, items=[item], action=action, status_reason=reason, reason=reason)
    return item
