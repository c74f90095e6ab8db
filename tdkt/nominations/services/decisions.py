"""Issuing decisions (awards) and revocations under the gap-free numbering."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tdkt.audit.services import audit_record
from tdkt.core.errors import DomainError
from tdkt.core.text import identity_key, normalize_spaces
from tdkt.nominations.choices import (
    KIND_PHRASES,
    YEARLY_KINDS,
    ItemStatus,
    NumberSeries,
)
from tdkt.nominations.models import (
    Authority,
    DecisionIssue,
    Dossier,
)
from tdkt.nominations.policies import dossier_policy
from tdkt.nominations.services.dossiers import _locked, check_dossier_chronology
from tdkt.nominations.services.numbers import number_allocate
from tdkt.nominations.services.transitions import S, _above, _dossier_move, _items_move
from tdkt.nominations.services.votes import check_council_votes
from tdkt.org.scoping import actor_holds_role_over
from tdkt.records.awards_batch import AwardRow, awards_record_by_decision
from tdkt.records.choices import DecisionOrigin
from tdkt.records.models import Award, Decision
from tdkt.records.services import award_revoke_by_decision


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
    """(issue, created). A key seen before returns the decision already issued with it. The caller checked the
    signer, once, at its start (`decision_issue`: the dossier's signing side; the others: `_check_signer`)."""
    key = normalize_spaces(idempotency_key)
    if not key or len(key) > 64:
        raise ValidationError({"idempotency_key": "Thiếu mã chống gửi trùng của yêu cầu."})
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
        for i in dossier.items.filter(status=ItemStatus.DAT).select_related("entry", "person__unit", "unit")
        if not _above(i, authority)
    ]
    if not items:
        raise DomainError("Không có đề nghị nào được thông qua thuộc thẩm quyền cấp này.")
    _check_competent(authority, items, signed_on)
    check_council_votes(dossier, items, on=signed_on)  # review approval is not the council's vote (issue #15, item 4)
    issue, _ = _decision_issue(
        actor=actor,
        authority=authority,
        signed_on=signed_on,
        signer=signer,
        idempotency_key=idempotency_key,
        dossier=dossier,
        title=title or f"Về việc khen thưởng {KIND_PHRASES[dossier.kind]} năm {dossier.year}",
    )
    # the awards in batches, then the items by the table: the query count does not grow with the items
    kind = _award_kind(dossier.kind)
    rows = [AwardRow(entry=i.entry, year=i.year, person=i.person, unit=i.unit, kind=kind, achievement=i.achievement)
            for i in items]  # fmt: skip
    awards = awards_record_by_decision(actor=actor, decision=issue.decision, rows=rows)
    _items_move(
        actor=actor,
        items=items,
        action="award",
        status_reason=f"Quyết định số {issue.decision.number} ngày {signed_on:%d/%m/%Y}",
        values={item.pk: {"award": award} for item, award in zip(items, awards, strict=True)},
    )
    remaining = [i for i in dossier.items.filter(status=ItemStatus.DAT).select_related("entry") if _above(i, authority)]
    if not remaining:
        _dossier_move(actor=actor, dossier=dossier, action="decide", reason=f"Quyết định số {issue.decision.number}")
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
    """Dates keep their order: submission ≤ receipt ≤ council meeting ≤ signing ≤ today, and a decision is not
    signed in a year before the achievement's (issue #15, item 6)."""
    check_dossier_chronology(dossier, signed_on, field="signed_on", label="Ngày ký")
    if signed_on.year < dossier.year:
        raise ValidationError(
            {"signed_on": f"Quyết định ký năm {signed_on.year}, trước năm thành tích {dossier.year} của hồ sơ."}
        )
    last_meeting = dossier.meetings.order_by("-held_on").values_list("held_on", flat=True).first()
    if last_meeting and signed_on < last_meeting:
        raise ValidationError(
            {"signed_on": f"Ngày ký không được trước ngày họp hội đồng xét hồ sơ ({last_meeting:%d/%m/%Y})."}
        )


def _check_competent(authority: Authority, items: list, signed_on: date) -> None:
    """Every item is within the authority's competence on the signing day (`competence.authority_refusal`, asked
    once per distinct title and subject unit); all refusals are reported at once, before a number is taken."""
    from tdkt.nominations.competence import authority_refusal

    refusals, asked = [], {}
    for item in items:
        unit_id = item.person.unit_id if item.person_id else item.unit_id
        key = (item.entry_id, unit_id)
        if key not in asked:
            asked[key] = authority_refusal(
                authority=authority, entry=item.entry, subject_unit_id=unit_id, on=signed_on, action="award"
            )
        if asked[key]:
            refusals.append(f"{item.entry.name} — {item.subject}: {asked[key]}")
    if refusals:
        raise ValidationError({"items": refusals})


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
        _check_signer(actor, authority)
        return _decision_issue(
            actor=actor,
            authority=authority,
            signed_on=signed_on,
            signer=signer,
            idempotency_key=idempotency_key,
            title=title,
        )[0]
