"""Pages of movements (phong trào), their targets, cascade and documents, and unit conferences."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views import View

from tdkt.core.forms import run_service
from tdkt.core.years import parse_year, working_year
from tdkt.emulation import selectors, services
from tdkt.emulation.choices import MovementKind
from tdkt.emulation.models import Document, Target
from tdkt.emulation.policies import (
    document_policy,
    movement_policy,
)
from tdkt.emulation.views._common import _day
from tdkt.org.models import Unit


def _movements(user):
    """Kept for the API's movement list (tdkt/api/emulation.py): the selector is the one place."""
    return selectors.movement_list(actor=user)


class MovementListView(LoginRequiredMixin, View):
    def get(self, request):
        year = parse_year(request.GET.get("nam"), default=working_year())
        units = selectors.units_edited(actor=request.user)
        conferences = selectors.unit_conference_list(actor=request.user, year=year)
        return render(
            request,
            "emulation/movements.html",
            {
                "year": year,
                "movements": _movements(request.user).filter(year=year),
                "kinds": MovementKind.choices,
                "units": units.order_by("sort_key"),
                "conferences": conferences,
            },
        )

    def post(self, request):
        unit = (
            Unit.objects.filter(pk=request.POST.get("unit") or 0).first()
            if request.POST.get("unit", "").isdigit()
            else None
        )
        if request.POST.get("action") == "conference":
            held, year = _day(request.POST.get("held_on", "")), request.POST.get("year", "")
            if unit is None or held is None or not year.isdigit():
                messages.error(request, "Nhập đơn vị, năm và ngày hội nghị (dd/mm/yyyy).")
            elif run_service(
                request,
                services.conference_record,
                actor=request.user,
                kind=request.POST.get("kind", "SO_KET"),
                year=int(year),
                unit=unit,
                held_on=held,
                place=request.POST.get("place", ""),
                host=unit,
                presided_by=request.POST.get("presided_by", ""),
                attendees=request.POST.get("attendees", ""),
                conclusions=request.POST.get("conclusions", ""),
                decisions_taken=request.POST.get("decisions_taken", ""),
            ):
                messages.success(request, "Đã ghi hội nghị.")
            return redirect(f"{request.path}?nam={year}")
        starts, ends = _day(request.POST.get("starts_on", "")), _day(request.POST.get("ends_on", ""))
        year = request.POST.get("year", "")
        if unit is None or starts is None or ends is None or not year.isdigit():
            messages.error(request, "Nhập đơn vị, năm và thời gian (dd/mm/yyyy) của phong trào.")
            return redirect("emulation:movements")
        movement = run_service(
            request,
            services.movement_launch,
            actor=request.user,
            unit=unit,
            kind=request.POST.get("kind", ""),
            name=request.POST.get("name", ""),
            year=int(year),
            starts_on=starts,
            ends_on=ends,
            content=request.POST.get("content", ""),
        )
        if movement:
            return redirect("emulation:movement_detail", pk=movement.pk)
        return redirect("emulation:movements")


class ConferenceDocumentView(LoginRequiredMixin, View):
    """A conference's document, for whoever may see the conference's unit or cluster."""

    def get(self, request, pk):
        document = (
            Document.objects.filter(pk=pk, conference__isnull=False)
            .select_related("conference__unit", "conference__host", "conference__cluster")
            .first()
        )
        if document is None or not document_policy.can(request.user, "view", document):
            raise Http404("Không tìm thấy văn bản.")
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )


class MovementDetailView(LoginRequiredMixin, View):
    def _movement(self, request, pk):
        movement = _movements(request.user).filter(pk=pk).first()
        if movement is None:
            raise Http404("Không tìm thấy phong trào.")
        return movement

    def get(self, request, pk):
        movement = self._movement(request, pk)
        if request.GET.get("tai", "").isdigit():
            document = movement.documents.filter(pk=request.GET["tai"]).first()
            if document is None:
                raise Http404("Không tìm thấy văn bản.")
            return FileResponse(
                document.file.open("rb"),
                as_attachment=True,
                filename=document.original_name,
                content_type=document.content_type,
            )
        return render(
            request,
            "emulation/movement_detail.html",
            {
                "movement": movement,
                "targets": movement.targets.all(),
                "documents": movement.documents.all(),
                "cascaded": movement.cascaded.select_related("unit"),
                "children": movement.unit.children.order_by("position"),
                "can_manage": movement_policy.can(request.user, "manage", movement),
            },
        )

    def post(self, request, pk):
        movement = self._movement(request, pk)
        if not movement_policy.can(request.user, "manage", movement):
            # before the form is read: a refused write is the 403 page whatever was posted
            raise PermissionDenied(f"Chỉ cán bộ thi đua – khen thưởng của {movement.unit.name} được sửa phong trào.")
        action = request.POST.get("action")
        if action == "target":
            done = run_service(
                request,
                services.target_add,
                actor=request.user,
                movement=movement,
                name=request.POST.get("name", ""),
                measure=request.POST.get("measure", ""),
                planned=(request.POST.get("planned") or "0").replace(",", "."),
            )
        elif action == "result":
            target = (
                Target.objects.filter(movement=movement, pk=request.POST.get("target") or 0).first()
                if (request.POST.get("target", "").isdigit())
                else None
            )
            if target is None:
                raise Http404("Không tìm thấy chỉ tiêu.")
            done = run_service(
                request,
                services.target_result,
                actor=request.user,
                target=target,
                result=(request.POST.get("result") or "0").replace(",", "."),
                note=request.POST.get("note", ""),
            )
        elif action == "cascade":
            units = list(Unit.objects.filter(pk__in=[v for v in request.POST.getlist("units") if v.isdigit()]))
            done = run_service(request, services.movement_cascade, actor=request.user, movement=movement, units=units)
        elif action == "document" and request.FILES.get("file"):
            done = run_service(
                request,
                services.document_add,
                actor=request.user,
                movement=movement,
                upload=request.FILES["file"],
            )
        else:
            messages.error(request, "Thiếu thông tin.")
            done = None
        if done is not None:
            messages.success(request, "Đã lưu.")
        return redirect("emulation:movement_detail", pk=movement.pk)
