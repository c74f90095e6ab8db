"""Councils, their members, meetings and the secret-ballot tallies."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from tdkt.audit.services import audit_record, snapshot
from tdkt.core.errors import DomainError
from tdkt.core.text import normalize_spaces
from tdkt.eligibility.rulesets import rule_set_for
from tdkt.nominations.choices import CouncilRole
from tdkt.nominations.models import (
    Council,
    CouncilMember,
    Dossier,
    DossierItem,
    Meeting,
    Tally,
)
from tdkt.nominations.policies import dossier_policy
from tdkt.nominations.services._common import TALLY_FIELDS
from tdkt.nominations.services.dossiers import _locked, check_dossier_chronology
from tdkt.nominations.services.transitions import S, _items_move
from tdkt.nominations.services.votes import check_tallyable
from tdkt.org.models import Unit
from tdkt.org.policies import EDITORS
from tdkt.org.scoping import actor_holds_role_over
from tdkt.rules.votes import TallyError, tally_outcome


def _check_council_manager(actor, unit: Unit) -> None:
    if not (actor.is_superuser or actor_holds_role_over(actor, EDITORS, unit)):
        raise PermissionDenied("Chỉ cán bộ thi đua – khen thưởng hoặc quản trị của đơn vị được lập hội đồng.")


#: roles a council has exactly one of (Chủ tịch presides, the Ủy viên – Thư ký keeps the minutes); a council may
#: have several Phó Chủ tịch and Ủy viên
UNIQUE_COUNCIL_ROLES = (CouncilRole.CHU_TICH, CouncilRole.THU_KY)


def _term_text(council: Council) -> str:
    end = f"đến {council.term_end:%d/%m/%Y}" if council.term_end else "chưa có ngày kết thúc"
    return f"nhiệm kỳ từ {council.term_start:%d/%m/%Y}, {end}"


def _check_one_council_per_term(council: Council) -> None:
    """One council per term: a unit's terms never overlap (an open term reaches every later day), else two
    councils would both count the votes of the same day (`council_for` would silently pick one)."""
    overlapping = Council.objects.filter(unit=council.unit).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=council.term_start)
    )
    if council.term_end is not None:
        overlapping = overlapping.filter(term_start__lte=council.term_end)
    other = overlapping.exclude(pk=council.pk).order_by("term_start").first()
    if other is not None:
        raise ValidationError(
            {
                "term_start": f"Đơn vị đã có hội đồng “{other.name}” ({_term_text(other)}); "
                "mỗi nhiệm kỳ chỉ có một hội đồng, nhiệm kỳ mới không được trùng nhiệm kỳ này."
            }
        )


def _close_the_open_term_before(council: Council, *, actor) -> None:
    """A new term ends the open one before it: the old council's term closes the day before the new one starts
    (what an officer means by forming the next council), audited. Left alone — and so refused by the overlap
    check — when the old council has met on or after that day: its minutes would fall outside its own term."""
    previous = (
        Council.objects.select_for_update()
        .filter(unit=council.unit, term_end__isnull=True, term_start__lt=council.term_start)
        .order_by("-term_start")
        .first()
    )
    if previous is None or previous.meetings.filter(held_on__gte=council.term_start).exists():
        return
    previous.term_end = council.term_start - timedelta(days=1)
    previous.save(update_fields=["term_end"])
    audit_record(
        actor=actor,
        action="nominations.council.term_ended",
        obj=previous,
        before={"term_end": None},
        after={"term_end": str(previous.term_end), "next_term_start": str(council.term_start)},
    )


@transaction.atomic
def council_create(*, actor, unit: Unit, name: str, term_start: date, term_end: date | None = None) -> Council:
    _check_council_manager(actor, unit)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # two concurrent creates check one after the other
    council = Council(unit=unit, name=normalize_spaces(name), term_start=term_start, term_end=term_end)
    council.full_clean()
    _close_the_open_term_before(council, actor=actor)
    _check_one_council_per_term(council)
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
    council = Council.objects.select_for_update().get(pk=council.pk)  # concurrent adds see each other's chair
    if role in UNIQUE_COUNCIL_ROLES:
        holder = council.members.filter(role=role).first()
        if holder is not None:
            label = CouncilRole(role).label
            message = f"Hội đồng “{council.name}” đã có {label} ({holder.full_name}); mỗi hội đồng chỉ có một {label}."
            raise ValidationError({"role": message})
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


def recused_members(item: DossierItem, members: list[CouncilMember], chosen: set[int]) -> set[int]:
    """The members who do not vote on `item`: those chosen, and always the nominee (never votes on their own
    proposal). Shared by `tally_record` and the grid (`tallies_record`)."""
    if any(pk not in {m.pk for m in members} for pk in chosen):
        raise ValidationError({"recused": "Người không tham gia phải là thành viên hội đồng."})
    return set(chosen) | {m.pk for m in members if item.person_id and m.person_id == item.person_id}


def count_votes(rule, *, members: list, attendees: set[int], recused_ids: set[int], **counts):
    """The outcome of one secret ballot under `rule` (`rules.votes.tally_outcome`): sums, quorum, threshold.
    An absent recused member is simply not a voter: the base shrinks by every recused member."""
    try:
        return tally_outcome(
            rule,
            members=len(members) - len(recused_ids - attendees),
            present=len(attendees),
            recused=len(recused_ids & attendees),
            **counts,
        )
    except TallyError as exc:
        raise ValidationError(str(exc)) from exc


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
    check_dossier_chronology(dossier, held_on, field="held_on", label="Ngày họp")
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
    if Tally.objects.filter(meeting=meeting, item=item).exists():
        raise DomainError("Đề nghị này đã có kết quả kiểm phiếu trong cuộc họp.")
    check_tallyable(dossier, item, on=meeting.held_on)  # a proposal, or approved at review and still to vote
    members = list(meeting.council.members.all())
    attendees = set(meeting.attendees.values_list("pk", flat=True))
    recused_ids = recused_members(item, members, {r.pk for r in recused})
    # The dossier's regime, and within it the decree in force on the meeting day (NĐ 98/2023 or 152/2025).
    regime = rule_set_for(dossier.year, submitted_on=dossier.submitted_on)
    rule = regime.vote_rule(item.entry.code, on=meeting.held_on)
    outcome = count_votes(
        rule,
        members=members,
        attendees=attendees,
        recused_ids=recused_ids,
        agree=agree,
        disagree=disagree,
        abstain=abstain,
        invalid=invalid,
    )
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
    audit_record(actor=actor, action="nominations.tally.recorded", obj=tally, after=snapshot(tally, TALLY_FIELDS))
    _items_move(
        actor=actor,
        items=[item],
        action="vote_pass" if outcome.passed else "vote_fail",
        status_reason=f"Hội đồng {meeting.held_on:%d/%m/%Y}: {outcome.text}",
    )
    return tally
