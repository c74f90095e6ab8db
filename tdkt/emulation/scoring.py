"""Cluster scoring rounds: the leader builds the criteria tree, members score themselves with evidence,
the leader reviews, members may explain, the leader reviews again, the round is locked, ranked and the
leading unit acclaimed (suy tôn) — then proposed for a flag as a dossier item. Atomic and audited."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tdkt.audit.services import audit_record
from tdkt.core import display
from tdkt.core.errors import DomainError
from tdkt.core.text import normalize_spaces
from tdkt.emulation.choices import CriterionKind, RoundStatus
from tdkt.emulation.models import ClusterLeadership, ClusterMembership, Criterion, Score, ScoringRound
from tdkt.emulation.points import parse_points
from tdkt.emulation.policies import cluster_policy, round_policy, score_policy
from tdkt.org.models import Unit

R = RoundStatus
NEXT = {
    R.SOAN: R.TU_CHAM,
    R.TU_CHAM: R.THAM_DINH,
    R.THAM_DINH: R.GIAI_TRINH,
    R.GIAI_TRINH: R.CHAM_LAI,
    R.CHAM_LAI: R.KHOA,
}


def _leader(round_: ScoringRound) -> Unit:
    leadership = (
        ClusterLeadership.objects.filter(cluster=round_.cluster, year=round_.year).select_related("leader").first()
    )
    if leadership is None:
        raise DomainError(f"{round_.cluster.name} chưa có cụm trưởng năm {round_.year}.")
    return leadership.leader


def _check_leader(actor, round_: ScoringRound) -> None:
    """The officers of the year's leader (or of the organiser) run the round: 404 if the cluster is not seen."""
    round_policy.check(actor, "view", round_)  # 404 before anything about the round is said
    leader = _leader(round_)
    if not round_policy.can(actor, "lead", round_):
        raise PermissionDenied(f"Chỉ cán bộ thi đua – khen thưởng của cụm trưởng ({leader.name}) được làm việc này.")


def _check_reviewer(actor, round_: ScoringRound) -> None:
    """The leader's officers review the members; the organiser's officers or commander review too (the only
    ones for the leader's own score)."""
    round_policy.check(actor, "view", round_)
    leader = _leader(round_)
    if not round_policy.can(actor, "review", round_):
        raise PermissionDenied(
            f"Chỉ cán bộ thi đua – khen thưởng của cụm trưởng ({leader.name}) hoặc cán bộ, người chỉ huy "
            f"{round_.cluster.organiser.name} (cấp tổ chức cụm) được thẩm định điểm."
        )


def _check_is_member(round_: ScoringRound, unit: Unit) -> None:
    if not ClusterMembership.objects.filter(cluster=round_.cluster, year=round_.year, unit=unit).exists():
        # neither the unit's name nor its code: a non-member may be outside the remit
        raise ValidationError({"unit": f"Đơn vị được chọn không phải thành viên cụm năm {round_.year}."})


def _check_member(actor, round_: ScoringRound, unit: Unit) -> None:
    """A member's own officers score and explain for it (the round seen, else 404; another member's, 403)."""
    round_policy.check(actor, "view", round_)
    _check_is_member(round_, unit)
    if not score_policy.can(actor, "member", Score(round=round_, unit=unit)):
        raise PermissionDenied(f"Chỉ cán bộ thi đua – khen thưởng của {unit.name} được chấm, giải trình cho đơn vị.")


def _locked(round_: ScoringRound) -> ScoringRound:
    return ScoringRound.objects.select_for_update(of=("self",)).select_related("cluster__organiser").get(pk=round_.pk)


def _in(round_: ScoringRound, *statuses) -> None:
    if round_.status == R.KHOA:
        raise DomainError("Kết quả chấm điểm đã khóa: không sửa được.")
    if round_.status not in statuses:
        raise DomainError(f"Đợt chấm điểm đang ở bước “{round_.get_status_display()}”.")


