"""Backup and restore of the whole database, and a canonical digest of its data to prove a restore exact.

SQLite: the online backup API (a consistent copy while tdkt runs). PostgreSQL: `pg_dump -Fc`, restored with
`pg_restore --clean --single-transaction` (all or nothing). A restored copy is proven before it is kept (the
append-only triggers reinstalled, the audit chain verified with the key); one that fails is rolled back to
the safety copy taken just before. See docs/operations.md for the schedule.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tdkt.audit.db import append_only_problems, drop_append_only_triggers, install_append_only_triggers
from tdkt.audit.drift import records_drift
from tdkt.audit.selectors import audit_chain_verify

SKIPPED_APPS = {"sessions", "admin"}  # log-ins and the admin's own log are not part of the record
BATCH = 5000


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the operator (Vietnamese)."""


def data_digest() -> str:
    """SHA-256 over every row of every model (except sessions and the admin log), in a canonical form:
    tables by label, rows by primary key, values as canonical JSON. Equal digests mean equal data."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label_lower):
        if model._meta.app_label in SKIPPED_APPS or model._meta.proxy or not model._meta.managed:
            continue
        columns = [field.attname for field in model._meta.concrete_fields]
        digest.update(f"\n#{model._meta.label_lower}:{','.join(columns)}\n".encode())
        queryset = model._base_manager.order_by("pk").values_list(*columns)
        for row in queryset.iterator(chunk_size=BATCH):
            digest.update(json.dumps(row, default=str, ensure_ascii=False, separators=(",", ":")).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def _pg_env() -> tuple[dict, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env, db["NAME"]


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"Không tìm thấy chương trình {command[0]} (cài gói postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {result.stderr.strip()[-500:]}")


def backup(path: Path) -> None:
    """Write a consistent copy of the live database to `path` (the file is complete or absent)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        elif connection.vendor == "postgresql":
            env, name = _pg_env()
            _run(["pg_dump", "-Fc", "--no-owner", "-f", str(partial), name], env)
        else:
            raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")
        os.replace(partial, path)  # a backup is never left half-written under its real name
    finally:
        partial.unlink(missing_ok=True)


def _check_sqlite_file(path: Path) -> None:
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = source.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Tệp {path.name} không phải bản sao lưu SQLite hợp lệ ({exc}).") from exc
    if ok != "ok" or "audit_auditevent" not in tables:
        raise BackupError(f"Tệp {path.name} không phải bản sao lưu tdkt hợp lệ.")


def _load(path: Path) -> None:
    """Replace the live database with the backup at `path` (already checked), all or nothing."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)  # page by page, under SQLite's lock: complete or not at all
        finally:
            source.close()
        return
    env, name = _pg_env()
    connection.close()
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", name, str(path)], env)


@dataclass
class RestoreReport:
    """What `restore` did: where the replaced data was kept, and what it repaired in the restored copy."""

    safety: Path
    repaired: list[str] = field(default_factory=list)
    migrated: bool = False


def _verify_restored(*, records: bool) -> tuple[str | None, list[str], bool]:
    """Make the restored database safe to run on, then prove it: (problem or None, repairs, migrated).

    The append-only triggers are always installed again: a copy without them (or with a trigger emptied) must
    not leave the audit table writable. A backup older than the code gets its migrations. Then the chain is
    recomputed with the key (and, asked for, every audited row is compared with its last event). A copy that
    was missing its triggers is a sign of tampering: a row edited while they were off leaves the chain intact,
    so every audited row is then compared with its last event whether asked for or not.
    """
    connection.ensure_connection()
    executor = MigrationExecutor(connection)
    migrated = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if migrated:
        call_command("migrate", interactive=False, verbosity=0)
    repaired = append_only_problems(connection)
    if repaired:
        drop_append_only_triggers(connection)  # first: CREATE TRIGGER IF NOT EXISTS would keep an emptied one
    install_append_only_triggers(connection)
    still = append_only_problems(connection)
    if still:
        return f"bảng nhật ký vẫn ghi sửa được ({'; '.join(still)})", repaired, migrated
    broken = audit_chain_verify()
    if broken:
        return f"chuỗi nhật ký hỏng tại sự kiện #{broken.seq}: {broken.problem}", repaired, migrated
    if records or repaired:
        drift = next(iter(records_drift()), None)
        if drift is not None:
            return (
                f"dữ liệu lệch so với nhật ký ({drift.object_type} #{drift.object_id}, trường {drift.field})",
                repaired,
                migrated,
            )
    return None, repaired, migrated


def restore(path: Path, *, safety_copy_dir: Path | None = None, records: bool = False) -> RestoreReport:
    """Replace the live database with the backup at `path`, all or nothing, and prove the result.

    The current data is first saved beside the backups, so a wrong file can be undone. After loading, the
    triggers are reinstalled and the audit chain verified (`records=True`, or a copy that was missing its
    triggers: also every audited row against its events); a copy that fails is rolled back to the saved data
    and `BackupError` says why. Stop the app servers first: their open connections would see the data change
    under them.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    safety_dir = Path(safety_copy_dir or Path(settings.VAR_DIR) / "backups")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if connection.vendor == "sqlite":
        _check_sqlite_file(path)
        safety = safety_dir / f"truoc-khoi-phuc-{stamp}.sqlite3"
    elif connection.vendor == "postgresql":
        env, _name = _pg_env()
        _run(["pg_restore", "--list", str(path)], env)  # refuses a file that is not a pg_dump archive
        safety = safety_dir / f"truoc-khoi-phuc-{stamp}.dump"
    else:
        raise BackupError(f"Chưa hỗ trợ khôi phục cơ sở dữ liệu {connection.vendor}.")
    backup(safety)
    _load(path)
    try:
        problem, repaired, migrated = _verify_restored(records=records)
    except Exception as exc:  # a copy that cannot even be checked is not kept either
        problem, repaired, migrated = f"không kiểm tra được bản đã khôi phục ({exc})", [], False
    if problem is None:
        return RestoreReport(safety=safety, repaired=repaired, migrated=migrated)
    _load(safety)
    install_append_only_triggers(connection)
    raise BackupError(
        f"Bản sao lưu {path.name} không qua kiểm tra: {problem}. Đã hủy khôi phục và đưa cơ sở dữ liệu về đúng "
        f"dữ liệu trước khi khôi phục (bản lưu an toàn {safety})."
    )
