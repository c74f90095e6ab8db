"""Pages of emulation work: clusters (members, leaders, hand-over), registrations, exemplars."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from tdkt.core.forms import run_service
from tdkt.core.spreadsheets import xlsx_row
from tdkt.core.years import parse_year
from tdkt.emulation import selectors, services
from tdkt.emulation.choices import ExemplarStage
from tdkt.emulation.models import Score
from tdkt.emulation.policies import (
    cluster_policy,
    document_policy,
    movement_policy,
    round_policy,
    score_policy,
)
from tdkt.org.models import Unit
from tdkt.org.selectors import SUBJECT_NOT_FOUND, subject_by_code, unit_list
from tdkt.records.models import CatalogueEntry

CAMPAIGNS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ Hồ",
]


def _day(value: str) -> date | None:
    try:
        return date(*reversed([int(x) for x in value.split("/")])) if "/" in value else date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


class ClusterListView(LoginRequiredMixin, View):
    def get(self, request):
        organisers = selectors.units_edited(actor=request.user)
        return render(
            request,
            "emulation/cluster_list.html",
            {"clusters": selectors.cluster_list(actor=request.user), "organisers": organisers.order_by("sort_key")},
        )

    def post(self, request):
        organiser = (
            Unit.objects.filter(pk=request.POST.get("organiser") or 0).first()
            if request.POST.get("organiser", "").isdigit()
            else None
        )
        if organiser is None:
            messages.error(request, "Chọn cấp tổ chức cụm.")
            return redirect("emulation:clusters")
        cluster = run_service(
            request,
            services.cluster_create,
            actor=request.user,
            code=request.POST.get("code", ""),
            name=request.POST.get("name", ""),
            organiser=organiser,
        )
        return redirect("emulation:cluster_detail", pk=cluster.pk) if cluster else redirect("emulation:clusters")


class ClusterDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        cluster = selectors.cluster_list(actor=request.user).filter(pk=pk).first()
        if cluster is None:
            raise Http404("Không tìm thấy cụm thi đua.")
        years = sorted(set(cluster.memberships.values_list("year", flat=True)))
        members = {y: [m.unit for m in cluster.memberships.filter(year=y).select_related("unit")] for y in years}
        can_manage = cluster_policy.can(request.user, "manage", cluster)
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
        action = request.POST.get("action", "handover")
        # Checked before the form is read, so a refused write is the 403 page whatever was posted (the service
        # checks again). A cluster's conference and its documents belong to the host's officers: the service decides.
        if action not in ("conference", "conference_document") and not cluster_policy.can(
            request.user, "manage", cluster
        ):
            raise PermissionDenied("Chỉ cán bộ thi đua – khen thưởng của cấp tổ chức được sửa cụm thi đua.")
        year = int(request.POST["year"]) if request.POST.get("year", "").isdigit() else None

        def unit(field):
            value = request.POST.get(field, "")
            return Unit.objects.filter(pk=value).first() if value.isdigit() else None

        done = None
        if action == "member":
            # looked up inside the actor's remit only: a foreign unit is "not found", as an unknown code
            in_remit = unit_list(actor=request.user)
            value, code = request.POST.get("unit", ""), request.POST.get("unit_code", "").strip().upper()
            member = (in_remit.filter(pk=value).first() if value.isdigit() else None) or (
                in_remit.filter(code=code).first() if code else None
            )
            if year is None:
                messages.error(request, "Nhập mã đơn vị và năm.")
            elif member is None:
                messages.error(request, SUBJECT_NOT_FOUND)
            else:
                done = run_service(
                    request,
                    services.cluster_member_add,
                    actor=request.user,
                    cluster=cluster,
                    unit=member,
                    year=year,
                    note=request.POST.get("note", ""),
                )
        elif action == "leader":
            leader, deputy = unit("leader"), unit("deputy")
            if leader is None or year is None:
                messages.error(request, "Chọn cụm trưởng và năm.")
            else:
                done = run_service(
                    request,
                    services.cluster_leader_set,
                    actor=request.user,
                    cluster=cluster,
                    year=year,
                    leader=leader,
                    deputy=deputy,
                )
        elif action == "covenant":
            signed = _day(request.POST.get("signed_on", ""))
            signers = [m.unit for m in cluster.memberships.filter(year=year or 0).select_related("unit")]
            if signed is None or year is None:
                messages.error(request, "Nhập năm và ngày ký (dd/mm/yyyy).")
            else:
                done = run_service(
                    request,
                    services.covenant_sign,
                    actor=request.user,
                    cluster=cluster,
                    year=year,
                    content=request.POST.get("content", ""),
                    signed_on=signed,
                    signatories=signers,
                )
        elif action == "conference_document" and request.FILES.get("file"):
            conference = (
                cluster.conferences.filter(pk=request.POST.get("conference") or 0).first()
                if (request.POST.get("conference", "").isdigit())
                else None
            )
            if conference is None:
                raise Http404("Không tìm thấy hội nghị.")
            done = run_service(
                request, services.document_add, actor=request.user, conference=conference, upload=request.FILES["file"]
            )
        elif action == "conference":
            held, host = _day(request.POST.get("held_on", "")), unit("host")
            if held is None or host is None or year is None:
                messages.error(request, "Nhập năm, ngày tổ chức (dd/mm/yyyy) và đơn vị đăng cai.")
            else:
                done = run_service(
                    request,
                    services.conference_record,
                    actor=request.user,
                    kind=request.POST.get("kind", "TONG_KET"),
                    year=year,
                    cluster=cluster,
                    held_on=held,
                    place=request.POST.get("place", ""),
                    host=host,
                    presided_by=request.POST.get("presided_by", ""),
                    attendees=request.POST.get("attendees", ""),
                    conclusions=request.POST.get("conclusions", ""),
                    decisions_taken=request.POST.get("decisions_taken", ""),
                )
        else:
            to_unit, to_year, on = unit("to_unit"), request.POST.get("to_year", ""), _day(request.POST.get("on", ""))
            if to_unit is None or not to_year.isdigit() or on is None:
                messages.error(request, "Chọn đơn vị nhận, năm và ngày bàn giao (dd/mm/yyyy).")
            else:
                done = run_service(
                    request,
                    services.cluster_handover,
                    actor=request.user,
                    cluster=cluster,
                    to_year=int(to_year),
                    to_unit=to_unit,
                    on=on,
                )
                if done:
                    messages.success(request, f"Đã ghi bàn giao cụm trưởng năm {to_year} cho {to_unit.name}.")
                    return redirect("emulation:cluster_detail", pk=cluster.pk)
        if done is not None:
            messages.success(request, "Đã lưu.")
        return redirect("emulation:cluster_detail", pk=cluster.pk)


class RegistrationView(LoginRequiredMixin, View):
    """Registrations of a year in the actor's remit, approvals, and registered against achieved."""

    def get(self, request):
        year = parse_year(request.GET.get("nam"), default=timezone.localdate().year)
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