@transaction.atomic
def round_create(*, actor, cluster, year: int) -> ScoringRound:
    round_ = ScoringRound(cluster=cluster, year=year, created_by=actor)
    _check_leader(actor, round_)
    if ScoringRound.objects.filter(cluster=cluster, year=year).exists():
        raise ValidationError({"year": f"{cluster.name} đã có đợt chấm điểm năm {year}."})
    round_.save()
    audit_record(actor=actor, action="emulation.round.created", obj=round_, after={"cluster": cluster.pk, "year": year})
    return round_


@transaction.atomic
def criterion_add(
    *,
    actor,
    round_: ScoringRound,
    name: str,
    max_points,
    kind: str = CriterionKind.DIEM,
    parent: Criterion | None = None,
) -> Criterion:
    round_ = _locked(round_)
    _check_leader(actor, round_)
    _in(round_, R.SOAN)
    max_points = parse_points(max_points, "max_points")
    if max_points <= 0:
        raise ValidationError({"max_points": "Điểm tối đa phải lớn hơn 0."})
    if parent is not None:
        if parent.round_id != round_.pk:
            raise ValidationError({"parent": "Tiêu chí cha không thuộc đợt chấm này."})
        used = sum((c.max_points for c in parent.children.all()), Decimal(0))
        if kind in (CriterionKind.DIEM, CriterionKind.DAT) and used + max_points > parent.max_points:
            raise ValidationError(
                {
                    "max_points": f"Tổng điểm các tiêu chí con vượt {display.number(parent.max_points)} điểm "
                    f"của “{parent.name}”."
                }
            )
    criterion = Criterion.objects.create(
        round=round_,
        parent=parent,
        name=normalize_spaces(name),
        kind=kind,
        max_points=max_points,
        position=round_.criteria.count() + 1,
    )
    audit_record(
        actor=actor,
        action="emulation.criterion.added",
        obj=criterion,
        after={"round": round_.pk, "name": criterion.name, "kind": kind, "max": str(max_points)},
    )
    return criterion


@transaction.atomic
def round_advance(*, actor, round_: ScoringRound, acclaimed: Unit | None = None) -> ScoringRound:
    """The next step of the round (the leader's decision); locking ranks the members and acclaims the first.

    With a tie at the top no rule of the round picks the acclaimed unit (ordering by name would pick silently,
    review finding 4): the locking officer names it among the tied units (as the cluster decided, e.g. by
    vote at its conference), and the choice and the tie are audited. Without a choice the lock is refused."""
    round_ = _locked(round_)
    _check_leader(actor, round_)
    _in(round_, *NEXT)
    if round_.status == R.SOAN and not leaves(round_):
        raise DomainError("Chưa có tiêu chí chấm điểm.")
    before = round_.status
    round_.status = NEXT[round_.status]
    tie: list[int] = []
    if round_.status == R.KHOA:
        ranked = ranking(round_)
        if not ranked or ranked[0].total is None:
            raise DomainError("Chưa có điểm để xếp hạng.")
        tied = top_tie(ranked)
        if tied:
            tie = [s.unit.pk for s in tied]
            if acclaimed is None or acclaimed.pk not in tie:
                names = ", ".join(s.unit.name for s in tied)
                raise ValidationError(
                    {
                        "acclaimed": f"{names} đồng hạng nhất ({display.number(tied[0].total)} điểm): "
                        "chọn đơn vị được suy tôn trong số các đơn vị đồng hạng (theo quyết định của cụm)."
                    }
                )
            round_.acclaimed = acclaimed
        else:
            round_.acclaimed = ranked[0].unit
    round_.save()
    after = {"status": round_.status, "acclaimed": round_.acclaimed_id}
    if tie:
        after["tie"] = tie  # the units that shared the first place: the acclaimed one was chosen, not ranked
    audit_record(actor=actor, action="emulation.round.advanced", obj=round_, before={"status": before}, after=after)
    return round_


def leaves(round_: ScoringRound) -> list[Criterion]:
    criteria = list(round_.criteria.all())
    parents = {c.parent_id for c in criteria}
    return [c for c in criteria if c.pk not in parents]


