"""Checks of a record against its subject, shared by the services and the importer.

Each returns a Vietnamese message, or None when the record is acceptable.
"""

from datetime import date

from tdkt.records.choices import SubjectType

EARLIEST_YEAR = 1945


def check_year(year: int, *, today: date) -> str | None:
    if year < EARLIEST_YEAR or year > today.year:
        return f"Năm {year} không hợp lệ (phải từ {EARLIEST_YEAR} đến {today.year})."
    return None


def check_person_year(year: int, *, birth_date: date | None, full_name: str) -> str | None:
    if birth_date and year < birth_date.year:
        return f"Năm {year} trước năm sinh của {full_name} ({birth_date.year})."
    return None


def check_unit_year(year: int, *, founded_on: date | None, dissolved_on: date | None, name: str) -> str | None:
    if dissolved_on and year > dissolved_on.year:
        return f"Đơn vị {name} đã giải thể ngày {dissolved_on:%d/%m/%Y}, không ghi nhận cho năm {year}."
    if founded_on and year < founded_on.year:
        return f"Đơn vị {name} thành lập năm {founded_on.year}, không ghi nhận cho năm {year}."
    return None


def check_unit_day(day: date | None, *, dissolved_on: date | None, name: str) -> str | None:
    if day and dissolved_on and day > dissolved_on:
        return f"Đơn vị {name} đã giải thể ngày {dissolved_on:%d/%m/%Y}, trước ngày {day:%d/%m/%Y}."
    return None


def check_entry(entry, *, subject_type: str, year: int) -> str | None:
    if not entry.allows(subject_type):
        who = "cá nhân" if subject_type == SubjectType.CA_NHAN else "tập thể"
        return f"{entry.name} không dùng để khen thưởng {who}."
    if entry.valid_from and year < entry.valid_from.year:
        return f"{entry.name} chỉ áp dụng từ {entry.valid_from:%d/%m/%Y}."
    if entry.valid_to and year > entry.valid_to.year:
        return f"{entry.name} hết hiệu lực từ {entry.valid_to:%d/%m/%Y}."
    return None


def check_decision_year(day: date | None, year: int) -> str | None:
    """A decision rewards an achievement already made: it is not dated before the achievement's year."""
    if day and day.year < year:
        return f"Ngày quyết định {day:%d/%m/%Y} trước năm thành tích {year}: không khen thành tích chưa có."
    return None


def decision_date_warning(day: date | None, year: int, *, yearly: bool) -> str | None:
    """A year's work is judged once the year is over: a decision dated within that year is unusual, so it is
    shown (not refused: a year-end review may be signed in December)."""
    if day and yearly and day.year == year:
        return (
            f"Ngày quyết định {day:%d/%m/%Y} trước khi kết thúc năm thành tích {year}: "
            "kiểm tra lại năm thành tích hoặc ngày quyết định."
        )
    return None
