from django.contrib import admin

from tdkt.records.models import CatalogueEntry


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(admin.ModelAdmin):
    """Read-only here: entries are added in tdkt's catalogue page (audited)."""

    list_display = ["code", "name", "kind", "subject", "level", "legal_source", "certainty"]
    list_filter = ["kind", "subject", "level"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
