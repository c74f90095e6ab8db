"""List filters of the legal record (ratings, awards, initiatives, discipline), for `/api/v1/…` lists.

The querysets come from `records.selectors` (scoped to the actor); a filter only narrows them, so a person or
unit id outside the remit lists nothing rather than revealing anything.
"""

import django_filters

from tdkt.core.filters import FilterSet, IdFilter, UpperChoiceFilter, YearFilter
from tdkt.records.choices import AwardStatus


class PersonYearFilterSet(FilterSet):
    person = IdFilter(field_name="person_id", label="Cá nhân (mã số)")
    year = YearFilter(field_name="year", label="Năm")


class SubjectYearFilterSet(PersonYearFilterSet):
    unit = IdFilter(field_name="unit_id", label="Đơn vị được khen, đánh giá (mã số)")


class RatingFilterSet(SubjectYearFilterSet):
    pass


class InitiativeFilterSet(PersonYearFilterSet):
    pass


class AwardFilterSet(SubjectYearFilterSet):
    entry = django_filters.CharFilter(method="filter_entry", label="Mã danh hiệu hoặc hình thức (ví dụ CSTDCS)")
    status = UpperChoiceFilter(choices=AwardStatus.choices, label="Trạng thái")

    def filter_entry(self, queryset, name, value):
        return queryset.filter(entry__code=value.strip().upper())


class DisciplineFilterSet(FilterSet):
    person = IdFilter(field_name="person_id", label="Cá nhân (mã số)")
