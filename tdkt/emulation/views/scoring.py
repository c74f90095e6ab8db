"""The scoring page of a cluster and year: criteria, the matrix, ranking and each side's forms."""

import io
from decimal import InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View
from openpyxl import Workbook

from tdkt.core import display
from tdkt.core.downloads import download
from tdkt.core.forms import run_service
from tdkt.core.spreadsheets import xlsx_layout, xlsx_row
from tdkt.emulation import scoring, selectors
from tdkt.emulation.choices import RoundStatus
from tdkt.emulation.models import Criterion, Score
from tdkt.emulation.points import PointsField
from tdkt.emulation.policies import round_policy, score_policy
from tdkt.org.models import Unit

# action -> (scoring service, form field with the text, the service's argument for it)
SCORE_ACTIONS = {
    "self": ("score_self", "evidence", "evidence"),
    "review": ("score_review", "note", "note"),
    "explain": ("score_explain", "explanation", "explanation"),
}

# a row stored out of range before the points were checked (SQLite keeps any number; reading it back
# fails): the page says so instead of answering 500 for every user
BROKEN = (
    "Đợt chấm điểm có điểm hoặc điểm tối đa vượt giới hạn lưu trữ (nhập trước khi có kiểm tra): "
    "đề nghị quản trị hệ thống sửa lại dữ liệu."
)


class PointsForm(forms.Form):
    """The points typed on the page ("12,5" or "12.5"), as the model stores them."""

    points = PointsField()


def _points(request, field: str):
    """The POSTed points as a Decimal, or None after a Vietnamese message on the page."""
    form = PointsForm({"points": request.POST.get(field, "")})
    if form.is_valid():
        return form.cleaned_data["points"]
    for message in form.errors["points"]:
        messages.error(request, message)
    return None


class ScoringView(LoginRequiredMixin, View):
    """The round of a cluster and year: criteria, the unit × criterion matrix, ranking; each side's forms."""

    def _round(self, request, pk, year):
        cluster = selectors.cluster_list(actor=request.user).filter(pk=pk).first()
        if cluster is None:
            raise Http404("Không tìm thấy cụm thi đua.")
        return cluster, selectors.round_list(actor=request.user).filter(cluster=cluster, year=year).first()

    def get(self, request, pk, year):
        cluster, round_ = self._round(request, pk, year)
        if round_ is not None and request.GET.get("xuat") == "xlsx":
            return _matrix_xlsx(round_)
        context = {"cluster": cluster, "year": year, "round": round_}
        if round_ is not None:
            try:
                context.update(self._matrix(request, round_))
            except InvalidOperation:
                context.update(broken=BROKEN, criteria=[], leaves=[], matrix=[], cells=[], can_review=False)
        return render(request, "emulation/scoring.html", context)

    def _matrix(self, request, round_) -> dict:
        context = {}
        leaves = scoring.leaves(round_)
        ranked = scoring.ranking(round_)
        scores = {(s.unit_id, s.criterion_id): s for s in round_.scores.all()}
        mine = [s.unit for s in ranked if score_policy.can(request.user, "member", Score(round=round_, unit=s.unit))]
        is_leader = _is_leader(request.user, round_)
        can_review = round_policy.can(request.user, "review", round_)
        # the leader's own officers do not review their unit (the service refuses it): no form for it
        own = {s.unit.pk for s in ranked if can_review and round_policy.speaks_only_for(request.user, round_, s.unit)}
        context.update(
            own_unit_ids=own,
            notes_for={u.pk for u in mine} | ({s.unit.pk for s in ranked} if is_leader or can_review else set()),
            leaves=leaves,
            criteria=list(round_.criteria.all()),  # read here, inside the view's guard
            matrix=[{"standing": s, "cells": [scores.get((s.unit.pk, c.pk)) for c in leaves]} for s in ranked],
            is_leader=is_leader,
            can_review=can_review,
            my_units=mine,
            cells=[(u, c, scores.get((u.pk, c.pk))) for u in [s.unit for s in ranked] for c in leaves],
        )
        return context

    def post(self, request, pk, year):
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
            max_points = _points(request, "max_points")
            done = max_points is not None and run_service(
                request,
                scoring.criterion_add,
                actor=request.user,
                round_=round_,
                name=request.POST.get("name", ""),
                max_points=max_points,
                kind=request.POST.get("kind", "DIEM"),
                parent=parent,
            )
        elif action == "advance" and round_.status == RoundStatus.CHAM_LAI and request.POST.get("confirm") != "1":
            # locking cannot be undone: it is asked on a page of its own, never done by one click
            return redirect("emulation:scoring_lock", pk=cluster.pk, year=year)
        elif action == "advance":
            acclaimed = (
                Unit.objects.filter(pk=request.POST.get("acclaimed")).first()
                if request.POST.get("acclaimed", "").isdigit()
                else None
            )
            done = run_service(request, scoring.round_advance, actor=request.user, round_=round_, acclaimed=acclaimed)
            if done is None and round_.status == RoundStatus.CHAM_LAI:
                return redirect("emulation:scoring_lock", pk=cluster.pk, year=year)  # the choice is asked there
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
                extra["points"] = _points(request, "points")
                if extra["points"] is None:
                    return redirect("emulation:scoring", pk=cluster.pk, year=year)
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
        if done:
            messages.success(request, "Đã lưu.")
        return redirect("emulation:scoring", pk=cluster.pk, year=year)


