"""Signing a decision of 412 voted items (issue #15, item 8). Not a test: prints figures for docs/benchmarks.md.

    python benchmarks/bench_signing.py                              # this tree
    python benchmarks/bench_signing.py --before /tmp/wt-before       # and a tree before the change, same run

Each tree runs in its own child process on its own fresh SQLite database (`--db-dir`): the world is built
through the services (the test org tree and authorities, 412 people in 12 units, each proposed for Chiến sĩ
tiên tiến, the dossier submitted, received, voted item by item, the vote closed), then `decision_issue` is
timed `--rounds` times, each inside a transaction rolled back afterwards, so every round signs the same
dossier; one more round counts the queries. The children alternate (before, after, before, after …) so the
load of a shared host falls on both alike; the figures are medians of wall and CPU time.
"""

import argparse
import cProfile
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(args) -> None:
    """Build the world in the tree on sys.path and sign; print one JSON line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from tdkt.audit.keys import require_key
    from tdkt.nominations import services
    from tdkt.nominations.tests.conftest import build_flow
    from tdkt.org import services as org_services
    from tdkt.org.choices import UnitType
    from tdkt.org.tests.factories import build_org_tree, person_create
    from tdkt.records.models import Award, CatalogueEntry

    try:
        require_key()
    except Exception:  # a fresh var directory has no key yet; the migrations audit the catalogue with it
        call_command("audit", "keygen", verbosity=0)
    call_command("migrate", verbosity=0)
    settings.DEBUG = False  # no query log: it would cost the path with more queries more
    started = time.perf_counter()
    org = build_org_tree()
    flow = build_flow(org)
    system = org_services.system_actor()
    units = [
        org_services.unit_create(
            actor=system, code=f"B-{u:02d}", name=f"Ban {u + 1}", parent=org.a1, unit_type=UnitType.BAN,
            founded_on=org.a1.founded_on,
        )
        for u in range(12)
    ]  # fmt: skip
    dossier = services.dossier_create(
        actor=org.officer_a, unit=org.a, year=2025, kind="THUONG_XUYEN", title="Đề nghị khen thưởng năm 2025"
    )
    entry = CatalogueEntry.objects.get(code="CSTT")
    for i in range(args.items):
        person = person_create(units[i % len(units)], code=f"QN-{i:04d}", full_name=f"Quân nhân số {i + 1}")
        services.item_add(
            actor=org.officer_a,
            dossier=dossier,
            entry=entry,
            person=person,
            justification="Hoàn thành xuất sắc nhiệm vụ, dẫn đầu phong trào thi đua của đơn vị.",
        )
    for action in ("submit", "receive", "to_council"):
        services.dossier_transition(actor=org.officer_a, dossier=dossier, action=action)
    sitting = services.meeting_create(
        actor=org.council_a,
        dossier=dossier,
        held_on=timezone.localdate(),
        place="Hội trường Cục Chính trị",
        presided_by=flow.members[0],
        attendees=flow.members,
    )
    for item in dossier.items.all():
        services.tally_record(
            actor=org.council_a, meeting=sitting, item=item, agree=9, disagree=0, abstain=0, invalid=0
        )
    services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    built = time.perf_counter() - started
    signer = services.Signer(title="CHỦ NHIỆM", rank="Đại tá", name="Nguyễn Văn Bình")

    def sign(key: str) -> int:
        with transaction.atomic():
            issue = services.decision_issue(
                actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=signer,
                idempotency_key=key,
            )  # fmt: skip
            written = Award.objects.filter(decision=issue.decision).count()
            transaction.set_rollback(True)  # the next round signs the same dossier
        return written

    wall, cpu = [], []
    for r in range(args.rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        written = sign(f"bench-{r}")
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
        assert written == args.items, written
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        sign("bench-count")
    if args.profile:  # where the time of one more signing goes, to stderr
        profile = cProfile.Profile()
        profile.runcall(sign, "bench-profile")
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    # the count leaves out the award count of `sign` itself
    print(json.dumps({"wall": wall, "cpu": cpu, "queries": len(queries) - 1, "built": built, "items": args.items}))


def run(tree: Path, label: str, args) -> dict:
    db_dir = Path(args.db_dir) / label
    db_dir.mkdir(parents=True, exist_ok=True)
    db = db_dir / "signing.sqlite3"
    db.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "TDKT_VAR_DIR": str(db_dir),
        "PYTHONPATH": str(tree),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    command = [sys.executable, __file__, "--child", "--items", str(args.items), "--rounds", str(args.rounds)]
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{label} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=412)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=1, help="children per tree, alternating")
    parser.add_argument("--before", type=Path, help="a checkout of the code before the change")
    parser.add_argument("--db-dir", default=str(ROOT / "var" / "bench" / "signing"))
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--profile", action="store_true", help="with --child: profile one more signing")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, os.getcwd())
        child(args)
        return
    trees = ([("before", args.before)] if args.before else []) + [("after", ROOT)]
    results = {label: [] for label, _ in trees}
    for n in range(args.runs):
        for label, tree in trees:
            results[label].append(run(tree, label, args))
            got = results[label][-1]
            print(f"  run {n + 1} {label}: median {statistics.median(got['wall']):.3f} s, {got['queries']:,} queries "
                  f"(world built in {got['built']:.0f} s)", flush=True)  # fmt: skip
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    print(
        f"\nSigning a decision of {args.items} voted items, SQLite {__import__('sqlite3').sqlite_version}, "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {' / '.join(f'{x:.1f}' for x in load)}"
    )
    for label, runs in results.items():
        wall = [w for r in runs for w in r["wall"]]
        cpu = [c for r in runs for c in r["cpu"]]
        queries = runs[-1]["queries"]
        print(
            f"  {label}: wall median {statistics.median(wall):.3f} s (min {min(wall):.3f}, max {max(wall):.3f}), "
            f"CPU median {statistics.median(cpu):.3f} s, {queries:,} queries ({queries / args.items:.1f} per item), "
            f"{len(wall)} signings"
        )


if __name__ == "__main__":
    main()
