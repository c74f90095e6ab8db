"""Demo history 2018–2022 for Emulation Cluster 4 of Quân khu 5, loaded through the importer.

Computed from these records, the four agencies' 2022 commendations of kinds THUONG_XUYEN,
DOT_XUAT and NHIEM_VU (forms of commendation, not revoked) cover exactly 174 collectives and
565 individuals, as the seed report says. Thematic (CHUYEN_DE) awards, a revoked award and awards
to the command's own staff are added on purpose: they must not be counted.
"""

import json
import random
import tempfile
from datetime import date
from pathlib import Path

from tdkt.org.models import Person, Unit
from tdkt.org.scoping import descendant_ids

SEED = 2022
YEARS = range(2018, 2023)
AGENCIES = ["QK5-BTM", "QK5-CCT", "QK5-CHC", "QK5-CKT"]
DECISION_SUFFIX = {"BQP": "BQP", "QK5-BTM": "BTM", "QK5-CCT": "CCT", "QK5-CHC": "CHC", "QK5-CKT": "CKT"}
FIGURE_2022 = {"TAP_THE": 174, "CA_NHAN": 565}
COUNTED_KINDS = ("THUONG_XUYEN", "DOT_XUAT", "NHIEM_VU")
ACHIEVEMENTS = {
    "THUONG_XUYEN": "Hoàn thành xuất sắc nhiệm vụ năm {year}",
    "DOT_XUAT": "Có thành tích xuất sắc đột xuất trong cứu hộ, cứu nạn năm {year}",
    "NHIEM_VU": "Hoàn thành xuất sắc nhiệm vụ diễn tập khu vực phòng thủ năm {year}",
    "CHUYEN_DE": "Thành tích trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}",
}


class _Decisions:
    """Numbers decisions per issuing agency and year, at most 40 subjects each."""

    def __init__(self):
        # Year-end decisions (January) get low numbers, in-year decisions (autumn) high ones.
        self.next_number: dict[tuple, int] = {}
        self.open: dict[tuple, tuple[str, date, int]] = {}

    def number(self, agency: str, year: int, kind: str, code: str) -> tuple[str, date, str]:
        if code == "BK_BQP":  # the Minister's decision (authority matrix), not the proposing agency's
            agency = "BQP"
        issuing_year = year + 1 if kind == "THUONG_XUYEN" else year
        key = (agency, issuing_year, kind, code)
        current = self.open.get(key)
        if current is None or current[2] >= 40:
            counter = (agency, issuing_year, kind == "THUONG_XUYEN")
            number = self.next_number.get(counter, 11 if kind == "THUONG_XUYEN" else 301)
            self.next_number[counter] = number + 1
            day = (
                date(issuing_year, 1, 10) if kind == "THUONG_XUYEN" else date(year, 9 if kind == "NHIEM_VU" else 11, 20)
            )
            current = (f"{number}/QĐ-{DECISION_SUFFIX.get(agency, 'BTL')}", day, 0)
        self.open[key] = (current[0], current[1], current[2] + 1)
        issuer = "Bộ Quốc phòng" if agency == "BQP" else Unit.objects.get(code=agency).name
        return current[0], current[1], issuer


