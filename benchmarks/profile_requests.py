"""Cost of each request of the year-end rush mix, one at a time, in process (no server, no load).

    DATABASE_URL=sqlite:///var/bench/region.sqlite3 python benchmarks/profile_requests.py [--repeat 30]

Needs the military-region tier and the benchmark accounts that benchmarks/serve.py creates (run it once).
For each request of benchmarks/locust_trust.py: median and p95 wall time, CPU time and the number of SQL
queries, through Django's test client under the production settings. It shows where a page's time goes
before a load test mixes everything together (the load test's p95 is this cost plus queueing).
"""

import argparse
import os
import random
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var/bench/region.sqlite3'}")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tdkt.org.models import Person, Unit, User  # noqa: E402

RATINGS = ("HTXSNV", "HTTNV", "HTNV")


def requests(people: list[int], units: list[int]):
    """(name, method, path, json body or None) — the mix of benchmarks/locust_trust.py."""
    person, unit = random.choice(people), random.choice(units)
    key = uuid.uuid4().hex
    return [
        ("read: person page", "get", f"/quan-nhan/{person}/", None),
        ("read: record panel", "get", f"/ho-so/ca-nhan/{person}/", None),
        ("read: unit page", "get", f"/don-vi/{unit}/", None),
        ("read: API records", "get", f"/api/v1/people/{person}/records/", None),
        ("list: search page", "get", f"/quan-nhan/?q=quan+nhan+{random.randint(1, len(people))}", None),
        ("list: search API", "get", f"/api/v1/people/?q=quan nhan {random.randint(1, 999)}", None),
        ("list: awards API", "get", f"/api/v1/awards/?person={person}", None),
        ("list: unit tree", "get", "/don-vi/", None),
        ("write: rating", "post", "/api/v1/ratings/",
         {"person": person, "year": 2024, "rating": random.choice(RATINGS), "reason": "Rà soát"}),
        ("write: award", "post", "/api/v1/awards/",
         {"person": person, "entry": "GK", "year": 2025, "kind": "DOT_XUAT", "achievement": f"Đột xuất {key[:8]}",
          "_key": key}),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="", help="substring of the request names to run")
    parser.add_argument("--user", default="bench.canbo.1")
    args = parser.parse_args()
    user = User.objects.get(username=args.user)
    from rest_framework.authtoken.models import Token

    token = Token.objects.get(user=user).key
    client = Client()
    client.force_login(user)
    people = list(Person.objects.values_list("id", flat=True))
    units = list(Unit.objects.values_list("id", flat=True))
    samples: dict[str, list[tuple[float, float, int]]] = {}
    random.seed(7)
    errors = 0
    for round_ in range(args.repeat + 2):
        for name, method, path, body in requests(people, units):
            if args.only not in name:
                continue
            headers = {}
            if path.startswith("/api/"):
                headers["HTTP_AUTHORIZATION"] = f"Token {token}"
            if body and "_key" in body:
                headers["HTTP_IDEMPOTENCY_KEY"] = body.pop("_key")
            wall, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                if method == "get":
                    response = client.get(path, **headers)
                else:
                    response = client.post(path, body, content_type="application/json", **headers)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if response.status_code >= 400:
                errors += 1
                if errors <= 3:
                    print(name, path, response.status_code, response.content[:300], file=sys.stderr)
            if round_ >= 2:  # the first two warm the caches
                samples.setdefault(name, []).append((wall * 1000, cpu * 1000, len(queries)))
    if errors:
        raise SystemExit(f"{errors} requests failed")
    print(f"{connection.vendor}, {args.repeat} requests each")
    print("| request | median ms | p95 ms | CPU median ms | queries |")
    print("|---|---|---|---|---|")
    for name, rows in samples.items():
        walls = sorted(r[0] for r in rows)
        print(
            f"| {name} | {statistics.median(walls):.1f} | {walls[int(len(walls) * 0.95) - 1]:.1f} | "
            f"{statistics.median(r[1] for r in rows):.1f} | {max(r[2] for r in rows)} |"
        )


if __name__ == "__main__":
    main()
