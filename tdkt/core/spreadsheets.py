"""Writing values into the spreadsheets tdkt produces (XLSX and CSV), safely.

Two hazards, one place to handle them (issue #14, findings 10 and 14):

- **Formula injection.** A stored value such as ``=HYPERLINK("http://x","y")`` must reach the
  reader as the text it is, never as a live formula. openpyxl turns any string that begins with
  ``=`` into a formula cell (and ``#N/A``-like strings into error cells), so such strings are
  written as string cells (``t="inlineStr"``) with the value unchanged: an export → import round
  trip keeps it exactly. In CSV there is no cell type, so the OWASP rule applies: a value that
  begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``.
  tdkt imports no CSV, so nothing has to strip that prefix again.
- **Characters XML cannot hold.** A control character already in the database (``\\u0007``) made
  openpyxl raise ``IllegalCharacterError`` and the whole export fail. New input is refused by
  `tdkt.core.text.reject_control_characters`; what is already stored is written without them.
"""

import re

from tdkt.core.display import XLSX_DATE, XLSX_DECIMAL, XLSX_INTEGER

# Not allowed in XML 1.0 (what openpyxl refuses, plus the non-characters and lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# openpyxl.cell.cell.ERROR_CODES: strings it would store as error cells. (openpyxl is imported only when a
# cell has to be built, so that importing this module costs nothing.)
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


def xml_safe(value: str) -> str:
    """The text without the characters an XML document (XLSX, DOCX) cannot contain."""
    return _NOT_XML.sub("", value)


def xlsx_value(sheet, value):
    """What to put in a row for `sheet.append`: the value itself, or a string cell when openpyxl
    would otherwise write a formula or an error, or refuse the text."""
    if not isinstance(value, str):
        return value
    if _NOT_XML.search(value):
        value = xml_safe(value)
    elif not (value.startswith("=") or value in _ERROR_CODES):
        return value
    from openpyxl.cell import Cell

    cell = Cell(sheet, row=1, column=1, value=value)  # placed by append
    cell.data_type = "s"  # a string cell, whatever the text looks like
    return cell


# Any text of a row that needs a string cell or cleaning, found by one search over the row's texts joined by
# line feeds (a 1.5-million-row export pays one search per row, not one call per value).
_RISKY_IN_ROW = re.compile(
    "^=|^#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\\?|NUM!|N/A)$|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]",
    re.MULTILINE,
)


def xlsx_row(sheet, values) -> list:
    """A row for `sheet.append` (normal or write-only worksheet) in which every text stays text."""
    values = list(values)
    if not _RISKY_IN_ROW.search("\n".join([v for v in values if v.__class__ is str])):
        return values
    return [xlsx_value(sheet, value) for value in values]


def csv_value(value):
    """A CSV field that a spreadsheet application will not evaluate: a leading ' when it could start a formula."""
    if isinstance(value, str) and value.startswith(_CSV_FORMULA_START):
        return "'" + value
    return value


def csv_row(values) -> list:
    return [csv_value(value) for value in values]


# -- layout: header, column widths, number formats (issue #16, item 5) -----------------------------------

_MIN_WIDTH, _MAX_WIDTH = 8, 60


def _text_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return len(f"{value:,}") + 1
    if hasattr(value, "strftime"):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_layout(sheet, *, formats: dict[int, str] | None = None, header_rows: int = 1, wrap_over: int = _MAX_WIDTH):
    """Make a filled (not write-only) sheet readable: bold header, frozen under it, each column as wide as
    its longest text (between 8 and 60 characters; longer texts wrap), and a real number format on every
    number — `formats` maps a 0-based column to a format (`tdkt.core.display.XLSX_PERCENT`…), and any
    other integer gets ``#,##0`` so a reader sees 1.234 in a Vietnamese Excel, not 1234."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    formats = formats or {}
    widths: dict[int, int] = {}
    for r, row in enumerate(sheet.iter_rows(), start=1):
        for cell in row:
            index = cell.column - 1
            value = cell.value
            if r <= header_rows:
                cell.font = Font(bold=True)
            elif index in formats and isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.number_format = formats[index]
            elif isinstance(value, int) and not isinstance(value, bool):
                cell.number_format = XLSX_INTEGER
            elif isinstance(value, float):
                cell.number_format = XLSX_DECIMAL
            elif hasattr(value, "strftime"):
                cell.number_format = XLSX_DATE
            width = _text_width(value)
            if width > wrap_over:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[index] = max(widths.get(index, 0), width)
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    if header_rows and sheet.max_row > header_rows:
        sheet.freeze_panes = sheet.cell(row=header_rows + 1, column=1)


def xlsx_widths(sheet, widths) -> None:
    """Column widths of a write-only sheet, set before its first row (its rows cannot be measured)."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width, _MIN_WIDTH), _MAX_WIDTH)
