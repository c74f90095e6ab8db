"""Reading an exchange file (XLSX or JSON) as a stream of rows keyed by the ASCII keys."""

import json
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


def read_xlsx(path: Path, problems: list[Problem]) -> Iterator[SheetStream]:
    import openpyxl

    try:
        if not zipfile.is_zipfile(path):
            raise FileRejected("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except FileRejected:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise FileRejected("Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.") from exc
    try:
        known = [name for name in workbook.sheetnames if name in SHEETS]
        for name in workbook.sheetnames:
            if name not in SHEETS:
                problems.append(
                    Problem(name, None, "", "", "Trang tính không thuộc định dạng trao đổi, bị bỏ qua.", warning=True)
                )
        if not known:
            raise FileRejected(f"Tệp không có trang tính nào theo định dạng trao đổi ({', '.join(SHEETS)}).")
        for name in known:
            spec = SHEETS[name]
            rows = workbook[name].iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                continue
            columns = _map_header(spec, list(header), problems)
            if columns is None:
                continue
            yield SheetStream(spec, columns, _xlsx_rows(rows, columns))
    finally:
        workbook.close()


def _xlsx_rows(rows, columns: dict[int, str]) -> Iterator[tuple[int, dict]]:
    positions = list(columns.items())
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
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
