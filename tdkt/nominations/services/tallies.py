"""One grid for a meeting's tallies (issue #16, item 3): every count of a meeting entered in one submit.

The secretary used to send one form per item (38 submits for 38 tallies). `tallies_record` takes every row at
once, checks each as `tally_record` does (the same `recused_members`, `count_votes` and `tallyable_refusal`,
the rules and the earlier tallies read once for the grid), and writes all of them or none: a refused row is
reported on its row with every other refused row, and nothing is saved.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import audit_record_many, snapshot
from tdkt.core.errors import DomainError
from tdkt.nominations.models import Dossier, Meeting, Tally
from tdkt.nominations.policies import dossier_policy
from tdkt.nominations.services._common import TALLY_FIELDS, BatchRefused
from tdkt.nominations.services.councils import count_votes, recused_members
from tdkt.nominations.services.dossiers import _locked
from tdkt.nominations.services.transitions import _NAMED, S, _items_move
from tdkt.nominations.services.votes import council_tallies, tallyable_refusal, vote_rules

__all__ = ["TallyRow", "TallyGridResult", "tallies_record"]


@dataclass(frozen=True)
class TallyRow:
    item: int  # the item's pk, within the dossier
    agree: int
    disagree: int = 0
    abstain: int = 0
    invalid: int = 0
    recused: tuple = field(default=())  # pks of council members who do not vote on this item


@dataclass(frozen=True)
class TallyGridResult:
    tallies: list

    def summary(self) -> str:
        passed = sum(t.passed for t in self.tallies)
        return (
            f"Đã ghi kết quả kiểm phiếu của {len(self.tallies)} đề nghị: {passed} đạt, "
            f"{len(self.tallies) - passed} không đạt."
        )


def _name(item) -> str:
    return f"{item.person.full_name if item.person_id else item.unit.name} ({item.entry.name})"


@transaction.atomic
def tallies_record(*, actor, dossier: Dossier, meeting: Meeting, rows: list[TallyRow]) -> TallyGridResult:
    """The secretary's counts for many items of one meeting, all or nothing: each row is checked like
    `tally_record` (the item is before the council, recusals are members, the sums fit the members present,
    quorum and threshold of the item's vote rule); one refused row and nothing is written."""
    dossier = _locked(dossier)  # the items move under their locked dossier (`_items_move`)
    dossier_policy.check_side(actor, "council", dossier)
    if dossier.status != S.BIEU_QUYET:
        raise DomainError(f"Hồ sơ chưa được đưa ra hội đồng (hiện: “{dossier.get_status_display()}”).")
    meeting = Meeting.objects.select_related("council").get(pk=meeting.pk)
    if meeting.council.unit_id != dossier.authority.unit_id or not meeting.dossiers.filter(pk=dossier.pk).exists():
        raise ValidationError({"meeting": "Cuộc họp không xét hồ sơ này."})
    if not rows:
        raise ValidationError({"rows": "Chưa nhập kết quả kiểm phiếu của đề nghị nào."})
    items = {i.pk: i for i in dossier.items.filter(pk__in=[r.item for r in rows]).select_related(*_NAMED)}
    listed = list(items.values())
    rules, voted = vote_rules(dossier, listed, on=meeting.held_on), council_tallies(dossier, listed)
    here = set(Tally.objects.filter(meeting=meeting, item_id__in=items).values_list("item_id", flat=True))
    members = list(meeting.council.members.all())
    attendees = set(meeting.attendees.values_list("pk", flat=True))
    refusals, counted, seen = {}, [], set()
    for row in rows:
        item = items.get(row.item)
        if item is None:  # a forged or stale id: not this dossier's, so nothing about it is named
            refusals[row.item] = "Đề nghị không thuộc hồ sơ này."
            continue
        try:
            if row.item in seen:
                raise ValidationError("Đề nghị có hai dòng kết quả.")
            seen.add(row.item)
            if row.item in here:
                raise ValidationError("Đề nghị này đã có kết quả kiểm phiếu trong cuộc họp.")
            refusal = tallyable_refusal(dossier, item, rule=rules[item.pk], tallied=item.pk in voted)
            if refusal:
                raise ValidationError(refusal)
            recused = recused_members(item, members, set(row.recused))
            outcome = count_votes(
                rules[item.pk],
                members=members,
                attendees=attendees,
                recused_ids=recused,
                agree=row.agree,
                disagree=row.disagree,
                abstain=row.abstain,
                invalid=row.invalid,
            )
        except ValidationError as exc:
            refusals[row.item] = f"{_name(item)}: {' '.join(exc.messages)}"
            continue
        counted.append((row, item, recused, outcome))
    if refusals:
        raise BatchRefused(
            f"Chưa ghi kết quả nào: {len(refusals)} dòng chưa hợp lệ — " + " ".join(refusals.values()), refusals
        )
    tallies = Tally.objects.bulk_create(
        [
            Tally(
                meeting=meeting,
                item=item,
                agree=row.agree,
                disagree=row.disagree,
                abstain=row.abstain,
                invalid=row.invalid,
                members=len(members),
                present=len(attendees),
                base=outcome.base,
                rule=rules[item.pk].as_dict(),
                passed=outcome.passed,
                entered_by=actor,
            )
            for row, item, _, outcome in counted
        ]
    )
    Tally.recused.through.objects.bulk_create(
        [
            Tally.recused.through(tally_id=tally.pk, councilmember_id=pk)
            for tally, (_, _, recused, _) in zip(tallies, counted, strict=True)
            for pk in sorted(recused)
        ]
    )
    audit_record_many(
        actor=actor,
        events=[("nominations.tally.recorded", t, None, snapshot(t, TALLY_FIELDS)) for t in tallies],
    )
    for passed, action in ((True, "vote_pass"), (False, "vote_fail")):
        group = [(item, outcome) for _, item, _, outcome in counted if outcome.passed is passed]
        if group:  # each item keeps its own outcome as its status reason (one UPDATE for the group)
            _items_move(
                actor=actor,
                items=[item for item, _ in group],
                action=action,
                status_reason="",
                values={
                    item.pk: {"status_reason": f"Hội đồng {meeting.held_on:%d/%m/%Y}: {o.text}"} for item, o in group
                },
            )
    return TallyGridResult(tallies=tallies)
