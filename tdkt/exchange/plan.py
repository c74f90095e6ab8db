"""Validate a whole exchange file against itself and the database, and plan what an import would do.

Nothing is written here. Every problem becomes a line of the report (sheet, row, column, value,
reason). Only an editor may import, and every row of every sheet is checked against the actor's
remit and role (`remit.py`). Natural keys (exchange-format.md): units and people by code; ratings by
(subject, year); initiatives by (person, year, name); discipline by (person, decision date, form);
awards by (subject, award code, year, decision number).
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from tdkt.core.text import normalize_spaces
from tdkt.exchange.cells import CellError, parse_cell
from tdkt.exchange.policies import IMPORT_REFUSED, Remit, import_can_start
from tdkt.exchange.reader import FileRejected, Problem, read_file
from tdkt.exchange.references import check_unkeyed
from tdkt.exchange.remit import check_remit
from tdkt.exchange.spec import Column
from tdkt.org.choices import UnitType
from tdkt.org.models import Person, Transfer, Unit
from tdkt.records import providers, rules
from tdkt.records.choices import AwardKind, AwardStatus, SubjectType
from tdkt.records.models import Award, CatalogueEntry, Discipline, Initiative, YearlyRating

MAX_PROBLEMS = 5000
CHUNK = 900  # stays under SQLite's variable limit with room to spare


class Row(tuple):
    """One parsed row, read like a dict: `(number, value, value, ...)`.

    A tuple subclass whose column index lives on a per-sheet subclass: a 1.5-million-row file must
    fit in well under 1 GB, and a dict (or even a slotted object) per row would not.
    """

    __slots__ = ()
    _index: dict[str, int] = {}

    @classmethod
    def for_columns(cls, sheet: str, keys: list[str]) -> type["Row"]:
        return type(f"Row{sheet}", (cls,), {"__slots__": (), "_index": {k: i + 1 for i, k in enumerate(keys)}})

    @property
    def number(self) -> int:
        return tuple.__getitem__(self, 0)

    @property
    def values(self) -> "Row":
        return self

    def get(self, key: str, default=None):
        position = self._index.get(key)
        return default if position is None else tuple.__getitem__(self, position)

    def __getitem__(self, key: str):
        return tuple.__getitem__(self, self._index[key])

    def __contains__(self, key: str) -> bool:
        return key in self._index


@dataclass
class Plan:
    """What an import would do; `problems` non-empty (errors) means it must not be applied."""

    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0
    units: dict[str, Row] = field(default_factory=dict)
    people: dict[str, Row] = field(default_factory=dict)
    ratings: dict[tuple, Row] = field(default_factory=dict)
    initiatives: dict[tuple, Row] = field(default_factory=dict)
    disciplines: dict[tuple, Row] = field(default_factory=dict)
    awards: dict[tuple, Row] = field(default_factory=dict)
    present: dict[str, set[str]] = field(default_factory=dict)  # sheet -> keys of the columns present
    # Filled by the database check:
    db_units: dict[str, tuple] = field(default_factory=dict)
    db_people: dict[str, tuple] = field(default_factory=dict)
    entries: dict[str, CatalogueEntry] = field(default_factory=dict)
    actions: dict[str, Counter] = field(default_factory=dict)  # sheet -> Counter(create/update/unchanged)
    existing: dict[str, dict] = field(default_factory=dict)  # sheet -> natural key -> (id, values)
    unit_code_by_id: dict[int, str] = field(default_factory=dict)
    failed: set[tuple[str, str]] = field(default_factory=set)  # (sheet, code) of unit/person rows with errors
    # One pass (issue #16, item 8): a row with a bad cell still has its other cells checked against the file
    # and the database. `bad_cells` holds (sheet, row, key) of the cells already reported, so no check reads
    # their None as "empty"; `unkeyed` holds the rows whose natural key itself is bad (their references are
    # still checked, `references.check_unkeyed`).
    bad_cells: set[tuple[str, int, str]] = field(default_factory=set)
    unkeyed: list[tuple[str, "Row"]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def error(self, sheet: str, row: int | None, column: str, value, message: str) -> None:
        self.error_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(sheet, row, column, "" if value is None else str(value), message))

    def summary(self) -> dict:
        return {sheet: dict(counter) for sheet, counter in self.actions.items()}


ProgressFn = Callable[[str, int, int], None]


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


def build_plan(path: Path, *, actor, progress: ProgressFn = _no_progress) -> Plan:
    plan = Plan()
    if not import_can_start(actor):  # viewers, council members, commanders: the file is not even read
        plan.error("", None, "", "", IMPORT_REFUSED)
        return plan
    try:
        _read(path, plan, progress)
    except FileRejected as exc:
        plan.error("", None, "", Path(path).name, exc.message)
        return plan
    _check_against_database(plan, actor=actor, progress=progress)
    # the comparison with the database finds errors too (a title already held, a revoked award restored, a
    # move dated before the last one): run it whatever the file checks found, so one report holds them all
    _diff(plan, progress)
    plan.problems.sort(key=_problem_order)
    return plan


def _problem_order(problem: Problem) -> tuple:
    """Sheet by sheet in the contract's order, row by row: the order an officer fixes a file in."""
    return (_SHEET_ORDER.get(problem.sheet, -1), problem.row or 0)


