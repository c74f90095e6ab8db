"""List filters of the nomination flow: dossiers (the dossier page and `/api/v1/dossiers/`) and councils
(`/api/v1/councils/`). They narrow the selectors' querysets, which are already scoped to the actor."""

import django_filters
from django.db.models import Q

from tdkt.core.filters import BoolFilter, FilterSet, IdFilter, UpperChoiceFilter, YearFilter
from tdkt.nominations.choices import DossierKind, DossierStatus
from tdkt.org.scoping import descendant_ids


class DossierFilterSet(FilterSet):
    page_names = {"year": "nam", "status": "trang_thai"}

    year = YearFilter(field_name="year", label="Năm")
    status = UpperChoiceFilter(choices=DossierStatus.choices, label="Trạng thái", empty_label="Tất cả")
    kind = UpperChoiceFilter(choices=DossierKind.choices, label="Loại hồ sơ", empty_label="Tất cả")
    unit = IdFilter(field_name="unit_id", label="Đơn vị đề nghị (mã số)")


class CouncilFilterSet(FilterSet):
    unit = IdFilter(method="filter_unit", label="Đơn vị (mã số)")
    subunits = BoolFilter(method="filter_nothing", label="Gồm cả hội đồng của các đơn vị cấp dưới")
    year = YearFilter(method="filter_year", label="Nhiệm kỳ có một phần trong năm này")
    on = django_filters.DateFilter(method="filter_on", label="Nhiệm kỳ đang hiệu lực vào ngày (yyyy-mm-dd)")

    def filter_unit(self, queryset, name, value):
        if self.value("subunits"):
            return queryset.filter(unit_id__in=descendant_ids([value]))
        return queryset.filter(unit_id=value)

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by filter_unit

    def filter_year(self, queryset, name, value):
        return queryset.filter(Q(term_end__isnull=True) | Q(term_end__year__gte=value), term_start__year__lte=value)

    def filter_on(self, queryset, name, value):
        return queryset.filter(Q(term_end__isnull=True) | Q(term_end__gte=value), term_start__lte=value)
