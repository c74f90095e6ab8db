"""The annual summary page: scope and year, the figures in the seed's words, every figure linked to the
records behind it, and the DOCX / XLSX / PDF downloads."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from tdkt.core import display
from tdkt.core.downloads import download
from tdkt.core.spreadsheets import xlsx_layout, xlsx_row
from tdkt.core.years import parse_year, parse_year_range, working_year
from tdkt.emulation.selectors import cluster_list
from tdkt.nominations.documents import PdfUnavailable, TemplateUnusable
from tdkt.org.models import Unit
from tdkt.org.pickers import actor_home_unit
from tdkt.org.policies import EVERY_ROLE
from tdkt.org.scoping import unit_ids_in_scope
from tdkt.records.models import Award
from tdkt.reports import exports
from tdkt.reports.forms import ReportFilterForm
from tdkt.reports.summary import COUNTED_KINDS, cached, scope_units

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def by_subject(queryset, who: str, scope):
    """Records of people (by their current unit) or of units of the scope, or of both when `who` is empty."""
    if who == "CA_NHAN":
        return queryset.filter(person__unit_id__in=scope)
    if who == "TAP_THE":
        return queryset.filter(unit_id__in=scope)
    return queryset.filter(Q(person__unit_id__in=scope) | Q(unit_id__in=scope))


def _scope(request):
    """(unit, cluster) chosen in the query, within the actor's remit."""
    year = parse_year(request.GET.get("nam"), default=working_year())
    units = (
        Unit.objects.all()
        if request.user.is_superuser
        else Unit.objects.filter(id__in=unit_ids_in_scope(request.user, EVERY_ROLE))
    )
    clusters = cluster_list(actor=request.user)
    unit = cluster = None
    if request.GET.get("cum"):
        cluster = clusters.filter(code=request.GET["cum"]).first()
        if cluster is None:
            raise Http404("Không tìm thấy cụm thi đua.")
    elif request.GET.get("don_vi"):
        unit = units.filter(code=request.GET["don_vi"]).first()
        if unit is None:
            raise Http404("Không tìm thấy đơn vị.")
    elif "don_vi" not in request.GET:
        unit = actor_home_unit(request.user, units)  # the page opens on the actor's own unit, not empty
    return year, unit, cluster, units, clusters


class SummaryView(LoginRequiredMixin, View):
    def get(self, request):
        year, unit, cluster, units, clusters = _scope(request)
        context = {
            "year": year,
            "units": units.filter(parent__isnull=True) | units.filter(parent__parent__isnull=True),
            "clusters": clusters,
            "unit": unit,
            "cluster": cluster,
        }
        if unit is not None or cluster is not None:
            summary = cached("summary", year=year, unit=unit, cluster=cluster)
            fmt = request.GET.get("xuat")
            if fmt and fmt not in TYPES:  # the page instead of the asked file would look like a broken download
                raise BadRequest("Định dạng xuất không hợp lệ: chọn docx, xlsx hoặc pdf.")
            status = 200
            if fmt in TYPES:
                maker = {"docx": exports.summary_docx, "xlsx": exports.summary_xlsx, "pdf": exports.summary_pdf}[fmt]
                try:
                    return download(maker(summary), filename=f"tong-ket-{year}.{fmt}", content_type=TYPES[fmt])
                except (TemplateUnusable, PdfUnavailable) as exc:  # the page again, with the reason
                    messages.error(request, str(exc))
                    status = 409 if isinstance(exc, TemplateUnusable) else 503
            context.update(summary=summary, query=request.GET.urlencode())
            return render(request, "reports/summary.html", context, status=status)
        return render(request, "reports/summary.html", context)


