"""Faults survived (issue #8): the app process killed in the middle of a write, PostgreSQL restarted in the
middle of a transaction, a full disk (under SQLite's file, and under PostgreSQL's data files). In every case
what was acknowledged is kept, nothing is half-written and the audit chain verifies. (The retried award with
an idempotency key: tdkt/api/tests/test_idempotency.py.)

Each test runs tdkt as separate processes on a database of its own, as in production.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.system.helpers import database_url, python, tdkt, tdkt_env

pytestmark = pytest.mark.slow

SETUP = """
from tdkt.org.tests.factories import build_org_tree
build_org_tree()
"""
# Each writer first commits one award and says so ("ACK"): what must survive the fault.
ACKNOWLEDGED = """
import secrets
import time
from django.db import connection, transaction
from tdkt.org.models import Person, User
from tdkt.records import services
from tdkt.records.models import CatalogueEntry
admin, person = User.objects.get(username="admin"), Person.objects.get(code="P-A")
gk = CatalogueEntry.objects.get(code="GK")
acknowledged = services.award_record(  # a decision of its own: a writer run twice records two awards
    actor=admin, person=person, entry=gk, year=2024, kind="THUONG_XUYEN",
    decision_number=f"{secrets.randbelow(10**9)}/QĐ-ACK", issuer="Đơn vị thử nghiệm",
)
print("ACK", acknowledged.pk, flush=True)


def distinct(i):  # each award its own hand-entered decision: the same award twice is refused (issue #14)
    return {"decision_number": f"{i + 1}/QĐ-THU", "issuer": "Đơn vị thử nghiệm"}
"""
# Then thirty more inside one transaction that never ends.
WRITER = (
    ACKNOWLEDGED
    + """
try:
    with transaction.atomic():
        for i in range(30):
            services.award_record(actor=admin, person=person, entry=gk, year=2025, kind="DOT_XUAT", **distinct(i),
                                  achievement=f"Việc tốt số {i}")
        print("WRITING", flush=True)
        for _ in range(240):  # still inside the transaction, still talking to the database
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            time.sleep(0.5)
except Exception as exc:
    print("FAILED", type(exc).__name__, flush=True)
    raise SystemExit(3)
"""
)
STATE = """
from tdkt.records.models import Award
print("AWARDS", sorted(Award.objects.values_list("pk", flat=True)))
"""


def _prepared(tmp_path, name, **kw):
    env = tdkt_env(database_url(tmp_path, name, **kw), tmp_path)
    tdkt(env, "migrate", "-v", "0")
    tdkt(env, "shell", "-c", SETUP)
    return env


def _wait_for(process, word: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith(word):
            return line
        if not line and process.poll() is not None:
            raise AssertionError(f"writer ended before {word}: {process.stderr.read()[-2000:]}")
    raise AssertionError(f"no {word} within {timeout} s")


def _awards(env) -> list[int]:
    out = tdkt(env, "shell", "-c", STATE).stdout
    return eval(out.split("AWARDS", 1)[1].strip())  # noqa: S307 - our own printed list of ints


def _assert_survived(env, acknowledged: int) -> None:
    assert _awards(env) == [acknowledged]  # kept, and none of the thirty in flight
    verified = tdkt(env, "audit", "verify", check=False)
    assert verified.returncode == 0, verified.stderr
    assert "toàn vẹn" in verified.stdout


def test_the_app_killed_in_the_middle_of_a_write(tmp_path):
    env = _prepared(tmp_path, "tdkt_fault_kill")
    writer = python(env, WRITER)
    acknowledged = int(_wait_for(writer, "ACK").split()[1])
    _wait_for(writer, "WRITING")
    os.kill(writer.pid, signal.SIGKILL)  # no cleanup, no rollback by the process: the database must cope
    writer.wait(timeout=30)
    _assert_survived(env, acknowledged)
    # and the next write goes through
    again = python(env, WRITER.replace("range(240)", "range(1)"))
    assert again.wait(timeout=120) == 0, again.stderr.read()
    assert len(_awards(env)) == 1 + 1 + 30


def _pg_restart() -> None:
    if shutil.which("pg_lsclusters") is None:
        raise AssertionError("pg_lsclusters is missing: this test needs Debian's PostgreSQL cluster tools")
    version, cluster = subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, check=True
    ).stdout.split()[:2]
    subprocess.run(["pg_ctlcluster", version, cluster, "restart", "-m", "fast"], check=True)
    for _ in range(60):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0:
            return
        time.sleep(0.5)
    raise AssertionError("PostgreSQL did not come back")


def test_postgresql_restarted_in_the_middle_of_a_transaction(tmp_path):
    from django.db import connections

    env = _prepared(tmp_path, "tdkt_fault_restart", engine="postgresql")
    writer = python(env, WRITER)
    acknowledged = int(_wait_for(writer, "ACK").split()[1])
    _wait_for(writer, "WRITING")
    try:
        _pg_restart()
    finally:
        connections.close_all()  # this test process's own connections died with the server too
    assert writer.wait(timeout=60) != 0  # the writer saw its connection end ...
    _assert_survived(env, acknowledged)  # ... and the server kept exactly what was committed


FULL_DISK = (
    ACKNOWLEDGED
    + """