# action -> (scoring service, form field with the text, the service's argument for it)
SCORE_ACTIONS = {
    "self": ("score_self", "evidence", "evidence"),
    "review": ("score_review", "note", "note"),
    "explain": ("score_explain", "explanation", "explanation"),
}


class ScoringView(LoginRequiredMixin, View):
    """The round of a cluster and year: criteria, the unit × criterion matrix, ranking; each side's forms."""

    def _round(self, request, pk, year):
        cluster = selectors.cluster_list(actor=request.user).filter(pk=pk).first()
        if cluster is None:
            raise Http404("Không tìm thấy cụm thi đua.")
        return cluster, selectors.round_list(actor=request.user).filter(cluster=cluster, year=year).first()

    def get(self, request, pk, year):
        from tdkt.emulation import scoring

        cluster, round_ = self._round(request, pk, year)
        if round_ is not None and request.GET.get("xuat") == "xlsx":
            return _matrix_xlsx(round_)
        context = {"cluster": cluster, "year": year, "round": round_}
        if round_ is not None:
            leaves = scoring.leaves(round_)
            ranked = scoring.ranking(round_)
            scores = {(s.unit_id, s.criterion_id): s for s in round_.scores.all()}
            mine = [
                s.unit for s in ranked if score_policy.can(request.user, "member", Score(round=round_, unit=s.unit))
            ]
            context.update(
                leaves=leaves,
                criteria=round_.criteria.all(),
                matrix=[{"standing": s, "cells": [scores.get((s.unit.pk, c.pk)) for c in leaves]} for s in ranked],
                is_leader=_is_leader(request.user, round_),
                my_units=mine,
                cells=[(u, c, scores.get((u.pk, c.pk))) for u in [s.unit for s in ranked] for c in leaves],
            )
        return render(request, "emulation/scoring.html", context)

    def post(self, request, pk, year):
        from tdkt.emulation import scoring
        from tdkt.emulation.models import Criterion

        cluster, round_ = self._round(request, pk, year)
        action = request.POST.get("action", "")
        if action == "create":
            done = run_service(request, scoring.round_create, actor=request.user, cluster=cluster, year=year)
        elif round_ is None:
            raise Http404("Chưa có đợt chấm điểm.")
        elif action == "criterion":
            parent = (
                round_.criteria.filter(pk=request.POST.get("parent") or 0).first()
                if request.POST.get("parent", "").isdigit()
                else None
            )
            done = run_service(
                request,
                scoring.criterion_add,
                actor=request.user,
                round_=round_,
                name=request.POST.get("name", ""),
                max_points=request.POST.get("max_points") or "0",
                kind=request.POST.get("kind", "DIEM"),
                parent=parent,
            )
        elif action == "advance":
            done = run_service(request, scoring.round_advance, actor=request.user, round_=round_)
        elif action == "acclaim":
            done = run_service(
                request,
                scoring.acclaim_propose,
                actor=request.user,
                round_=round_,
                entry_code=request.POST.get("entry", "CO_QK"),
            )
        elif action in SCORE_ACTIONS:
            unit = (
                Unit.objects.filter(pk=request.POST.get("unit", "")).first()
                if request.POST.get("unit", "").isdigit()
                else None
            )
            criterion = (
                Criterion.objects.filter(round=round_, pk=request.POST.get("criterion", "")).first()
                if (request.POST.get("criterion", "").isdigit())
                else None
            )
            if unit is None or criterion is None:
                raise Http404("Không tìm thấy đơn vị hoặc tiêu chí.")
            service, text_field, text_arg = SCORE_ACTIONS[action]
            extra = {text_arg: request.POST.get(text_field, "")}
            if action != "explain":
                extra["points"] = (request.POST.get("points") or "-1").replace(",", ".")
            done = run_service(
                request,
                getattr(scoring, service),
                actor=request.user,
                round_=round_,
                unit=unit,
                criterion=criterion,
                **extra,
            )
        else:
            raise Http404("Thao tác không hợp lệ.")
        if done is not None:
            messages.success(request, "Đã lưu.")
        return redirect("emulation:scoring", pk=cluster.pk, year=year)


