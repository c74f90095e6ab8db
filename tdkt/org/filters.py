"""List filters of units and people: the people page, `/api/v1/people/` and `/api/v1/units/` (one FilterSet each).

The querysets come from the selectors (`unit_list`, `person_list`), already scoped to the actor; these only
narrow them. Name search stays on the people's name index (`org/search.py`).
"""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from tdkt.core.filters import BoolFilter, FilterSet, IdFilter
from tdkt.core.text import search_words
from tdkt.org.choices import PersonCategory, Rank
from tdkt.org.scoping import descendant_ids
from tdkt.org.search import filter_people_by_name
from tdkt.org.selectors import PERSON_ORDERINGS, unit_list
from tdkt.org.widgets import WHOLE_REMIT, UnitChoiceField

ORDERING_LABELS = {
    "name": "Họ và tên (A → Z)",
    "-name": "Họ và tên (Z → A)",
    "given": "Tên (A → Z)",
    "code": "Mã cá nhân",
    "-code": "Mã cá nhân (giảm dần)",
    "unit": "Đơn vị",
}


class UnitFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên, không phân biệt dấu")
    parent = IdFilter(field_name="parent_id", label="Chỉ các đơn vị trực thuộc đơn vị này")
    active = BoolFilter(method="filter_active", label="Chỉ đơn vị đang hoạt động")

    def filter_q(self, queryset, name, value):
        for word in search_words(value):
            queryset = queryset.filter(name_folded__contains=word)
        return queryset

    def filter_active(self, queryset, name, value):
        # active=false lists every unit, as before: "only the active ones" is the only narrowing asked for
        return queryset.filter(dissolved_on__isnull=True) if value else queryset


class ScopeField(forms.ChoiceField):
    """The page's `scope=subtree|direct` and the API's `direct=true|false`, one value: whether only the unit's
    own people are listed."""

    CHOICES = [("subtree", "Cả đơn vị cấp dưới"), ("direct", "Chỉ đơn vị này")]
    DIRECT, SUBTREE = ("direct", "true", "1"), ("subtree", "false", "0", "")

    def __init__(self, **kwargs):
        kwargs.pop("choices", None)
        super().__init__(choices=self.CHOICES, **kwargs)

    def to_python(self, value):
        return "direct" if str(value or "").strip().lower() in self.DIRECT else str(value or "").strip().lower()

    def validate(self, value):
        if value not in ("direct", *self.SUBTREE):
            raise forms.ValidationError(
                "Phạm vi không hợp lệ: chọn cả đơn vị cấp dưới hoặc chỉ đơn vị này.", code="invalid"
            )  # a code: the API's error answer has one for every error (schema)

    def clean(self, value):
        return super().clean(value) == "direct"


@extend_schema_field(OpenApiTypes.BOOL)  # the API's spelling: direct=true
class ScopeFilter(django_filters.Filter):
    field_class = ScopeField


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


def _units_seen(request):
    return unit_list(actor=request.user).order_by("sort_key") if request is not None else unit_list(actor=None)


class PersonFilterSet(FilterSet):
    """`unit` is an id on the API (an id outside the remit lists nobody, as before) and a choice among the
    actor's units on the page (any other id is a form error)."""

    page_names = {"direct": "scope"}

    q = django_filters.CharFilter(
        method="filter_q",
        label="Tìm kiếm",
        widget=forms.TextInput(attrs={"placeholder": "Họ tên hoặc mã, gõ có dấu hay không dấu đều được"}),
    )
    unit = IdFilter(method="filter_unit", label="Đơn vị (mặc định gồm cả đơn vị cấp dưới)")
    direct = ScopeFilter(method="filter_nothing", label="Phạm vi")
    rank = django_filters.ChoiceFilter(choices=Rank.choices, label="Cấp bậc", empty_label="Tất cả")
    category = django_filters.ChoiceFilter(choices=PersonCategory.choices, label="Đối tượng", empty_label="Tất cả")
    ordering = django_filters.ChoiceFilter(
        choices=list(ORDERING_LABELS.items()), method="filter_ordering", label="Sắp xếp", empty_label=None
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, page: bool = False):
        super().__init__(data, queryset, request=request, prefix=prefix, page=page)
        if page:
            unit = UnitChoiceFilter(
                queryset=_units_seen, method="filter_unit", label="Đơn vị", required=False, empty_label=WHOLE_REMIT
            )
            unit.parent = self
            self.filters["unit"] = unit

    def filter_q(self, queryset, name, value):
        return filter_people_by_name(queryset, value)

    def filter_unit(self, queryset, name, value):
        unit_id = getattr(value, "pk", value)
        if self.value("direct"):
            return queryset.filter(unit_id=unit_id)
        return queryset.filter(unit_id__in=descendant_ids([unit_id]))

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by filter_unit

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*PERSON_ORDERINGS.get(value or "name", PERSON_ORDERINGS["name"]))