# --- 1. Read and parse every row ------------------------------------------------------------

_KEYS = {
    "DonVi": lambda v: v["ma_don_vi"],
    "CaNhan": lambda v: v["ma_ca_nhan"],
    "DanhGia": lambda v: (v["loai_doi_tuong"], v["ma_doi_tuong"], v["nam"]),
    "SangKien": lambda v: (v["ma_ca_nhan"], v["nam"], v["ten"]),
    "KyLuat": lambda v: (v["ma_ca_nhan"], v["ngay_quyet_dinh"], v["hinh_thuc"]),
    "KhenThuong": lambda v: (
        v["loai_doi_tuong"],
        v["ma_doi_tuong"],
        v["ma_khen_thuong"],
        v["nam"],
        v.get("so_quyet_dinh") or "",
    ),
}
# the columns of each sheet's natural key (_KEYS): a row whose key is unreadable cannot be matched
_KEY_COLUMNS = {
    "DonVi": {"ma_don_vi"},
    "CaNhan": {"ma_ca_nhan"},
    "DanhGia": {"loai_doi_tuong", "ma_doi_tuong", "nam"},
    "SangKien": {"ma_ca_nhan", "nam", "ten"},
    "KyLuat": {"ma_ca_nhan", "ngay_quyet_dinh", "hinh_thuc"},
    "KhenThuong": {"loai_doi_tuong", "ma_doi_tuong", "ma_khen_thuong", "nam", "so_quyet_dinh"},
}
_SHEET_ORDER = {name: i for i, name in enumerate(_KEY_COLUMNS)}
_TARGET = {
    "DonVi": "units",
    "CaNhan": "people",
    "DanhGia": "ratings",
    "SangKien": "initiatives",
    "KyLuat": "disciplines",
    "KhenThuong": "awards",
}


def _read(path: Path, plan: Plan, progress: ProgressFn) -> None:
    read_problems: list[Problem] = []
    count = 0
    for stream in read_file(path, read_problems):
        spec = stream.spec
        plan.present[spec.name] = set(stream.columns.values())
        columns = [spec.column(k) for k in stream.columns.values()] if stream.columns else list(spec.columns)
        required_missing = [c for c in spec.columns if c.required and c.key not in plan.present[spec.name]]
        target: dict = getattr(plan, _TARGET[spec.name])
        row_type = Row.for_columns(spec.name, [column.key for column in columns])
        for number, raw in stream.rows:
            count += 1
            if count % 20000 == 0:
                progress("Đọc tệp", count, 0)
            parsed, bad = [], []
            for column in columns:
                try:
                    parsed.append(parse_cell(column, raw.get(column.key)))
                except CellError as exc:
                    plan.error(spec.name, number, column.header, raw.get(column.key), str(exc))
                    parsed.append(None)
                    bad.append(column.key)
            values = row_type((number, *parsed))
            for column in required_missing:  # JSON rows may omit a key
                plan.error(spec.name, number, column.header, "", "Thiếu giá trị bắt buộc.")
                bad.append(column.key)
            if bad:
                plan.bad_cells.update((spec.name, number, key) for key in bad)
                if _KEY_COLUMNS[spec.name].intersection(bad):
                    if spec.name in ("DonVi", "CaNhan"):
                        code_key = spec.columns[0].key
                        plan.failed.add((spec.name, _text_or_empty(raw.get(code_key))))
                    plan.unkeyed.append((spec.name, values))
                    continue
            key = _KEYS[spec.name](values)
            if key in target:
                first = target[key].number
                plan.error(
                    spec.name, number, spec.columns[0].header, _show_key(key), f"Trùng với dòng {first} trong cùng tệp."
                )
                continue
            target[key] = values
    for problem in read_problems:
        if problem.warning:
            plan.problems.append(problem)
        else:
            plan.error(problem.sheet, problem.row, problem.column, problem.value, problem.message)
    progress("Đọc tệp", count, count)


