from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import render
from django.views.generic import TemplateView

from tdkt.org.selectors import person_list, role_assignments_of, unit_list, unit_roots


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        actor = self.request.user
        return super().get_context_data(
            roots=unit_roots(actor=actor),
            roles=role_assignments_of(user=actor),
            unit_count=unit_list(actor=actor, include_dissolved=False).count(),
            person_count=person_list(actor=actor).count(),
            **kwargs,
        )


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
