"""Export to the exchange format (XLSX or JSON): what the actor may see, optionally one subtree."""

import datetime
import json
from pathlib import Path

from tdkt.core.spreadsheets import xlsx_row, xlsx_widths
from tdkt.exchange.reader import file_format
from tdkt.exchange.spec import AWARDS, DISCIPLINE, INITIATIVES, PEOPLE, RATINGS, SHEETS, UNITS
from tdkt.org.models import Person, Unit
from tdkt.org.policies import person_policy, unit_policy
from tdkt.org.scoping import descendant_ids
from tdkt.records.choices import SubjectType
from tdkt.records.models import Award, Discipline, Initiative, YearlyRating

CHUNK = 5000
COLUMN_WIDTHS = {"date": 12, "code": 16, "enum": 14, "text": 30}


def _units(actor, unit: Unit | None):
    qs = unit_policy.scope(actor, "view", Unit.objects.all())
    if unit is not None:
        qs = qs.filter(pk__in=descendant_ids([unit.pk]))
    return qs


def _rows(actor, unit: Unit | None, progress):
    """(sheet, row tuple in the sheet's column order) for every record, streamed."""
    units = _units(actor, unit)
    unit_ids = set(units.values_list("id", flat=True))
    code_of_unit = dict(Unit.objects.values_list("id", "code"))
    for row in units.order_by("code").values_list(
        "code", "name", "short_name", "parent_id", "unit_type", "founded_on", "dissolved_on", "successor_id"
    ):
        code, name, short, parent_id, kind, founded, dissolved, successor_id = row
        yield (
            UNITS,
            (code, name, short, code_of_unit.get(parent_id), kind, founded, dissolved, code_of_unit.get(successor_id)),
        )
    progress("Xuất đơn vị", len(unit_ids), len(unit_ids))
    people = person_policy.scope(actor, "view", Person.objects.filter(unit_id__in=unit_ids))
    code_of_person = {}
    for count, row in enumerate(
        people.order_by("code")
        .values_list(
            "id",
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
        )
        .iterator(chunk_size=CHUNK),
        start=1,
    ):
        pk, code, *rest = row
        code_of_person[pk] = code
        full_name, birth, gender, rank, position, category, start, unit_id, since = rest
        yield PEOPLE, (code, full_name, birth, gender, rank, position, category, start, code_of_unit[unit_id], since)
        if count % 20000 == 0:
            progress("Xuất cá nhân", count, 0)

    def subject(person_id, unit_id):
        if person_id:
            code = code_of_person.get(person_id)
            return (SubjectType.CA_NHAN, code) if code else None
        return (SubjectType.TAP_THE, code_of_unit[unit_id]) if unit_id in unit_ids else None

    for person_id, unit_id, year, rating in (
        YearlyRating.objects.order_by("person_id", "unit_id", "year")
        .values_list("person_id", "unit_id", "year", "rating")
        .iterator(chunk_size=CHUNK)
    ):
        key = subject(person_id, unit_id)
        if key:
            yield RATINGS, (*key, year, rating)
    progress("Xuất đánh giá", 1, 1)
    for person_id, year, name, kind, scope, number in (
        Initiative.objects.order_by("person_id", "year", "name")
        .values_list("person_id", "year", "name", "initiative_type", "scope", "decision_number")
        .iterator(chunk_size=CHUNK)
    ):
        if person_id in code_of_person:
            yield INITIATIVES, (code_of_person[person_id], year, name, kind, scope, number)
    for person_id, form, decided, number, until, reason in (
        Discipline.objects.order_by("person_id", "decided_on")
        .values_list("person_id", "form", "decided_on", "decision_number", "until", "reason")
        .iterator(chunk_size=CHUNK)
    ):
        if person_id in code_of_person:
            yield DISCIPLINE, (code_of_person[person_id], form, decided, number, until, reason)
    awards = Award.objects.order_by("person_id", "unit_id", "year", "id").values_list(
        "person_id",
        "unit_id",
        "entry__code",
        "year",
        "kind",
        "decision__number",
        "decision__signed_on",
        "decision__issuer",
        "achievement",
        "status",
        "revoked_by__number",
        "revoked_on",
        "revocation_reason",
    )
    for row in awards.iterator(chunk_size=CHUNK):
        key = subject(row[0], row[1])
        if key:
            code, year, kind, number, signed, issuer, achievement, status, rev_number, rev_on, rev_reason = row[2:]
            yield (
                AWARDS,
                (
                    *key,
                    code,
                    year,
                    kind,
                    number or "",
                    signed,
                    issuer or "",
                    achievement,
                    status,
                    rev_number or "",
                    rev_on,
                    rev_reason,
                ),
            )
    progress("Xuất khen thưởng", 1, 1)


def export_records(path: Path, *, actor, unit: Unit | None = None, progress=lambda *a: None) -> dict:
    path = Path(path)
    counts: dict[str, int] = {}
    if file_format(path) == "json":
        data: dict[str, list] = {name: [] for name in SHEETS}
        for spec, row in _rows(actor, unit, progress):
            keys = [c.key for c in spec.columns]
            data[spec.name].append(
                {
                    k: (v.isoformat() if isinstance(v, datetime.date) else v)
                    for k, v in zip(keys, row, strict=True)
                    if v not in (None, "")
                }
            )
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return {name: len(rows) for name, rows in data.items()}
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheets = {}
    for spec in SHEETS.values():
        sheet = workbook.create_sheet(spec.name)
        # readable as opened: each column as wide as its header or its kind needs (the contract's sheets,
        # columns and values are unchanged; widths are set before the first row of a write-only sheet)
        xlsx_widths(sheet, [max(len(c.header) + 2, COLUMN_WIDTHS.get(c.kind, 14)) for c in spec.columns])
        sheet.freeze_panes = "A2"
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        sheets[spec.name] = sheet
        counts[spec.name] = 0
    date_cells: dict[str, list[int]] = {
        name: [i for i, c in enumerate(spec.columns) if c.kind == "date"] for name, spec in SHEETS.items()
    }
    for spec, row in _rows(actor, unit, progress):
        sheet, dates = sheets[spec.name], date_cells[spec.name]
        if dates:
            row = list(row)
            for i in dates:
                if row[i] is not None:
                    cell = WriteOnlyCell(sheet, value=row[i])
                    cell.number_format = "DD/MM/YYYY"
                    row[i] = cell
        sheet.append(xlsx_row(sheet, row))  # text stays text: no formula, no character XML refuses
        counts[spec.name] += 1
    workbook.save(path)
    return counts
