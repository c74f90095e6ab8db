"""What every tdkt admin page shares: a write refused by a service is a message, never a 500."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect

from tdkt.core.errors import DomainError

REFUSALS = (PermissionDenied, ValidationError, DomainError, Http404)


def refusal_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "Bạn không có quyền thực hiện thao tác này."


class ServiceWritesAdmin(admin.ModelAdmin):
    """A save that a service refuses ends as an error message on the same page; the admin's transaction rolls
    back everything the save had begun (the object, its inlines), so nothing is half-written."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except REFUSALS as exc:
            self.message_user(request, f"Không lưu được: {refusal_message(exc)}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
