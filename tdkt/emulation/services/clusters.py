"""Clusters and their yearly leaders, hand-overs, covenants and conferences."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tdkt.audit.services import audit_record, snapshot
from tdkt.core.errors import DomainError
from tdkt.core.text import normalize_spaces
from tdkt.emulation.models import (
    Cluster,
    ClusterLeadership,
    ClusterMembership,
    Conference,
    Covenant,
)
from tdkt.emulation.policies import (
    cluster_policy,
    conference_policy,
    covenant_policy,
    leadership_policy,
    membership_policy,
)
from tdkt.emulation.scoring import locked_ranking
from tdkt.emulation.services._common import LEADERSHIP_FIELDS, _check, _save
from tdkt.org.models import Unit
from tdkt.org.policies import unit_policy
from tdkt.records.models import YearlyRating

# --- clusters -----------------------------------------------------------------------------------------


def _fresh_cluster(cluster: Cluster) -> Cluster:
    """The cluster as stored (its organiser decides who manages it), never a caller's stale instance."""
    return Cluster.objects.select_related("organiser").get(pk=cluster.pk)


@transaction.atomic
def cluster_create(*, actor, code: str, name: str, organiser: Unit) -> Cluster:
    cluster = Cluster(code=normalize_spaces(code).upper(), name=normalize_spaces(name), organiser=organiser)
    _check(
        cluster_policy,
        actor,
        "manage",
        cluster,
        "Chỉ cán bộ thi đua – khen thưởng của cấp tổ chức được lập cụm thi đua.",
    )
    _save(cluster)
    audit_record(
        actor=actor,
        action="emulation.cluster.created",
        obj=cluster,
        after={"code": cluster.code, "name": cluster.name, "organiser": organiser.pk},
    )
    return cluster


@transaction.atomic
def cluster_member_add(*, actor, cluster: Cluster, unit: Unit, year: int, note: str = "") -> ClusterMembership:
    cluster = _fresh_cluster(cluster)
    membership = ClusterMembership(cluster=cluster, unit=unit, year=year, note=normalize_spaces(note))
    _check(
        membership_policy,
        actor,
        "manage",
        membership,
        "Chỉ cán bộ thi đua – khen thưởng của cấp tổ chức được sửa thành viên cụm.",
    )
    unit_policy.check(actor, "view", unit)  # a unit outside the actor's remit is "not found"
    if ClusterMembership.objects.filter(cluster=cluster, unit=unit, year=year).exists():
        raise ValidationError({"unit": f"{unit.name} đã là thành viên {cluster.name} năm {year}."})
    _save(membership)
    audit_record(
        actor=actor,
        action="emulation.cluster.member_added",
        obj=membership,
        after={"cluster": cluster.pk, "unit": unit.pk, "year": year},
    )
    return membership


def _check_can_lead(cluster: Cluster, unit: Unit, year: int, *, role: str) -> None:
    if not ClusterMembership.objects.filter(cluster=cluster, unit=unit, year=year).exists():
        # neither the unit's name nor its code: a unit outside the cluster may be outside the remit
        raise ValidationError({role: f"Đơn vị được chọn không phải thành viên {cluster.name} năm {year}."})
    if role != "leader" or YearlyRating.objects.filter(unit=unit, year=year - 1).exists():
        return
    # The cluster's own locked ranking of the year before is a classification too: the hand-over after the
    # year-end round read only the yearly ratings and refused the unit the round had just ranked third.
    if unit.pk not in locked_ranking(cluster=cluster, year=year - 1):
        raise ValidationError(
            {
                role: f"{unit.name} chưa được xếp loại năm {year - 1} (chưa có xếp loại hằng năm, không có tên "
                f"trong kết quả chấm điểm đã khóa của {cluster.name} năm {year - 1}) nên không thể làm cụm "
                f"trưởng năm {year}."
            }
        )


@transaction.atomic
def cluster_leader_set(
    *,
    actor,
    cluster: Cluster,
    year: int,
    leader: Unit,
    deputy: Unit | None = None,
    handed_over_by: Unit | None = None,
    handed_over_on: date | None = None,
    conference: Conference | None = None,
) -> ClusterLeadership:
    """The leader (and deputy) of a year; a unit unrated the year before cannot lead; one leader a year."""
    cluster = _fresh_cluster(cluster)
    _check(
        leadership_policy,
        actor,
        "manage",
        ClusterLeadership(cluster=cluster, year=year),
        "Chỉ cán bộ thi đua – khen thưởng của cấp tổ chức được phân công cụm trưởng.",
    )
    if conference is not None and conference.cluster_id != cluster.pk:
        raise ValidationError({"conference": "Hội nghị bàn giao phải là hội nghị của chính cụm này."})
    if ClusterLeadership.objects.filter(cluster=cluster, year=year).exists():
        raise ValidationError({"year": f"{cluster.name} đã có cụm trưởng năm {year}."})
    _check_can_lead(cluster, leader, year, role="leader")
    if deputy is not None:
        if deputy.pk == leader.pk:
            raise ValidationError({"deputy": "Cụm trưởng và cụm phó phải là hai đơn vị khác nhau."})
        _check_can_lead(cluster, deputy, year, role="deputy")
    leadership = ClusterLeadership(
        cluster=cluster,
        year=year,
        leader=leader,
        deputy=deputy,
        handed_over_by=handed_over_by,
        handed_over_on=handed_over_on,
        conference=conference,
    )
    _save(leadership)
    audit_record(
        actor=actor,
        action="emulation.cluster.leader_set",
        obj=leadership,
        after=snapshot(leadership, LEADERSHIP_FIELDS),
    )
    return leadership


