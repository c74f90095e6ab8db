"""Error pages shared by every app.

The home page is `inbox.views.HomeView`, which extends `org.views.HomeView` (the actor's units) with the inbox.
"""

from django.http import JsonResponse
from django.shortcuts import render


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"type": "client_error", "errors": [{"code": "not_found", "detail": "Không tìm thấy.", "attr": None}]},
            status=404,
        )
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {
                "type": "client_error",
                "errors": [
                    {"code": "permission_denied", "detail": "Bạn không có quyền thực hiện thao tác này.", "attr": None}
                ],
            },
            status=403,
        )
    message = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {"message": message, "back": _back_url(request)}, status=403)


def _back_url(request) -> str:
    """Where "Quay lại" leads from an error page: the page the user came from when it is on this site."""
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("home")


def bad_request(request, exception=None):
    """400: the message of a BadRequest raised by a view (e.g. a year out of range), in Vietnamese."""
    message = str(exception) if exception is not None and str(exception) else "Yêu cầu có tham số không hợp lệ."
    if _is_api(request):
        return JsonResponse(
            {"type": "client_error", "errors": [{"code": "invalid", "detail": message, "attr": None}]}, status=400
        )
    return render(request, "400.html", {"message": message}, status=400)
