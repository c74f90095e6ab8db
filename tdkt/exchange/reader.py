"""Reading an exchange file (XLSX or JSON) as a stream of rows keyed by the ASCII keys."""

import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tdkt.core.text import fold
from tdkt.exchange.spec import SHEETS, Sheet


@dataclass(frozen=True)
class Problem:
    """One line of the validation report."""

    sheet: str
    row: int | None
    column: str
    value: str
    message: str
    warning: bool = False


class FileRejected(Exception):
    """The file as a whole cannot be read (wrong type, damaged, no known sheet)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SheetStream:
    spec: Sheet
    columns: dict[int, str]  # position -> key
    rows: Iterator[tuple[int, dict]]  # (row number, {key: raw value})


def file_format(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".json":
        return "json"
    raise FileRejected("Chỉ nhận tệp .xlsx hoặc .json theo định dạng trao đổi.")


def _header_index(spec: Sheet) -> dict[str, str]:
    index = {}
    for column in spec.columns:
        index[fold(column.key)] = column.key
        index[fold(column.header)] = column.key
    return index


def _map_header(spec: Sheet, header: list, problems: list[Problem]) -> dict[int, str] | None:
    index = _header_index(spec)
    columns: dict[int, str] = {}
    for position, title in enumerate(header):
        if title is None or not str(title).strip():
            continue
        key = index.get(fold(str(title)))
        if key is None:
            problems.append(
                Problem(spec.name, 1, str(title), "", "Cột không thuộc định dạng trao đổi, bị bỏ qua.", warning=True)
            )
        elif key in columns.values():
            problems.append(Problem(spec.name, 1, str(title), "", "Cột bị lặp lại."))
        else:
            columns[position] = key
    missing = [c for c in spec.columns if c.required and c.key not in columns.values()]
    for column in missing:
        problems.append(Problem(spec.name, 1, column.header, "", "Thiếu cột bắt buộc."))
    return None if missing else columns


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def sheets_with_formulas(path: Path) -> set[str]:
    """Names of the worksheets whose XML holds a formula element (a cheap byte scan of the zip)."""
    import xml.etree.ElementTree as ET

    names = set()
    with zipfile.ZipFile(path) as archive:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
        ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
        targets = {r.get("Id"): r.get("Target") for r in rels}
        for sheet in workbook.iter(f"{ns_main}sheet"):
            target = targets.get(sheet.get(f"{ns_rel}id"), "")
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            tail = b""
            with archive.open(member) as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    if _FORMULA.search(tail + block):
                        names.add(sheet.get("name"))
                        break
                    tail = block[-16:]
    return names


def read_xlsx(path: Path, problems: list[Problem]) -> Iterator[SheetStream]:
    """Cells are read with python-calamine (fast); a sheet that holds formulas is read with openpyxl,
    which returns the formula text, so the report can point at each formula cell."""
    try:
        if not zipfile.is_zipfile(path):
            raise FileRejected("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        with_formulas = sheets_with_formulas(path)
    except FileRejected:
        raise
    except Exception as exc:  # both readers raise many types for damaged files
        raise FileRejected("Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.") from exc
    names = workbook.sheet_names
    for name in names:
        if name not in SHEETS:
            problems.append(
                Problem(name, None, "", "", "Trang tính không thuộc định dạng trao đổi, bị bỏ qua.", warning=True)
            )
    known = [name for name in names if name in SHEETS]
    if not known:
        raise FileRejected(f"Tệp không có trang tính nào theo định dạng trao đổi ({', '.join(SHEETS)}).")
    for name in known:
        if name in with_formulas:
            yield from _read_xlsx_sheet_with_openpyxl(path, name, problems)
            continue
        rows = workbook.get_sheet_by_name(name).iter_rows()
        stream = _stream(SHEETS[name], rows, problems)
        if stream is not None:
            yield stream


def _stream(spec: Sheet, rows, problems: list[Problem]) -> SheetStream | None:
    header = next(rows, None)
    if header is None:
        return None
    columns = _map_header(spec, list(header), problems)
    if columns is None:
        return None
    return SheetStream(spec, columns, _xlsx_rows(rows, columns))


def _read_xlsx_sheet_with_openpyxl(path: Path, name: str, problems: list[Problem]) -> Iterator[SheetStream]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        stream = _stream(SHEETS[name], workbook[name].iter_rows(values_only=True), problems)
        if stream is not None:
            yield stream
    finally:
        workbook.close()


def _xlsx_rows(rows, columns: dict[int, str]) -> Iterator[tuple[int, dict]]:
    positions = list(columns.items())
    for number, values in enumerate(rows, start=2):
        if not values or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue  # empty rows are skipped
        size = len(values)
        yield number, {key: (values[pos] if pos < size else None) for pos, key in positions}


def read_json(path: Path, problems: list[Problem]) -> Iterator[SheetStream]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileRejected("Tệp JSON không hợp lệ.") from exc
    if not isinstance(data, dict) or not any(name in SHEETS for name in data):
        raise FileRejected(f"Tệp JSON phải là một đối tượng có các khóa {', '.join(SHEETS)}.")
    for name, rows in data.items():
        if name not in SHEETS:
            problems.append(
                Problem(name, None, "", "", "Khóa không thuộc định dạng trao đổi, bị bỏ qua.", warning=True)
            )
            continue
        spec = SHEETS[name]
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            problems.append(Problem(name, None, "", "", "Giá trị phải là danh sách các đối tượng."))
            continue
        keys = {k for row in rows for k in row}
        unknown = keys - {c.key for c in spec.columns}
        for key in sorted(unknown):
            problems.append(
                Problem(name, None, key, "", "Khóa không thuộc định dạng trao đổi, bị bỏ qua.", warning=True)
            )
        columns = {i: c.key for i, c in enumerate(spec.columns)}
        yield SheetStream(spec, columns, ((i, row) for i, row in enumerate(rows, start=1)))


def read_file(path: Path, problems: list[Problem]) -> Iterator[SheetStream]:
    fmt = file_format(path)
    return read_xlsx(path, problems) if fmt == "xlsx" else read_json(path, problems)
