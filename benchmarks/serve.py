"""Serve a benchmark database with gunicorn (production settings) and load it with locust; print the figures.

    DATABASE_URL=sqlite:///var/bench/region.sqlite3 python benchmarks/serve.py \
        --locustfile benchmarks/locust_reports.py --users 20 --duration 120

The database comes from `benchmarks/gen_army.py --people 50000` (military-region tier). The script adds the
benchmark accounts (`bench.admin`, a superuser, and `bench.canbo`, an officer of the root unit), collects the
static files, starts gunicorn on loopback, runs locust headless and prints a Markdown table of its statistics
(per request name: count, failures, median, p95, p99, max, requests/s) for docs/benchmarks.md.
Needs the `bench` extra (`pip install -e ".[bench]"`).
"""

import argparse
import csv
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench@TDKT-2026!"


def prepare(env: dict) -> None:
    """Accounts and static files (in a child process, with the server's settings)."""
    code = f"""
from pathlib import Path
ROOT = Path({str(ROOT)!r})
import django; django.setup()
from django.core.management import call_command
from tdkt.org.models import RoleAssignment, Unit, User
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
root = Unit.objects.filter(parent__isnull=True).order_by("id").first()
import json
from django.contrib.auth.hashers import make_password
from rest_framework.authtoken.models import Token
hashed = make_password({PASSWORD!r})
tokens = {{}}
names = [("bench.admin", True), ("bench.canbo", False)] + [(f"bench.canbo.{{i}}", False) for i in range(1, 61)]
for name, superuser in names:
    user = User.objects.filter(username=name).first() or User(username=name, full_name=name)
    user.is_superuser = user.is_staff = superuser
    user.password = hashed
    user.save()
    if not superuser:
        RoleAssignment.objects.get_or_create(user=user, unit=root, role="CAN_BO_TDKT")
        tokens[name] = Token.objects.get_or_create(user=user)[0].key
(ROOT / "var/bench/tokens.json").write_text(json.dumps(tokens))
print("root unit", root.code)
"""
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url}")


def table(csv_path: Path) -> str:
    rows = list(csv.DictReader(csv_path.open()))
    out = ["| request | n | fail | median ms | p95 ms | p99 ms | max ms | req/s |", "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        out.append(
            f"| {row['Type']} {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Median Response Time']):.0f} | {row['95%']} | {row['99%']} | "
            f"{float(row['Max Response Time']):.0f} | "
            f"{float(row['Requests/s']):.1f} |"
        )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--locustfile", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--spawn-rate", type=float, default=None, help="users started per second (default: all)")
    parser.add_argument("--out", default="var/bench/load")
    parser.add_argument(
        "--steady", action="store_true", help="count from the moment every user is started (locust --reset-stats)"
    )
    args = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TDKT_BENCH_PASSWORD": PASSWORD,
        "PYTHONPATH": str(ROOT),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var/bench/region.sqlite3'}")
    prepare(env)
    bind = f"127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", bind,
            "--worker-class", "gthread", "--workers", str(args.workers), "--threads", str(args.threads),
            "--timeout", "120", "--log-level", "warning",
        ],
        env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        wait_until_up(f"http://{bind}/dang-nhap/")
        out = ROOT / args.out
        out.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable, "-m", "locust", "-f", args.locustfile, "--headless", "--host", f"http://{bind}",
                "-u", str(args.users), "-r", str(args.spawn_rate or args.users), "-t", f"{args.duration}s",
                "--csv", str(out), "--only-summary", "--loglevel", "WARNING",
                *(["--reset-stats"] if args.steady else []),
            ],
            env=env, cwd=ROOT, check=False,
        )  # fmt: skip
        print(
            f"\n{env['DATABASE_URL'].split(':')[0]}, {args.users} users, {time.monotonic() - started:.0f} s, "
            f"gunicorn {args.workers}×{args.threads}\n"
        )
        print(table(Path(f"{out}_stats.csv")))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