def _text_or_empty(value) -> str:
    try:
        return parse_cell(Column("code", "", kind="code"), value) or ""
    except CellError:
        return ""


def _show_key(key) -> str:
    if isinstance(key, tuple):
        return " / ".join(v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else str(v) for v in key)
    return str(key)


# --- 2. Check references, dates and rights against the file and the database -------------------


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_against_database(plan: Plan, *, actor, progress: ProgressFn) -> None:
    today = timezone.localdate()
    plan.db_units = {
        row[1]: (row[0], *row[2:])
        for row in Unit.objects.values_list(
            "id", "code", "parent_id", "founded_on", "dissolved_on", "name", "short_name", "unit_type", "successor_id"
        )
    }
    plan.entries = {e.code: e for e in CatalogueEntry.objects.all()}
    remit = Remit.of(actor)  # once per import: the rows are checked against these sets (remit.py)

    person_codes = set(plan.people)  # the file's people, and every person code its rows name
    for key in plan.ratings:
        if key[0] == SubjectType.CA_NHAN:
            person_codes.add(key[1])
    for sheet_keys in (plan.initiatives, plan.disciplines):
        person_codes.update(k[0] for k in sheet_keys)
    person_codes.update(k[1] for k in plan.awards if k[0] == SubjectType.CA_NHAN)
    for _sheet, row in plan.unkeyed:  # their references are checked too (references.py)
        code = row.get("ma_ca_nhan") or (row.get("ma_doi_tuong") if row.get("loai_doi_tuong") == "CA_NHAN" else None)
        if code:
            person_codes.add(code)
    for chunk in _chunks(sorted(person_codes)):
        for row in Person.objects.filter(code__in=chunk).values_list(
            "code",
            "id",
            "unit_id",
            "birth_date",
            "full_name",
            "gender",
            "rank",
            "position",
            "category",
            "service_start",
            "unit_since",
        ):
            plan.db_people[row[0]] = row[1:]
    progress("Kiểm tra", 1, 6)

    db_code_by_id = plan.unit_code_by_id = {v[0]: code for code, v in plan.db_units.items()}
    check_remit(plan, remit)
    check_unkeyed(plan)
    _check_units(plan, db_code_by_id, today)
    progress("Kiểm tra", 2, 6)
    _check_people(plan, db_code_by_id, today)
    progress("Kiểm tra", 3, 6)
    _check_yearly(plan, today)
    progress("Kiểm tra", 4, 6)
    _check_awards(plan, today, competence=providers.award_competence(actor=actor))
    progress("Kiểm tra", 6, 6)


def _unit_facts(plan: Plan, code: str):
    """(founded_on, dissolved_on, name) of a unit, the file's values winning over the database."""
    row = plan.units.get(code)
    db = plan.db_units.get(code)
    if row is not None:
        v = row.values
        present = plan.present["DonVi"]
        founded = v.get("ngay_thanh_lap") if "ngay_thanh_lap" in present or db is None else db[2]
        dissolved = v.get("ngay_giai_the") if "ngay_giai_the" in present or db is None else db[3]
        return founded, dissolved, v["ten_don_vi"] or code  # a bad name cell is reported: name it by its code
    if db is not None:
        return db[2], db[3], db[4]
    return None


