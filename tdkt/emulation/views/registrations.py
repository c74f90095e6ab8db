"""The registrations page (đăng ký thi đua): enter, approve or return, registered against achieved."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from tdkt.core.forms import run_service
from tdkt.core.years import parse_year, working_year
from tdkt.emulation import selectors, services
from tdkt.emulation.forms import RegistrationForm, RegistrationReviewManyForm
from tdkt.emulation.policies import registration_policy
from tdkt.org.models import Unit
from tdkt.org.pickers import UnitTree
from tdkt.org.scoping import unit_ids_in_scope
from tdkt.org.selectors import person_list, unit_list
from tdkt.records.models import CatalogueEntry


class RegistrationView(LoginRequiredMixin, View):
    """Registrations of a year in the actor's remit, approvals, and registered against achieved."""

    def get(self, request):
        year = parse_year(request.GET.get("nam"), default=working_year())
        registrations = selectors.registration_list(actor=request.user, year=year).order_by("entry__position", "id")
        in_scope = selectors.units_seen(actor=request.user)
        results = services.registrations_against_results(unit_ids=in_scope.values("id"), year=year)
        # the units whose level the actor approves for: officers' and commanders' subtrees (issue #16, item 7)
        editor_units = set(
            Unit.objects.filter(pk__in=registration_policy.reviewer_unit_ids(request.user)).values_list("pk", flat=True)
        )
        registrations = list(registrations)
        approvable = {
            r.pk
            for r in registrations
            if r.status == "DANG_KY" and services.can_review(request.user, r, editor_units=editor_units)
        }
        # each row's unit with its path ("Ban Kế hoạch — Phòng Tham mưu — …"): two of a name told apart
        tree = UnitTree()
        for r in registrations:
            r.unit_label = tree.label(r.person.unit_id if r.person_id else r.unit_id)
        return render(
            request,
            "emulation/registrations.html",
            {
                "year": year,
                "registrations": registrations,
                "results": results,
                "approvable": approvable,
                # who has no officer's role is not shown a form the service would refuse (a commander approves)
                "can_register": request.user.is_superuser
                or Unit.objects.filter(
                    pk__in=unit_ids_in_scope(request.user, registration_policy.roles_for("submit"))
                ).exists(),
                "entries": CatalogueEntry.objects.filter(kind="DANH_HIEU").order_by("position"),
                "form": RegistrationForm(initial={"year": year}, **_scope(request.user)),
            },
        )

    def post(self, request):
        year = request.POST.get("year", "")
        if "bulk" in request.POST:
            return self._review_many(request, year)
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
        form = RegistrationForm(request.POST, **_scope(request.user))
        if not form.is_valid():  # each wrong input named (a name used to answer "Nhập mã cá nhân hoặc đơn vị…")
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        elif run_service(
            request,
            services.registration_submit,
            actor=request.user,
            entry=form.cleaned_data["entry"],
            year=form.cleaned_data["year"],
            **form.cleaned_data["subject_code"],
        ):
            messages.success(request, "Đã đăng ký thi đua.")
        return redirect(f"{request.path}?nam={year}" if year.isdigit() else request.path)

    def _review_many(self, request, year: str):
        """The ticked rows approved (or returned with one reason) together: all or nothing."""
        form = RegistrationReviewManyForm(
            request.POST, registrations=selectors.registration_list(actor=request.user).filter(status="DANG_KY")
        )
        back = redirect(f"{request.path}?nam={year}" if year.isdigit() else request.path)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return back
        chosen = list(form.cleaned_data["chon"].select_related("person", "unit", "entry").order_by("id"))
        approve = form.cleaned_data["bulk"] == "approve"
        done = run_service(
            request,
            services.registrations_review_many,
            actor=request.user,
            registrations=chosen,
            approve=approve,
            reason=form.cleaned_data["reason"],
        )
        if done:
            messages.success(request, f"Đã {'duyệt' if approve else 'trả lại'} {done} đăng ký.")
        return back


def _scope(actor) -> dict:
    """Whom the form may name: the people and units the actor sees (the service checks who may register)."""
    return {"people": person_list(actor=actor), "units": unit_list(actor=actor)}
