"""Hostile and broken import files (issue #14, findings 4 and 5): refused with a Vietnamese message,
the job never left in progress, the web worker never killed, nothing written."""

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tdkt.exchange import runner, services
from tdkt.exchange.models import ImportJob
from tdkt.exchange.tests.helpers import good_sheets, write_workbook
from tdkt.exchange.tests.test_import import state
from tdkt.org.tests.factories import client_for

SHEET = "xl/worksheets/sheet1.xml"
POSITION = b"SI_QUAN"  # cells of the people sheet, replaced by an entity


def rewrite(path: Path, edits: dict[str, object]) -> Path:
    """The workbook with some zip members replaced: bytes, or a function of the old bytes (None: removed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names + [n for n in edits if n not in names]:
            edit = edits.get(name, lambda data: data)
            data = edit(source.read(name)) if callable(edit) else edit
            if data is not None:
                target.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def bomb(path: Path, *, keep_dimension: bool = True) -> Path:
    """The 1.5 KB file of the attack: cells A1 and XFD1048576 (a 16,384 × 1,048,576 range)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "CaNhan"
    sheet["A1"] = "ma_ca_nhan"
    sheet["XFD1048576"] = "x"
    workbook.save(path)
    if not keep_dimension:
        rewrite(path, {SHEET: lambda data: data.replace(b'<dimension ref="A1:XFD1048576"/>', b"")})
    return path


def small_people_file(path: Path) -> Path:
    return write_workbook(path, {"CaNhan": good_sheets()["CaNhan"]})


def upload_and_validate(client, path: Path, django_capture_on_commit_callbacks):
    with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exchange:import"), {"file": handle})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    return job, client.get(response["Location"]).content.decode()


def validate(org, path: Path) -> tuple[ImportJob, list[str]]:
    job = services.import_job_create(actor=org.officer_a, path=path)
    runner.start(job, lambda job, progress: services.import_validate(job=job, progress=progress))
    job.refresh_from_db()
    return job, [e["message"] for e in job.report.get("errors", [])]