def _check_units(plan: Plan, db_code_by_id: dict, today) -> None:
    parents = {code: (db_code_by_id.get(v[1]) if v[1] else None) for code, v in plan.db_units.items()}
    present = plan.present.get("DonVi", set())
    for code, row in plan.units.items():
        if "ma_don_vi_cap_tren" in present or code not in plan.db_units:
            parents[code] = row.values.get("ma_don_vi_cap_tren")
    for code, row in plan.units.items():
        v, n = row.values, row.number
        parent = v.get("ma_don_vi_cap_tren")
        if parent and parent not in plan.units and parent not in plan.db_units and ("DonVi", parent) not in plan.failed:
            plan.error(
                "DonVi",
                n,
                "Mã đơn vị cấp trên",
                parent,
                "Không tìm thấy đơn vị cấp trên (trong tệp hay trong hệ thống).",
            )
        successor = v.get("ma_don_vi_ke_thua")
        if successor and successor not in plan.units and successor not in plan.db_units:
            plan.error("DonVi", n, "Mã đơn vị kế thừa", successor, "Không tìm thấy đơn vị kế thừa.")
        if successor == code:
            plan.error("DonVi", n, "Mã đơn vị kế thừa", successor, "Đơn vị không thể kế thừa chính nó.")
        if v.get("loai_don_vi") and v["loai_don_vi"] not in UnitType.values:
            plan.error("DonVi", n, "Loại đơn vị", v["loai_don_vi"], "Loại đơn vị không hợp lệ.")
        founded, dissolved = v.get("ngay_thanh_lap"), v.get("ngay_giai_the")
        if founded and founded > today:
            plan.error("DonVi", n, "Ngày thành lập", founded.strftime("%d/%m/%Y"), "Ngày thành lập sau ngày hôm nay.")
        if dissolved and dissolved > today:
            plan.error("DonVi", n, "Ngày giải thể", dissolved.strftime("%d/%m/%Y"), "Ngày giải thể sau ngày hôm nay.")
        if founded and dissolved and dissolved < founded:
            plan.error(
                "DonVi", n, "Ngày giải thể", dissolved.strftime("%d/%m/%Y"), "Ngày giải thể trước ngày thành lập."
            )
        # The resulting tree must have no cycle.
        seen, current = {code}, parents.get(code)
        while current:
            if current in seen:
                plan.error("DonVi", n, "Mã đơn vị cấp trên", parent, "Đơn vị không thể nằm dưới chính nó.")
                break
            seen.add(current)
            current = parents.get(current)


def _check_people(plan: Plan, db_code_by_id: dict, today) -> None:
    for row in plan.people.values():
        v, n = row.values, row.number
        unit_code = v["ma_don_vi"]
        if unit_code is None:  # the cell is reported already
            continue
        facts = _unit_facts(plan, unit_code)
        if facts is None and ("DonVi", unit_code) in plan.failed:
            continue
        if facts is None:
            plan.error("CaNhan", n, "Mã đơn vị", unit_code, "Không tìm thấy đơn vị.")
            continue
        founded, dissolved, unit_name = facts
        since = v.get("ngay_den_don_vi") or today
        if dissolved and dissolved <= since:
            plan.error(
                "CaNhan", n, "Mã đơn vị", unit_code, f"Đơn vị {unit_name} đã giải thể ngày {dissolved:%d/%m/%Y}."
            )
        birth, start = v.get("ngay_sinh"), v.get("ngay_nhap_ngu")
        if birth and (birth > today or birth.year < 1900):
            plan.error("CaNhan", n, "Ngày sinh", birth.strftime("%d/%m/%Y"), "Ngày sinh không hợp lệ.")
        if start and start > today:
            plan.error(
                "CaNhan", n, "Ngày nhập ngũ / vào làm", start.strftime("%d/%m/%Y"), "Ngày nhập ngũ sau ngày hôm nay."
            )
        if birth and start and start <= birth:
            plan.error(
                "CaNhan", n, "Ngày nhập ngũ / vào làm", start.strftime("%d/%m/%Y"), "Ngày nhập ngũ phải sau ngày sinh."
            )
        arrived = v.get("ngay_den_don_vi")
        if arrived and arrived > today:
            plan.error("CaNhan", n, "Ngày về đơn vị", arrived.strftime("%d/%m/%Y"), "Ngày về đơn vị sau ngày hôm nay.")
        if arrived and start and arrived < start:
            plan.error(
                "CaNhan", n, "Ngày về đơn vị", arrived.strftime("%d/%m/%Y"), "Ngày về đơn vị trước ngày nhập ngũ."
            )


