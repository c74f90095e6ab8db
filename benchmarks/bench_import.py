"""Import / export benchmark (issue: the legal record). Not a test: it prints figures for docs/benchmarks.md.

    python benchmarks/bench_import.py var/bench/people-100k.xlsx                     # SQLite
    python benchmarks/bench_import.py var/bench/people-100k.xlsx --postgres           # PostgreSQL

It measures, in the same run: reading the workbook with openpyxl's read-only mode (the baseline),
`tdkt import` into an empty database (wall time and peak memory of that process), and
`tdkt export` of everything back to XLSX.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TDKT = str(ROOT / ".venv" / "bin" / "tdkt")


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


def run(args: list[str], env: dict) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of this one child process (os.wait4: per-child usage)."""
    started = time.perf_counter()
    child = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        print(output.decode()[-3000:], file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    return elapsed, usage.ru_maxrss / 1024


def fresh_database(postgres: bool) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "0"}
    if postgres:
        url = os.environ.get("BENCH_PG_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres")
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS tdkt_bench")
            conn.execute("CREATE DATABASE tdkt_bench")
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/tdkt_bench"
    else:
        db = ROOT / "var" / "bench" / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{db}"
    subprocess.run([TDKT, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    engine = "PostgreSQL" if args.postgres else "SQLite"
    baseline, rows = read_baseline(args.workbook)
    print(f"openpyxl read-only read of {rows:,} rows: {baseline:.1f} s", flush=True)
    env = fresh_database(args.postgres)
    imported, peak = run([TDKT, "import", str(args.workbook)], env)
    print(f"{engine}: tdkt import {imported:.1f} s = {imported / baseline:.2f} × read; peak {peak:.0f} MB", flush=True)
    again, again_peak = run([TDKT, "import", str(args.workbook)], env)
    print(
        f"{engine}: importing the same file again (all unchanged) {again:.1f} s; peak {again_peak:.0f} MB", flush=True
    )
    out = ROOT / "var" / "bench" / "export.xlsx"
    exported, export_peak = run([TDKT, "export", str(out)], env)
    print(f"{engine}: tdkt export {exported:.1f} s; peak {export_peak:.0f} MB", flush=True)
    print(
        f"| {engine} | {rows:,} | {baseline:.1f} s | {imported:.1f} s | {imported / baseline:.2f} | {peak:.0f} MB "
        f"| {exported:.1f} s |"
    )


if __name__ == "__main__":
    main()
