"""Synthetic "whole army" records for the eligibility benchmark, written straight into a migrated tdkt database.

    DATABASE_URL=sqlite:///var/bench/army.sqlite3 python benchmarks/gen_army.py --people 500000
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/tdkt_army python benchmarks/gen_army.py

Shape at 500,000 people (fixed seed): ~10,000 units six levels deep, ten years (2015–2024) of ratings
for people and units (~5 M rows), ~2 M awards (titles CSTT/CSTĐCS, Giấy khen, Bằng khen, chains),
initiatives, discipline and transfers (3 % of people move each year). Ratings follow a sticky
per-person Markov process so that multi-year streaks really occur. Rows go in by COPY (PostgreSQL) or
executemany (SQLite), without the audit trail: this is benchmark data, not a record.
"""

import argparse
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tdkt.records.models import CatalogueEntry  # noqa: E402

YEARS = list(range(2015, 2025))
LEVELS = np.array(["KHTNV", "HTNV", "HTTNV", "HTXSNV"])
CATEGORIES = np.array(["SI_QUAN", "QNCN", "HSQ_BS", "CNVQP", "LDHD"])
STAMP = "2025-01-01 00:00:00+00:00"
EPOCH = date(1970, 1, 1)


def iso(days: np.ndarray) -> list[str]:
    """Days since 1970-01-01 as ISO dates."""
    return [str(EPOCH + timedelta(days=int(d))) for d in days]


def days(day: date) -> int:
    return (day - EPOCH).days


