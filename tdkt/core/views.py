"""Error pages shared by every app (the home page is `org.views.HomeView`: it shows the actor's units)."""

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
    return render(request, "403.html", status=403)