def _person_facts(plan: Plan, code: str):
    """(birth_date, full_name) of a person in the file or the database, or None."""
    row = plan.people.get(code)
    if row is not None:
        db = plan.db_people.get(code)
        birth = row.values.get("ngay_sinh") if "ngay_sinh" in plan.present["CaNhan"] or db is None else db[2]
        return birth, row.values["ho_ten"] or code
    db = plan.db_people.get(code)
    return (db[2], db[3]) if db is not None else None


def _check_subject(plan: Plan, sheet: str, row: Row, stype: str, code: str, year: int, today) -> bool:
    message = rules.check_year(year, today=today)
    if message:
        plan.error(sheet, row.number, "Năm", year, message)
        return False
    if stype == SubjectType.CA_NHAN:
        if ("CaNhan", code) in plan.failed:
            return False  # the person's own row is already reported
        facts = _person_facts(plan, code)
        if facts is None:
            plan.error(
                sheet,
                row.number,
                "Mã đối tượng" if sheet in ("DanhGia", "KhenThuong") else "Mã cá nhân",
                code,
                "Không tìm thấy cá nhân (trong tệp hay trong hệ thống).",
            )
            return False
        message = rules.check_person_year(year, birth_date=facts[0], full_name=facts[1])
    else:
        if ("DonVi", code) in plan.failed:
            return False
        facts = _unit_facts(plan, code)
        if facts is None:
            plan.error(sheet, row.number, "Mã đối tượng", code, "Không tìm thấy đơn vị (trong tệp hay trong hệ thống).")
            return False
        message = rules.check_unit_year(year, founded_on=facts[0], dissolved_on=facts[1], name=facts[2])
    if message:
        plan.error(sheet, row.number, "Năm", year, message)
        return False
    return True


def _check_yearly(plan: Plan, today) -> None:
    for (stype, code, year), row in plan.ratings.items():
        _check_subject(plan, "DanhGia", row, stype, code, year, today)
    for (code, year, _name), row in plan.initiatives.items():
        _check_subject(plan, "SangKien", row, SubjectType.CA_NHAN, code, year, today)
    for (code, decided, _form), row in plan.disciplines.items():
        if decided > today:
            plan.error(
                "KyLuat",
                row.number,
                "Ngày quyết định",
                decided.strftime("%d/%m/%Y"),
                "Ngày quyết định sau ngày hôm nay.",
            )
            continue
        if _check_subject(plan, "KyLuat", row, SubjectType.CA_NHAN, code, decided.year, today):
            until = row.values.get("den_ngay")
            if until and until < decided:
                plan.error(
                    "KyLuat",
                    row.number,
                    "Thời hạn đến ngày",
                    until.strftime("%d/%m/%Y"),
                    "Thời hạn kỷ luật trước ngày quyết định.",
                )


def decision_year(values: dict) -> int:
    date = values.get("ngay_quyet_dinh")
    return date.year if date else values["nam"]


def _check_series(plan: Plan, row, claims, number: str, year: int, column: str) -> None:
    """A recorded decision never takes a number of an authority's tdkt series (records.providers)."""
    if number and (claim := providers.series_owner(number, year, claims)):
        plan.error("KhenThuong", row.number, column, number, providers.series_message(number, year, claim))


