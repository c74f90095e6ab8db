"""Parsing one cell of the exchange format; every problem is a Vietnamese message."""

import datetime
import re
import sys
import unicodedata

from tdkt.core.text import control_character, control_character_message, fold, normalize_spaces
from tdkt.exchange.spec import Column
from tdkt.org.choices import Rank

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RANK_BY_LABEL = {fold(label): value for value, label in Rank.choices}
# The army's shorthand on personnel lists: 4/ = Đại úy, 2// = Trung tá, H1 = Thượng sĩ, B2 = Binh nhì.
_RANK_SHORTHAND = {
    "b2": Rank.BINH_NHI,
    "b1": Rank.BINH_NHAT,
    "h3": Rank.HA_SI,
    "h2": Rank.TRUNG_SI,
    "h1": Rank.THUONG_SI,
    "1/": Rank.THIEU_UY,
    "2/": Rank.TRUNG_UY,
    "3/": Rank.THUONG_UY,
    "4/": Rank.DAI_UY,
    "1//": Rank.THIEU_TA,
    "2//": Rank.TRUNG_TA,
    "3//": Rank.THUONG_TA,
    "4//": Rank.DAI_TA,
}
_LABELS: dict[str, dict[str, str]] = {}


def _labels_of(column: Column) -> dict[str, str]:
    if column.key not in _LABELS:
        _LABELS[column.key] = {fold(label): code for label, code in column.labels}
    return _LABELS[column.key]


class CellError(ValueError):
    """A cell that cannot be read; the message says why."""


class Formula(str):
    """The text of a formula cell, as the reader found it: refused, its value could be anything.

    A string cell whose text merely begins with "=" is a value like any other (an export writes
    such text as a string cell, and the round trip keeps it).
    """


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_spaces(unicodedata.normalize("NFC", str(value)))


def parse_cell(column: Column, value):
    """The Python value of a cell, or None when it is empty. Raises CellError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if column.required:
            raise CellError("Thiếu giá trị bắt buộc.")
        return None
    if isinstance(value, Formula):
        raise CellError("Ô chứa công thức; hãy dán giá trị thay cho công thức.")
    if isinstance(value, str):
        char = control_character(value)
        if char is not None:
            raise CellError(control_character_message(char))
    kind = column.kind
    if kind == "date":
        return parse_date(value)
    if kind == "year":
        return parse_year(value)
    if kind == "code":
        return sys.intern(_text(value).upper())  # the same codes recur on many rows
    if kind == "enum":
        code = sys.intern(_text(value).upper())
        if code in column.choices:
            return code
        by_label = _labels_of(column).get(fold(_text(value)))
        if by_label is None:
            raise CellError(f"Mã không hợp lệ; dùng một trong: {', '.join(column.choices)}.")
        return by_label
    if kind == "rank":
        text = _text(value)
        if text.upper() in column.choices:
            return text.upper()
        folded = fold(text).removesuffix(" qncn").removesuffix(" cn").strip()
        rank = _RANK_BY_LABEL.get(folded) or _RANK_SHORTHAND.get(folded.replace(" ", ""))
        if rank is None:
            raise CellError("Cấp bậc không hợp lệ (ví dụ: Thiếu tá, Trung sĩ, hoặc mã THIEU_TA).")
        return rank
    return _text(value)


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float):
        raise CellError("Ngày phải là ô kiểu ngày, dd/mm/yyyy hoặc yyyy-mm-dd.")
    text = str(value).strip()
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _YMD.match(text)
        if not match:
            raise CellError("Ngày không đúng định dạng dd/mm/yyyy hoặc yyyy-mm-dd.")
        year, month, day = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise CellError("Ngày không tồn tại trong lịch.") from exc


_YEARS: dict[int, int] = {}


def parse_year(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise CellError("Năm phải có bốn chữ số.")
    year = int(text)
    return _YEARS.setdefault(year, year)  # one object per year, not one per row
