"""Import and export use cases, shared by the CLI (`tdkt import/export`) and the import wizard."""

import hashlib
import io
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tdkt.core.spreadsheets import xlsx_row
from tdkt.exchange.apply import apply_plan
from tdkt.exchange.models import ImportJob
from tdkt.exchange.plan import Plan, ProgressFn, _no_progress, build_plan
from tdkt.exchange.policies import IMPORT_REFUSED, import_can_start
from tdkt.exchange.reader import Problem


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_job_create(*, actor, path: Path, file_name: str | None = None) -> ImportJob:
    """Start an import (page and CLI). Only an editor may: anyone else is refused before a job exists.

    The rows themselves are checked against the actor's remit when the job is validated (plan.py).
    """
    if not import_can_start(actor):
        raise PermissionDenied(IMPORT_REFUSED)
    path = Path(path)
    return ImportJob.objects.create(
        actor=actor,
        file_name=file_name or path.name,
        stored_path=str(path),
        sha256=file_sha256(path),
        size=path.stat().st_size,
    )


def _problem_dict(problem: Problem) -> dict:
    return {
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "value": problem.value,
        "message": problem.message,
    }


def _report(plan: Plan) -> dict:
    return {
        "error_count": plan.error_count,
        "errors": [_problem_dict(p) for p in plan.problems if not p.warning],
        "warnings": [_problem_dict(p) for p in plan.problems if p.warning],
        "summary": plan.summary(),
    }


def _set_status(job: ImportJob, status: str, **fields) -> None:
    job.status = status
    for key, value in fields.items():
        setattr(job, key, value)
    job.save(update_fields=["status", *fields])


def import_validate(*, job: ImportJob, progress: ProgressFn = _no_progress) -> Plan:
    """Check the whole file; the job records the report (errors, warnings, what would change)."""
    _set_status(job, ImportJob.Status.VALIDATING)
    plan = build_plan(Path(job.stored_path), actor=job.actor, progress=progress)
    status = ImportJob.Status.VALID if plan.ok else ImportJob.Status.INVALID
    _set_status(job, status, report=_report(plan), finished_at=None if plan.ok else timezone.now())
    return plan


def import_apply(*, job: ImportJob, plan: Plan | None = None, progress: ProgressFn = _no_progress) -> dict:
    """Write a valid file. The file is checked again first: the database may have changed since."""
    plan = plan or build_plan(Path(job.stored_path), actor=job.actor, progress=progress)
    if not plan.ok:
        _set_status(job, ImportJob.Status.INVALID, report=_report(plan), finished_at=timezone.now())
        return {}
    _set_status(job, ImportJob.Status.APPLYING)
    try:
        summary = apply_plan(plan, actor=job.actor, job=job, progress=progress)
    except Exception as exc:
        report = {**_report(plan), "failure": str(exc)}
        _set_status(job, ImportJob.Status.FAILED, report=report, finished_at=timezone.now())
        raise
    _set_status(job, ImportJob.Status.DONE, report={**_report(plan), "summary": summary}, finished_at=timezone.now())
    return summary


def report_xlsx(job: ImportJob) -> bytes:
    """The validation report as a workbook: sheet, row, column, value, reason."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "BaoCaoLoi"
    sheet.append(["Trang tính", "Dòng", "Cột", "Giá trị", "Lý do", "Mức độ"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for kind, label in (("errors", "Lỗi"), ("warnings", "Cảnh báo")):
        for p in job.report.get(kind, []):
            sheet.append(xlsx_row(sheet, [p["sheet"], p["row"], p["column"], p["value"], p["message"], label]))
    for column, width in zip("ABCDEF", (14, 8, 28, 28, 80, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