def _check_awards(plan: Plan, today, competence=None) -> None:
    """Each award row; `competence` (records.providers, loaded once) checks its issuer against the dated
    authority matrix in memory, like `records.services.award_record`."""
    titles_in_file: dict[tuple, int] = {}
    decision_dates: dict[tuple, tuple] = {}
    claims = providers.series_claims()  # the tdkt series of the authorities (issue #14, finding 3), one query
    for key, row in plan.awards.items():
        stype, code, entry_code, year, number = key
        v = row.values
        _check_series(plan, row, claims, number, decision_year(v) if number else year, "Số quyết định")
        if revoked_by := v.get("so_quyet_dinh_huy"):
            day = v.get("ngay_quyet_dinh_huy")
            _check_series(plan, row, claims, revoked_by, day.year if day else year, "Số quyết định hủy bỏ")
        entry = plan.entries.get(entry_code)
        if entry is None:
            plan.error(
                "KhenThuong",
                row.number,
                "Mã danh hiệu / hình thức",
                entry_code,
                "Mã không có trong danh mục khen thưởng.",
            )
            continue
        if not _check_subject(plan, "KhenThuong", row, stype, code, year, today):
            continue
        message = rules.check_entry(entry, subject_type=stype, year=year)
        if message:
            plan.error("KhenThuong", row.number, "Mã danh hiệu / hình thức", entry_code, message)
        date = v.get("ngay_quyet_dinh")
        issuer = normalize_spaces(v.get("co_quan_quyet_dinh") or "")
        if competence and (
            refusal := competence.refusal(
                entry=entry, issuer=issuer, on=date or datetime.date(year, 12, 31), numbered=bool(number)
            )
        ):
            plan.error("KhenThuong", row.number, "Cơ quan quyết định", issuer, refusal)
        if date and date > today:
            plan.error(
                "KhenThuong",
                row.number,
                "Ngày quyết định",
                date.strftime("%d/%m/%Y"),
                "Ngày quyết định sau ngày hôm nay.",
            )
        if message := rules.check_decision_year(date, year):
            plan.error("KhenThuong", row.number, "Ngày quyết định", date.strftime("%d/%m/%Y"), message)
        if stype == SubjectType.TAP_THE and date:
            facts = _unit_facts(plan, code)
            message = rules.check_unit_day(date, dissolved_on=facts[1], name=facts[2]) if facts else None
            if message:
                plan.error("KhenThuong", row.number, "Ngày quyết định", date.strftime("%d/%m/%Y"), message)
        status = v.get("trang_thai") or AwardStatus.HIEU_LUC
        if entry.yearly and status == AwardStatus.HIEU_LUC:
            title_key = (stype, code, entry_code, year)
            if title_key in titles_in_file:
                plan.error(
                    "KhenThuong",
                    row.number,
                    "Mã danh hiệu / hình thức",
                    entry_code,
                    f"Danh hiệu năm {year} đã có ở dòng {titles_in_file[title_key]}: mỗi năm chỉ một lần.",
                )
            titles_in_file[title_key] = row.number
        if number:
            dkey = (number, decision_year(v))
            seen = decision_dates.get(dkey)
            if seen and date and seen[0] and seen[0] != date:
                plan.error(
                    "KhenThuong",
                    row.number,
                    "Ngày quyết định",
                    date.strftime("%d/%m/%Y"),
                    f"Quyết định {number} ghi ngày khác ở dòng {seen[1]}.",
                )
            elif not seen or (date and not seen[0]):
                decision_dates[dkey] = (date, row.number)


# --- 3. Compare with what the database holds -------------------------------------------------

PERSON_FIELDS = {  # exchange key -> (index in db_people tuple, model field)
    "ho_ten": (3, "full_name"),
    "ngay_sinh": (2, "birth_date"),
    "gioi_tinh": (4, "gender"),
    "cap_bac": (5, "rank"),
    "chuc_vu": (6, "position"),
    "doi_tuong": (7, "category"),
    "ngay_nhap_ngu": (8, "service_start"),
}


def _count(plan: Plan, sheet: str, action: str) -> None:
    plan.actions.setdefault(sheet, Counter())[action] += 1


def _diff(plan: Plan, progress: ProgressFn) -> None:
    for code, row in plan.units.items():
        db = plan.db_units.get(code)
        if db is None:
            _count(plan, "DonVi", "create")
        else:
            _count(plan, "DonVi", "update" if unit_changes(plan, code, row) else "unchanged")
    moved_people = {}
    for code, row in plan.people.items():
        db = plan.db_people.get(code)
        if db is None:
            _count(plan, "CaNhan", "create")
            continue
        moved = plan.db_units.get(row.values["ma_don_vi"], (None,))[0] != db[1]
        if moved:
            moved_people[db[0]] = row
        _count(plan, "CaNhan", "update" if person_changes(plan, code, row) or moved else "unchanged")
    _check_transfer_dates(plan, moved_people)
    progress("So sánh", 1, 3)
    person_ids = {code: v[0] for code, v in plan.db_people.items()}
    unit_ids = {code: v[0] for code, v in plan.db_units.items()}
    _diff_ratings(plan, person_ids, unit_ids)
    _diff_simple(
        plan,
        "SangKien",
        plan.initiatives,
        person_ids,
        Initiative,
        lambda i: (i.year, i.name),
        lambda i: (i.initiative_type, i.scope, i.decision_number),
        lambda v: (v.get("loai") or "SANG_KIEN", v["pham_vi"], v.get("so_quyet_dinh") or ""),
    )
    _diff_simple(
        plan,
        "KyLuat",
        plan.disciplines,
        person_ids,
        Discipline,
        lambda d: (d.decided_on, d.form),
        lambda d: (d.decision_number, d.until, d.reason),
        lambda v: (v.get("so_quyet_dinh") or "", v.get("den_ngay"), v.get("ly_do") or ""),
    )
    progress("So sánh", 2, 3)
    _diff_awards(plan, person_ids, unit_ids)
    progress("So sánh", 3, 3)


