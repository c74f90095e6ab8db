"""Eligibility at the army tier (issue #4). Not a test: it prints the figures for docs/benchmarks.md.

    DATABASE_URL=... python benchmarks/bench_eligibility.py --year 2024 [--repeat 3] [--samples 300]

On the database named by DATABASE_URL (filled by `benchmarks/gen_army.py`), in the same run:
  1. the baseline: one hand-written SQL query computing the streak conditions for every person
     (CSTĐCS three years running + an army-level initiative, HTXSNV runs, a Bằng khen five years
     earlier) and the 70 % CSTT share of every unit's subtree — median of --repeat runs;
  2. tdkt's full screening: every person and unit against every rule of the rule set in force, the
     counts and the quota warnings of the scope and of every unit (`screen_bulk`), each run in a
     fresh process so that its peak memory is its own (os.wait4) — median of --repeat runs;
  3. one person's verdicts with explanations (`screen(subject_code=…)`), p50 / p95 over --samples people.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from tdkt.records.models import CatalogueEntry  # noqa: E402

BASELINE = """
WITH RECURSIVE c_isl AS (
  SELECT person_id, year, year - ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY year) AS grp
  FROM records_award WHERE person_id IS NOT NULL AND entry_id = {cstdcs} AND status = 'HIEU_LUC' AND year <= {y}
), c_run AS (
  SELECT person_id, COUNT(*) AS run FROM c_isl GROUP BY person_id, grp HAVING MAX(year) = {y}
), h_isl AS (
  SELECT person_id, year, year - ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY year) AS grp
  FROM records_yearlyrating WHERE person_id IS NOT NULL AND year <= {y} AND rating = 'HTXSNV'
), h_run AS (
  SELECT person_id, COUNT(*) AS run FROM h_isl GROUP BY person_id, grp HAVING MAX(year) = {y}
), init AS (
  SELECT DISTINCT person_id FROM records_initiative
  WHERE year BETWEEN {y} - 2 AND {y} AND scope IN ('TOAN_QUAN', 'TOAN_QUOC')
), prior_bk AS (
  SELECT DISTINCT person_id FROM records_award
  WHERE person_id IS NOT NULL AND entry_id = {bk} AND status = 'HIEU_LUC' AND year <= {y} - 5
), person_elig AS (
  SELECT p.id, COALESCE(c.run, 0) AS run_c, COALESCE(h.run, 0) AS run_h,
         CASE WHEN COALESCE(c.run, 0) >= 3 AND i.person_id IS NOT NULL THEN 1 ELSE 0 END AS r1,
         CASE WHEN COALESCE(h.run, 0) >= 2 THEN 1 ELSE 0 END AS r2,
         CASE WHEN COALESCE(h.run, 0) >= 5 AND b.person_id IS NOT NULL THEN 1 ELSE 0 END AS r3
  FROM org_person p LEFT JOIN c_run c ON c.person_id = p.id LEFT JOIN h_run h ON h.person_id = p.id
  LEFT JOIN init i ON i.person_id = p.id LEFT JOIN prior_bk b ON b.person_id = p.id
), closure(ancestor, descendant) AS (
  SELECT id, id FROM org_unit
  UNION ALL SELECT c.ancestor, u.id FROM closure c JOIN org_unit u ON u.parent_id = c.descendant
), unit_elig AS (
  SELECT cl.ancestor AS unit_id, COUNT(*) AS n, SUM(CASE WHEN t.person_id IS NOT NULL THEN 1 ELSE 0 END) AS n_cstt
  FROM org_person p JOIN closure cl ON cl.descendant = p.unit_id
  LEFT JOIN (SELECT person_id FROM records_award WHERE person_id IS NOT NULL AND entry_id = {cstt}
             AND year = {y} AND status = 'HIEU_LUC') t ON t.person_id = p.id
  GROUP BY cl.ancestor
)
SELECT 'person', COUNT(*), SUM(r1), SUM(r2), SUM(r3), SUM(run_c), SUM(run_h) FROM person_elig
UNION ALL
SELECT 'unit', COUNT(*), SUM(CASE WHEN n_cstt >= 0.7 * n THEN 1 ELSE 0 END), 0, 0, SUM(n), SUM(n_cstt) FROM unit_elig
"""


def baseline(year: int) -> tuple[float, list]:
    ids = dict(CatalogueEntry.objects.values_list("code", "id"))
    sql = BASELINE.format(y=int(year), cstdcs=ids["CSTDCS"], bk=ids["BK_BQP"], cstt=ids["CSTT"])
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return time.perf_counter() - started, rows


def child_screening(year: int) -> None:
    """In a fresh process: the full screening, timed from the call (Django is already set up)."""
    from tdkt.eligibility.screening import screen_bulk
    from tdkt.rules.model import Status

    started = time.perf_counter()
    screening = screen_bulk(year=year)
    counts = screening.counts()
    warnings = screening.quota_warnings() + screening.unit_quota_warnings()
    elapsed = time.perf_counter() - started
    subjects = sum(len(part.ids) for part in screening.results)
    eligible = sum(n for (_, status), n in counts.items() if status == Status.ELIGIBLE)
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "subjects": subjects,
                "verdicts": sum(counts.values()),
                "eligible": eligible,
                "warnings": len(warnings),
            }
        )
    )


def screening_run(year: int) -> dict:
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", "--year", str(year)], cwd=ROOT, stdout=subprocess.PIPE
    )
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("the screening process failed")
    return {**json.loads(output), "peak_mb": usage.ru_maxrss / 1024}


def single(year: int, samples: int) -> tuple[float, float, dict]:
    """p50 / p95 of one person's full verdicts, and those verdicts' statuses (to check against the bulk path)."""
    from tdkt.eligibility.screening import screen
    from tdkt.org.models import Person

    codes = list(Person.objects.values_list("code", flat=True))
    codes = random.Random(1).sample(codes, min(samples, len(codes)))
    timings, statuses = [], {}
    for code in codes:
        started = time.perf_counter()
        _, verdicts = screen(year=year, subject_code=code)
        timings.append((time.perf_counter() - started) * 1000)
        assert verdicts and all(v.reasons for v in verdicts)
        statuses |= {(v.subject_type, v.subject_code, v.award_code): v.status for v in verdicts}
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)], statuses


def page_work(year: int) -> tuple[float, float, dict]:
    """What the screening page does for the whole organisation: bulk statuses, then 100 rows explained."""
    from tdkt.eligibility.screening import explain, screen_bulk
    from tdkt.rules.model import Status

    started = time.perf_counter()
    screening = screen_bulk(year=year)
    selection = screening.select(status=Status.ELIGIBLE)
    explained = explain(screening, selection[:100])
    elapsed = time.perf_counter() - started
    assert len(explained) == 100 and all(v.status == Status.ELIGIBLE for v in explained)
    started = time.perf_counter()
    everything = screening.select()
    select_all = time.perf_counter() - started
    by_key = {}
    people = screening.results[0]
    for i, code in enumerate(people.columns.codes):
        for bulk in people.rules:
            if bulk.applies[i]:
                by_key["CA_NHAN", code, bulk.code] = bulk.ranks[i]
    return elapsed, select_all, {"rows": len(everything), "ranks": by_key}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_screening(args.year)
        return
    from tdkt.org.models import Person, Unit

    engine = connection.vendor
    print(f"{engine}: {Person.objects.count():,} people, {Unit.objects.count():,} units, year {args.year}", flush=True)
    baseline(args.year)  # warm the cache
    base_times = []
    for _ in range(args.repeat):
        seconds, rows = baseline(args.year)
        base_times.append(seconds)
    base = statistics.median(base_times)
    print(f"baseline SQL: median {base:.2f} s of {[round(t, 2) for t in base_times]}; {rows}", flush=True)
    runs = [screening_run(args.year) for _ in range(args.repeat)]
    full = statistics.median(r["seconds"] for r in runs)
    peak = max(r["peak_mb"] for r in runs)
    last = runs[-1]
    print(
        f"full screening: median {full:.2f} s of {[round(r['seconds'], 2) for r in runs]}; "
        f"{last['subjects']:,} subjects, {last['verdicts']:,} verdicts, {last['eligible']:,} eligible, "
        f"{last['warnings']} quota warnings; peak {peak:.0f} MB",
        flush=True,
    )
    print(f"ratio full / baseline: {full / base:.2f} (target ≤ 3)", flush=True)
    p50, p95, statuses = single(args.year, args.samples)
    print(
        f"one person's verdicts with explanations ({args.samples} people): p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        "(target p95 < 30 ms)",
        flush=True,
    )
    page, select_all, bulk = page_work(args.year)
    from tdkt.rules.bulk import STATUS_OF_RANK

    disagree = [k for k, status in statuses.items() if STATUS_OF_RANK[int(bulk["ranks"][k])] != status]
    print(
        f"screening page for everything (bulk + first 100 eligible explained): {page:.2f} s; "
        f"selecting all {bulk['rows']:,} rows: {select_all:.2f} s",
        flush=True,
    )
    print(f"bulk = single for the {len(statuses):,} sampled verdicts: {'yes' if not disagree else disagree[:5]}")


if __name__ == "__main__":
    main()
