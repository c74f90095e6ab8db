"""Import / export benchmark (issue: the legal record). Not a test: it prints figures for docs/benchmarks.md.

    python benchmarks/bench_import.py var/bench/people-100k.xlsx                     # SQLite
    python benchmarks/bench_import.py var/bench/people-100k.xlsx --postgres           # PostgreSQL

It measures, in the same run: reading the workbook with openpyxl's read-only mode (the baseline),
`tdkt import` into an empty database (wall time and peak memory of that process), the same file
again (everything unchanged), the same file again as an officer (`--user`, CAN_BO_TDKT on every top
unit, so that every row goes through the remit check), and `tdkt export` of everything back to XLSX.

    python benchmarks/bench_import.py FILE --root /tmp/wt-before --no-export   # another checkout's code

`--root` runs `manage.py` of another checkout (a `git worktree` of an earlier commit) with this
virtualenv, to compare before and after in the same run; `--db-dir` keeps parallel runs apart.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICER = "bench.officer"
GRANT_OFFICER = (
    "from tdkt.org import services; from tdkt.org.choices import Role; from tdkt.org.models import Unit, User; "
    f"user = User.objects.create(username='{OFFICER}', full_name='Cán bộ đo'); "
    "[services.role_grant(actor=None, user=user, unit=unit, role=Role.CAN_BO_TDKT) "
    "for unit in Unit.objects.filter(parent__isnull=True)]"
)


def read_baseline(path: Path) -> tuple[float, int]:
    from openpyxl import load_workbook

    started = time.perf_counter()
    workbook = load_workbook(path, read_only=True)
    rows = 0
    for sheet in workbook.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            rows += 1
    workbook.close()
    return time.perf_counter() - started, rows


def tdkt(root: Path, *args: str) -> list[str]:
    """`tdkt ARGS` run from `root`'s own code (manage.py puts `root` first on sys.path)."""
    return [sys.executable, str(root / "manage.py"), *args]


CPU: dict[str, float] = {}  # label -> CPU seconds (user + system) of the child: steadier than wall time on a busy host


def run(args: list[str], env: dict, root: Path = ROOT, label: str = "") -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of this one child process (os.wait4: per-child usage)."""
    started = time.perf_counter()
    child = subprocess.Popen(args, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        print(output.decode()[-3000:], file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    CPU[label or args[2]] = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024


def fresh_database(postgres: bool, root: Path, db_dir: Path, name: str) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "0"}
    if postgres:
        url = os.environ.get("BENCH_PG_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres")
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
    else:
        db_dir.mkdir(parents=True, exist_ok=True)
        db = db_dir / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{db}"
    subprocess.run(tdkt(root, "migrate", "-v0"), env=env, cwd=root, check=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose code runs (default: this one)")
    parser.add_argument("--db-dir", type=Path, default=ROOT / "var" / "bench", help="SQLite database and export")
    parser.add_argument("--db-name", default="tdkt_bench", help="database (PostgreSQL) or file stem (SQLite)")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--no-baseline", action="store_true", help="skip the openpyxl read (before/after runs)")
    args = parser.parse_args()
    engine = "PostgreSQL" if args.postgres else "SQLite"
    root, workbook = args.root.resolve(), str(args.workbook.resolve())
    baseline, rows = (float("nan"), 0) if args.no_baseline else read_baseline(args.workbook)
    print(f"openpyxl read-only read of {rows:,} rows: {baseline:.1f} s", flush=True)
    env = fresh_database(args.postgres, root, args.db_dir.resolve(), args.db_name)
    imported, peak = run(tdkt(root, "import", workbook), env, root, "import")
    print(f"{engine}: tdkt import {imported:.1f} s = {imported / baseline:.2f} × read; peak {peak:.0f} MB", flush=True)
    again, again_peak = run(tdkt(root, "import", workbook), env, root, "again")
    print(
        f"{engine}: importing the same file again (all unchanged) {again:.1f} s; peak {again_peak:.0f} MB", flush=True
    )
    subprocess.run(tdkt(root, "shell", "-c", GRANT_OFFICER), env=env, cwd=root, check=True)
    officer, officer_peak = run(tdkt(root, "import", workbook, "--user", OFFICER), env, root, "officer")
    print(f"{engine}: the same file again as an officer (--user) {officer:.1f} s; peak {officer_peak:.0f} MB")
    exported = export_peak = 0.0
    if not args.no_export:
        out = args.db_dir.resolve() / "export.xlsx"
        exported, export_peak = run(tdkt(root, "export", str(out)), env, root, "export")
        print(f"{engine}: tdkt export {exported:.1f} s; peak {export_peak:.0f} MB", flush=True)
    print("CPU seconds: " + ", ".join(f"{label} {seconds:.1f}" for label, seconds in CPU.items()))
    print(
        f"| {engine} | {rows:,} | {baseline:.1f} s | {imported:.1f} s | {imported / baseline:.2f} | {peak:.0f} MB "
        f"| {again:.1f} s | {officer:.1f} s | {exported:.1f} s |"
    )


if __name__ == "__main__":
    main()
