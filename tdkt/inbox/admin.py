"""The yearly calendar in Django admin: every save goes through `deadline_create` / `deadline_update` (the
administrator check, the date validation, the audit event); a deadline is switched off, never deleted."""

from django.contrib import admin

from tdkt.core.admin import ServiceWritesAdmin
from tdkt.inbox import services
from tdkt.inbox.models import Deadline


@admin.register(Deadline)
class DeadlineAdmin(ServiceWritesAdmin):
    list_display = ["title", "kind", "level", "unit", "opens", "due", "active"]
    list_filter = ["kind", "level", "active"]
    search_fields = ["title"]
    autocomplete_fields = ["unit"]
    fields = list(services.DEADLINE_FIELDS)

    @admin.display(description="Mở từ")
    def opens(self, obj):
        return f"{obj.opens_day:02d}/{obj.opens_month:02d}" if obj.opens_day and obj.opens_month else "—"

    @admin.display(description="Hạn")
    def due(self, obj):
        return f"{obj.due_day:02d}/{obj.due_month:02d}"

    def save_model(self, request, obj, form, change):
        values = {name: getattr(obj, name) for name in services.DEADLINE_FIELDS}
        if change:
            services.deadline_update(actor=request.user, deadline=obj, reason="Trang quản trị", **values)
            return
        deadline = services.deadline_create(actor=request.user, **values)
        obj.pk, obj._state.adding, obj._state.db = deadline.pk, False, deadline._state.db

    def has_delete_permission(self, request, obj=None):
        return False  # switch it off ("Đang áp dụng"): reminders already sent keep pointing at it
