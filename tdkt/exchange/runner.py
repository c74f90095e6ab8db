"""Running long import work off the request, with progress that any app server can read.

Progress goes to a small JSON file beside the upload (not the database: the import's own
transaction would hide it until the end). `IMPORT_RUNNER = "inline"` runs the work in the request
(tests); the default runs it in a background thread of the app server.

A job never stays "in progress" (issue #14, finding 5): any exception of the work, MemoryError and
RecursionError included, marks it failed with a Vietnamese message; and a job whose process died
(server restart, OOM kill) is marked failed by `sweep_stale_jobs`, which the import pages call.
"""

import datetime
import json
import logging
import os
import socket
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from tdkt.exchange.models import ImportJob

logger = logging.getLogger("tdkt.exchange")
IN_PROGRESS = (ImportJob.Status.UPLOADED, ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING)
FAILURE = "Lỗi hệ thống khi xử lý tệp ({kind}); không dữ liệu nào được ghi. Hãy tải tệp lên lại hoặc báo quản trị viên."
DIED = (
    "Tiến trình xử lý tệp đã dừng giữa chừng (máy chủ khởi động lại hoặc tiến trình bị dừng); "
    "không dữ liệu nào được ghi. Hãy tải tệp lên lại."
)


def progress_path(job) -> Path:
    return Path(job.stored_path).with_suffix(".progress.json")


class ProgressWriter:
    def __init__(self, job, min_interval: float = 0.3):
        self.path, self.min_interval, self.last = progress_path(job), min_interval, 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < self.min_interval and done != total:
            return
        self.last = now
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total, "at": time.time()}))
        os.replace(tmp, self.path)


def read_progress(job) -> dict:
    try:
        return json.loads(progress_path(job).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _process_start(pid: int) -> str | None:
    """When the process started (Linux /proc), so that a reused pid is not taken for the job's worker."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def worker_id() -> str:
    """host:pid:start of this process, kept on the job while it works on it."""
    return f"{socket.gethostname()}:{os.getpid()}:{_process_start(os.getpid()) or ''}"


def _worker_dead(worker: str) -> bool:
    host, _, rest = worker.partition(":")
    pid, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another server's worker: only its age tells (IMPORT_STALE_HOURS)
    if started:
        return _process_start(int(pid)) != started
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def mark_failed(job, message: str, detail: str = "") -> None:
    """The job failed: its status and message, whatever state the work left it in."""
    job.refresh_from_db(fields=["report", "status"])
    report = {**(job.report or {}), "failure": message}
    if detail:
        report["failure_detail"] = detail[:2000]
    failed = {"status": ImportJob.Status.FAILED, "report": report, "finished_at": timezone.now()}
    ImportJob.objects.filter(pk=job.pk).update(**failed)
    job.refresh_from_db()


def sweep_stale_jobs() -> int:
    """Mark failed the jobs left in progress by a process that is gone; returns how many.

    A job is stale when its worker was a process of this host that no longer runs, when it was never
    picked up (uploaded 10 minutes ago, no worker), or when it is older than IMPORT_STALE_HOURS.
    """
    now = timezone.now()
    stale_before = now - datetime.timedelta(hours=int(getattr(settings, "IMPORT_STALE_HOURS", 12)))
    swept = 0
    for job in ImportJob.objects.filter(status__in=IN_PROGRESS).only("pk", "status", "worker", "created_at"):
        never_started = not job.worker and job.created_at < now - datetime.timedelta(minutes=10)
        if job.created_at < stale_before or never_started or (job.worker and _worker_dead(job.worker)):
            changed = ImportJob.objects.filter(pk=job.pk, status=job.status, worker=job.worker).update(
                status=ImportJob.Status.FAILED, finished_at=now
            )
            if changed:
                job.refresh_from_db(fields=["report"])
                ImportJob.objects.filter(pk=job.pk).update(report={**(job.report or {}), "failure": DIED})
                logger.warning("import job %s was left %s by %s: marked failed", job.pk, job.status, job.worker)
                swept += 1
    return swept


def _run(job, work, progress) -> None:
    """The work, with every way it can fail ending in a failed job (never one stuck in progress)."""
    ImportJob.objects.filter(pk=job.pk).update(worker=worker_id())
    try:
        work(job, progress)
    except Exception as exc:  # MemoryError and RecursionError included
        logger.exception("import job %s failed", job.pk)
        mark_failed(job, FAILURE.format(kind=type(exc).__name__), detail=f"{type(exc).__name__}: {exc}")


def start(job, work) -> None:
    """Run `work(job, progress)` now (inline) or in a background thread."""
    progress = ProgressWriter(job)
    if getattr(settings, "IMPORT_RUNNER", "thread") == "inline":
        _run(job, work, progress)
        return

    def target():
        close_old_connections()
        try:
            _run(job, work, progress)
        finally:
            connection.close()

    threading.Thread(target=target, name=f"import-{job.pk}", daemon=True).start()