with connection.cursor() as cursor:  # the disk is full: SQLite gets SQLITE_FULL as soon as it needs a page
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = cursor.execute("PRAGMA page_count").fetchone()[0]
    cursor.execute(f"PRAGMA max_page_count = {pages + 2}")
try:
    with transaction.atomic():
        for i in range(300):
            services.award_record(actor=admin, person=person, entry=gk, year=2025, kind="DOT_XUAT", **distinct(i),
                                  achievement=f"Việc tốt số {i} " + "x" * 2000)
    print("WROTE", flush=True)
except Exception as exc:
    print("FULL", type(exc).__name__, str(exc)[:80], flush=True)
"""
)


def test_a_full_disk_keeps_what_was_acknowledged_and_writes_nothing_half(tmp_path):
    env = _prepared(tmp_path, "tdkt_fault_full", engine="sqlite")
    writer = python(env, FULL_DISK)
    acknowledged = int(_wait_for(writer, "ACK").split()[1])
    full = _wait_for(writer, "FULL")
    writer.wait(timeout=60)
    assert "full" in full.lower()
    _assert_survived(env, acknowledged)


FULL_DATA_VOLUME = (
    ACKNOWLEDGED
    + """
try:
    with transaction.atomic():
        for i in range(2000):  # incompressible text: each award and its audit event take real pages
            services.award_record(actor=admin, person=person, entry=gk, year=2025, kind="DOT_XUAT", **distinct(i),
                                  achievement=f"Việc tốt số {i} " + secrets.token_hex(4000))
    print("WROTE", flush=True)
except Exception as exc:
    print("FULL", type(exc).__name__, str(exc)[:200].replace("\\n", " "), flush=True)
"""
)


def _postgres_uid() -> tuple[int, int]:
    import pwd

    try:
        entry = pwd.getpwnam("postgres")
    except KeyError as exc:
        raise AssertionError("this test needs Debian's PostgreSQL (the postgres account)") from exc
    return entry.pw_uid, entry.pw_gid


def test_a_full_postgresql_data_volume_keeps_what_was_acknowledged_and_writes_nothing_half(tmp_path):
    """The award and audit tables live in a tablespace on a 4 MB tmpfs, which the writer fills.

    A full disk under PostgreSQL's data files fails the statement that needed a page ("could not extend
    file ... No space left on device") and rolls its transaction back; the server stays up. (A full WAL
    volume instead stops the server, and its restart is the recovery exercised by the restart test.)
    Mounting needs root, as CI and the README's test command run.
    """
    import psycopg
    from django.db import connections

    env = _prepared(tmp_path, "tdkt_fault_full_pg", engine="postgresql")
    admin_url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    volume = Path(tempfile.mkdtemp(prefix="tdkt-full-", dir="/tmp"))  # pytest's tmp_path is closed to postgres
    uid, gid = _postgres_uid()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size=4m,mode=0700,uid={uid},gid={gid}", "tmpfs", str(volume)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert mounted.returncode == 0, f"cannot mount a small tmpfs (needs root): {mounted.stderr}"
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("DROP TABLESPACE IF EXISTS tdkt_fault_small")
            conn.execute(f"CREATE TABLESPACE tdkt_fault_small LOCATION '{volume}'")
        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True) as conn:
            for table in ("records_award", "audit_auditevent"):
                conn.execute(f"ALTER TABLE {table} SET TABLESPACE tdkt_fault_small")
        writer = python(env, FULL_DATA_VOLUME)
        acknowledged = int(_wait_for(writer, "ACK").split()[1])
        full = _wait_for(writer, "FULL", timeout=180)
        writer.wait(timeout=60)
        assert "No space left on device" in full, full
        _assert_survived(env, acknowledged)
    finally:
        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS tdkt_fault_full_pg WITH (FORCE)")
            conn.execute("DROP TABLESPACE IF EXISTS tdkt_fault_small")
        subprocess.run(["umount", str(volume)], check=False)
        volume.rmdir()
