"""Generate a synthetic exchange workbook: N people, units six levels deep, 10 years of ratings and awards.

    python benchmarks/gen_workbook.py var/bench/people-100k.xlsx --people 100000

Deterministic (fixed seed). With 100,000 people it holds about 1.5 million rows.
"""

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

from openpyxl import Workbook

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Công", "Quang", "Minh", "Thanh", "Ngọc", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hải",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
    "Lan",
    "Hương",
    "Mai",
    "Ngọc",
    "Thảo",
    "Trang",
]
YEARS = range(2016, 2026)


def generate(path: Path, people: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    counts = {}
    # Units: 1 root, 12 regions, then 4 more levels; about 1.3 units per 100 people.
    units, frontier = [("U0", None)], ["U0"]
    target_units = max(20, people * 13 // 1000)
    level = 0
    while len(units) < target_units and level < 5:
        level += 1
        next_frontier = []
        for parent in frontier:
            for i in range(12 if level == 1 else 3):
                if len(units) >= target_units:
                    break
                code = f"{parent}-{i + 1}"
                units.append((code, parent))
                next_frontier.append(code)
        frontier = next_frontier
    leaves = [u for u, _ in units if not any(p == u for _, p in units)] or ["U0"]
    sheet = workbook.create_sheet("DonVi")
    sheet.append(["ma_don_vi", "ten_don_vi", "ma_don_vi_cap_tren", "loai_don_vi", "ngay_thanh_lap"])
    for code, parent in units:
        sheet.append([code, f"Đơn vị {code}", parent, "DON_VI_KHAC", date(1990, 1, 1)])
    counts["DonVi"] = len(units)

    sheet = workbook.create_sheet("CaNhan")
    sheet.append(
        [
            "ma_ca_nhan",
            "ho_ten",
            "ngay_sinh",
            "gioi_tinh",
            "cap_bac",
            "chuc_vu",
            "doi_tuong",
            "ngay_nhap_ngu",
            "ma_don_vi",
        ]
    )
    starts = []
    for i in range(people):
        birth = date(rng.randint(1968, 2000), rng.randint(1, 12), rng.randint(1, 28))
        start = date(max(birth.year + 19, 1990), rng.randint(1, 12), 1)
        start = min(start, date(2015, 12, 1)) if rng.random() < 0.95 else date(rng.randint(2016, 2024), 3, 1)
        starts.append(start.year)
        sheet.append(
            [
                f"P{i:07d}",
                f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                birth,
                rng.choice(["NAM", "NU"]),
                "Đại úy",
                "Trợ lý",
                "SI_QUAN",
                start,
                rng.choice(leaves),
            ]
        )
    counts["CaNhan"] = people

    ratings = workbook.create_sheet("DanhGia")
    ratings.append(["loai_doi_tuong", "ma_doi_tuong", "nam", "muc_do"])
    awards = workbook.create_sheet("KhenThuong")
    awards.append(
        [
            "loai_doi_tuong",
            "ma_doi_tuong",
            "ma_khen_thuong",
            "nam",
            "loai_khen_thuong",
            "so_quyet_dinh",
            "ngay_quyet_dinh",
        ]
    )
    n_ratings = n_awards = 0
    levels = ["HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTNV"]
    for i in range(people):
        code = f"P{i:07d}"
        for year in YEARS:
            if starts[i] > year:
                continue
            rating = rng.choice(levels)
            ratings.append(["CA_NHAN", code, year, rating])
            n_ratings += 1
            if rating != "HTNV" and rng.random() < 0.5:
                awards.append(
                    ["CA_NHAN", code, "CSTT", year, "THUONG_XUYEN", f"{1 + i % 400}/QĐ-DV", date(year + 1, 1, 15)]
                )
                n_awards += 1
    for code, _ in units:
        for year in YEARS:
            ratings.append(["TAP_THE", code, year, rng.choice(levels)])
            n_ratings += 1
    counts["DanhGia"], counts["KhenThuong"] = n_ratings, n_awards
    workbook.save(path)
    return counts


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    args.path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    counts = generate(args.path, args.people)
    print(
        f"{args.path}: {counts} = {sum(counts.values()):,} rows in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
