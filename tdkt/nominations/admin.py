"""Django admin for authorities (installation set-up): every save goes through `authority_create` /
`authority_update` (the administrator check, the level order of the chain, the audit event); a refused save is
a message on the page. The flow itself lives in tdkt's pages, where councils are managed too (`/hoi-dong/`)."""

from django.contrib import admin

from tdkt.core.admin import ServiceWritesAdmin
from tdkt.nominations import services
from tdkt.nominations.models import Authority


@admin.register(Authority)
class AuthorityAdmin(ServiceWritesAdmin):
    list_display = ["code", "name", "level", "unit", "parent", "number_suffix"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["unit"]
    fields = list(services.AUTHORITY_FORM_FIELDS)

    def save_model(self, request, obj, form, change):
        values = {name: getattr(obj, name) for name in services.AUTHORITY_EDITABLE}
        if change:
            changed = form.changed_data if form is not None else list(values)
            services.authority_update(
                actor=request.user,
                authority=obj,
                reason="Trang quản trị",
                **{name: values[name] for name in changed if name in values},
            )
            return
        authority = services.authority_create(
            actor=request.user,
            **{name: value for name, value in values.items() if name not in ("unit", "parent")},
            unit=values["unit"],
            parent=values["parent"],
        )
        obj.pk, obj._state.adding, obj._state.db = authority.pk, False, authority._state.db

    def has_delete_permission(self, request, obj=None):
        return False  # dossiers and decisions keep pointing at it
