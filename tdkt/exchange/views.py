"""Import wizard (upload → validation report → preview → confirm) and export download."""

import tempfile
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from tdkt.core.downloads import download
from tdkt.core.forms import BootstrapFormMixin
from tdkt.exchange import runner, services
from tdkt.exchange.export import export_records
from tdkt.exchange.models import ImportJob
from tdkt.exchange.policies import IMPORT_REFUSED, import_can_start
from tdkt.org.forms import UnitChoiceField
from tdkt.org.selectors import unit_list


def upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_upload_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UPLOAD_MB", 25)) * 1024 * 1024


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="Tệp dữ liệu (.xlsx hoặc .json theo định dạng trao đổi)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".xlsx", ".json"):
            raise forms.ValidationError("Chỉ nhận tệp .xlsx hoặc .json.")
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"Tệp quá lớn ({upload.size / 1048576:.1f} MB); giới hạn {max_upload_bytes() // 1048576} MB. "
                "Tệp lớn hơn hãy nhập bằng lệnh `tdkt import` trên máy chủ."
            )
        head = upload.read(4)
        upload.seek(0)
        if suffix == ".xlsx" and head != b"PK\x03\x04":
            raise forms.ValidationError("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")
        return upload


class ExportForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(queryset=None, required=False, label="Đơn vị (để trống: toàn bộ phạm vi)")
    format = forms.ChoiceField(label="Định dạng", choices=[("xlsx", "Excel (.xlsx)"), ("json", "JSON")])

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_list(actor=actor).order_by("sort_key")


def _jobs(actor):
    qs = ImportJob.objects.all()
    return qs if actor.is_superuser else qs.filter(actor=actor)


def _validate(job, progress):
    services.import_validate(job=job, progress=progress)


def _apply(job, progress):
    services.import_apply(job=job, progress=progress)


class ImportView(LoginRequiredMixin, View):
    """Upload form for editors; anyone else sees the export form and a refusal (403 on POST, nothing stored)."""

    def _page(self, request, form, *, status: int = 200, refusal: str = ""):
        can_import = import_can_start(request.user)
        context = {
            "form": form,
            "export_form": ExportForm(actor=request.user),
            "jobs": _jobs(request.user)[:10],
            "max_mb": max_upload_bytes() // 1048576,
            "can_import": can_import,
            "refusal": refusal or ("" if can_import else IMPORT_REFUSED),
        }
        return render(request, "exchange/import.html", context, status=status)

    def get(self, request):
        runner.sweep_stale_jobs()  # a job whose process died is shown failed, not in progress forever
        return self._page(request, UploadForm())

    def post(self, request):
        if not import_can_start(request.user):  # before the upload is even stored
            return self._page(request, UploadForm(), status=403, refusal=IMPORT_REFUSED)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form, status=400)
        upload = form.cleaned_data["file"]
        stored = upload_dir() / f"{uuid.uuid4()}{Path(upload.name).suffix.lower()}"
        with open(stored, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            job = services.import_job_create(actor=request.user, path=stored, file_name=Path(upload.name).name)
        except PermissionDenied as exc:  # the role was withdrawn meanwhile
            stored.unlink(missing_ok=True)
            return self._page(request, UploadForm(), status=403, refusal=str(exc))
        transaction.on_commit(lambda: runner.start(job, _validate))
        return redirect("exchange:job", pk=job.pk)


class ImportJobView(LoginRequiredMixin, View):
    def get(self, request, pk):
        runner.sweep_stale_jobs()
        job = get_object_or_404(_jobs(request.user), pk=pk)
        context = {"job": job, "progress": runner.read_progress(job), "errors": job.report.get("errors", [])[:500]}
        template = "exchange/partials/_job.html" if request.htmx else "exchange/job.html"
        return render(request, template, context)


class ImportConfirmView(LoginRequiredMixin, View):
    def post(self, request, pk):
        job = get_object_or_404(_jobs(request.user), pk=pk)
        if job.status != ImportJob.Status.VALID:
            messages.error(request, "Chỉ xác nhận được tệp đã kiểm tra hợp lệ và chưa nhập.")
            return redirect("exchange:job", pk=job.pk)
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALID).update(status=ImportJob.Status.APPLYING)
        job.refresh_from_db()
        transaction.on_commit(lambda: runner.start(job, _apply))
        return redirect("exchange:job", pk=job.pk)


class ImportReportView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(_jobs(request.user), pk=pk)
        return download(
            services.report_xlsx(job),
            filename=f"bao-cao-{job.pk}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


class ExportView(LoginRequiredMixin, View):
    def get(self, request):
        form = ExportForm(request.GET, actor=request.user)
        if not form.is_valid():
            messages.error(request, "Lựa chọn xuất dữ liệu không hợp lệ.")
            return redirect("exchange:import")
        unit, fmt = form.cleaned_data["unit"], form.cleaned_data["format"]
        handle = tempfile.NamedTemporaryFile(suffix=f".{fmt}", dir=upload_dir(), delete=False)
        handle.close()
        export_records(Path(handle.name), actor=request.user, unit=unit)
        name = f"tdkt-{unit.code if unit else 'toan-bo'}.{fmt}"
        response = FileResponse(open(handle.name, "rb"), as_attachment=True, filename=name)
        Path(handle.name).unlink()  # the open handle keeps the data until the response is sent
        return response
