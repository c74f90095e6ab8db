"""Writes of emulation work: clusters and their yearly leaders, hand-overs, covenants, conferences,
registrations of target titles, exemplars. Atomic and audited, like every service."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tdkt.audit.services import audit_record, snapshot
from tdkt.core.errors import DomainError
from tdkt.core.text import normalize_spaces
from tdkt.emulation.choices import STAGE_ORDER, ExemplarStage, RegistrationStatus
from tdkt.emulation.models import (
    Cluster,
    ClusterLeadership,
    ClusterMembership,
    Conference,
    Covenant,
    Document,
    Exemplar,
    ExemplarStep,
    Movement,
    Registration,
    Target,
)
from tdkt.emulation.policies import (
    cluster_policy,
    conference_policy,
    covenant_policy,
    document_policy,
    exemplar_policy,
    leadership_policy,
    membership_policy,
    movement_policy,
    registration_policy,
    target_policy,
)
from tdkt.org.models import Person, Unit
from tdkt.org.policies import unit_policy
from tdkt.org.scoping import ancestor_ids, descendant_ids
from tdkt.records.models import Award, CatalogueEntry, YearlyRating

LEADERSHIP_FIELDS = ["cluster_id", "year", "leader_id", "deputy_id", "handed_over_on", "handed_over_by_id"]
REGISTRATION_FIELDS = ["person_id", "unit_id", "entry_id", "year", "status", "reason"]


def _check(policy, actor, action: str, obj, message: str) -> None:
    """`policy.check` (404 outside the remit), with the service's own Vietnamese words for a wrong role (403)."""
    try:
        policy.check(actor, action, obj)
    except PermissionDenied as exc:
        raise PermissionDenied(message) from exc


def _save(obj) -> None:
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError("Bản ghi này đã tồn tại.") from exc


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
    if role == "leader" and not YearlyRating.objects.filter(unit=unit, year=year - 1).exists():
        raise ValidationError(
            {role: f"{unit.name} chưa được xếp loại năm {year - 1} nên không thể làm cụm trưởng năm {year}."}
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


# --- registrations ------------------------------------------------------------------------------------


@transaction.atomic
def registration_submit(
    *, actor, entry: CatalogueEntry, year: int, person: Person | None = None, unit: Unit | None = None
) -> Registration:
    """A target title registered at the start of the year (by the unit's officer for its people and itself)."""
    if (person is None) == (unit is None):
        raise ValidationError("Chọn đúng một đối tượng: cá nhân hoặc tập thể.")
    entry = CatalogueEntry.objects.get(pk=entry.pk)
    subject_type = "CA_NHAN" if person else "TAP_THE"
    if entry.kind != "DANH_HIEU" or not entry.allows(subject_type):
        raise ValidationError(
            {"entry": f"{entry.name} không phải danh hiệu thi đua đăng ký cho {'cá nhân' if person else 'tập thể'}."}
        )
    registration = Registration(person=person, unit=unit, entry=entry, year=year, registered_by=actor)
    registration_policy.check(actor, "submit", registration)
    if Registration.objects.filter(person=person, unit=unit, entry=entry, year=year).exists():
        raise ValidationError({"entry": f"{person or unit} đã đăng ký {entry.name} năm {year}."})
    _save(registration)
    audit_record(
        actor=actor,
        action="emulation.registration.submitted",
        obj=registration,
        after=snapshot(registration, REGISTRATION_FIELDS),
    )
    return registration


def can_review(actor, registration: Registration, *, editor_units: set[int] | None = None) -> bool:
    """The officer of the level above — never the one who entered the registration (unless an administrator)."""
    return registration_policy.can_review(actor, registration, editor_units=editor_units)


@transaction.atomic
def registration_review(*, actor, registration: Registration, approve: bool, reason: str = "") -> Registration:
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("person__unit", "unit__parent")
        .get(pk=registration.pk)
    )
    _check(
        registration_policy,
        actor,
        "review",
        registration,
        "Chỉ cán bộ thi đua – khen thưởng cấp trên được duyệt đăng ký này.",
    )
    if registration.status != RegistrationStatus.DANG_KY:
        raise DomainError(f"Đăng ký đã “{registration.get_status_display()}”.")
    reason = normalize_spaces(reason)
    if not approve and not reason:
        raise ValidationError({"reason": "Phải ghi lý do trả lại."})
    before = snapshot(registration, REGISTRATION_FIELDS)
    registration.status = RegistrationStatus.DA_DUYET if approve else RegistrationStatus.TRA_LAI
    registration.reason, registration.reviewed_by, registration.reviewed_at = reason, actor, timezone.now()
    registration.save()
    audit_record(
        actor=actor,
        action="emulation.registration.reviewed",
        obj=registration,
        before=before,
        after=snapshot(registration, REGISTRATION_FIELDS),
        reason=reason,
    )
    return registration


