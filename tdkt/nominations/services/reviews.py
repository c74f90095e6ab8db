"""Review many items of a dossier at once (issue #16, item 3): approve all selected, with exceptions.

An officer reviewing a dossier of 42 items approves most of them and refuses a few, each with its own reason.
`review_choices` turns "this action for the selected items, except these" into one choice per item;
`items_review` applies them all or none: every item is checked against ITEM_TRANSITIONS first and every
refusal is named at once (person or unit, and the title), then the items move through `_items_move` (one
UPDATE per batch, one audit event per item), all in the dossier's transaction.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.core.errors import DomainError
from tdkt.core.text import normalize_spaces
from tdkt.nominations.choices import DossierStatus
from tdkt.nominations.models import Dossier, DossierItem
from tdkt.nominations.policies import dossier_policy
from tdkt.nominations.services._common import BatchRefused
from tdkt.nominations.services.dossiers import _locked
from tdkt.nominations.services.transitions import _NAMED, ITEM_ACTIONS, ITEM_TRANSITIONS, _items_move

__all__ = ["REVIEW_LABELS", "ReviewChoice", "ReviewResult", "items_review", "review_choices"]

# what the page and the messages call each review action (the reviewer's words, not ITEM_TRANSITIONS' labels)
REVIEW_LABELS = {"approve": "Thông qua", "reject": "Không chấp thuận (trả lại)", "forward": "Chuyển cấp trên"}
REVIEWABLE = (DossierStatus.DANG_XET, DossierStatus.DA_XET)


@dataclass(frozen=True)
class ReviewChoice:
    item: int  # the item's pk, within the dossier
    action: str  # a key of ITEM_ACTIONS: approve, reject, forward
    reason: str = ""


@dataclass(frozen=True)
class ReviewResult:
    counts: dict  # action -> how many items it moved

    def summary(self) -> str:
        done = ", ".join(f"{REVIEW_LABELS[a].lower()} {n}" for a, n in self.counts.items() if n)
        return f"Đã xét {sum(self.counts.values())} đề nghị: {done}."


def review_choices(*, items, action: str = "", reason: str = "", exceptions=()) -> list[ReviewChoice]:
    """`action` (with `reason`) for every item of `items`, except the items named in `exceptions`, each a
    ReviewChoice of its own (an exception need not be among `items`). An item named twice keeps the last."""
    choices = {int(pk): ReviewChoice(item=int(pk), action=action, reason=reason) for pk in items}
    for exception in exceptions:
        choices[exception.item] = exception
    return list(choices.values())


def _name(item: DossierItem) -> str:
    return f"{item.person.full_name if item.person_id else item.unit.name} ({item.entry.name})"


def _refusal(item: DossierItem, choice: ReviewChoice, dossier: Dossier) -> str | None:
    if choice.action not in ITEM_ACTIONS:
        return "thao tác không hợp lệ"
    if item.status not in ITEM_TRANSITIONS[choice.action].sources:
        return f"đề nghị đã “{item.get_status_display()}”"
    if choice.action == "reject" and not choice.reason:
        return "phải ghi lý do không chấp thuận"
    if choice.action == "forward" and dossier.authority.parent_id is None:
        return f"{dossier.authority.name} không có cấp trên để trình"
    return None


@transaction.atomic
def items_review(*, actor, dossier: Dossier, choices: list[ReviewChoice]) -> ReviewResult:
    """Approve, reject (each with a reason) or forward many items of a dossier at the receiving level, all or
    nothing: if one item is refused nothing changes and the error names every refused item."""
    dossier = _locked(dossier)  # the items move under their locked dossier (`_items_move`)
    dossier_policy.check_side(actor, "reviewer", dossier)  # the items are this dossier's: its side is theirs
    if dossier.status not in REVIEWABLE:
        raise DomainError(f"Chỉ xét đề nghị khi hồ sơ đang xét (hiện: “{dossier.get_status_display()}”).")
    choices = [ReviewChoice(item=c.item, action=c.action, reason=normalize_spaces(c.reason or "")) for c in choices]
    if not choices:
        raise ValidationError({"items": "Chọn ít nhất một đề nghị để xét."})
    items = {
        i.pk: i
        for i in dossier.items.filter(pk__in=[c.item for c in choices])
        .select_related(*_NAMED)
        .order_by("position", "id")
    }
    refusals, seen = {}, set()
    for choice in choices:
        item = items.get(choice.item)
        if item is None:  # a forged or stale id: not this dossier's, so nothing about it is named
            refusals[choice.item] = "Đề nghị không thuộc hồ sơ này."
            continue
        if choice.item in seen:
            refusals[choice.item] = f"{_name(item)}: được chọn hai lần."
            continue
        seen.add(choice.item)
        problem = _refusal(item, choice, dossier)
        if problem:
            refusals[choice.item] = f"{_name(item)}: {problem}."
    if refusals:
        raise BatchRefused(
            f"Chưa xét đề nghị nào: {len(refusals)} đề nghị không xét được — " + " ".join(refusals.values()), refusals
        )
    # one move per action and reason: each item's audit event carries the reason it was given
    groups: dict[tuple[str, str], list[DossierItem]] = {}
    for choice in sorted(choices, key=lambda c: (items[c.item].position, c.item)):
        groups.setdefault((choice.action, choice.reason), []).append(items[choice.item])
    counts = dict.fromkeys(ITEM_ACTIONS, 0)
    for (action, reason), group in groups.items():
        _items_move(actor=actor, items=group, action=action, status_reason=reason, reason=reason)
        counts[action] += len(group)
    return ReviewResult(counts=counts)
