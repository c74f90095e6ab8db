"""The length-of-service page: who reaches a medal's threshold by date D, exported or put into a niên hạn dossier."""

import io
from datetime import date

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from tdkt.core import display
from tdkt.core.downloads import download
from tdkt.core.forms import BootstrapFormMixin
from tdkt.core.spreadsheets import xlsx_row, xlsx_widths
from tdkt.core.years import parse_year, working_year
from tdkt.eligibility import providers
from tdkt.eligibility.service_length import service_award_codes, service_lines, service_rule, service_screening, span
from tdkt.eligibility.views import STATUS_LABELS
from tdkt.org import selectors as org_selectors
from tdkt.org.forms import UnitChoiceField
from tdkt.org.models import Unit
from tdkt.records.models import CatalogueEntry
from tdkt.rules.loader import RuleSetError
from tdkt.rules.model import Status

NIEN_HAN = "NIEN_HAN"  # the dossier kind (nominations.DossierKind), a code of the exchange format
PAGE_SIZE = 100


class ServiceLengthForm(BootstrapFormMixin, forms.Form):
    award = forms.ChoiceField(label="Hình thức khen thưởng")
    review_date = forms.DateField(label="Tính đến ngày", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    unit = UnitChoiceField(queryset=Unit.objects.none(), required=False, label="Đơn vị (gồm cấp dưới)")
    status = forms.ChoiceField(
        label="Kết quả", required=False, choices=[("ELIGIBLE", STATUS_LABELS["ELIGIBLE"]), ("", "Tất cả")]
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = org_selectors.unit_list(actor=actor).order_by("sort_key")
        names = dict(CatalogueEntry.objects.values_list("code", "name"))
        self.fields["award"].choices = [(code, names.get(code, code)) for code in service_award_codes()]
        self.fields["status"].choices = [
            ("ELIGIBLE", "Đã đủ thời gian (đủ điều kiện)"),
            ("REVIEW", STATUS_LABELS["REVIEW"]),
            ("NOT_ELIGIBLE", "Chưa đủ thời gian"),
            *([("HELD", STATUS_LABELS["HELD"])] if "HELD" in STATUS_LABELS else []),  # a class is given once
            ("", "Tất cả"),
        ]

    def clean_review_date(self):
        day = self.cleaned_data["review_date"]
        parse_year(day.year)  # the same bounds as every year asked about (Vietnamese message)
        return day


def default_review_date(today: date | None = None) -> date:
    """The day the page counts service to when none is asked for: a day of the year under review.

    Every other page opens on the working year (năm đang xét); this one counted to today, so in a year whose
    review runs on (the administrator keeps 2025 open in 2026, or January–March under the calendar's rule)
    it answered for the wrong year. Today while today is in the working year, otherwise its last day, 31/12:
    the length-of-service medals of a year are decided on the service reached by its end.
    """
    today = today or timezone.localdate()
    year = working_year()
    return today if today.year == year else date(year, 12, 31)


class ServiceLengthView(LoginRequiredMixin, View):
    def get(self, request):
        actor = request.user
        data = request.GET if "award" in request.GET else None
        form = ServiceLengthForm(data, actor=actor, initial={"review_date": default_review_date()})
        context = {"form": form, "page": None}
        if form.is_bound and form.is_valid():
            d = form.cleaned_data
            status = Status(d["status"]) if d["status"] else None
            try:
                _, _, leaf = service_rule(d["award"], d["review_date"])
                screening, rows = service_screening(
                    actor=actor, award=d["award"], review_date=d["review_date"], root=d["unit"], status=status
                )
            except RuleSetError:
                form.add_error("award", "Hình thức này không xét theo thời gian phục vụ trong bộ quy tắc của năm đó.")
                return render(request, "eligibility/service_length.html", context, status=400)
            entry_name = dict(CatalogueEntry.objects.values_list("code", "name")).get(d["award"], d["award"])
            if request.GET.get("xuat") == "xlsx":
                return _xlsx(screening, rows, leaf, entry_name)
            page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
            page.object_list = [_line(line) for line in service_lines(screening, list(page.object_list), leaf)]
            query = request.GET.copy()
            query.pop("trang", None)
            dossiers = [
                x for x in providers.open_dossiers(actor=actor, year=d["review_date"].year) if x.kind == NIEN_HAN
            ]
            context.update(
                page=page,
                total=len(rows),
                rule_set=screening.rule_set.title,  # the law's name, not its internal one (luat-2022)
                entry_name=entry_name,
                leaf=leaf,
                query=query.urlencode(),
                open_dossiers=dossiers,
                screen_award=d["award"],
                screen_status=d["status"] or "ELIGIBLE",
                screen_unit=d["unit"],
                review_date=d["review_date"],
            )
        return render(request, "eligibility/service_length.html", context)


def _line(line) -> dict:
    return {
        "line": line,
        "served": span(line.months),
        "status_label": STATUS_LABELS.get(line.verdict.status.value, line.verdict.status.value),
        # an eligible row has nothing missing: the unmet alternatives of a met "one of" are not shown as unmet
        "open": []
        if line.verdict.status == Status.ELIGIBLE
        else [r for r in line.verdict.reasons if r.met is not True],
    }


XLSX_CHUNK = 2000


def _xlsx(screening, rows, leaf, entry_name: str):
    from openpyxl import Workbook

    day = screening.review_date
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"NienHan{day:%d%m%Y}")
    xlsx_widths(sheet, [14, 26, 40, 13, 10, 14, 18, 13, 30, 16, 60, 40])  # write-only: before the first row
    sheet.append(
        [
            "Mã cá nhân",
            "Họ và tên",
            "Đơn vị",
            "Ngày nhập ngũ",
            "Gián đoạn (tháng)",
            f"Số tháng phục vụ đến {day:%d/%m/%Y}",
            "Thời gian phục vụ",
            "Ngày đủ thời gian",
            "Hình thức",
            "Kết quả",
            "Điều kiện chưa đạt / cần xem xét",
            "Bộ quy tắc",
        ]
    )
    for start in range(0, len(rows), XLSX_CHUNK):
        for line in service_lines(screening, rows[start : start + XLSX_CHUNK], leaf):
            p, v = line.person, line.verdict
            pending = "\n".join(f"{r.condition}: {r.evidence} ({r.source})" for r in v.reasons if r.met is not True)
            values = [
                p.code,
                p.full_name,
                display.name("don_vi", p.unit),  # with its parents where the name is ambiguous (Ban Kế hoạch)
                f"{p.service_start:%d/%m/%Y}" if p.service_start else "",
                p.service_break_months,
                line.months if line.months is not None else "",
                span(line.months),
                f"{line.reached_on:%d/%m/%Y}" if line.reached_on else "",
                entry_name,
                STATUS_LABELS.get(v.status.value, v.status.value),
                pending,
                screening.rule_set.title if v.rule_set == screening.rule_set.name else v.rule_set,
            ]
            sheet.append(xlsx_row(sheet, values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(
        buffer.getvalue(),
        filename=f"nien-han-{screening.rule_set.name}-{day:%Y%m%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
