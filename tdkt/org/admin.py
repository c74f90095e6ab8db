"""Django admin for accounts and role assignments (writes go through the audited services).

Units and people are managed in tdkt's own pages, where scoping and validation apply;
the admin shows them read-only.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from tdkt.audit.services import audit_record, snapshot
from tdkt.org import services
from tdkt.org.models import Person, RoleAssignment, Unit, User
from tdkt.org.models.users import password_changed_by

USER_FIELDS = ["username", "full_name", "email", "is_active", "is_staff", "is_superuser"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name"]
    fieldsets = [
        (None, {"fields": ["username", "password", "full_name", "email"]}),
        ("Quyền", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "full_name", "password1", "password2"]})]
    inlines = [RoleAssignmentInline]

    def user_change_password(self, request, id, form_url=""):
        # the save of the new password deletes the user's API tokens and audits the change under this actor
        with password_changed_by(request.user):
            return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = snapshot(User.objects.get(pk=obj.pk), USER_FIELDS) if change else None
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="org.user.created" if not change else "org.user.updated",
                obj=obj,
                before=before,
                after=snapshot(obj, USER_FIELDS),
            )

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            instances = formset.save(commit=False)
            for deleted in formset.deleted_objects:
                services.role_revoke(actor=request.user, assignment=deleted)
            for assignment in instances:
                if assignment.pk is None:
                    services.role_grant(
                        actor=request.user, user=assignment.user, unit=assignment.unit, role=assignment.role
                    )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "unit_type", "parent", "dissolved_on"]
    search_fields = ["code", "name_folded"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["code", "full_name", "rank", "unit"]
    search_fields = ["code", "name_folded"]