@transaction.atomic
def cluster_handover(
    *,
    actor,
    cluster: Cluster,
    to_year: int,
    to_unit: Unit,
    on: date,
    deputy: Unit | None = None,
    conference: Conference | None = None,
) -> ClusterLeadership:
    """At the year-end conference the leader of the year hands the cluster to next year's leader."""
    cluster = _fresh_cluster(cluster)
    _check(  # before anything about the cluster's leaders is said
        leadership_policy,
        actor,
        "manage",
        ClusterLeadership(cluster=cluster, year=to_year),
        "Chỉ cán bộ thi đua – khen thưởng của cấp tổ chức được phân công cụm trưởng.",
    )
    current = ClusterLeadership.objects.filter(cluster=cluster, year=to_year - 1).select_related("leader").first()
    if current is None:
        raise DomainError(f"{cluster.name} chưa có cụm trưởng năm {to_year - 1} để bàn giao.")
    if current.leader_id == to_unit.pk:
        raise ValidationError({"to_unit": "Đơn vị nhận bàn giao phải khác cụm trưởng năm trước."})
    if on > timezone.localdate():
        raise ValidationError({"on": "Ngày bàn giao không được sau hôm nay."})
    return cluster_leader_set(
        actor=actor,
        cluster=cluster,
        year=to_year,
        leader=to_unit,
        deputy=deputy,
        handed_over_by=current.leader,
        handed_over_on=on,
        conference=conference,
    )


@transaction.atomic
def covenant_sign(
    *, actor, cluster: Cluster, year: int, content: str, signed_on: date, signatories: list[Unit]
) -> Covenant:
    cluster = _fresh_cluster(cluster)
    _check(
        covenant_policy,
        actor,
        "manage",
        Covenant(cluster=cluster, year=year),
        "Chỉ cán bộ thi đua – khen thưởng của cấp tổ chức được ghi giao ước.",
    )
    members = set(ClusterMembership.objects.filter(cluster=cluster, year=year).values_list("unit_id", flat=True))
    if not signatories or any(u.pk not in members for u in signatories):
        raise ValidationError({"signatories": "Đơn vị ký giao ước phải là thành viên của cụm trong năm."})
    if not normalize_spaces(content):
        raise ValidationError({"content": "Phải ghi nội dung giao ước."})
    covenant = Covenant(cluster=cluster, year=year, content=content.strip(), signed_on=signed_on)
    _save(covenant)
    covenant.signatories.set(signatories)
    audit_record(
        actor=actor,
        action="emulation.covenant.signed",
        obj=covenant,
        after={"cluster": cluster.pk, "year": year, "signatories": sorted(u.pk for u in signatories)},
    )
    return covenant


@transaction.atomic
def conference_record(
    *,
    actor,
    kind: str,
    year: int,
    held_on: date,
    place: str,
    host: Unit,
    presided_by: str,
    unit: Unit | None = None,
    cluster: Cluster | None = None,
    attendees: str = "",
    conclusions: str = "",
    decisions_taken: str = "",
) -> Conference:
    if (unit is None) == (cluster is None):
        raise ValidationError("Hội nghị là của một đơn vị hoặc một cụm thi đua.")
    if cluster is not None:
        cluster = _fresh_cluster(cluster)
        cluster_policy.check(actor, "view", cluster)  # a cluster the actor does not see is "not found"
    unit_policy.check(actor, "view", host)
    draft = Conference(unit=unit, cluster=cluster, host=host)
    _check(conference_policy, actor, "record", draft, "Chỉ cán bộ thi đua – khen thưởng được ghi hội nghị.")
    if cluster is not None and not (
        host.pk == cluster.organiser_id
        or ClusterMembership.objects.filter(cluster=cluster, unit=host, year=year).exists()
    ):
        raise ValidationError(
            {"host": f"Đơn vị đăng cai phải là cấp tổ chức hoặc thành viên {cluster.name} năm {year}."}
        )
    conference = Conference(
        kind=kind,
        year=year,
        unit=unit,
        cluster=cluster,
        held_on=held_on,
        place=normalize_spaces(place),
        host=host,
        presided_by=normalize_spaces(presided_by),
        attendees=attendees.strip(),
        conclusions=conclusions.strip(),
        decisions_taken=decisions_taken.strip(),
        created_by=actor,
    )
    _save(conference)
    audit_record(
        actor=actor,
        action="emulation.conference.recorded",
        obj=conference,
        after={
            "kind": kind,
            "year": year,
            "held_on": str(held_on),
            "unit": unit.pk if unit else None,
            "cluster": cluster.pk if cluster else None,
        },
    )
    return conference


def cluster_leaders(cluster: Cluster) -> list[ClusterLeadership]:
    return list(
        ClusterLeadership.objects.filter(cluster=cluster)
        .select_related("leader", "deputy", "handed_over_by")
        .order_by("year")
    )
