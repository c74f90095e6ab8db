"""Replacing and resetting the document templates."""

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tdkt.audit.services import audit_record
from tdkt.core.errors import DomainError
from tdkt.core.files import check_upload
from tdkt.nominations.models import (
    DocumentTemplate,
)


@transaction.atomic
def document_template_replace(*, actor, name: str, upload) -> DocumentTemplate:
    """Replace a default template with the installation's own DOCX; refused unless its Jinja uses only the
    document's context (`documents.fields`). The template is parsed, never rendered: nothing in it runs here."""
    from tdkt.nominations import documents
    from tdkt.nominations.documents.templates import DEFAULTS
    from tdkt.records.policies import catalogue_can_manage

    if not catalogue_can_manage(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được thay mẫu văn bản.")
    if name not in DEFAULTS:
        raise ValidationError({"name": "Không có mẫu văn bản này."})
    if check_upload(upload, max_bytes=settings.ATTACHMENT_MAX_MB * 1024 * 1024) != (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ):
        raise ValidationError({"file": "Mẫu văn bản phải là tệp DOCX."})
    data = upload.read()
    documents.check_template(name, data)
    folder = documents.template_dir()
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{name}.docx.tmp"
    temporary.write_bytes(data)
    record = DocumentTemplate.objects.filter(name=name).first()
    before = {"sha256": record.sha256} if record else None
    record = record or DocumentTemplate(name=name)
    record.sha256, record.size = hashlib.sha256(data).hexdigest(), len(data)
    record.original_name, record.uploaded_by = upload.name[:255], actor
    record.save()
    audit_record(
        actor=actor,
        action="nominations.template.replaced",
        obj=record,
        before=before,
        after={"name": name, "sha256": record.sha256, "size": record.size},
    )
    transaction.on_commit(lambda: temporary.replace(folder / f"{name}.docx"))
    return record


@transaction.atomic
def document_template_reset(*, actor, name: str) -> None:
    """Back to the default template (the replacement's record and file are removed, the audit keeps them)."""
    from tdkt.nominations import documents
    from tdkt.records.policies import catalogue_can_manage

    if not catalogue_can_manage(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được thay mẫu văn bản.")
    record = DocumentTemplate.objects.filter(name=name).first()
    if record is None:
        raise DomainError("Mẫu này đang là mẫu mặc định.")
    audit_record(actor=actor, action="nominations.template.reset", obj=record, before={"sha256": record.sha256})
    record.delete()
    transaction.on_commit(lambda: (documents.template_dir() / f"{name}.docx").unlink(missing_ok=True))
