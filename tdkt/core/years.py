"""The years a user may ask about, and the one parser every page, API endpoint and command uses.

A year outside 1945 (the first year of the army's records) .. next year, or a range of more than 30 years,
is a mistake or an attack: `nam=0` gave 500s, `den_nam=102018` made the statistics page loop over a hundred
thousand years. Such a request answers 400 with a Vietnamese message before anything is computed.
"""

import argparse
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tdkt.core.models import WorkingYear

FIRST_YEAR = 1945
MAX_SPAN = 30  # years in one range (statistics, multi-year reports)
#: query parameters that carry a year, on every page and API endpoint (checked by YearParametersMiddleware)
YEAR_PARAMETERS = ("nam", "year", "tu_nam", "den_nam")
RANGE_PARAMETERS = ("tu_nam", "den_nam")
#: how a 400 page names a range's ends (a single year needs no name: the message says "Năm …")
PARAMETER_LABELS = {"tu_nam": "Từ năm", "den_nam": "Đến năm"}


def last_year() -> int:
    """The latest year that can be asked about: next year (registrations and plans are made ahead)."""
    return timezone.localdate().year + 1


#: the previous year stays under review until the end of this month: its commendations are decided in the
#: first quarter (the yearly decisions are dated January to March), while from April the year's own work
#: (registrations, six-month review, the December summary) is what officers open pages for.
PREVIOUS_YEAR_UNTIL_MONTH = 3
WORKING_YEAR_ID = 1


def calendar_working_year(today: date | None = None) -> int:
    """The year under review by the calendar alone: last year in January–March, this year from April."""
    today = today or timezone.localdate()
    return today.year - 1 if today.month <= PREVIOUS_YEAR_UNTIL_MONTH else today.year


def working_year() -> int:
    """The year under review (năm đang xét): every page's default year, the one shown in the header.

    The administrator's choice when set (`WorkingYear`, /nam-dang-xet/), otherwise the calendar's
    (`calendar_working_year`). One query; pages that need it several times pass the value on.
    """
    stored = WorkingYear.objects.filter(pk=WORKING_YEAR_ID).values_list("year", flat=True).first()
    if stored and FIRST_YEAR <= stored <= last_year():
        return stored
    return calendar_working_year()


def year_message() -> str:
    return f"Năm phải là số từ {FIRST_YEAR} đến {last_year()}."


def parse_year(raw: object, *, default: int | None = None) -> int | None:
    """`raw` (a query value, a form value, an int) as a year in range; `default` when it is empty.

    Raises ValidationError (Vietnamese) for anything else; a value too long to be a year is never
    converted, so a thousand-digit "year" costs nothing.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    text = str(raw).strip()
    if len(text) > 4 or not text.isascii() or not text.isdigit():
        raise ValidationError(year_message(), code="year")
    year = int(text)
    if not FIRST_YEAR <= year <= last_year():
        raise ValidationError(year_message(), code="year")
    return year


def parse_year_range(start_raw: object, end_raw: object, *, default_start: int, default_end: int) -> tuple[int, int]:
    """(start, end), both in range, start ≤ end, at most MAX_SPAN years."""
    start = parse_year(start_raw, default=default_start)
    end = parse_year(end_raw, default=default_end)
    check_year_range(start, end)
    return start, end


def check_year_range(start: int, end: int) -> None:
    if start > end:
        raise ValidationError(f"Năm bắt đầu ({start}) sau năm kết thúc ({end}).", code="year_range")
    if end - start + 1 > MAX_SPAN:
        span = end - start + 1
        raise ValidationError(f"Khoảng thời gian tối đa {MAX_SPAN} năm (đang chọn {span} năm).", code="year_range")


def query_year_errors(params) -> list[str]:
    """The messages for the year parameters of a query string (a QueryDict), empty when all are fine."""
    errors = []
    for name in YEAR_PARAMETERS:
        for value in params.getlist(name):
            try:
                parse_year(value)
            except ValidationError as exc:
                # the field as the page names it, never the parameter ("year:"): issue #16, item 12
                label = PARAMETER_LABELS.get(name)
                errors.append(f"{label}: {exc.messages[0]}" if label else exc.messages[0])
    if not errors and all(params.get(name) for name in RANGE_PARAMETERS):
        try:
            check_year_range(int(params["tu_nam"]), int(params["den_nam"]))
        except ValidationError as exc:
            errors.append(exc.messages[0])
    return errors


def argparse_year(value: str) -> int:
    """`type=` for the `--year` option of tdkt's commands."""
    try:
        return parse_year(value)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.messages[0]) from exc


class YearField(forms.IntegerField):
    """A form's year: 1945 .. next year (the upper bound follows the calendar, not a constant)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Năm")
        super().__init__(min_value=FIRST_YEAR, **kwargs)

    def to_python(self, value):
        return parse_year(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "max": last_year()}


class YearConverter:
    """`<year:year>` in a URL: four digits in range; anything else does not resolve (404), never a 500."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        try:
            return parse_year(value)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from exc

    def to_url(self, value) -> str:
        return str(value)
