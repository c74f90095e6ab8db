"""Points of a scoring round (a criterion's maximum, a unit's score): one parser for the page, the API and the
services, as the model stores them (at most 7 digits, 2 after the comma). The page and the services both use
it, so a forged post or an API call cannot store what the form refuses (issue #16 review, findings 1–3)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

MAX_DIGITS, DECIMAL_PLACES = 7, 2  # Criterion.max_points, Score.*_points
LIMIT = Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)  # 100.000: the first value that does not fit

INVALID = "Điểm phải là một số, ví dụ 12 hoặc 12,5."
MESSAGES = {
    "required": "Phải nhập điểm.",
    "invalid": INVALID,
    "max_digits": "Điểm quá lớn: tối đa 99.999,99.",
    "max_whole_digits": "Điểm quá lớn: tối đa 99.999,99.",
    "max_decimal_places": "Điểm ghi tối đa 2 chữ số sau dấu phẩy.",
}


class PointsField(forms.DecimalField):
    """A number of points as an officer types it: "12,5" (the Vietnamese decimal comma) or "12.5"; a grouping
    dot ("1.234,5") is read as in Vietnamese. NaN, Infinity, exponents and out-of-range values are refused
    with a Vietnamese message (Django's DecimalField already refuses the non-finite ones)."""

    default_error_messages = MESSAGES

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        kwargs.setdefault("error_messages", MESSAGES)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace(" ", "").replace("\u00a0", "")
            if "e" in text.lower():
                raise ValidationError(INVALID, code="invalid")  # "1e9" is not how an officer writes points
            if "," in text:
                text = text.replace(".", "").replace(",", ".")  # 1.234,5 -> 1234.5
            value = text
        return super().to_python(value)


def parse_points(value, field: str = "points", *, required: bool = True) -> Decimal | None:
    """The service's own check of a value (a Decimal from the API, a string from a script or the page)."""
    try:
        return PointsField(required=required).clean(value if not isinstance(value, float) else str(value))
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