def registrations_against_results(*, unit_ids, year: int) -> list[dict]:
    """Each registration of the year in the units given, with whether the title was achieved (never revoked)."""
    from django.db.models import Q

    regs = (
        Registration.objects.filter(year=year)
        .filter(Q(person__unit_id__in=unit_ids) | Q(unit_id__in=unit_ids))
        .exclude(status=RegistrationStatus.TRA_LAI)
        .select_related("person", "unit", "entry")
    )
    held = set(
        Award.objects.filter(year=year, status="HIEU_LUC")
        .filter(Q(person__unit_id__in=unit_ids) | Q(unit_id__in=unit_ids))
        .values_list("person_id", "unit_id", "entry_id")
    )
    return [{"registration": r, "achieved": (r.person_id, r.unit_id, r.entry_id) in held} for r in regs]


# --- exemplars ----------------------------------------------------------------------------------------


@transaction.atomic
def exemplar_create(
    *,
    actor,
    field: str,
    campaigns: list[str],
    on: date,
    person: Person | None = None,
    unit: Unit | None = None,
    summary: str = "",
    note: str = "",
) -> Exemplar:
    if (person is None) == (unit is None):
        raise ValidationError("Chọn đúng một đối tượng: cá nhân hoặc tập thể.")
    exemplar = Exemplar(
        person=person,
        unit=unit,
        field=normalize_spaces(field),
        campaigns=[normalize_spaces(c) for c in campaigns if normalize_spaces(c)],
        summary=summary.strip(),
        created_by=actor,
    )
    exemplar_policy.check(actor, "record", exemplar)
    _save(exemplar)
    ExemplarStep.objects.create(exemplar=exemplar, stage=ExemplarStage.PHAT_HIEN, on=on, note=note.strip(), actor=actor)
    audit_record(
        actor=actor,
        action="emulation.exemplar.created",
        obj=exemplar,
        after={"field": exemplar.field, "campaigns": exemplar.campaigns, "stage": exemplar.stage},
    )
    return exemplar


@transaction.atomic
def exemplar_move(*, actor, exemplar: Exemplar, stage: str, on: date, note: str = "", reason: str = "") -> Exemplar:
    """Move an exemplar to another stage; going back needs a reason."""
    exemplar = (
        Exemplar.objects.select_for_update(of=("self",)).select_related("person__unit", "unit").get(pk=exemplar.pk)
    )
    exemplar_policy.check(actor, "record", exemplar)
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": "Giai đoạn không hợp lệ."})
    if stage == exemplar.stage:
        raise DomainError(f"Điển hình đang ở giai đoạn “{exemplar.get_stage_display()}”.")
    reason = normalize_spaces(reason)
    if STAGE_ORDER[stage] < STAGE_ORDER[exemplar.stage] and not reason:
        raise ValidationError({"reason": "Chuyển lùi giai đoạn phải ghi lý do."})
    last = exemplar.steps.order_by("-on", "-id").first()
    if last and on < last.on:
        raise ValidationError({"on": f"Ngày phải từ {last.on:%d/%m/%Y} trở đi."})
    before = {"stage": exemplar.stage}
    exemplar.stage = stage
    exemplar.save(update_fields=["stage"])
    ExemplarStep.objects.create(exemplar=exemplar, stage=stage, on=on, note=note.strip(), reason=reason, actor=actor)
    audit_record(
        actor=actor,
        action="emulation.exemplar.moved",
        obj=exemplar,
        before=before,
        after={"stage": stage, "on": str(on)},
        reason=reason,
    )
    return exemplar


@transaction.atomic
def exemplar_link_award(*, actor, exemplar: Exemplar, award: Award) -> Exemplar:
    exemplar = Exemplar.objects.select_related("person__unit", "unit").get(pk=exemplar.pk)
    exemplar_policy.check(actor, "record", exemplar)
    award = Award.objects.get(pk=award.pk)
    if (award.person_id, award.unit_id) != (exemplar.person_id, exemplar.unit_id):
        raise ValidationError({"award": "Khen thưởng phải của chính điển hình này."})
    exemplar.awards.add(award)
    audit_record(actor=actor, action="emulation.exemplar.award_linked", obj=exemplar, after={"award": award.pk})
    return exemplar


# --- movements ----------------------------------------------------------------------------------------


