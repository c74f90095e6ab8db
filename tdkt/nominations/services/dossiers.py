"""Dossiers: creation, the editable and locked checks, attachments."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tdkt.audit.services import audit_record, snapshot
from tdkt.core.errors import DomainError
from tdkt.core.files import check_upload
from tdkt.core.text import fold, normalize_spaces
from tdkt.nominations.choices import (
    DossierKind,
    DossierStatus,
)
from tdkt.nominations.models import (
    Attachment,
    Dossier,
    DossierItem,
)
from tdkt.nominations.policies import dossier_policy
from tdkt.nominations.services._common import DOSSIER_FIELDS
from tdkt.nominations.services.numbers import authority_for_unit
from tdkt.org.models import Unit
from tdkt.org.policies import EDITORS
from tdkt.org.scoping import actor_holds_role_over


def _editable(dossier: Dossier) -> None:
    if dossier.status not in (DossierStatus.NHAP, DossierStatus.TRA_LAI):
        raise DomainError(f"Hồ sơ đang ở trạng thái “{dossier.get_status_display()}”: không sửa được danh sách.")


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update(of=("self",)).select_related("authority", "unit").get(pk=dossier.pk)


@transaction.atomic
def dossier_create(*, actor, unit: Unit, year: int, kind: str, title: str) -> Dossier:
    unit = Unit.objects.get(pk=unit.pk)
    if not (actor.is_superuser or actor_holds_role_over(actor, EDITORS, unit)):
        raise PermissionDenied("Chỉ cán bộ thi đua – khen thưởng của đơn vị được lập hồ sơ đề nghị.")
    if kind not in DossierKind.values:
        raise ValidationError({"kind": "Loại khen thưởng không hợp lệ."})
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": "Năm thành tích không hợp lệ."})
    authority = authority_for_unit(unit)
    if authority is None:
        raise ValidationError({"unit": f"Chưa khai báo cơ quan có thẩm quyền cho {unit.name} hoặc cấp trên."})
    title = normalize_spaces(title)
    if not title:
        raise ValidationError({"title": "Phải ghi trích yếu của hồ sơ."})
    dossier = Dossier(
        title=title,
        unit=unit,
        year=year,
        kind=kind,
        authority=authority,
        status_since=timezone.now(),
        created_by=actor,
    )
    dossier.full_clean()
    dossier.save()
    audit_record(
        actor=actor, action="nominations.dossier.created", obj=dossier, after=snapshot(dossier, DOSSIER_FIELDS)
    )
    return dossier


@transaction.atomic
def attachment_add(*, actor, dossier: Dossier, upload, item: DossierItem | None = None) -> Attachment:
    dossier = _locked(dossier)
    dossier_policy.check_side(actor, "submitter", dossier)
    _editable(dossier)
    if item is not None and item.dossier_id != dossier.pk:
        raise ValidationError({"item": "Đề nghị không thuộc hồ sơ này."})
    content_type = check_upload(upload, max_bytes=settings.ATTACHMENT_MAX_MB * 1024 * 1024)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        dossier=dossier,
        item=item,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save(f"{digest.hexdigest()[:16]}-{fold(upload.name)[-60:]}".replace(" ", "-"), upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)  # no orphan file when the row is not written
        raise
    audit_record(
        actor=actor,
        action="nominations.attachment.added",
        obj=attachment,
        after={
            "dossier": dossier.pk,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
            "size": attachment.size,
        },
    )
    return attachment


def check_dossier_chronology(dossier: Dossier, day: date, *, field: str, label: str) -> None:
    """A step of the dossier dated `day` (the meeting, the signing) keeps the order submission ≤ receipt ≤ `day`
    ≤ today; `label` names the date in the message ("Ngày họp", "Ngày ký")."""
    if day > timezone.localdate():
        raise ValidationError({field: f"{label} không được sau hôm nay."})
    if dossier.submitted_on and day < dossier.submitted_on:
        raise ValidationError({field: f"{label} không được trước ngày trình hồ sơ ({dossier.submitted_on:%d/%m/%Y})."})
    if dossier.received_on and day < dossier.received_on:
        raise ValidationError(
            {field: f"{label} không được trước ngày tiếp nhận hồ sơ ({dossier.received_on:%d/%m/%Y})."}
        )
