"""Pages of emulation work: clusters (members, leaders, hand-over), registrations, exemplars."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from tdkt.core.errors import DomainError
from tdkt.emulation import selectors, services
from tdkt.emulation.choices import ExemplarStage
from tdkt.org.models import Person, Unit
from tdkt.org.policies import EDITORS, EVERY_ROLE
from tdkt.org.scoping import actor_holds_role_over, unit_ids_in_scope
from tdkt.records.models import CatalogueEntry

CAMPAIGNS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ Hồ",
]


def _run(request, service, **kwargs):
    try:
        return service(**kwargs)
    except (ValidationError, DomainError, PermissionDenied) as exc:
        text = (
            exc.message
            if isinstance(exc, DomainError)
            else ([str(exc)] if isinstance(exc, PermissionDenied) else exc.messages)
        )
        for message in [text] if isinstance(text, str) else text:
            messages.error(request, message)
        return None


def _day(value: str) -> date | None:
    try:
        return date(*reversed([int(x) for x in value.split("/")])) if "/" in value else date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _subject(code: str) -> dict | None:
    code = (code or "").strip().upper()
    person = Person.objects.filter(code=code).first()
    if person:
        return {"person": person}
    unit = Unit.objects.filter(code=code).first()
    return {"unit": unit} if unit else None


class ClusterListView(LoginRequiredMixin, View):
    def get(self, request):
        return render(request, "emulation/cluster_list.html", {"clusters": selectors.cluster_list(actor=request.user)})


class ClusterDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        cluster = selectors.cluster_list(actor=request.user).filter(pk=pk).first()
        if cluster is None:
            raise Http404("Không tìm thấy cụm thi đua.")
        years = sorted(set(cluster.memberships.values_list("year", flat=True)))
        members = {y: [m.unit for m in cluster.memberships.filter(year=y).select_related("unit")] for y in years}
        can_manage = request.user.is_superuser or actor_holds_role_over(request.user, EDITORS, cluster.organiser)
        return render(
            request,
            "emulation/cluster_detail.html",
            {
                "cluster": cluster,
                "members": members,
                "leaders": services.cluster_leaders(cluster),
                "covenants": cluster.covenants.prefetch_related("signatories"),
                "conferences": cluster.conferences.all(),
                "can_manage": can_manage,
                "next_year": (max(years) if years else timezone.localdate().year),
                "candidates": members.get(max(years), []) if years else [],
            },
        )

    def post(self, request, pk):
        cluster = selectors.cluster_list(actor=request.user).filter(pk=pk).first()
        if cluster is None:
            raise Http404("Không tìm thấy cụm thi đua.")
        to_unit = (
            Unit.objects.filter(pk=request.POST.get("to_unit") or 0).first()
            if (request.POST.get("to_unit", "").isdigit())
            else None
        )
        year, on = request.POST.get("to_year", ""), _day(request.POST.get("on", ""))
        if to_unit is None or not year.isdigit() or on is None:
            messages.error(request, "Chọn đơn vị nhận, năm và ngày bàn giao (dd/mm/yyyy).")
        elif _run(
            request,
            services.cluster_handover,
            actor=request.user,
            cluster=cluster,
            to_year=int(year),
            to_unit=to_unit,
            on=on,
        ):
            messages.success(request, f"Đã ghi bàn giao cụm trưởng năm {year} cho {to_unit.name}.")
        return redirect("emulation:cluster_detail", pk=cluster.pk)


class RegistrationView(LoginRequiredMixin, View):
    """Registrations of a year in the actor's remit, approvals, and registered against achieved."""

    def get(self, request):
        year = int(request.GET["nam"]) if request.GET.get("nam", "").isdigit() else timezone.localdate().year
        registrations = selectors.registration_list(actor=request.user, year=year).order_by("entry__position", "id")
        in_scope = (
            Unit.objects.all()
            if request.user.is_superuser
            else Unit.objects.filter(id__in=unit_ids_in_scope(request.user, EVERY_ROLE))
        )
        results = services.registrations_against_results(unit_ids=in_scope.values("id"), year=year)
        approvable = {r.pk for r in registrations if r.status == "DANG_KY" and services.can_review(request.user, r)}
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
            if _run(
                request,
                services.registration_review,
                actor=request.user,
                registration=registration,
                approve=request.POST.get("approve") == "1",
                reason=request.POST.get("reason", ""),
            ):
                messages.success(request, "Đã cập nhật đăng ký.")
            return redirect(f"{request.path}?nam={registration.year}")
        subject = _subject(request.POST.get("subject_code", ""))
        entry = CatalogueEntry.objects.filter(code=request.POST.get("entry", "")).first()
        if subject is None or entry is None or not year.isdigit():
            messages.error(request, "Nhập mã cá nhân hoặc đơn vị, danh hiệu và năm.")
        elif _run(request, services.registration_submit, actor=request.user, entry=entry, year=int(year), **subject):
            messages.success(request, "Đã đăng ký thi đua.")
        return redirect(f"{request.path}?nam={year}")


class ExemplarView(LoginRequiredMixin, View):
    def get(self, request):
        campaign, stage = request.GET.get("phong_trao", ""), request.GET.get("giai_doan", "")
        exemplars = selectors.exemplar_list(actor=request.user, campaign=campaign, stage=stage)
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
            },
        )

    def post(self, request):
        on = _day(request.POST.get("on", ""))
        if on is None:
            messages.error(request, "Ngày không hợp lệ (dd/mm/yyyy).")
            return redirect("emulation:exemplars")
        if request.POST.get("exemplar"):
            exemplar = next(
                (e for e in selectors.exemplar_list(actor=request.user) if str(e.pk) == request.POST["exemplar"]), None
            )
            if exemplar is None:
                raise Http404("Không tìm thấy điển hình.")
            if _run(
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
        subject = _subject(request.POST.get("subject_code", ""))
        if subject is None:
            messages.error(request, "Không có cá nhân hay đơn vị với mã này.")
        elif _run(
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
