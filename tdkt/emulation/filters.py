"""List filters of emulation work: registrations, exemplars, movements and conferences, for the pages
(`/dang-ky-thi-dua/`, `/dien-hinh/`, `/phong-trao/`) and `/api/v1/…`. They narrow the selectors' querysets,
which are already scoped to the actor."""

import django_filters

from tdkt.core.filters import FilterSet, IdFilter, UpperChoiceFilter, YearFilter
from tdkt.emulation.choices import ConferenceKind, ExemplarStage, MovementKind, RegistrationStatus


class RegistrationFilterSet(FilterSet):
    page_names = {"year": "nam"}

    year = YearFilter(field_name="year", label="Năm")
    status = UpperChoiceFilter(choices=RegistrationStatus.choices, label="Trạng thái", empty_label="Tất cả")
    entry = django_filters.CharFilter(method="filter_entry", label="Mã danh hiệu đăng ký (ví dụ CSTDCS)")
    person = IdFilter(field_name="person_id", label="Cá nhân (mã số)")
    unit = IdFilter(field_name="unit_id", label="Đơn vị đăng ký (mã số)")

    def filter_entry(self, queryset, name, value):
        return queryset.filter(entry__code=value.strip().upper())


class ExemplarFilterSet(FilterSet):
    page_names = {"campaign": "phong_trao", "stage": "giai_doan"}

    campaign = django_filters.CharFilter(method="filter_campaign", label="Phong trào (đúng tên phong trào)")
    stage = UpperChoiceFilter(choices=ExemplarStage.choices, label="Giai đoạn", empty_label="Mọi giai đoạn")

    def filter_campaign(self, queryset, name, value):
        # `campaigns` is a JSON list; SQLite has no "list contains", and exemplars are few: test in Python
        ids = [pk for pk, campaigns in queryset.values_list("pk", "campaigns") if value in (campaigns or [])]
        return queryset.filter(pk__in=ids)


class MovementFilterSet(FilterSet):
    page_names = {"year": "nam"}

    year = YearFilter(field_name="year", label="Năm")
    kind = UpperChoiceFilter(choices=MovementKind.choices, label="Loại phong trào", empty_label="Tất cả")
    unit = IdFilter(field_name="unit_id", label="Đơn vị phát động (mã số)")


class ConferenceFilterSet(FilterSet):
    page_names = {"year": "nam"}

    year = YearFilter(field_name="year", label="Năm")
    kind = UpperChoiceFilter(choices=ConferenceKind.choices, label="Loại hội nghị", empty_label="Tất cả")
    unit = IdFilter(field_name="unit_id", label="Hội nghị của đơn vị (mã số)")
    cluster = IdFilter(field_name="cluster_id", label="Hội nghị của cụm thi đua (mã số)")
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="Tổ chức từ ngày")
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="Tổ chức đến ngày")
