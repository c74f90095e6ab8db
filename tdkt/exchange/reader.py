"""Reading an exchange file (XLSX or JSON) as a stream of rows keyed by the ASCII keys."""

import json
import logging
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from tdkt.core.text import fold
from tdkt.exchange.cells import Formula
from tdkt.exchange.spec import SHEETS, Sheet

logger = logging.getLogger("tdkt.exchange")


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
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROW_NUMBER = re.compile(rb' r="(\d+)"')  # only <row> elements have an r attribute that starts with a digit
_HIGH_ROW = re.compile(rb' r="(\d{7,})"')  # rows from 1,000,000 on, wherever they are
_WIDE_COLUMN = re.compile(rb' r="([A-Za-z]{2,})\d')  # cell references beyond column Z
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Za-z]{1,3})?(\d*)(?::([A-Za-z]{1,3})(\d+))?"')
_BLOCK = 1 << 20
_TAIL = 64

# Limits for any import (the web upload has its own, smaller size limit, IMPORT_MAX_UPLOAD_MB).
# The exchange format's widest sheet has 13 columns; its largest known file 1.5 million rows (45 MB).
_LIMITS = {
    "IMPORT_MAX_FILE_MB": 200,
    "IMPORT_MAX_UNCOMPRESSED_MB": 3000,  # the 45 MB benchmark file holds about 600 MB of XML
    "IMPORT_MAX_ZIP_RATIO": 100,  # per member over 1 MB; the benchmark file's sheets are 10-15
    "IMPORT_MAX_ZIP_MEMBERS": 1000,
    "IMPORT_MAX_CELLS": 60_000_000,  # rows × columns of one sheet (the benchmark's largest: 1.3 M × 4)
    "IMPORT_PARSE_MEMORY_MB": 2048,  # address space of the process that first loads the sheets
    "IMPORT_PARSE_TIMEOUT": 600,  # seconds
}
_TOO_BIG = "Tệp quá lớn hoặc có cấu trúc bất thường ({detail}); không dữ liệu nào được ghi."


def limit(name: str) -> int:
    return int(getattr(settings, name, _LIMITS[name]))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


@dataclass
class _SheetScan:
    formulas: bool = False
    rows: int = 0
    columns: int = 0
    declared_rows: int = 0
    declared_columns: int = 0


def _scan_member(archive: zipfile.ZipFile, member: str, worksheet: bool) -> _SheetScan:
    """One streamed pass over a member: entities (XXE), formulas, and the extent the cells really use."""
    scan = _SheetScan()
    tail = b""
    first = True
    with archive.open(member) as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            if first:
                first = False
                if block.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise FileRejected(f"Tệp Excel có phần {member} không ở mã UTF-8; hãy lưu lại tệp bằng Excel.")
                if worksheet:
                    dimension = _DIMENSION.search(block[:_BLOCK])
                    if dimension:
                        col1, row1, col2, row2 = dimension.groups()
                        scan.declared_columns = _column_number(col2 or col1 or b"A")
                        scan.declared_rows = int(row2 or row1 or 1)
            chunk = tail + block
            if _DOCTYPE.search(chunk):
                raise FileRejected(
                    "Tệp Excel chứa khai báo DOCTYPE/ENTITY (có thể là tấn công XXE); tệp bị từ chối, "
                    "không dữ liệu nào được ghi."
                )
            if worksheet:
                if not scan.formulas and _FORMULA.search(chunk):
                    scan.formulas = True
                # Rows come in ascending order: the last row of each block bounds the block, and a row
                # number out of order is caught when it is high (7 digits) or by the memory limit (probe).
                start = max(chunk.rfind(b"<row "), chunk.rfind(b":row "))
                last = _ROW_NUMBER.search(chunk, start, start + 400) if start >= 0 else None
                high = _HIGH_ROW.findall(chunk)
                scan.rows = max(scan.rows, int(last.group(1)) if last else 0, *map(int, high))
                wide = _WIDE_COLUMN.findall(chunk)
                if wide:
                    scan.columns = max(scan.columns, *map(_column_number, set(wide)))
            tail = block[-_TAIL:]
    scan.columns = max(scan.columns, 26 if scan.rows else 0)  # refs up to Z are not collected: assume Z
    return scan


