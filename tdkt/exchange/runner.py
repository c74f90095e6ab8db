"""Running long import work off the request, with progress that any app server can read.

Progress goes to a small JSON file beside the upload (not the database: the import's own
transaction would hide it until the end). `IMPORT_RUNNER = "inline"` runs the work in the request
(tests); the default runs it in a background thread of the app server.
"""

import json
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection


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


def start(job, work) -> None:
    """Run `work(job, progress)` now (inline) or in a background thread."""
    progress = ProgressWriter(job)
    if getattr(settings, "IMPORT_RUNNER", "thread") == "inline":
        work(job, progress)
        return

    def target():
        close_old_connections()
        try:
            work(job, progress)
        except Exception:  # the job row records the failure; keep the thread from dying noisily
            import logging

            logging.getLogger("tdkt.exchange").exception("import job %s failed", job.pk)
        finally:
            connection.close()

    threading.Thread(target=target, name=f"import-{job.pk}", daemon=True).start()
