"""Who may award or revoke what: one function, `authority_refusal`, and what `records` asks through its providers.

The rule is the dated authority matrix (`authority_matrix`, data with its sources), the remit and the chain:

- an authority decides (awards or annuls) only entries whose competent level on the decision's day (the matrix
  row in force, else the catalogue level) is at or below its own (`LEVEL_ORDER`), for subjects in its unit's
  subtree (an authority without a unit in the installation has no remit to check);
- an award decided by authority B is annulled only by B or an authority above it (B's `parent` chain);
- a hand-entered award above the recording officer's authority is the competent body's decision, named as
  issuer with its number (`AwardCompetence`).

The matrix is held in memory, so these checks add no query per item.
"""

from datetime import date

from django.db.models import Min
from django.utils import timezone

from tdkt.core.text import fold, normalize_spaces
from tdkt.nominations.authority_matrix import MatrixRow, matrix
from tdkt.nominations.choices import LEVEL_ORDER, AuthorityLevel, NumberSeries
from tdkt.nominations.models import Authority, DecisionIssue, NumberCounter
from tdkt.org.models import RoleAssignment, Unit
from tdkt.org.scoping import ancestor_ids, descendant_ids
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


def competent_row(entry, on: date | None, action: str = "award") -> MatrixRow | None:
    """The matrix row in force on `on` (today when unknown) for this entry and action."""
    return matrix().row(code=entry.code, level=entry.level, action=action, on=on or timezone.localdate())


def _level_label(level: str) -> str:
    return AuthorityLevel(level).label.lower()


def _competent(entry, row: MatrixRow | None) -> str:
    """“Thủ tướng Chính phủ (cấp nhà nước; <source> [H])”, or the catalogue's text when no row applies."""
    if row is None:
        return f"{entry.authority or 'cơ quan có thẩm quyền'} ({entry.get_level_display().lower()}; theo danh mục [U])"
    return f"{row.body} ({_level_label(row.level)}; {row.source} [{row.label}])"


def authority_refusal(
    *, authority: Authority, entry, subject_unit_id: int, on: date | None, action: str, award=None
) -> str | None:
    """Why `authority` may not `action` ("award" or "revoke") this entry on `on` for a subject of this unit."""
    verb = "hủy bỏ" if action == "revoke" else "quyết định"
    awarding = competent_row(entry, on)
    # annulling: the revoke row's level, else the awarding level of that day (the decider or one above it)
    row = (competent_row(entry, on, "revoke") or awarding) if action == "revoke" else awarding
    needed = row.level if row else entry.level
    if LEVEL_ORDER.get(needed, 0) > LEVEL_ORDER[authority.level]:
        return (
            f"{authority.name} ({_level_label(authority.level)}) không có thẩm quyền {verb} {entry.name}: "
            f"thẩm quyền của {_competent(entry, awarding)}; phải có quyết định của cơ quan có thẩm quyền."
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


class AwardCompetence:
    """A hand-entered award (form, API, import) against the matrix, for one actor: loaded once, then pure.

    The issuer named must not be an installation authority below the competent level (the officer's own body
    recording a Thủ tướng's title as its own decision); above the actor's authority, the award is the competent
    body's decision, so its number and that body as issuer are required. Rows labelled U only warn."""

    def __init__(self, *, actor):
        self.authorities = list(Authority.objects.all())
        self.matrix = matrix()
        self.actor_level = self._actor_level(actor)

    def _actor_level(self, actor) -> str | None:
        units = set(RoleAssignment.objects.filter(user_id=getattr(actor, "pk", None)).values_list("unit_id", flat=True))
        by_unit = {a.unit_id: a for a in self.authorities if a.unit_id}
        mine = []
        for unit_id in units:  # the nearest authority at or above each unit the actor holds a role on
            mine += [by_unit[u] for u in ancestor_ids(unit_id) if u in by_unit][:1]
        pool = mine or self.authorities  # a superuser records for the installation as a whole
        return max((a.level for a in pool), key=LEVEL_ORDER.__getitem__, default=None)

    def _named(self, issuer: str) -> Authority | None:
        wanted = fold(normalize_spaces(issuer))
        return next((a for a in self.authorities if wanted and wanted in (fold(a.name), fold(a.code))), None)

    def _assess(self, *, entry, issuer: str, on: date, numbered: bool) -> tuple[str | None, str | None]:
        row = self.matrix.award_row(entry, on)
        needed, competent = (row.level if row else entry.level), _competent(entry, row)
        body = row.body if row else (entry.authority or "cơ quan có thẩm quyền")
        named = self._named(issuer) if issuer else None
        unconfirmed = row is None or row.label == "U"
        if named is not None and LEVEL_ORDER[named.level] < LEVEL_ORDER[needed]:
            message = (
                f"{named.name} ({_level_label(named.level)}) không có thẩm quyền quyết định {entry.name}: "
                f"thẩm quyền của {competent}. Ghi quyết định của {body} (cơ quan ban hành, số, ngày)."
            )
            return (None, f"Chưa xác nhận thẩm quyền — {message}") if unconfirmed else (message, None)
        if self.actor_level is None or LEVEL_ORDER[needed] <= LEVEL_ORDER[self.actor_level]:
            return None, None
        if named is not None or (row is not None and numbered and row.names(issuer)):
            return None, None
        if not numbered:
            message = (
                f"{entry.name} vượt thẩm quyền của đơn vị ghi: thẩm quyền của {competent}. "
                f"Ghi số, ngày quyết định và cơ quan ban hành là {body}."
            )
        else:
            message = (
                f"Cơ quan ban hành “{normalize_spaces(issuer)}” không phải cơ quan có thẩm quyền quyết định "
                f"{entry.name}: thẩm quyền của {competent}. Ghi quyết định của {body}."
            )
        return (None, f"Chưa xác nhận thẩm quyền — {message}") if unconfirmed else (message, None)

    def refusal(self, *, entry, issuer: str, on: date, numbered: bool) -> str | None:
        return self._assess(entry=entry, issuer=issuer, on=on, numbered=numbered)[0]

    def warning(self, *, entry, issuer: str, on: date, numbered: bool) -> str | None:
        return self._assess(entry=entry, issuer=issuer, on=on, numbered=numbered)[1]


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

    def award_competence(self, *, actor) -> AwardCompetence:
        return AwardCompetence(actor=actor)

    def revocation_refusal(self, *, award, issuer: str, on: date) -> str | None:
        authority = authority_named(issuer)
        if authority is None:
            # A body outside the installation (Chủ tịch nước, Thủ tướng Chính phủ …): its decision is recorded.
            return None
        return authority_refusal(
            authority=authority, entry=award.entry, subject_unit_id=subject_unit_id(award), on=on, action="revoke",
            award=award,
        )  # fmt: skip