@transaction.atomic
def movement_launch(
    *,
    actor,
    unit: Unit,
    kind: str,
    name: str,
    year: int,
    starts_on: date,
    ends_on: date,
    content: str = "",
    parent: Movement | None = None,
) -> Movement:
    _check(
        movement_policy,
        actor,
        "manage",
        Movement(unit=unit),
        f"Chỉ cán bộ thi đua – khen thưởng của {unit.name} được phát động phong trào.",
    )
    if parent is not None and parent.unit_id not in ancestor_ids(unit.pk, include_self=False):
        raise ValidationError({"parent": "Phong trào cấp trên phải do đơn vị cấp trên phát động."})
    if starts_on.year != year and ends_on.year != year:
        raise ValidationError({"year": "Thời gian phong trào phải thuộc năm của phong trào."})
    movement = Movement(
        unit=unit,
        kind=kind,
        name=normalize_spaces(name),
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        content=content.strip(),
        parent=parent,
        created_by=actor,
    )
    _save(movement)
    audit_record(
        actor=actor,
        action="emulation.movement.launched",
        obj=movement,
        after={
            "unit": unit.pk,
            "kind": kind,
            "name": movement.name,
            "year": year,
            "parent": parent.pk if parent else None,
        },
    )
    return movement


@transaction.atomic
def movement_cascade(*, actor, movement: Movement, units: list[Unit]) -> list[Movement]:
    """The launching unit passes its movement down: each sub-unit gets its own, linked to it."""
    movement = Movement.objects.select_related("unit").get(pk=movement.pk)
    _check(
        movement_policy,
        actor,
        "manage",
        movement,
        f"Chỉ cán bộ thi đua – khen thưởng của {movement.unit.name} được triển khai.",
    )
    below = set(
        Unit.objects.filter(id__in=descendant_ids([movement.unit_id], include_self=False)).values_list("pk", flat=True)
    )
    if not units or any(u.pk not in below for u in units):
        raise ValidationError({"units": f"Chỉ triển khai xuống đơn vị cấp dưới của {movement.unit.name}."})
    done = []
    for unit in units:
        if movement.cascaded.filter(unit=unit).exists():
            continue
        child = Movement(
            unit=unit,
            kind=movement.kind,
            name=movement.name,
            year=movement.year,
            starts_on=movement.starts_on,
            ends_on=movement.ends_on,
            content=movement.content,
            parent=movement,
            created_by=actor,
        )
        _save(child)
        done.append(child)
    audit_record(
        actor=actor,
        action="emulation.movement.cascaded",
        obj=movement,
        after={"units": sorted(m.unit_id for m in done)},
    )
    return done


@transaction.atomic
def target_add(*, actor, movement: Movement, name: str, measure: str, planned) -> Target:
    movement = Movement.objects.select_related("unit").get(pk=movement.pk)
    draft = Target(movement=movement)
    _check(target_policy, actor, "manage", draft, "Chỉ cán bộ thi đua – khen thưởng của đơn vị được đặt chỉ tiêu.")
    target = Target(movement=movement, name=normalize_spaces(name), measure=normalize_spaces(measure), planned=planned)
    _save(target)
    audit_record(
        actor=actor,
        action="emulation.target.added",
        obj=target,
        after={"movement": movement.pk, "name": target.name, "planned": str(target.planned)},
    )
    return target


@transaction.atomic
def target_result(*, actor, target: Target, result, note: str = "") -> Target:
    target = Target.objects.select_for_update(of=("self",)).select_related("movement__unit").get(pk=target.pk)
    _check(target_policy, actor, "manage", target, "Chỉ cán bộ thi đua – khen thưởng của đơn vị được ghi kết quả.")
    before = {"result": str(target.result) if target.result is not None else None}
    target.result, target.note = result, normalize_spaces(note)
    _save(target)
    audit_record(
        actor=actor, action="emulation.target.result", obj=target, before=before, after={"result": str(target.result)}
    )
    return target


@transaction.atomic
def document_add(*, actor, upload, movement: Movement | None = None, conference: Conference | None = None) -> Document:
    """Attach a document to a movement or a conference (PDF, DOCX, JPEG, PNG by content, size-limited)."""
    from django.conf import settings

    from tdkt.core.files import check_upload

    if (movement is None) == (conference is None):
        raise ValidationError("Văn bản đính kèm một phong trào hoặc một hội nghị.")
    if movement is not None:
        movement = Movement.objects.select_related("unit").get(pk=movement.pk)
    else:
        conference = Conference.objects.select_related("unit", "host", "cluster").get(pk=conference.pk)
    _check(
        document_policy,
        actor,
        "attach",
        Document(movement=movement, conference=conference),
        "Chỉ cán bộ thi đua – khen thưởng của đơn vị được đính kèm văn bản.",
    )
    content_type = check_upload(upload, max_bytes=settings.ATTACHMENT_MAX_MB * 1024 * 1024)
    document = Document(
        movement=movement,
        conference=conference,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(upload.name[-80:], upload, save=False)
    document.full_clean(exclude=["file"])
    document.save()
    audit_record(
        actor=actor,
        action="emulation.document.added",
        obj=document,
        after={
            "movement": movement.pk if movement else None,
            "conference": conference.pk if conference else None,
            "name": document.original_name,
            "size": document.size,
        },
    )
    return document
