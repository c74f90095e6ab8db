"""Reports at the army tier (issue #7, partial). Not a test: prints figures for docs/benchmarks.md.

    DATABASE_URL=... python benchmarks/bench_reports.py --year 2024 [--repeat 3]

On the database of DATABASE_URL (filled by benchmarks/gen_army.py), for the whole organisation:
the baseline (one aggregate SQL query over the year's awards: forms by kind and distinct people),
the annual summary (`reports.summary.annual_summary`, uncached), and the dashboard data uncached and
from the cache.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from tdkt.org.models import Unit  # noqa: E402
from tdkt.reports.summary import annual_summary, cached, dashboard_data  # noqa: E402

BASELINE = """
SELECT a.kind, count(*), count(DISTINCT a.person_id), count(DISTINCT a.unit_id)
FROM records_award a JOIN records_catalogueentry e ON e.id = a.entry_id
WHERE a.year = %s AND a.status = 'HIEU_LUC' AND e.kind = 'HINH_THUC' GROUP BY a.kind
"""


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Unit.objects.get(parent__isnull=True)

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE, [args.year])
            return cursor.fetchall()

    base, _ = timed(baseline, args.repeat)
    summary_time, summary = timed(lambda: annual_summary(year=args.year, unit=root), args.repeat)
    dashboard_time, _ = timed(lambda: dashboard_data(year=args.year, unit=root), 1)
    cached("dashboard", year=args.year, unit=root)
    hit_time, _ = timed(lambda: cached("dashboard", year=args.year, unit=root), 20)
    c = summary["commendations"]
    print(
        f"{connection.vendor}: year {args.year}, {c['CA_NHAN']['subjects']:,} people and {c['TAP_THE']['subjects']:,} "
        "units commended"
    )
    print(
        f"baseline aggregate query: {base:.2f} s; summary JSON: {summary_time:.2f} s (target < 5 s); "
        f"dashboard data: {dashboard_time:.2f} s uncached, {hit_time * 1000:.1f} ms from the cache"
    )


if __name__ == "__main__":
    main()
