"""Audit-chain verification at 1,000,000 events (issue #8). Not a test: prints figures for docs/benchmarks.md.

    DATABASE_URL=sqlite:///var/bench/audit.sqlite3 python benchmarks/bench_audit.py --events 1000000
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/tdkt_audit python benchmarks/bench_audit.py

Fills an empty, migrated database with a valid chain of realistic events (hashes computed exactly as
`audit_record` does, rows bulk-inserted), then times `tdkt audit verify` (a child process, as an operator
runs it) and the same after one event in the middle is edited, to show where the break is named.
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tdkt.audit.chain import GENESIS_HASH, HMAC_SHA256, compute_hash, event_payload  # noqa: E402
from tdkt.audit.db import drop_append_only_triggers, install_append_only_triggers  # noqa: E402
from tdkt.audit.keys import require_key  # noqa: E402
from tdkt.audit.models import AuditChainHead, AuditEvent  # noqa: E402


def fill(events: int) -> None:
    start = AuditChainHead.objects.filter(id=1).values_list("seq", "hash").first() or (0, GENESIS_HASH)
    seq, prev = start
    if seq >= events:
        print(f"{seq:,} events already there")
        return
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    key = require_key()  # `tdkt audit keygen` first; the verifying child process reads the same file
    batch, started = [], time.perf_counter()
    with transaction.atomic():
        while seq < events:
            seq += 1
            fields = {
                "seq": seq, "created_at": stamp + timedelta(seconds=seq), "actor_id": None,
                "actor_username": "", "action": "records.award.created", "object_type": "records.award",
                "object_id": str(seq), "object_repr": f"Giấy khen năm 2024 — Quân nhân số {seq}",
                "before": None, "after": {"year": 2024, "code": "GK", "kind": "THUONG_XUYEN", "status": "HIEU_LUC"},
                "reason": "", "prev_hash": prev,
            }  # fmt: skip
            prev = compute_hash(event_payload(**fields), key)
            batch.append(AuditEvent(**fields, hash=prev, hash_scheme=HMAC_SHA256))
            if len(batch) == 20_000:
                AuditEvent.objects.bulk_create(batch)
                batch = []
                print(f"  {seq:,} events written", flush=True)
        AuditEvent.objects.bulk_create(batch)
        AuditChainHead.objects.update_or_create(id=1, defaults={"seq": seq, "hash": prev})
    print(f"filled to {seq:,} events in {time.perf_counter() - started:.0f} s")


def verify() -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "tdkt.cli", "audit", "verify"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    print(f"  exit {result.returncode}: {(result.stdout or result.stderr).strip().splitlines()[-1]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    fill(args.events)
    intact = verify()
    print(f"{connection.vendor}: verify {args.events:,} events: {intact:.1f} s (target < 60 s)")
    middle = args.events // 2
    with transaction.atomic():
        drop_append_only_triggers(connection)
        AuditEvent.objects.filter(seq=middle).update(reason="đã sửa")
        install_append_only_triggers(connection)
    try:
        broken = verify()
        print(f"{connection.vendor}: verify with event #{middle:,} edited: {broken:.1f} s (stops at the break)")
    finally:
        with transaction.atomic():
            drop_append_only_triggers(connection)
            AuditEvent.objects.filter(seq=middle).update(reason="")
            install_append_only_triggers(connection)


if __name__ == "__main__":
    main()