def unit_changes(plan: Plan, code: str, row: Row) -> dict:
    """Model fields of an existing unit that the file changes: {field: new value (codes for FKs)}."""
    pk, parent_id, founded, dissolved, name, short_name, unit_type, successor_id = plan.db_units[code]
    code_by_id = plan.unit_code_by_id
    v, present = row.values, plan.present["DonVi"]
    pairs = [
        ("ten_don_vi", "name", name),
        ("ten_viet_tat", "short_name", short_name),
        ("loai_don_vi", "unit_type", unit_type),
        ("ngay_thanh_lap", "founded_on", founded),
        ("ngay_giai_the", "dissolved_on", dissolved),
        ("ma_don_vi_cap_tren", "parent", code_by_id.get(parent_id)),
        ("ma_don_vi_ke_thua", "successor", code_by_id.get(successor_id)),
    ]
    empty_as = {"ten_viet_tat": "", "loai_don_vi": unit_type}
    changes = {}
    for key, model_field, current in pairs:
        if key not in present:
            continue
        new = v.get(key) if v.get(key) is not None else empty_as.get(key)
        if new != current:
            changes[model_field] = new
    return changes


def person_changes(plan: Plan, code: str, row: Row) -> dict:
    """Model fields of an existing person that the file changes (the unit is a transfer, handled apart)."""
    db = plan.db_people[code]
    changes = {}
    for key, (index, model_field) in PERSON_FIELDS.items():
        if key not in plan.present["CaNhan"]:
            continue
        new = row.values.get(key)
        if new is None and model_field in ("gender", "rank", "position"):
            new = ""
        if new is None and model_field == "category":
            continue
        if new != db[index]:
            changes[model_field] = new
    return changes


def _check_transfer_dates(plan: Plan, moved_people: dict) -> None:
    """A move recorded by the file may not be dated before the person's last transfer."""
    today = timezone.localdate()
    last: dict[int, datetime.date] = {}
    for chunk in _chunks(sorted(moved_people)):
        for person_id, day in Transfer.objects.filter(person_id__in=chunk).values_list("person_id", "effective_on"):
            last[person_id] = max(day, last.get(person_id, day))
    for person_id, row in moved_people.items():
        effective = row.values.get("ngay_den_don_vi") or today
        if person_id in last and effective < last[person_id]:
            plan.error(
                "CaNhan",
                row.number,
                "Ngày về đơn vị",
                effective.strftime("%d/%m/%Y"),
                f"Cá nhân chuyển đơn vị: ngày về đơn vị mới trước lần điều chuyển gần nhất "
                f"({last[person_id]:%d/%m/%Y}).",
            )


def _diff_ratings(plan: Plan, person_ids: dict, unit_ids: dict) -> None:
    """Compare chunk by chunk; unchanged rows leave the plan (memory), changed ones keep their id."""
    updates: dict[tuple, tuple] = {}
    code_of_person = {v: k for k, v in person_ids.items()}
    code_of_unit = {v: k for k, v in unit_ids.items()}
    pids = sorted({person_ids[k[1]] for k in plan.ratings if k[0] == SubjectType.CA_NHAN and k[1] in person_ids})
    uids = sorted({unit_ids[k[1]] for k in plan.ratings if k[0] == SubjectType.TAP_THE and k[1] in unit_ids})
    for lookup, ids, stype, code_of in (
        ("person_id__in", pids, SubjectType.CA_NHAN, code_of_person),
        ("unit_id__in", uids, SubjectType.TAP_THE, code_of_unit),
    ):
        subject_field = "person_id" if stype == SubjectType.CA_NHAN else "unit_id"
        for chunk in _chunks(ids):
            rows = YearlyRating.objects.filter(**{lookup: chunk}).values_list("id", subject_field, "year", "rating")
            for pk, subject_id, year, rating in rows:
                key = (stype, code_of[subject_id], year)
                row = plan.ratings.get(key)
                if row is None:
                    continue
                if row["muc_do"] == rating:
                    _count(plan, "DanhGia", "unchanged")
                    del plan.ratings[key]
                else:
                    updates[key] = (pk, rating)
    plan.existing["DanhGia"] = updates
    for key in plan.ratings:
        _count(plan, "DanhGia", "update" if key in updates else "create")


