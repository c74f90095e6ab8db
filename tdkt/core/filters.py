"""The base of every list filter (django-filter), shared by a page and its API endpoint.

A FilterSet only narrows the queryset it is given: the caller hands it a selector's queryset, which is already
scoped to the actor, so no filter value can widen what the actor sees. Pages keep their Vietnamese query
parameters (`nam`, `trang_thai`, …) and the API its English ones (`year`, `status`, …): the filter is declared
once under its API name and `page_names` renames it when the page binds it (`for_page`).

An invalid value is never ignored (that would show more than was asked for): the API answers 400 in its usual
error format (DjangoFilterBackend raises the form's errors), a page shows the form's message and no rows.
"""

from typing import ClassVar

import django_filters
from django import forms
from django_filters.fields import ChoiceField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from tdkt.core.forms import BootstrapFormMixin
from tdkt.core.years import YearField

MAX_ID = 2**63 - 1  # the database's bigint: a larger "id" is refused before any query
ID_MESSAGE = "Mã số không hợp lệ: cần một số nguyên dương."
BOOLEAN_MESSAGE = "Giá trị không hợp lệ: dùng true hoặc false."


class FilterForm(BootstrapFormMixin, forms.Form):
    """The form a FilterSet builds: Bootstrap classes, like every other form of the pages."""


class IdField(forms.Field):
    """A positive bigint id from a query string; anything else (letters, 25 digits, 0) is a Vietnamese error."""

    default_error_messages = {"invalid": ID_MESSAGE}

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        if len(text) > 19 or not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


class BooleanField(forms.Field):
    """`true`/`1` and `false`/`0` (the API's spelling); empty means "not filtered"."""

    TRUE, FALSE = ("true", "1", "on"), ("false", "0", "off")
    default_error_messages = {"invalid": BOOLEAN_MESSAGE}

    def to_python(self, value):
        text = str(value).strip().lower() if value is not None else ""
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.Filter):
    """Narrows by a foreign key id (`person=12`): an id outside the actor's remit simply matches nothing."""

    field_class = IdField


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.Filter):
    """A year, 1945 .. next year (the message of tdkt.core.years)."""

    field_class = YearField


@extend_schema_field(OpenApiTypes.BOOL)
class BoolFilter(django_filters.Filter):
    field_class = BooleanField


class UpperChoiceField(ChoiceField):
    """A code typed in any case (`status=da_huy`), as the API accepted it before the FilterSets."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class UpperChoiceFilter(django_filters.ChoiceFilter):
    field_class = UpperChoiceField


class FilterSet(django_filters.FilterSet):
    #: filter name (the API's) -> the page's query parameter, for pages whose URLs predate the API
    page_names: ClassVar[dict[str, str]] = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, page: bool = False):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.page = page
        if page and self.page_names:
            self.filters = {self.page_names.get(name, name): f for name, f in self.filters.items()}

    class Meta:
        form = FilterForm

    @classmethod
    def for_page(cls, request, queryset, **kwargs):
        """Bound to the page's query string (unbound when there is none, so the form shows no error)."""
        params = request.GET.copy()
        params.pop("trang", None)  # the page number belongs to the paginator, not to the filter
        return cls(params or None, queryset, request=request, page=True, **kwargs)

    def value(self, name: str):
        """The cleaned value of filter `name` (its API name), whatever the page calls it; None when the filter
        is unbound or invalid (so a page shows what was asked only when it was applied)."""
        if not self.is_valid():
            return None
        key = self.page_names.get(name, name) if self.page else name
        return self.form.cleaned_data.get(key)

    @property
    def qs(self):
        # django-filter skips an invalid field and filters by the others; an error must show nothing instead
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    def error_messages(self) -> list[str]:
        """Every error as one readable line, the field's label first (for a page's message area)."""
        lines = []
        for name, errors in self.form.errors.items():
            field = self.form.fields.get(name)
            label = field.label if field is not None and field.label else name
            lines.extend(f"{label}: {error}" for error in errors)
        return lines
