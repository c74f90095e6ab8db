"""Who may award or revoke what: one function, `authority_refusal`, and what `records` asks through its providers.

Today the rule is the catalogue level, the remit and the chain of authorities:

- an authority decides (awards or annuls) only entries at or below its level (`LEVEL_ORDER`), for subjects in
  its unit's subtree (an authority without a unit in the installation has no remit to check);
- an award decided by authority B is annulled only by B or an authority above it (B's `parent` chain).

The dated authority matrix (who was competent for which entry on which day) plugs in here: `on` is the date of
the decision being issued or recorded, unused until then.
"""

from datetime import date

from django.db.models import Min

from tdkt.core.text import fold, normalize_spaces
from tdkt.nominations.choices import LEVEL_ORDER, AuthorityLevel, NumberSeries
from tdkt.nominations.models import Authority, DecisionIssue, NumberCounter
from tdkt.org.models import Unit
from tdkt.org.scoping import descendant_ids
from tdkt.records.choices import DecisionOrigin
from tdkt.records.providers import SeriesClaim


def _chain(authority: Authority) -> list[int]:
    """The authority and every authority above it, nearest first."""
    seen, current = [], authority
    while current is not None and current.pk not in seen:
        seen.append(current.pk)
        current = current.parent
    return seen


def authority_for_decision(decision) -> Authority | None:
    """The installation authority that decided: the issuing authority of a tdkt decision, or the one a recorded
    decision names as issuer (by name or code)."""
    if decision is None:
        return None
    if decision.origin == DecisionOrigin.ISSUED:
        issue = DecisionIssue.objects.filter(decision=decision).select_related("authority").first()
        return issue.authority if issue else None
    return authority_named(decision.issuer)


def authority_named(issuer: str) -> Authority | None:
    wanted = fold(normalize_spaces(issuer))
    if not wanted:
        return None
    return next((a for a in Authority.objects.all() if wanted in (fold(a.name), fold(a.code))), None)


def authority_refusal(
    *, authority: Authority, entry, subject_unit_id: int, on: date | None, action: str, award=None
) -> str | None:
    """Why `authority` may not `action` ("award" or "revoke") this entry for a subject of this unit, or None."""
    verb = "hủy bỏ" if action == "revoke" else "quyết định"
    if LEVEL_ORDER.get(entry.level, 0) > LEVEL_ORDER[authority.level]:
        return (
            f"{authority.name} ({AuthorityLevel(authority.level).label.lower()}) không có thẩm quyền {verb} "
            f"{entry.name} ({entry.get_level_display().lower()}): phải có quyết định của cơ quan có thẩm quyền."
        )
    if (
        authority.unit_id
        and not Unit.objects.filter(pk=subject_unit_id, id__in=descendant_ids([authority.unit_id])).exists()
    ):
        return f"Đối tượng không thuộc phạm vi của {authority.name}: {authority.name} không có thẩm quyền {verb}."
    if action == "revoke" and award is not None:
        deciding = authority_for_decision(award.decision)
        if deciding is not None and authority.pk not in _chain(deciding):
            return f"Khen thưởng do {deciding.name} quyết định: chỉ {deciding.name} hoặc cấp trên được hủy bỏ."
    return None


def subject_unit_id(award) -> int:
    return award.person.unit_id if award.person_id else award.unit_id


class AuthorityDirectory:
    """What `records` asks about authorities (`records.providers`), installed by `NominationsConfig.ready`."""

    def series_claims(self) -> list[SeriesClaim]:
        first = dict(
            NumberCounter.objects.filter(series=NumberSeries.QD)
            .values("authority")
            .annotate(first=Min("year"))
            .values_list("authority", "first")
        )
        return [
            SeriesClaim(
                suffix=a.number_suffix,
                from_year=min(a.created_at.year, first.get(a.pk, a.created_at.year)),
                authority=a.name,
            )
            for a in Authority.objects.all()
            if a.number_suffix
        ]

    def revocation_refusal(self, *, award, issuer: str, on: date) -> str | None:
        authority = authority_named(issuer)
        if authority is None:
            # A body outside the installation (Chủ tịch nước, Thủ tướng Chính phủ …): its decision is recorded.
            return None
        return authority_refusal(
            authority=authority, entry=award.entry, subject_unit_id=subject_unit_id(award), on=on, action="revoke",
            award=award,
        )  # fmt: skip