def _is_leader(user, round_) -> bool:
    return round_policy.can(user, "lead", round_)


def _matrix_xlsx(round_):
    import io

    from openpyxl import Workbook

    from tdkt.core.downloads import download
    from tdkt.emulation import scoring

    leaves = scoring.leaves(round_)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"ChamDiem{round_.year}"
    criteria = [f"{c.name} (tối đa {c.max_points})" for c in leaves]
    sheet.append(xlsx_row(sheet, ["Hạng", "Đơn vị", *criteria, "Tổng"]))  # names stay text, never formulas
    for s in scoring.ranking(round_):
        points = [float(v) if v is not None else None for v in s.by_criterion.values()]
        sheet.append(xlsx_row(sheet, [s.rank, s.unit.name, *points, float(s.total) if s.total is not None else None]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(
        buffer.getvalue(),
        filename=f"cham-diem-cum-{round_.year}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _movements(user):
    """Kept for the API's movement list (tdkt/api/emulation.py): the selector is the one place."""
    return selectors.movement_list(actor=user)


class MovementListView(LoginRequiredMixin, View):
    def get(self, request):
        from tdkt.emulation.choices import MovementKind

        year = parse_year(request.GET.get("nam"), default=timezone.localdate().year)
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
        from django.http import FileResponse

        from tdkt.emulation.models import Document

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
            from django.http import FileResponse

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
        from tdkt.emulation.models import Target

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