def _points(criterion: Criterion, points) -> Decimal:
    points = parse_points(points)  # NaN, Infinity, 1e9, 3 decimals: refused before any comparison
    top = display.number(criterion.max_points)  # "0–50", not "0–50.00"
    if points < 0 or points > criterion.max_points:
        raise ValidationError({"points": f"Điểm {display.number(points)} ngoài khoảng 0–{top} của “{criterion.name}”."})
    if criterion.kind == CriterionKind.DAT and points not in (0, criterion.max_points):
        raise ValidationError({"points": f"Tiêu chí “{criterion.name}” chỉ chấm đạt ({top}) hoặc không đạt (0)."})
    return points


def _score(round_, unit, criterion) -> Score:
    if criterion.round_id != round_.pk or criterion.pk not in {c.pk for c in leaves(round_)}:
        raise ValidationError({"criterion": "Chỉ chấm trên tiêu chí lá của đợt chấm này."})
    return Score.objects.select_for_update().get_or_create(round=round_, unit=unit, criterion=criterion)[0]


@transaction.atomic
def score_self(*, actor, round_, unit: Unit, criterion: Criterion, points, evidence: str = "") -> Score:
    round_ = _locked(round_)
    _check_member(actor, round_, unit)
    _in(round_, R.TU_CHAM)
    score = _score(round_, unit, criterion)
    score.self_points, score.evidence = _points(criterion, points), evidence.strip()
    score.save()
    audit_record(
        actor=actor,
        action="emulation.score.self",
        obj=score,
        after={"unit": unit.pk, "criterion": criterion.pk, "points": str(score.self_points)},
    )
    return score


@transaction.atomic
def score_review(*, actor, round_, unit: Unit, criterion: Criterion, points, note: str = "") -> Score:
    """The leader's points (in review) or final points (in re-review, after the member's explanation)."""
    round_ = _locked(round_)
    _check_reviewer(actor, round_)
    _in(round_, R.THAM_DINH, R.CHAM_LAI)
    _check_is_member(round_, unit)  # the leader scores the members, never another unit
    if round_policy.speaks_only_for(actor, round_, unit):
        raise PermissionDenied(
            f"Đơn vị không tự thẩm định điểm của mình: điểm của {unit.name} do cán bộ thi đua – khen thưởng "
            f"hoặc người chỉ huy {round_.cluster.organiser.name} (cấp tổ chức cụm) thẩm định."
        )
    score = _score(round_, unit, criterion)
    value = _points(criterion, points)
    if round_.status == R.THAM_DINH:
        score.review_points = value
    else:
        score.final_points = value
    score.review_note = note.strip() or score.review_note
    score.save()
    audit_record(
        actor=actor,
        action="emulation.score.reviewed",
        obj=score,
        after={"unit": unit.pk, "criterion": criterion.pk, "points": str(value), "step": round_.status},
    )
    return score


@transaction.atomic
def score_explain(*, actor, round_, unit: Unit, criterion: Criterion, explanation: str) -> Score:
    round_ = _locked(round_)
    _check_member(actor, round_, unit)
    _in(round_, R.GIAI_TRINH)
    if not normalize_spaces(explanation):
        raise ValidationError({"explanation": "Phải ghi nội dung giải trình."})
    score = _score(round_, unit, criterion)
    score.explanation = explanation.strip()
    score.save()
    audit_record(
        actor=actor, action="emulation.score.explained", obj=score, after={"unit": unit.pk, "criterion": criterion.pk}
    )
    return score


def locked_ranking(*, cluster, year: int) -> dict[int, "Standing"]:
    """The ranking of the cluster's locked round of `year`, by unit id (empty if there is none yet)."""
    round_ = ScoringRound.objects.filter(cluster=cluster, year=year, status=R.KHOA).first()
    if round_ is None:
        return {}
    return {s.unit.pk: s for s in ranking(round_) if s.total is not None}


@dataclass(frozen=True)
class Standing:
    rank: int | None  # None: no points yet (the page shows "—")
    unit: Unit
    total: Decimal | None
    by_criterion: dict[int, Decimal | None]
    tied: bool = False  # another unit has the same total: "đồng hạng"


