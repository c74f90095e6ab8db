"""Django admin for authorities (installation set-up): every save is audited; the flow itself lives in
tdkt's pages, where councils are managed too (`/hoi-dong/`)."""

from django.contrib import admin
from django.db import transaction

from tdkt.audit.services import audit_record, snapshot
from tdkt.nominations.models import Authority

AUTHORITY_FIELDS = [
    "code",
    "name",
    "level",
    "unit_id",
    "parent_id",
    "parent_body",
    "issuing_body",
    "number_suffix",
    "submission_suffix",
    "place",
    "signer_title",
]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "unit", "parent", "number_suffix"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["unit"]
    fields = [
        "code",
        "name",
        "level",
        "unit",
        "parent",
        "parent_body",
        "issuing_body",
        "number_suffix",
        "submission_suffix",
        "place",
        "signer_title",
    ]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = snapshot(Authority.objects.get(pk=obj.pk), AUTHORITY_FIELDS) if change else None
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="nominations.authority.updated" if change else "nominations.authority.created",
                obj=obj,
                before=before,
                after=snapshot(obj, AUTHORITY_FIELDS),
            )

    def has_delete_permission(self, request, obj=None):
        return False  # dossiers and decisions keep pointing at it
