import datetime

from django.template import Context, Template
from django.utils import formats


def test_dates_and_numbers_render_the_vietnamese_way(settings):
    rendered = Template('{% load vi %}{{ d|date:"SHORT_DATE_FORMAT" }} {{ n|so }} {{ d|ngay }}').render(
        Context({"d": datetime.date(2026, 1, 5), "n": 1234567})
    )
    assert rendered == "05/01/2026 1.234.567 05/01/2026"


def test_date_input_accepts_dd_mm_yyyy():
    assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