def ranking(round_: ScoringRound) -> list[Standing]:
    """Members by total points (bonuses added, penalties subtracted), ties by name; unscored last."""
    criteria = leaves(round_)
    members = [
        m.unit
        for m in ClusterMembership.objects.filter(cluster=round_.cluster, year=round_.year).select_related("unit")
    ]
    scores = {(s.unit_id, s.criterion_id): s.points for s in round_.scores.all()}
    rows = []
    for unit in members:
        values = {c.pk: scores.get((unit.pk, c.pk)) for c in criteria}
        given = [(c, v) for c, v in ((c, values[c.pk]) for c in criteria) if v is not None]
        total = sum(((-v if c.kind == CriterionKind.TRU else v) for c, v in given), Decimal(0)) if given else None
        rows.append((unit, total, values))
    rows.sort(key=lambda r: (r[1] is None, -(r[1] or 0), r[0].sort_key))
    # standard competition ranking (85, 85, 80 -> 1, 1, 3): equal totals share a rank, listed by name
    totals = [t for _, t, _ in rows if t is not None]
    return [
        Standing(
            rank=None if t is None else totals.index(t) + 1,
            unit=u,
            total=t,
            by_criterion=v,
            tied=t is not None and totals.count(t) > 1,
        )
        for u, t, v in rows
    ]


def top_tie(ranked: list[Standing]) -> list[Standing]:
    """The units sharing the first place when more than one does (else empty): no rule picks one of them."""
    first = [s for s in ranked if s.rank == 1]
    return first if len(first) > 1 else []


def unreviewed(round_: ScoringRound) -> list[Score]:
    """Scores the leader has not reviewed yet ("Chưa thẩm định"): only the member's own points count."""
    return [
        s
        for s in round_.scores.select_related("unit", "criterion").order_by("unit__name", "criterion__position")
        if s.review_points is None and s.final_points is None
    ]


@transaction.atomic
def acclaim_propose(*, actor, round_: ScoringRound, entry_code: str = "CO_QK"):
    """The acclaimed unit proposed for a flag: an item of a khen cao dossier of the organising unit."""
    from tdkt.nominations import services as nominations
    from tdkt.nominations.models import Dossier
    from tdkt.records.models import CatalogueEntry

    round_ = ScoringRound.objects.select_related("cluster__organiser", "acclaimed").get(pk=round_.pk)
    # the organiser's officers propose (the dossier is the organiser's)
    cluster_policy.check(actor, "manage", round_.cluster)
    if round_.status != R.KHOA or round_.acclaimed is None:
        raise DomainError("Chỉ đề nghị khi kết quả chấm điểm đã khóa và có đơn vị được suy tôn.")
    if entry_code not in ("CO_QK", "CO_BQP"):
        raise ValidationError({"entry": "Đơn vị được suy tôn được đề nghị Cờ thi đua (CO_QK hoặc CO_BQP)."})
    organiser = round_.cluster.organiser
    title = f"Đề nghị tặng Cờ thi đua cho đơn vị dẫn đầu {round_.cluster.name} năm {round_.year}"
    dossier = Dossier.objects.filter(unit=organiser, year=round_.year, kind="KHEN_CAO", title=title).first()
    if dossier is None:
        dossier = nominations.dossier_create(
            actor=actor, unit=organiser, year=round_.year, kind="KHEN_CAO", title=title
        )
    standing = next(s for s in ranking(round_) if s.unit.pk == round_.acclaimed_id)
    return nominations.item_add(
        actor=actor,
        dossier=dossier,
        entry=CatalogueEntry.objects.get(code=entry_code),
        unit=round_.acclaimed,
        achievement=(
            f"Được {round_.cluster.name} suy tôn dẫn đầu năm {round_.year} ({display.number(standing.total)} điểm)."
        ),
        justification=f"Suy tôn dẫn đầu cụm thi đua năm {round_.year} theo kết quả chấm điểm đã khóa.",
    )
