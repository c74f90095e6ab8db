"""How the API applies the apps' FilterSets (DjangoFilterBackend, `filterset_class` on each viewset)."""


class ListFilters:
    """Filters the list only: a detail or a write reached with a query string is not narrowed by it (before the
    FilterSets, the hand-read filters were applied in `list` alone, and `get_object` also filters)."""

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)
