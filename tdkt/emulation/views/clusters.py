"""Pages of clusters: the list, and a cluster's members, leaders, hand-over, covenants and conferences."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from tdkt.core.forms import run_service
from tdkt.core.years import working_year
from tdkt.emulation import scoring, selectors, services
from tdkt.emulation.forms import ClusterMemberForm, UnitField
from tdkt.emulation.policies import cluster_policy
from tdkt.emulation.views._common import _day
from tdkt.org.models import Unit
from tdkt.org.selectors import unit_list

# The same answer for a unit outside the remit and for no unit at all: a code never reveals a foreign unit.
UNIT_NOT_FOUND = "Không tìm thấy đơn vị có mã này trong phạm vi của bạn."


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
        next_year = max(years) if years else working_year()
        # the hand-over to next_year reads the locked ranking of the year before: shown beside the form
        ranked = sorted(scoring.locked_ranking(cluster=cluster, year=next_year - 1).values(), key=lambda s: s.rank)
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
                "next_year": next_year,
                "locked_ranking": ranked,
                "candidates": members.get(max(years), []) if years else [],
                "member_form": ClusterMemberForm(units=unit_list(actor=request.user, include_dissolved=False))
                if can_manage
                else None,
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
            # the unit picker posts a pk; a name or a code typed (or the old form's `unit_code`) is resolved too
            typed = (request.POST.get("unit", "") or request.POST.get("unit_code", "")).strip()
            member, unknown = None, UNIT_NOT_FOUND
            if typed:
                try:
                    member = UnitField(queryset=in_remit).clean(typed)
                except ValidationError as exc:
                    unknown = exc.messages[0]  # a code: UNIT_NOT_FOUND; a name: that name; two alike: both named
            # each missing or wrong input named on its own (an unknown code used to read "Nhập mã đơn vị và năm.")
            if year is None:
                messages.error(request, "Nhập năm (bốn chữ số, ví dụ 2025).")
            elif member is None and not typed:
                messages.error(request, "Chọn đơn vị thành viên (gõ tên đơn vị để tìm).")
            elif member is None:
                messages.error(request, unknown)
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