@pytest.mark.parametrize("keep_dimension", [True, False], ids=["declared", "undeclared"])
def test_the_sparse_range_bomb_is_refused_without_touching_the_worker(
    org, tmp_path, settings, keep_dimension, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    path = bomb(tmp_path / "bom.xlsx", keep_dimension=keep_dimension)
    assert path.stat().st_size < 6000
    before = state()
    job, page = upload_and_validate(client_for(org.officer_a), path, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.INVALID
    message = job.report["errors"][0]["message"]
    assert "Tệp quá lớn hoặc có cấu trúc bất thường" in message and "17.179.869.184 ô" in message
    assert message in page and "Không dữ liệu nào được ghi" in page
    assert state() == before


def test_the_memory_limit_stops_what_the_checks_let_through(org, tmp_path, settings):
    """With the cell-count check out of the way, the child process hits its memory limit and dies, not us."""
    settings.IMPORT_MAX_CELLS = 10**12
    settings.IMPORT_PARSE_MEMORY_MB = 512
    before = state()
    job, errors = validate(org, bomb(tmp_path / "bom.xlsx"))
    assert job.status == ImportJob.Status.INVALID
    assert errors == ["Tệp quá lớn hoặc có cấu trúc bất thường (việc đọc tệp vượt giới hạn bộ nhớ 512 MB); "
                      "không dữ liệu nào được ghi."]  # fmt: skip
    assert state() == before


def test_a_zip_bomb_is_refused_from_the_zip_directory(org, tmp_path):
    path = small_people_file(tmp_path / "nen.xlsx")
    rewrite(path, {SHEET: lambda data: data.replace(b"</worksheet>", b" " * (30 * 1048576) + b"</worksheet>")})
    assert path.stat().st_size < 200_000
    before = state()
    job, errors = validate(org, path)
    assert job.status == ImportJob.Status.INVALID
    assert "nén" in errors[0] and "lần" in errors[0] and "Tệp quá lớn" in errors[0]
    assert state() == before


def test_size_and_expansion_limits(org, tmp_path, settings):
    path = small_people_file(tmp_path / "tot.xlsx")
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 0
    assert "giải nén ra" in validate(org, path)[1][0]
    settings.IMPORT_MAX_FILE_MB = 0
    assert "giới hạn 0 MB" in validate(org, path)[1][0]
    json_path = tmp_path / "tot.json"
    json_path.write_text(json.dumps({"CaNhan": []}))
    assert "giới hạn 0 MB" in validate(org, json_path)[1][0]
    assert ImportJob.objects.filter(status=ImportJob.Status.INVALID).count() == 3


XXE = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    "member, edit",
    [
        (SHEET, lambda data: data.replace(b"<worksheet", XXE + b"<worksheet", 1).replace(POSITION, b"&e;")),
        (
            "xl/sharedStrings.xml",
            b'<?xml version="1.0"?>' + XXE + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            b' count="1" uniqueCount="1"><si><t>&e;</t></si></sst>',
        ),
        (SHEET, lambda data: data.replace(POSITION, b"&undefined;")),
        (SHEET, lambda data: data[: len(data) // 2]),  # a damaged (truncated) sheet
        (SHEET, lambda data: data.replace(b"<worksheet", b'<?xml version="1.0" encoding="UTF-16"?>')),
    ],
    ids=["xxe-sheet", "xxe-shared-strings", "undefined-entity", "damaged-sheet", "broken-root"],
)
def test_entities_and_damaged_sheets_fail_the_job_with_a_message(org, tmp_path, member, edit):
    path = rewrite(small_people_file(tmp_path / "xau.xlsx"), {member: edit})
    before = state()
    job, errors = validate(org, path)
    assert job.status == ImportJob.Status.INVALID and job.finished_at is not None
    assert len(errors) == 1 and ("DOCTYPE/ENTITY" in errors[0] or "bị hỏng" in errors[0]), errors
    assert state() == before


def test_json_nested_100000_deep(org, tmp_path):
    path = tmp_path / "sau.json"
    path.write_text('{"CaNhan": ' + "[" * 100_000 + "]" * 100_000 + "}")
    before = state()
    job, errors = validate(org, path)
    assert job.status == ImportJob.Status.INVALID
    assert errors == ["Tệp JSON lồng nhau quá sâu; tệp bị từ chối, không dữ liệu nào được ghi."]
    assert state() == before


def test_json_with_a_100000_digit_integer(org, tmp_path):
    """The attack: the job ended FAILED "Lỗi hệ thống (ValueError)" (Python's int-string conversion limit)."""
    path = tmp_path / "so-dai.json"
    path.write_text('{"CaNhan": [{"ma_ca_nhan": "X1", "nam_sinh": ' + "9" * 100_000 + "}]}")
    before = state()
    job, errors = validate(org, path)
    assert job.status == ImportJob.Status.INVALID and job.finished_at is not None
    assert errors == ["Số quá dài trong tệp JSON (quá 4.300 chữ số); tệp bị từ chối, không dữ liệu nào được ghi."]
    assert state() == before


@pytest.mark.parametrize("error", [RuntimeError("boom"), MemoryError(), RecursionError("deep")])
def test_a_crash_anywhere_in_the_pipeline_fails_the_job(
    org, tmp_path, settings, monkeypatch, error, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path

    def crash(*args, **kwargs):
        raise error

    monkeypatch.setattr(services, "build_plan", crash)
    before = state()
    path = write_workbook(tmp_path / "tot.xlsx", good_sheets())
    job, page = upload_and_validate(client_for(org.officer_a), path, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert job.report["failure"].startswith(f"Lỗi hệ thống khi xử lý tệp ({type(error).__name__})")
    assert "Nhập thất bại, không dữ liệu nào được ghi" in page and job.report["failure"] in page
    assert state() == before


def test_a_crash_while_applying_fails_the_job_and_writes_nothing(
    org, tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    client = client_for(org.officer_a)
    job, _ = upload_and_validate(
        client, write_workbook(tmp_path / "tot.xlsx", good_sheets()), django_capture_on_commit_callbacks
    )
    assert job.status == ImportJob.Status.VALID

    def out_of_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(services, "apply_plan", out_of_memory)
    before = state()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exchange:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "MemoryError" in job.report["failure"]
    assert state() == before


def test_a_job_left_in_progress_by_a_dead_process_is_marked_failed(org, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host = runner.worker_id().split(":")[0]
    path = small_people_file(tmp_path / "tot.xlsx")
    stuck = services.import_job_create(actor=org.officer_a, path=path)
    ImportJob.objects.filter(pk=stuck.pk).update(
        status=ImportJob.Status.VALIDATING, worker=f"{host}:{dead.stdout.strip()}:1"
    )
    alive = services.import_job_create(actor=org.officer_a, path=path)
    ImportJob.objects.filter(pk=alive.pk).update(status=ImportJob.Status.APPLYING, worker=runner.worker_id())
    page = client_for(org.officer_a).get(reverse("exchange:job", args=[stuck.pk])).content.decode()
    stuck.refresh_from_db()
    alive.refresh_from_db()
    assert stuck.status == ImportJob.Status.FAILED and stuck.report["failure"] == runner.DIED
    assert runner.DIED in page
    assert alive.status == ImportJob.Status.APPLYING  # this process is alive: its job is left alone
    assert runner.sweep_stale_jobs() == 0
