"""The council decides (issue #15, item 4): which items need its secret ballot, and which have passed one.

Approval at review ("Thông qua") is a step before the vote, never a substitute for it: an item whose title or
form the rule set marks `required` enters a decision only with a passing tally taken at a meeting of this
dossier by the council of the level that decides it.
"""

from datetime import date

from tdkt.core.errors import DomainError
from tdkt.eligibility.rulesets import rule_set_for
from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.models import Dossier, DossierItem, Tally
from tdkt.rules.votes import VoteRule


def vote_rules(dossier: Dossier, items, *, on: date | None = None) -> dict[int, VoteRule]:
    """The vote rule of each item (by pk): the dossier's regime (as `tally_record` reads it), and within it the
    decree in force `on` that day when given."""
    regime = rule_set_for(dossier.year, submitted_on=dossier.submitted_on)
    return {i.pk: regime.vote_rule(i.entry.code, on=on) for i in items}


def council_tallies(dossier: Dossier, items) -> dict[int, Tally]:
    """The latest tally of each item taken at a meeting of `dossier` by its current level's council."""
    if dossier.authority.unit_id is None:
        return {}  # a level without a unit has no council: nothing was voted there
    rows = (
        Tally.objects.filter(
            item_id__in=[i.pk for i in items],
            meeting__dossiers=dossier,
            meeting__council__unit_id=dossier.authority.unit_id,
        )
        .select_related("meeting")
        .order_by("meeting__held_on", "id")
    )
    return {t.item_id: t for t in rows}  # later meetings win


def awaits_vote(item: DossierItem, *, rule: VoteRule, tallied: bool) -> bool:
    """An item whose title needs this council's vote and has none yet (proposed, or approved at review).

    An item whose title needs no vote (a length-of-service medal) never holds the vote up: the council may still
    vote on it while it is proposed, and otherwise the reviewer approves it after the vote is closed."""
    if not rule.required or item.status not in (ItemStatus.DE_NGHI, ItemStatus.DAT):
        return False
    return item.status == ItemStatus.DE_NGHI or not tallied


def awaiting_vote(dossier: Dossier) -> list[DossierItem]:
    """The items of `dossier` its council still has to vote on before closing the vote."""
    items = list(
        dossier.items.filter(status__in=(ItemStatus.DE_NGHI, ItemStatus.DAT)).select_related("entry", "person", "unit")
    )
    rules, tallies = vote_rules(dossier, items), council_tallies(dossier, items)
    return [i for i in items if awaits_vote(i, rule=rules[i.pk], tallied=i.pk in tallies)]


def check_tallyable(dossier: Dossier, item: DossierItem, *, on: date | None = None) -> None:
    """A tally is taken once per item and level, on an item still before the council."""
    rule, tallied = vote_rules(dossier, [item], on=on)[item.pk], item.pk in council_tallies(dossier, [item])
    refusal = tallyable_refusal(dossier, item, rule=rule, tallied=tallied)
    if refusal:
        raise DomainError(refusal)


def tallyable_refusal(dossier: Dossier, item: DossierItem, *, rule: VoteRule, tallied: bool) -> str | None:
    """Why `item` cannot be tallied now (None when it can), with its rule and whether this level's council has
    tallied it already, read once for a whole grid (`tallies_record`)."""
    if item.status == ItemStatus.DE_NGHI or awaits_vote(item, rule=rule, tallied=tallied):
        return None
    if item.status == ItemStatus.DAT and tallied:
        return f"Đề nghị đã có kết quả kiểm phiếu của hội đồng {dossier.authority.name}."
    if item.status == ItemStatus.DAT:
        return f"{item.entry.name} không cần hội đồng biểu quyết ({rule.source} [{rule.label}])."
    return f"Đề nghị đã “{item.get_status_display()}”."


def _name(item: DossierItem) -> str:
    return item.person.full_name if item.person_id else item.unit.name


def item_names(items, limit: int | None = None) -> str:
    shown = "; ".join(f"{_name(i)} ({i.entry.name})" for i in items[:limit])
    return shown + (f"; và {len(items) - limit} đề nghị khác" if limit is not None and len(items) > limit else "")


def check_council_votes(dossier: Dossier, items: list[DossierItem], *, on: date | None = None) -> None:
    """Refuse the decision, naming every item at once, when one that needs the council's vote has no passing
    tally at this level; nothing is written before this check."""
    rules, tallies = vote_rules(dossier, items, on=on), council_tallies(dossier, items)
    unvoted = [i for i in items if rules[i.pk].required and not (i.pk in tallies and tallies[i.pk].passed)]
    if unvoted:
        raise DomainError(
            f"Chưa có kết quả kiểm phiếu đạt của hội đồng {dossier.authority.name} cho {len(unvoted)} đề nghị "
            f"cần hội đồng biểu quyết (bỏ phiếu kín): {item_names(unvoted)}. Thông qua ở bước xét duyệt không thay "
            "cho biểu quyết của hội đồng; ghi kết quả kiểm phiếu trước khi ký quyết định."
        )
