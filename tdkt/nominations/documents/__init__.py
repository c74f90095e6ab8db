"""Official documents of the nomination flow: DOCX from replaceable templates, PDF through LibreOffice.

`render(name, context)` fills the installation's template for `name` (an administrator's replacement
when one was uploaded, the NĐ 30/2020 default otherwise). The `*_document` functions build the context
of each document from the records and return (file name, DOCX bytes).
"""

import io
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from lxml.etree import LxmlError

from tdkt.core.errors import DomainError
from tdkt.nominations.documents import sandbox
from tdkt.nominations.documents.templates import DEFAULTS
from tdkt.rules.loader import texts_in_force


def legal_bases(day: date, document: str) -> list[str]:
    """The "Căn cứ ..." lines of a document (TO_TRINH, BIEN_BAN, QUYET_DINH) dated `day`: the texts in force
    that day, from the rule-set files (a decision of 20/01/2023 cites the 2003 law, not the 2022 one)."""
    return [text.citation for text in texts_in_force(day, document)]


def date_words(day: date) -> str:
    """ "ngày 05 tháng 01 năm 2026": a leading zero for days 1–9 and for months 1 and 2 (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: date) -> str:
    return f"{place}, {date_words(day)}"


def template_dir() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "mau-van-ban"


class TemplateUnusable(DomainError):
    """The template in force for a document cannot be used (refused by the check or by the sandbox)."""

    def __init__(self, name: str, reasons: list[str]):
        super().__init__(
            f"Không tạo được văn bản: mẫu “{DEFAULTS[name][0]}” đang dùng không hợp lệ ({'; '.join(reasons)}). "
            "Quản trị hệ thống cần tải lên mẫu đúng hoặc chọn “Dùng mẫu mặc định” ở trang Mẫu văn bản.",
            code="template_unusable",
        )


def _in_force(name: str) -> tuple[bytes, bool]:
    if name not in DEFAULTS:
        raise KeyError(name)
    replaced = template_dir() / f"{name}.docx"
    return (replaced.read_bytes(), True) if replaced.exists() else (DEFAULTS[name][1](), False)


def template_bytes(name: str) -> bytes:
    """The template in force: the administrator's replacement if there is one, else the default."""
    return _in_force(name)[0]


def render(name: str, context: dict, *, template: bytes | None = None) -> bytes:
    """The document `name` filled with `context`, always in the sandbox (`sandbox.environment`). A replacement
    in force is checked again first (it may predate the check, or have been put in storage by hand)."""
    if template is None:
        template, replaced = _in_force(name)
        reasons = sandbox.problems(name, template) if replaced else []
        if reasons:
            raise TemplateUnusable(name, reasons)
    document = DocxTemplate(io.BytesIO(template))
    try:
        document.render(context, jinja_env=sandbox.environment(), autoescape=True)
    except (TemplateError, LxmlError) as exc:  # SecurityError is a TemplateError
        raise TemplateUnusable(name, [sandbox.explain(exc)]) from exc
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class PdfUnavailable(RuntimeError):
    pass


def to_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    """The DOCX rendered to PDF by LibreOffice (headless, a throw-away profile so calls never collide)."""
    soffice = shutil.which(settings.SOFFICE)
    if soffice is None:
        raise PdfUnavailable("Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản DOCX.")
    with tempfile.TemporaryDirectory(prefix="tdkt-pdf-") as work:
        source = Path(work) / "van-ban.docx"
        source.write_bytes(docx)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return (Path(work) / "van-ban.pdf").read_bytes()


def check_template(name: str, data: bytes) -> None:
    """A replacement must be a DOCX whose Jinja uses only the document's context (`fields.FIELDS`); it is parsed,
    never rendered, so nothing in it runs at upload (else nothing is stored)."""
    reasons = sandbox.problems(name, data)
    if reasons:
        raise ValidationError({"file": f"Mẫu văn bản không dùng được: {'; '.join(reasons)}."})