class RecordsBehindView(LoginRequiredMixin, View):
    """The records behind a figure of the summary (drill-down), with the summary's scope, year and counting
    rules: commendations (default), titles (`hang_muc=danh_hieu`), high-level proposals (`khen_cao`) and
    exemplars (`dien_hinh`)."""

    HEADINGS = {
        "khen_thuong": ("Khen thưởng", "lượt khen thưởng", ["Đối tượng", "Hình thức", "Loại", "Quyết định"]),
        "danh_hieu": ("Danh hiệu thi đua", "lượt danh hiệu", ["Đối tượng", "Danh hiệu", "Loại", "Quyết định"]),
        "khen_cao": ("Đề nghị khen cao", "đề nghị", ["Đối tượng", "Hình thức đề nghị", "Kết quả", "Hồ sơ"]),
        "dien_hinh": ("Điển hình tiên tiến", "điển hình", ["Đối tượng", "Lĩnh vực", "Giai đoạn", ""]),
        "dang_ky": ("Đăng ký thi đua", "đăng ký", ["Đối tượng", "Danh hiệu đăng ký", "Trạng thái", ""]),
    }

    def get(self, request):
        year, unit, cluster, *_ = _scope(request)
        if unit is None and cluster is None:
            raise Http404("Chọn đơn vị hoặc cụm thi đua.")
        scope = scope_units(year=year, unit=unit, cluster=cluster)
        category = request.GET.get("hang_muc", "khen_thuong")
        if category not in self.HEADINGS:
            raise Http404("Không có hạng mục này.")
        form = ReportFilterForm(request.GET)
        if not form.is_valid():  # an unknown ma/loai/doi_tuong listed nothing, as if there were no records
            raise BadRequest(" ".join(form.error_messages()))
        rows = {"khen_cao": self._proposals, "dien_hinh": self._exemplars, "dang_ky": self._registrations}.get(
            category, self._awards
        )(form.cleaned_data, scope, year, category)
        # A cluster's figures count every member agency; its lists name only the actor's own people and units.
        hidden = 0
        if cluster is not None and not request.user.is_superuser:
            visible = by_subject(rows, "", unit_ids_in_scope(request.user, EVERY_ROLE))
            hidden = rows.count() - visible.count()
            rows = visible
        page = Paginator(rows, 100).get_page(request.GET.get("trang"))
        query = request.GET.copy()
        query.pop("trang", None)
        title, unit_word, columns = self.HEADINGS[category]
        return render(
            request,
            "reports/records.html",
            {
                "page": page,
                "rows": [self._cells(category, obj) for obj in page],
                "count": page.paginator.count,
                "hidden": hidden,
                "year": year,
                "scope": unit or cluster,
                "query": query.urlencode(),
                "title": title,
                "unit_word": unit_word,
                "columns": columns,
            },
        )

    def _awards(self, g, scope, year, category):
        entry_kind = "DANH_HIEU" if category == "danh_hieu" else "HINH_THUC"
        awards = Award.objects.filter(year=year, status="HIEU_LUC", entry__kind=entry_kind).select_related(
            "person__unit", "unit", "entry", "decision"
        )
        awards = by_subject(awards, g.get("doi_tuong", ""), scope)
        if g.get("loai"):
            awards = awards.filter(kind=g["loai"])
        elif category == "khen_thuong":
            awards = awards.filter(kind__in=COUNTED_KINDS)
        if g.get("ma"):
            awards = awards.filter(entry__code=g["ma"])
        return awards.order_by("entry__position", "id")

    def _proposals(self, g, scope, year, category):
        from tdkt.nominations.choices import ItemStatus
        from tdkt.nominations.models import DossierItem

        items = DossierItem.objects.filter(year=year, kind="KHEN_CAO").exclude(status=ItemStatus.DA_RUT)
        items = by_subject(items, g.get("doi_tuong", ""), scope)
        if g.get("ma"):
            items = items.filter(entry__code=g["ma"])
        return items.select_related("person__unit", "unit", "entry", "dossier").order_by("entry__position", "id")

    def _exemplars(self, g, scope, year, category):
        from tdkt.emulation.models import Exemplar

        exemplars = by_subject(Exemplar.objects.all(), g.get("doi_tuong", ""), scope)
        if g.get("giai_doan"):
            exemplars = exemplars.filter(stage=g["giai_doan"])
        return exemplars.select_related("person__unit", "unit").order_by("stage", "id")

    def _registrations(self, g, scope, year, category):
        from tdkt.emulation.models import Registration

        registrations = by_subject(Registration.objects.filter(year=year).exclude(status="TRA_LAI"), "", scope)
        if g.get("ma"):
            registrations = registrations.filter(entry__code=g["ma"])
        return registrations.select_related("person__unit", "unit", "entry").order_by("entry__position", "id")

    @staticmethod
    def _cells(category, obj) -> list:
        if category == "khen_cao":
            return [obj.subject, obj.entry.name, obj.get_status_display(), obj.dossier]
        if category == "dien_hinh":
            return [obj.subject, obj.field, obj.get_stage_display(), ""]
        if category == "dang_ky":
            return [obj.subject, obj.entry.name, obj.get_status_display(), ""]
        return [obj.subject, obj.entry.name, obj.get_kind_display(), obj.decision.number if obj.decision_id else "—"]


