"""The registrations page (đăng ký thi đua): enter, approve or return, registered against achieved."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from tdkt.core.forms import run_service
from tdkt.core.years import parse_year, working_year
from tdkt.emulation import selectors, services
from tdkt.org.selectors import SUBJECT_NOT_FOUND, subject_by_code
from tdkt.records.models import CatalogueEntry


class RegistrationView(LoginRequiredMixin, View):
    """Registrations of a year in the actor's remit, approvals, and registered against achieved."""

    def get(self, request):
        year = parse_year(request.GET.get("nam"), default=working_year())
        registrations = selectors.registration_list(actor=request.user, year=year).order_by("entry__position", "id")
        in_scope = selectors.units_seen(actor=request.user)
        results = services.registrations_against_results(unit_ids=in_scope.values("id"), year=year)
        editor_units = set(selectors.units_edited(actor=request.user).values_list("pk", flat=True))
        approvable = {
            r.pk
            for r in registrations
            if r.status == "DANG_KY" and services.can_review(request.user, r, editor_units=editor_units)
        }
        return render(
            request,
            "emulation/registrations.html",
            {
                "year": year,
                "registrations": registrations,
                "results": results,
                "approvable": approvable,
                "entries": CatalogueEntry.objects.filter(kind="DANH_HIEU").order_by("position"),
            },
        )

    def post(self, request):
        year = request.POST.get("year", "")
        if request.POST.get("registration"):
            registration = (
                selectors.registration_list(actor=request.user)
                .filter(pk=request.POST["registration"] if request.POST["registration"].isdigit() else 0)
                .first()
            )
            if registration is None:
                raise Http404("Không tìm thấy đăng ký.")
            if run_service(
                request,
                services.registration_review,
                actor=request.user,
                registration=registration,
                approve=request.POST.get("approve") == "1",
                reason=request.POST.get("reason", ""),
            ):
                messages.success(request, "Đã cập nhật đăng ký.")
            return redirect(f"{request.path}?nam={registration.year}")
        subject = subject_by_code(actor=request.user, code=request.POST.get("subject_code", ""))
        entry = CatalogueEntry.objects.filter(code=request.POST.get("entry", "")).first()
        if entry is None or not year.isdigit():
            messages.error(request, "Nhập mã cá nhân hoặc đơn vị, danh hiệu và năm.")
        elif subject is None:
            messages.error(request, SUBJECT_NOT_FOUND)
        elif run_service(
            request, services.registration_submit, actor=request.user, entry=entry, year=int(year), **subject
        ):
            messages.success(request, "Đã đăng ký thi đua.")
        return redirect(f"{request.path}?nam={year}")