class ScoringLockView(LoginRequiredMixin, View):
    """ "Khóa kết quả?": the ranking that will be locked and the unit acclaimed, then one button to lock."""

    def get(self, request, pk, year):
        cluster = selectors.cluster_list(actor=request.user).filter(pk=pk).first()
        round_ = (
            selectors.round_list(actor=request.user).filter(cluster=cluster, year=year).first() if cluster else None
        )
        if round_ is None:
            raise Http404("Chưa có đợt chấm điểm.")
        if not _is_leader(request.user, round_):
            raise PermissionDenied("Chỉ cán bộ thi đua – khen thưởng của cụm trưởng được khóa kết quả chấm điểm.")
        if round_.status != RoundStatus.CHAM_LAI:
            messages.error(request, f"Đợt chấm điểm đang ở bước “{round_.get_status_display()}”: chưa khóa được.")
            return redirect("emulation:scoring", pk=cluster.pk, year=year)
        ranked = scoring.ranking(round_)
        return render(
            request,
            "emulation/scoring_lock.html",
            {
                "cluster": cluster,
                "year": year,
                "round": round_,
                "ranked": ranked,
                "first": ranked[0] if ranked else None,
                "tie": scoring.top_tie(ranked),
                "unreviewed": scoring.unreviewed(round_),
            },
        )


def _is_leader(user, round_) -> bool:
    return round_policy.can(user, "lead", round_)


def _points_format(value: float) -> str:
    if value == int(value):
        return display.XLSX_INTEGER
    return display.XLSX_DECIMAL if value * 10 == int(value * 10) else display.XLSX_DECIMAL2


def _matrix_xlsx(round_):
    leaves = scoring.leaves(round_)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"ChamDiem{round_.year}"
    criteria = [f"{c.name} (tối đa {display.number(c.max_points)})" for c in leaves]  # "tối đa 10", not 10.00
    sheet.append(xlsx_row(sheet, ["Hạng", "Đơn vị", *criteria, "Tổng"]))  # names stay text, never formulas
    for s in scoring.ranking(round_):
        points = [float(v) if v is not None else None for v in s.by_criterion.values()]
        sheet.append(xlsx_row(sheet, [s.rank, s.unit.name, *points, float(s.total) if s.total is not None else None]))
    # the rank as an integer, columns as wide as their headers; points as numbers, decimals only where a
    # point has some (40, not 40,0; 9,5 and 9,25 as they are)
    xlsx_layout(sheet)
    for row in sheet.iter_rows(min_row=2, min_col=3):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = _points_format(cell.value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(
        buffer.getvalue(),
        filename=f"cham-diem-cum-{round_.year}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