class DashboardView(LoginRequiredMixin, View):
    """Charts of the scope (Chart.js, vendored); every bar and point links to its records."""

    def get(self, request):
        from urllib.parse import urlencode

        from django.urls import reverse

        year, unit, cluster, units, clusters = _scope(request)
        context = {
            "year": year,
            "units": units.filter(parent__isnull=True) | units.filter(parent__parent__isnull=True),
            "clusters": clusters,
            "unit": unit,
            "cluster": cluster,
        }
        if unit is not None or cluster is not None:
            data = dict(cached("dashboard", year=year, unit=unit, cluster=cluster))
            records, scope = reverse("reports:records"), {"cum": cluster.code} if cluster else {"don_vi": unit.code}
            data["links"] = {
                "by_year_kind": {
                    f"{y}:{k}": f"{records}?{urlencode({**scope, 'nam': y, 'loai': k})}"
                    for y in data["years"]
                    for k in data["kinds"]
                },
                "by_part": {
                    p["code"]: f"{records}?{urlencode({'don_vi': p['code'], 'nam': year})}" for p in data["by_part"]
                },
                # a quota's bars (held, ceiling) open the titles held; registrations open what was registered
                # (the "achieved" bar: the titles held)
                "titles": {
                    code: f"{records}?{urlencode({**scope, 'nam': year, 'hang_muc': 'danh_hieu', 'ma': code})}"
                    for code in {q["code"] for q in data["quotas"]} | {r["code"] for r in data["registrations"]}
                },
                "registrations": {
                    r["code"]: f"{records}?{urlencode({**scope, 'nam': year, 'hang_muc': 'dang_ky', 'ma': r['code']})}"
                    for r in data["registrations"]
                },
            }
            # the charts' legends and axes read names; the links stay keyed by code
            data["names"] = {
                "kinds": {k: display.name("loai_khen", k) for k in data["kinds"]},
                "titles": {
                    code: display.name("danh_muc", code)
                    for code in {q["code"] for q in data["quotas"]} | {r["code"] for r in data["registrations"]}
                },
                "units": {u: display.name("don_vi", u) for r in data["rankings"] for u in r["ranks"]},
            }
            if cluster is not None:
                data["links"]["rankings"] = {
                    str(r["year"]): reverse("emulation:scoring", args=[cluster.pk, r["year"]]) for r in data["rankings"]
                }
            context["data"] = data
        return render(request, "reports/dashboard.html", context)


