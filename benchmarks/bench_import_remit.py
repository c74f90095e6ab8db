"""What the import's remit check (issue #14, finding 1) costs, measured in one process on a loaded database.

    DATABASE_URL=sqlite:///var/bench/tdkt_bench.sqlite3 python benchmarks/bench_import_remit.py FILE

Run after `bench_import.py` (which leaves the file imported and the officer `bench.officer` holding
CAN_BO_TDKT on every top unit). Validates FILE as that officer several times, alternately with the remit
check and with it replaced by a no-op, and times the check alone: the difference is what every row's
look-up adds to the validation pass (CPU time of this process, steadier than wall time on a shared host).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--user", default="bench.officer")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from tdkt.exchange import plan as plan_module
    from tdkt.exchange import remit
    from tdkt.exchange.policies import Remit
    from tdkt.org.models import User

    actor = User.objects.get(username=args.user)
    inside: list[float] = []
    rows: list[int] = []

    def timed_check(plan, remit_sets) -> None:
        rows.append(sum(len(getattr(plan, n)) for n in ("units", "people", "ratings", "initiatives", "disciplines")))
        rows[-1] += len(plan.awards)
        started = time.process_time()
        remit.check_remit(plan, remit_sets)
        inside.append(time.process_time() - started)

    timings: dict[str, list[float]] = {"with the check": [], "without": []}
    for _ in range(args.rounds):
        for label, check in (("with the check", timed_check), ("without", lambda plan, remit_sets: None)):
            plan_module.check_remit = check
            started = time.process_time()
            plan = plan_module.build_plan(args.workbook, actor=actor)
            timings[label].append(time.process_time() - started)
            assert plan.ok, plan.problems[:5]
    plan_module.check_remit = remit.check_remit
    started = time.process_time()
    Remit.of(actor)
    loading = time.process_time() - started
    best = {label: min(values) for label, values in timings.items()}
    print(f"validation of {args.workbook.name} as {args.user} (CPU s, best of {args.rounds}):")
    for label, values in timings.items():
        print(f"  {label}: {best[label]:.2f} s  (runs: {', '.join(f'{v:.2f}' for v in values)})")
    print(f"  the check alone: {min(inside):.3f} s for {rows[0]:,} rows; loading the remit's unit ids {loading:.3f} s")
    print(
        f"  difference: {best['with the check'] - best['without']:+.2f} s = "
        f"{(best['with the check'] / best['without'] - 1) * 100:+.1f} % of the validation pass"
    )


if __name__ == "__main__":
    main()
