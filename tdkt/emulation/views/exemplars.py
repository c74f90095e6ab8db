"""The exemplars page (điển hình tiên tiến): record one, move it through its stages."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from tdkt.core.forms import run_service
from tdkt.emulation import selectors, services
from tdkt.emulation.choices import ExemplarStage
from tdkt.emulation.filters import ExemplarFilterSet
from tdkt.emulation.views._common import CAMPAIGNS, _day
from tdkt.org.selectors import SUBJECT_NOT_FOUND, subject_by_code


class ExemplarView(LoginRequiredMixin, View):
    def get(self, request):
        filterset = ExemplarFilterSet.for_page(request, selectors.exemplar_queryset(actor=request.user))
        exemplars = filterset.qs
        campaign, stage = filterset.value("campaign") or "", filterset.value("stage") or ""
        return render(
            request,
            "emulation/exemplars.html",
            {
                "exemplars": exemplars,
                "campaigns": CAMPAIGNS,
                "stages": ExemplarStage.choices,
                "campaign": campaign,
                "stage": stage,
                "today": timezone.localdate(),
                "filter_errors": filterset.error_messages() if filterset.is_bound else [],
            },
        )

    def post(self, request):
        on = _day(request.POST.get("on", ""))
        if on is None:
            messages.error(request, "Ngày không hợp lệ (dd/mm/yyyy).")
            return redirect("emulation:exemplars")
        if request.POST.get("exemplar"):
            exemplar = selectors.exemplar_get(actor=request.user, pk=request.POST["exemplar"])
            if exemplar is None:
                raise Http404("Không tìm thấy điển hình.")
            if run_service(
                request,
                services.exemplar_move,
                actor=request.user,
                exemplar=exemplar,
                stage=request.POST.get("stage", ""),
                on=on,
                note=request.POST.get("note", ""),
                reason=request.POST.get("reason", ""),
            ):
                messages.success(request, "Đã chuyển giai đoạn.")
            return redirect("emulation:exemplars")
        subject = subject_by_code(actor=request.user, code=request.POST.get("subject_code", ""))
        if subject is None:
            messages.error(request, SUBJECT_NOT_FOUND)
        elif run_service(
            request,
            services.exemplar_create,
            actor=request.user,
            field=request.POST.get("field", ""),
            campaigns=request.POST.getlist("campaigns"),
            on=on,
            summary=request.POST.get("summary", ""),
            **subject,
        ):
            messages.success(request, "Đã ghi nhận điển hình.")
        return redirect("emulation:exemplars")