def _diff_simple(plan, sheet, rows, person_ids, model, key_of, values_of, file_values_of) -> None:
    updates: dict[tuple, tuple] = {}
    code_of_person = {v: k for k, v in person_ids.items()}
    pids = sorted({person_ids[k[0]] for k in rows if k[0] in person_ids})
    for chunk in _chunks(pids):
        for obj in model.objects.filter(person_id__in=chunk):
            key = (code_of_person[obj.person_id], *key_of(obj))
            row = rows.get(key)
            if row is None:
                continue
            if values_of(obj) == file_values_of(row):
                _count(plan, sheet, "unchanged")
                del rows[key]
            else:
                updates[key] = (obj.pk, values_of(obj))
    plan.existing[sheet] = updates
    for key in rows:
        _count(plan, sheet, "update" if key in updates else "create")


def award_file_values(v: dict) -> tuple:
    return (
        v.get("loai_khen_thuong") or AwardKind.THUONG_XUYEN,
        v.get("thanh_tich") or "",
        v.get("trang_thai") or AwardStatus.HIEU_LUC,
    )


def _diff_awards(plan: Plan, person_ids: dict, unit_ids: dict) -> None:
    updates: dict[tuple, tuple] = {}
    active_titles: set[tuple] = set()  # yearly titles in force, to refuse a second one by another decision
    code_of_person = {v: k for k, v in person_ids.items()}
    code_of_unit = {v: k for k, v in unit_ids.items()}
    pids = sorted({person_ids[k[1]] for k in plan.awards if k[0] == SubjectType.CA_NHAN and k[1] in person_ids})
    uids = sorted({unit_ids[k[1]] for k in plan.awards if k[0] == SubjectType.TAP_THE and k[1] in unit_ids})
    fields = ("id", "person_id", "unit_id", "entry__code", "year", "decision__number", "kind", "achievement", "status")
    yearly = {code for code, entry in plan.entries.items() if entry.yearly}
    for lookup, ids in (("person_id__in", pids), ("unit_id__in", uids)):
        for chunk in _chunks(ids):
            for pk, pid, uid, code, year, number, kind, achievement, status in Award.objects.filter(
                **{lookup: chunk}
            ).values_list(*fields):
                subject = (
                    (SubjectType.CA_NHAN, code_of_person[pid]) if pid else (SubjectType.TAP_THE, code_of_unit[uid])
                )
                key = (*subject, code, year, number or "")
                if code in yearly and status == AwardStatus.HIEU_LUC:
                    active_titles.add(key[:4])
                row = plan.awards.get(key)
                if row is None:
                    continue
                current = (kind, achievement, status)
                if (
                    status == AwardStatus.DA_HUY
                    and (row.get("trang_thai") or AwardStatus.HIEU_LUC) == AwardStatus.HIEU_LUC
                ):
                    plan.error(
                        "KhenThuong",
                        row.number,
                        "Trạng thái",
                        "HIEU_LUC",
                        "Khen thưởng đã bị hủy bỏ trong hệ thống; không thể khôi phục bằng nhập tệp.",
                    )
                    del plan.awards[key]
                elif current == award_file_values(row):
                    _count(plan, "KhenThuong", "unchanged")
                    del plan.awards[key]
                else:
                    updates[key] = (pk, current)
    plan.existing["KhenThuong"] = updates
    for key, row in plan.awards.items():
        if key in updates:
            _count(plan, "KhenThuong", "update")
            continue
        status = row.get("trang_thai") or AwardStatus.HIEU_LUC
        if key[2] in yearly and status == AwardStatus.HIEU_LUC and key[:4] in active_titles:
            plan.error(
                "KhenThuong",
                row.number,
                "Mã danh hiệu / hình thức",
                key[2],
                f"Đối tượng đã có danh hiệu này năm {key[3]} trong hệ thống (theo quyết định khác).",
            )
            continue
        _count(plan, "KhenThuong", "create")
