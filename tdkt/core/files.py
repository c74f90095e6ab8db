"""Attachments (of dossiers, movements and conferences): stored outside the web root, checked by their
content, never by the name a user gave them. In core because nominations and emulation both use them."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage

ALLOWED = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
}


def attachment_storage() -> FileSystemStorage:
    """Outside the web root; files are only ever served by a view that checks the owning object's policy."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


def sniff(head: bytes, upload) -> str | None:
    """The real type from the first bytes (and, for a ZIP, its parts): PDF, JPEG, PNG or DOCX."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return None


def check_upload(upload, *, max_bytes: int) -> str:
    """The content type of an acceptable upload; a clear Vietnamese refusal otherwise."""
    if upload.size == 0:
        raise ValidationError({"file": "Tệp rỗng."})
    if upload.size > max_bytes:
        raise ValidationError({"file": f"Tệp lớn hơn {max_bytes // (1024 * 1024)} MB."})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head, upload)
    if content_type is None:
        raise ValidationError(
            {"file": f"“{upload.name}” không phải tệp PDF, DOCX hay ảnh JPEG/PNG (kiểm tra theo nội dung tệp)."}
        )
    return content_type