def build_history_data() -> dict:
    rng = random.Random(SEED)
    agency_of_unit: dict[int, str] = {}
    for agency in AGENCIES:
        root = Unit.objects.get(code=agency)
        for unit_id in Unit.objects.filter(pk__in=descendant_ids([root.pk])).values_list("id", flat=True):
            agency_of_unit[unit_id] = agency
    units = list(Unit.objects.order_by("code").values_list("id", "code"))
    people = list(Person.objects.order_by("code").values_list("code", "unit_id", "category", "service_start"))
    data = {"DanhGia": [], "SangKien": [], "KyLuat": [], "KhenThuong": []}
    decisions = _Decisions()

    def award(stype, code, entry, year, kind, agency, status="HIEU_LUC"):
        number, day, issuer = decisions.number(agency, year, kind, entry)
        row = {
            "loai_doi_tuong": stype,
            "ma_doi_tuong": code,
            "ma_khen_thuong": entry,
            "nam": year,
            "loai_khen_thuong": kind,
            "so_quyet_dinh": number,
            "ngay_quyet_dinh": day.isoformat(),
            "co_quan_quyet_dinh": issuer,
            "thanh_tich": ACHIEVEMENTS.get(kind, "").format(year=year),
        }
        if status == "DA_HUY":
            row.update(
                trang_thai="DA_HUY",
                so_quyet_dinh_huy=f"3/QĐ-{DECISION_SUFFIX.get(agency, 'BTL')}",
                ngay_quyet_dinh_huy=date(year + 1, 6, 15).isoformat(),
                ly_do_huy="Kê khai thành tích không trung thực (Luật TĐKT, Chương VII)",
            )
        data["KhenThuong"].append(row)

    # People: a sticky quality per person makes multi-year streaks, as in real records.
    for code, unit_id, category, start in people:
        quality = rng.random()
        agency = agency_of_unit.get(unit_id, "QK5")
        worker = category in ("CNVQP", "LDHD")
        for year in YEARS:
            if start and start.year > year:
                continue
            roll = rng.random() * 0.6 + quality * 0.4
            rating = "HTXSNV" if roll > 0.72 else "HTTNV" if roll > 0.25 else "HTNV" if roll > 0.04 else "KHTNV"
            data["DanhGia"].append({"loai_doi_tuong": "CA_NHAN", "ma_doi_tuong": code, "nam": year, "muc_do": rating})
            initiative = rng.random() < (0.12 if rating == "HTXSNV" else 0.02)
            if initiative:
                scope = "TOAN_QUAN" if rng.random() < 0.1 else "CO_SO"
                data["SangKien"].append(
                    {
                        "ma_ca_nhan": code,
                        "nam": year,
                        "ten": f"Sáng kiến cải tiến công tác năm {year}",
                        "loai": "SANG_KIEN",
                        "pham_vi": scope,
                        "so_quyet_dinh": f"{rng.randint(5, 90)}/QĐ-KHCN",
                    }
                )
            if rating == "KHTNV" or rng.random() < 0.005:
                day = date(year, rng.randint(2, 10), rng.randint(1, 28))
                data["KyLuat"].append(
                    {
                        "ma_ca_nhan": code,
                        "hinh_thuc": rng.choice(["KHIEN_TRACH", "CANH_CAO"]),
                        "ngay_quyet_dinh": day.isoformat(),
                        "den_ngay": date(year + 1, day.month, day.day).isoformat(),
                        "so_quyet_dinh": f"{rng.randint(1, 40)}/QĐ-KL",
                        "ly_do": "Vi phạm quy định kỷ luật quân đội",
                    }
                )
                continue
            if rating in ("HTXSNV", "HTTNV") and rng.random() < 0.85:
                award("CA_NHAN", code, "LDTT" if worker else "CSTT", year, "THUONG_XUYEN", agency)
                if rating == "HTXSNV" and (initiative or rng.random() < 0.25) and rng.random() < 0.5:
                    award("CA_NHAN", code, "CSTDCS", year, "THUONG_XUYEN", agency)
            if year < 2022 and rng.random() < 0.12:
                award("CA_NHAN", code, "GK", year, rng.choice(COUNTED_KINDS), agency)

    for unit_id, code in units:
        agency = agency_of_unit.get(unit_id, "QK5")
        for year in YEARS:
            rating = "HTXSNV" if rng.random() < 0.45 else "HTTNV"
            data["DanhGia"].append({"loai_doi_tuong": "TAP_THE", "ma_doi_tuong": code, "nam": year, "muc_do": rating})
            if rating == "HTXSNV" and rng.random() < 0.5:
                award("TAP_THE", code, "DVQT", year, "THUONG_XUYEN", agency)
            elif rng.random() < 0.7:
                award("TAP_THE", code, "DVTT", year, "THUONG_XUYEN", agency)
            if year < 2022 and rng.random() < 0.5:
                award("TAP_THE", code, "GK", year, rng.choice(COUNTED_KINDS), agency)

    # 2022: exactly the seed's figures among the four agencies, then the distractors.
    cluster_people = [p for p in people if p[1] in agency_of_unit and (not p[3] or p[3].year <= 2022)]
    chosen_people = rng.sample(cluster_people, FIGURE_2022["CA_NHAN"])
    for code, unit_id, _category, _start in chosen_people:
        agency = agency_of_unit[unit_id]
        kind = rng.choices(COUNTED_KINDS, weights=[70, 18, 12])[0]
        award("CA_NHAN", code, "BK_BQP" if rng.random() < 0.04 else "GK", 2022, kind, agency)
        if rng.random() < 0.08:  # a second commendation the same year: still one individual
            award("CA_NHAN", code, "GK", 2022, "DOT_XUAT" if kind != "DOT_XUAT" else "NHIEM_VU", agency)
    cluster_units = [u for u in units if u[0] in agency_of_unit]
    chosen_units = rng.sample(cluster_units, FIGURE_2022["TAP_THE"])
    for unit_id, code in chosen_units:
        award("TAP_THE", code, "GK", 2022, rng.choices(COUNTED_KINDS, weights=[75, 15, 10])[0], agency_of_unit[unit_id])
    chosen = {p[0] for p in chosen_people}
    others = [p for p in cluster_people if p[0] not in chosen]
    for code, unit_id, _c, _s in rng.sample(others, 40):
        award("CA_NHAN", code, "GK", 2022, "CHUYEN_DE", agency_of_unit[unit_id])
    for code, unit_id, _c, _s in rng.sample(others, 3):
        award("CA_NHAN", code, "GK", 2022, "DOT_XUAT", agency_of_unit[unit_id], status="DA_HUY")
    for code, _unit_id, _c, _s in [p for p in people if p[1] not in agency_of_unit][:5]:
        award("CA_NHAN", code, "GK", 2022, "THUONG_XUYEN", "QK5")
    chosen_unit_codes = {u[1] for u in chosen_units}
    for unit_id, code in [u for u in cluster_units if u[1] not in chosen_unit_codes][:10]:
        award("TAP_THE", code, "GK", 2022, "CHUYEN_DE", agency_of_unit[unit_id])
    return data


def load_demo_history(*, progress=lambda *a: None) -> dict:
    """Generate the history and import it as the system account (idempotent: natural keys)."""
    from tdkt.exchange import services
    from tdkt.org.services import system_actor

    data = build_history_data()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "du-lieu-mau-2018-2022.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        job = services.import_job_create(actor=system_actor(), path=path)
        plan = services.import_validate(job=job, progress=progress)
        if not plan.ok:
            raise RuntimeError(f"demo history is invalid: {plan.problems[:5]}")
        return services.import_apply(job=job, plan=plan, progress=progress)
