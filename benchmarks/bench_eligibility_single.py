"""One person's verdicts with explanations: latency over many people (p50 / p95), on the current database.

DJANGO_SETTINGS_MODULE=config.settings.dev python benchmarks/bench_eligibility_single.py --year 2022 --samples 300
"""

import argparse
import os
import random
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from tdkt.eligibility.screening import screen  # noqa: E402
from tdkt.org.models import Person  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    codes = list(Person.objects.values_list("code", flat=True))
    random.Random(1).shuffle(codes)
    timings = []
    for code in codes[: args.samples]:
        started = time.perf_counter()
        _, verdicts = screen(year=args.year, subject_code=code)
        assert verdicts
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{len(timings)} people of {len(codes):,}: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