def _worksheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member, from the workbook and its relationships."""
    import xml.etree.ElementTree as ET

    for member in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        _scan_member(archive, member, worksheet=False)  # no DOCTYPE before ElementTree parses them
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    targets = {r.get("Id"): r.get("Target") for r in rels}
    members = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"), "")
        members[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return members


def _check_size(path: Path) -> None:
    size, most = Path(path).stat().st_size, limit("IMPORT_MAX_FILE_MB")
    if size > most * 1048576:
        raise FileRejected(_TOO_BIG.format(detail=f"{size / 1048576:.0f} MB, giới hạn {most} MB"))


def check_xlsx(path: Path) -> set[str]:
    """Refuse a workbook that could exhaust the reader before anything reads it (issue #14, findings 4
    and 5): file size, zip expansion, XML entity declarations, and each sheet's extent (declared and
    used). Returns the names of the worksheets that hold formulas (read with openpyxl to report them)."""
    path = Path(path)
    _check_size(path)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > limit("IMPORT_MAX_ZIP_MEMBERS"):
            raise FileRejected(_TOO_BIG.format(detail=f"{len(infos)} thành phần trong tệp nén"))
        total = sum(info.file_size for info in infos)
        if total > limit("IMPORT_MAX_UNCOMPRESSED_MB") * 1048576:
            raise FileRejected(_TOO_BIG.format(detail=f"giải nén ra {total / 1048576:.0f} MB"))
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1048576 and ratio > limit("IMPORT_MAX_ZIP_RATIO"):
                raise FileRejected(_TOO_BIG.format(detail=f"{info.filename} nén {ratio:.0f} lần"))
        members = _worksheet_members(archive)
        sheets = {member: name for name, member in members.items()}
        with_formulas = set()
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            scan = _scan_member(archive, info.filename, worksheet=info.filename in sheets)
            name = sheets.get(info.filename)
            if name is None:
                continue
            cells = max(scan.rows * scan.columns, scan.declared_rows * scan.declared_columns)
            if cells > limit("IMPORT_MAX_CELLS"):
                raise FileRejected(_TOO_BIG.format(detail=f"trang tính {name} trải trên {cells:,} ô".replace(",", ".")))
            if scan.formulas:
                with_formulas.add(name)
    return with_formulas


def probe_start(path: Path) -> subprocess.Popen:
    """Load the sheets once in a child process whose memory is capped (tdkt/exchange/probe.py): a
    workbook that would take more than IMPORT_PARSE_MEMORY_MB kills that process, not this one.
    Started before `check_xlsx` so that both run at once; `probe_result` waits for it."""
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    command = [sys.executable, "-I", str(Path(__file__).with_name("probe.py")), str(path)]
    command.append(str(limit("IMPORT_PARSE_MEMORY_MB")))
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def probe_result(probe: subprocess.Popen, path: Path) -> None:
    try:
        _, stderr = probe.communicate(timeout=limit("IMPORT_PARSE_TIMEOUT"))
    except subprocess.TimeoutExpired as exc:
        probe.kill()
        probe.communicate()
        raise FileRejected(_TOO_BIG.format(detail=f"đọc tệp quá {limit('IMPORT_PARSE_TIMEOUT')} giây")) from exc
    if probe.returncode == 3:
        logger.info("probe refused %s: %s", path, stderr.decode(errors="replace")[:500])
        raise FileRejected("Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")
    if probe.returncode != 0:
        logger.warning("probe of %s ended with %s", path, probe.returncode)
        raise FileRejected(
            _TOO_BIG.format(detail=f"việc đọc tệp vượt giới hạn bộ nhớ {limit('IMPORT_PARSE_MEMORY_MB')} MB")
        )


def read_xlsx(path: Path, problems: list[Problem]) -> Iterator[SheetStream]:
    """Cells are read with python-calamine (fast); a sheet that holds formulas is read with openpyxl,
    which returns the formula text, so the report can point at each formula cell. The workbook is
    checked (`check_xlsx`) and loaded once under a memory limit (`probe_xlsx`) first."""
    try:
        if not zipfile.is_zipfile(path):
            raise FileRejected("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")
        probe = probe_start(path)
        try:
            with_formulas = check_xlsx(path)
        except BaseException:
            probe.kill()
            probe.communicate()
            raise
        probe_result(probe, path)
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
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
        try:
            rows = workbook.get_sheet_by_name(name).iter_rows()
        except Exception as exc:
            raise FileRejected(_damaged(name)) from exc
        stream = _stream(SHEETS[name], _guarded(name, rows), problems)
        if stream is not None:
            yield stream


def _damaged(name: str) -> str:
    return f"Trang tính {name} bị hỏng, không đọc được; không dữ liệu nào được ghi."


def _guarded(name: str, rows):
    """The rows, with any error of the reader while reading them turned into a refusal of the file."""
    try:
        yield from rows
    except Exception as exc:  # XML errors, undefined entities, truncated members, ...
        raise FileRejected(_damaged(name)) from exc


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

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:
        raise FileRejected("Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.") from exc
    try:
        rows = (
            tuple(Formula(c.value) if c.data_type == "f" else c.value for c in row)
            for row in workbook[name].iter_rows()
        )
        stream = _stream(SHEETS[name], _guarded(name, rows), problems)
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
    _check_size(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileRejected("Tệp JSON không hợp lệ.") from exc
    except RecursionError as exc:  # nesting deeper than the interpreter's recursion limit
        raise FileRejected("Tệp JSON lồng nhau quá sâu; tệp bị từ chối, không dữ liệu nào được ghi.") from exc
    except ValueError as exc:  # an integer past Python's int-string conversion limit (4,300 digits)
        raise FileRejected(
            "Số quá dài trong tệp JSON (quá 4.300 chữ số); tệp bị từ chối, không dữ liệu nào được ghi."
        ) from exc
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
