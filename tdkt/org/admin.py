"""Django admin for accounts and role assignments: every write goes through the audited org services.

An account is never deleted (the audit trail names it): it is deactivated, through `user_deactivate`. A role
edited, added or removed in the user's page is `role_update` / `role_grant` / `role_revoke`. A write a service
refuses is a message on the page and changes nothing. Units and people are managed in tdkt's own pages, where
scoping and validation apply; the admin shows them read-only. Django's groups are not used (what an account
may do comes from its roles on units), and API tokens are issued by `tdkt drf_create_token` (audited): the
admin lists tokens without their keys.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import TokenProxy

from tdkt.core.admin import REFUSALS, ServiceWritesAdmin, refusal_message
from tdkt.org import services
from tdkt.org.models import Person, RoleAssignment, Unit, User
from tdkt.org.models.users import password_changed_by


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(ServiceWritesAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name"]
    fieldsets = [
        (None, {"fields": ["username", "password", "full_name", "email"]}),
        ("Quyền", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "full_name", "password1", "password2"]})]
    inlines = [RoleAssignmentInline]
    actions = ["deactivate_selected"]

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted

    def user_change_password(self, request, id, form_url=""):
        # the save of the new password deletes the user's API tokens and audits the change under this actor
        with password_changed_by(request.user):
            return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if not change:
            user = services.user_create(
                actor=request.user,
                username=obj.username,
                password=form.cleaned_data.get("password1") or None,
                full_name=obj.full_name,
                reason="Trang quản trị",
            )
            # the admin goes on with `obj` (inlines, log, redirect): make it the account the service created
            obj.pk, obj.password, obj._state.adding, obj._state.db = user.pk, user.password, False, user._state.db
            return
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in services.USER_EDITABLE}
        services.user_update(actor=request.user, user=obj, reason="Trang quản trị", **changes)

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            raise PermissionDenied("Không sửa được mục này trong trang quản trị.")
        formset.save(commit=False)  # fills new_objects, changed_objects and deleted_objects; writes nothing
        for assignment in formset.deleted_objects:
            services.role_revoke(actor=request.user, assignment=assignment, reason="Trang quản trị")
        for assignment, _fields in formset.changed_objects:
            services.role_update(
                actor=request.user,
                assignment=assignment,
                unit=assignment.unit,
                role=assignment.role,
                reason="Trang quản trị",
            )
        for assignment in formset.new_objects:
            services.role_grant(
                actor=request.user,
                user=form.instance,
                unit=assignment.unit,
                role=assignment.role,
                reason="Trang quản trị",
            )

    @admin.action(description="Khóa các tài khoản đã chọn (không xóa)", permissions=["change"])
    def deactivate_selected(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                services.user_deactivate(actor=request.user, user=user, reason="Khóa trong trang quản trị")
            except REFUSALS as exc:
                self.message_user(request, f"{user.username}: {refusal_message(exc)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"Đã khóa {done} tài khoản.", messages.SUCCESS)


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


admin.site.unregister(Group)
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(ReadOnlyAdmin):
    """Which accounts hold an API token, and since when; never the key itself."""

    list_display = ["user", "created"]
    fields = ["user", "created"]
    search_fields = ["user__username"]