class StatisticsView(LoginRequiredMixin, View):
    """Awards by year, code, kind and subject type over a subtree and years; XLSX of the same table."""

    def get(self, request):
        from collections import Counter

        from tdkt.records.choices import AwardKind
        from tdkt.records.models import CatalogueEntry

        units = (
            Unit.objects.all()
            if request.user.is_superuser
            else Unit.objects.filter(id__in=unit_ids_in_scope(request.user, EVERY_ROLE))
        )
        g = request.GET
        this_year = working_year()
        try:
            start, end = parse_year_range(
                g.get("tu_nam"), g.get("den_nam"), default_start=this_year - 4, default_end=this_year
            )
        except ValidationError as exc:
            raise BadRequest(exc.messages[0]) from exc
        years = list(range(start, end + 1))
        context = {
            "units": units.order_by("sort_key"),
            "root": None,
            "years": years,
            "rows": [],
            "start": start,
            "end": end,
            "entries": CatalogueEntry.objects.order_by("kind", "position"),
            "kinds": AwardKind.choices,
            "query": request.GET.urlencode(),
        }
        form = ReportFilterForm(g, units=units)
        if not form.is_valid():  # the page says what is wrong, the download is refused: never an empty table
            context.update(errors=form.error_messages(), root=form.cleaned_data.get("don_vi"))  # a good unit stays
            return render(request, "reports/statistics.html", context, status=400)
        f = form.cleaned_data
        # nothing chosen: the actor's own unit, never the first of the list (which the select used to show)
        root = f["don_vi"] or actor_home_unit(request.user, units)
        rows = []
        if root is not None:
            scope = scope_units(year=end, unit=root)
            awards = Award.objects.filter(year__gte=start, year__lte=end, status="HIEU_LUC")
            awards = by_subject(awards, f["doi_tuong"], scope)
            if f["ma"]:
                awards = awards.filter(entry__code=f["ma"])
            if f["loai"]:
                awards = awards.filter(kind=f["loai"])
            counts = Counter(awards.values_list("entry__code", "kind", "year"))
            keys = sorted({(code, kind) for code, kind, _ in counts})
            rows = [
                {
                    "code": code,
                    "kind": kind,
                    "by_year": [counts.get((code, kind, y), 0) for y in years],
                    "total": sum(counts.get((code, kind, y), 0) for y in years),
                }
                for code, kind in keys
            ]
            if f["xuat"] == "xlsx":
                return _statistics_xlsx(root, years, rows)
        context.update(root=root, rows=rows)
        return render(request, "reports/statistics.html", context)


def _statistics_xlsx(root, years, rows) -> HttpResponse:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ThongKe"
    sheet.append(xlsx_row(sheet, [f"Thống kê khen thưởng — {root.name}"]))
    sheet.append(["Danh hiệu / hình thức", "Loại khen thưởng", *years, "Tổng"])
    for row in rows:
        names = [display.name("danh_muc", row["code"]), display.name("loai_khen", row["kind"])]
        sheet.append(xlsx_row(sheet, [*names, *row["by_year"], row["total"]]))
    xlsx_layout(sheet, header_rows=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(buffer.getvalue(), filename="thong-ke-khen-thuong.xlsx", content_type=TYPES["xlsx"])


class HistoryDocumentView(LoginRequiredMixin, View):
    """The printable multi-year record of a person or a unit, as DOCX or PDF (?dang=pdf)."""

    def get(self, request, kind, pk):
        from tdkt.org import selectors as org_selectors

        subject = (
            org_selectors.person_get(actor=request.user, pk=pk)
            if kind == "ca-nhan"
            else org_selectors.unit_get(actor=request.user, pk=pk)
        )
        try:
            data, ext = exports.history_docx(subject), "docx"
        except TemplateUnusable as exc:  # a replaced template the check or the sandbox refuses
            messages.error(request, exc.message)
            return redirect(subject.get_absolute_url())
        if request.GET.get("dang") == "pdf":
            try:
                data, ext = exports.to_pdf(data), "pdf"
            except PdfUnavailable as exc:
                return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
        return download(data, filename=f"qua-trinh-{subject.code}.{ext}", content_type=TYPES[ext])