class Writer:
    """Bulk rows into a table: COPY on PostgreSQL, executemany on SQLite; reports rows per second."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def write(self, table: str, columns: list[str], rows) -> int:
        started, count = time.perf_counter(), 0
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
                batch = []
                for row in rows:
                    batch.append(row)
                    if len(batch) == 50_000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        print(f"  {table}: {count:,} rows in {time.perf_counter() - started:.1f} s", flush=True)
        return count

    def reset_sequence(self, table: str) -> None:
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
                )


def tree(rng, people: int) -> tuple[np.ndarray, np.ndarray]:
    """(parent index or -1, depth) of ~people/50 units six levels deep under one root."""
    fan = [20, 6, 5, 4, 3] if people >= 250_000 else [max(2, round((people / 50 / 2) ** 0.2))] * 5
    parent, depth, frontier = [-1], [0], [0]
    for level, k in enumerate(fan, start=1):
        new = []
        for p in frontier:
            for _ in range(k if level == 1 else max(1, rng.poisson(k))):
                parent.append(p)
                depth.append(level)
                new.append(len(parent) - 1)
        frontier = new
    return np.array(parent), np.array(depth)


def generate(people: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    writer = Writer()
    entry = dict(CatalogueEntry.objects.values_list("code", "id"))
    yearly = set(CatalogueEntry.objects.filter(yearly=True).values_list("code", flat=True))

    parent, depth = tree(rng, people)
    n_units = len(parent)
    unit_ids = np.arange(1, n_units + 1)
    founded = np.full(n_units, days(date(1975, 3, 26)))
    recent = rng.random(n_units) < 0.005  # a few units founded during the last year (unit age rules)
    founded[recent] = days(date(2024, 1, 1)) + rng.integers(0, 360, recent.sum())
    print(f"units: {n_units:,}, depth {depth.max()}", flush=True)
    writer.write(
        "org_unit",
        [
            "id",
            "created_at",
            "updated_at",
            "code",
            "name",
            "short_name",
            "unit_type",
            "parent_id",
            "founded_on",
            "name_folded",
            "sort_key",
            "position",
        ],
        (
            (
                int(i),
                STAMP,
                STAMP,
                f"DV{i:05d}",
                f"Đơn vị {i}",
                "",
                "DON_VI_KHAC",
                int(unit_ids[p]) if p >= 0 else None,
                str(EPOCH + timedelta(days=int(founded[i - 1]))),
                f"dv{i:05d} don vi {i}",
                f"{i:08d}",
                int(i),
            )
            for i, p in zip(unit_ids.tolist(), parent.tolist(), strict=True)
        ),
    )
    writer.reset_sequence("org_unit")

    # People sit in the lower levels; 3 % move to another such unit each year.
    home = unit_ids[depth >= 3]
    person_ids = np.arange(1, people + 1)
    start = days(date(1985, 1, 1)) + rng.integers(0, 35 * 365, people)
    late = rng.random(people) < 0.05  # 5 % joined during the ten years
    start[late] = days(date(2015, 1, 1)) + rng.integers(0, 9 * 365, late.sum())
    birth = start - 365 * 20 - rng.integers(0, 365 * 4, people)
    category = CATEGORIES[rng.choice(5, people, p=[0.3, 0.3, 0.25, 0.1, 0.05])]
    first_unit = rng.choice(home, people)
    moves = []  # (person, day, to unit)
    current = first_unit.copy()
    for year in YEARS:
        moving = np.nonzero((rng.random(people) < 0.03) & (start < days(date(year, 1, 1))))[0]
        targets = rng.choice(home, len(moving))
        when = days(date(year, 1, 1)) + rng.integers(0, 365, len(moving))
        moves.extend(zip(moving.tolist(), when.tolist(), current[moving].tolist(), targets.tolist(), strict=True))
        current[moving] = targets
    since = start.copy()
    for pid, day, _, _ in moves:
        since[pid] = day
    writer.write(
        "org_person",
        [
            "id",
            "created_at",
            "updated_at",
            "code",
            "full_name",
            "birth_date",
            "gender",
            "rank",
            "position",
            "category",
            "service_start",
            "unit_id",
            "unit_since",
            "name_folded",
            "sort_key",
            "given_sort_key",
        ],
        (
            (
                int(pid),
                STAMP,
                STAMP,
                f"QN{pid:07d}",
                f"Quân nhân {pid}",
                b,
                "",
                "",
                "",
                c,
                s,
                int(u),
                su,
                f"qn{pid:07d} quan nhan {pid}",
                f"{pid:09d}",
                f"{pid:09d}",
            )
            for pid, b, c, s, u, su in zip(
                person_ids.tolist(),
                iso(birth),
                category.tolist(),
                iso(start),
                current.tolist(),
                iso(since),
                strict=True,
            )
        ),
    )
    writer.reset_sequence("org_person")
    transfers = [
        (int(p), None, int(u), d) for p, u, d in zip(person_ids.tolist(), first_unit.tolist(), iso(start), strict=True)
    ]
    transfers += [(pid + 1, int(f), int(t), str(EPOCH + timedelta(days=day))) for pid, day, f, t in moves]
    writer.write(
        "org_transfer",
        ["person_id", "from_unit_id", "to_unit_id", "effective_on", "decision_number", "note", "created_at"],
        ((p, f, t, d, "", "", STAMP) for p, f, t, d in transfers),
    )

    # Ratings: a sticky Markov chain over the four levels; a person is rated from the year they joined,
    # and 1 % of years are missing (a missing year breaks a streak, as it must).
    n_years = len(YEARS)
    level = np.empty((people, n_years), dtype=np.int8)
    state = rng.choice(4, people, p=[0.02, 0.10, 0.63, 0.25])
    for k in range(n_years):
        redraw = rng.random(people) > 0.75
        state = np.where(redraw, rng.choice(4, people, p=[0.02, 0.10, 0.63, 0.25]), state)
        level[:, k] = state
    joined_year = np.array([(EPOCH + timedelta(days=int(s))).year for s in start])
    present = (np.array(YEARS)[None, :] >= joined_year[:, None]) & (rng.random((people, n_years)) > 0.01)
    rows = np.nonzero(present)
    writer.write(
        "records_yearlyrating",
        ["person_id", "unit_id", "year", "rating", "created_at"],
        ((int(p) + 1, None, YEARS[k], LEVELS[level[p, k]], STAMP) for p, k in zip(*rows, strict=True)),
    )
    unit_level = rng.choice(4, (n_units, n_years), p=[0.01, 0.05, 0.54, 0.40])
    writer.write(
        "records_yearlyrating",
        ["person_id", "unit_id", "year", "rating", "created_at"],
        ((None, int(u) + 1, YEARS[k], LEVELS[unit_level[u, k]], STAMP) for u in range(n_units) for k in range(n_years)),
    )

    # Initiatives (6.5 % of rated person-years), more of them for the best rated.
    chance = np.where(level == 3, 0.18, 0.03) * present
    has_init = rng.random((people, n_years)) < chance
    scope = rng.choice(["CO_SO", "TOAN_QUAN", "TOAN_QUOC"], has_init.sum(), p=[0.85, 0.13, 0.02])
    init_rows = np.nonzero(has_init)
    writer.write(
        "records_initiative",
        ["person_id", "year", "name", "initiative_type", "scope", "decision_number", "created_at"],
        (
            (int(p) + 1, YEARS[k], f"Sáng kiến {p + 1}-{YEARS[k]}", "SANG_KIEN", s, "", STAMP)
            for p, k, s in zip(*init_rows, scope.tolist(), strict=True)
        ),
    )

    # Titles: CSTT for about 40 % of good years; CSTĐCS sticky among CSTT holders with HTXSNV or an
    # initiative; forms and the higher chains at realistic small rates; 0.2 % of awards revoked.
    good = present & (level >= 2)
    cstt = good & (rng.random((people, n_years)) < 0.5)
    cstdcs = np.zeros_like(cstt)
    for k in range(n_years):
        qualifies = cstt[:, k] & ((level[:, k] == 3) | has_init[:, k])
        again = cstdcs[:, k - 1] if k else np.zeros(people, dtype=bool)
        cstdcs[:, k] = qualifies & (rng.random(people) < np.where(again, 0.6, 0.08))
    awards = {"CSTT": cstt, "CSTDCS": cstdcs}
    for code, rate in (("GK", 0.03), ("BK_BQP", 0.006), ("CSTDTQUAN", 0.001), ("BK_TTG", 0.0005)):
        awards[code] = present & (level >= 2) & (rng.random((people, n_years)) < rate)

    def award_rows():
        for code, grid in awards.items():
            p_idx, k_idx = np.nonzero(grid)
            revoked = rng.random(len(p_idx)) < 0.002
            thematic = rng.random(len(p_idx)) < (0.1 if code == "GK" else 0.0)
            for p, k, r, t in zip(p_idx.tolist(), k_idx.tolist(), revoked.tolist(), thematic.tolist(), strict=True):
                yield (
                    p + 1,
                    None,
                    entry[code],
                    YEARS[k],
                    "CHUYEN_DE" if t else "THUONG_XUYEN",
                    "",
                    code in yearly,
                    "DA_HUY" if r else "HIEU_LUC",
                    None,
                    "",
                    STAMP,
                )
        unit_grid = unit_level >= 2
        for code, rate in (("DVTT", 0.5), ("DVQT", 0.15), ("GK", 0.1)):
            u_idx, k_idx = np.nonzero(unit_grid & (rng.random(unit_grid.shape) < rate))
            for u, k in zip(u_idx.tolist(), k_idx.tolist(), strict=True):
                yield (
                    None,
                    u + 1,
                    entry[code],
                    YEARS[k],
                    "THUONG_XUYEN",
                    "",
                    code in yearly,
                    "HIEU_LUC",
                    None,
                    "",
                    STAMP,
                )

    writer.write(
        "records_award",
        [
            "person_id",
            "unit_id",
            "entry_id",
            "year",
            "kind",
            "achievement",
            "yearly_title",
            "status",
            "revoked_on",
            "revocation_reason",
            "created_at",
        ],
        award_rows(),
    )

    # Discipline: 1.5 % of person-years, a twelve-month term (a few open-ended).
    p_idx, k_idx = np.nonzero(present & (rng.random((people, n_years)) < 0.015))
    decided = np.array([days(date(YEARS[k], 1, 1)) for k in k_idx.tolist()]) + rng.integers(0, 365, len(p_idx))
    open_ended = rng.random(len(p_idx)) < 0.02
    writer.write(
        "records_discipline",
        ["person_id", "form", "decided_on", "decision_number", "until", "reason", "created_at"],
        (
            (int(p) + 1, "KHIEN_TRACH", d, "", None if o else u, "", STAMP)
            for p, d, u, o in zip(p_idx.tolist(), iso(decided), iso(decided + 365), open_ended.tolist(), strict=True)
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        generate(args.people, args.seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"done in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
