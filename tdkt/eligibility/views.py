"""Screening page (a unit subtree, one year) and the person's "what's next" panel."""

import io
import json
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from tdkt.core import display
from tdkt.core.downloads import download
from tdkt.core.forms import BootstrapFormMixin, add_service_error
from tdkt.core.spreadsheets import xlsx_row, xlsx_widths
from tdkt.core.years import YearField, working_year
from tdkt.eligibility import providers
from tdkt.eligibility.explaining import LABEL_LEGEND, explained
from tdkt.eligibility.models import RuleOverride
from tdkt.eligibility.rulesets import rule_override_set, rule_set_named
from tdkt.eligibility.screening import explain, screen, screen_bulk
from tdkt.org import selectors as org_selectors
from tdkt.org.forms import UnitChoiceField
from tdkt.org.models import Person, Unit
from tdkt.records.models import CatalogueEntry
from tdkt.records.policies import catalogue_can_manage
from tdkt.rules.citations import cite
from tdkt.rules.loader import RuleSetError, all_rule_sets
from tdkt.rules.model import Status

STATUS_LABELS = {
    "ELIGIBLE": "Đủ điều kiện",
    "NOT_ELIGIBLE": "Chưa đủ điều kiện",
    "REVIEW": "Cần xem xét",
    "HELD": "Đã được tặng",
}

TEXT_KINDS = {"LUAT": "Luật", "NGHI_DINH": "Nghị định", "THONG_TU": "Thông tư"}
DOCUMENT_NAMES = {"TO_TRINH": "tờ trình", "BIEN_BAN": "biên bản họp hội đồng", "QUYET_DINH": "quyết định"}


class ScreeningForm(BootstrapFormMixin, forms.Form):
    year = YearField(label="Năm xét")
    unit = UnitChoiceField(queryset=Unit.objects.none(), required=False, label="Đơn vị (gồm cấp dưới)")
    award = forms.ChoiceField(label="Danh hiệu / hình thức", required=False)
    # "Tất cả" leaves out who already holds the award (HELD): they are counted and listed only when asked for
    status = forms.ChoiceField(
        label="Kết quả", required=False, choices=[("", "Tất cả (trừ đã được tặng)"), *STATUS_LABELS.items()]
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = org_selectors.unit_list(actor=actor).order_by("sort_key")
        self.fields["award"].choices = [("", "Tất cả")] + [
            (e.code, e.name) for e in CatalogueEntry.objects.order_by("kind", "position")
        ]


def _names(verdicts) -> dict[tuple[str, str], tuple[str, str]]:
    """(subject type, code) -> (name, url), two queries."""
    people = {v.subject_code for v in verdicts if v.subject_type == "CA_NHAN"}
    units = {v.subject_code for v in verdicts if v.subject_type == "TAP_THE"}
    names = {("CA_NHAN", p.code): (p.full_name, p.get_absolute_url()) for p in Person.objects.filter(code__in=people)}
    # a unit by its name, with its parents where the name alone is ambiguous (never by its code)
    names |= {
        ("TAP_THE", u.code): (display.name("don_vi", u), u.get_absolute_url())
        for u in Unit.objects.filter(code__in=units)
    }
    return names


def _rows(verdicts, names, entries):
    """Each verdict with what matters for it (issue #16, item 9): for an eligible (or held) subject the
    conditions met; for the others what is missing and what a person must confirm. An alternative of an "any"
    group that another alternative satisfied is not decisive and never shown as missing."""
    for v in verdicts:
        name, url = names.get((v.subject_type, v.subject_code), (v.subject_code, ""))
        yield {
            "verdict": v,
            "name": name,
            "url": url,
            "entry": entries.get(v.award_code, v.award_code),
            "status_label": STATUS_LABELS[v.status.value],
            "open": [r for r in v.reasons if r.decisive and r.met is not True],
            **explained(v.reasons, v.status),
        }


class ScreeningView(LoginRequiredMixin, View):
    """Statuses of the whole scope come from the bulk path; only the rows on screen (or exported) are explained."""

    def get(self, request):
        actor = request.user
        data = request.GET if "year" in request.GET else None
        form = ScreeningForm(data, actor=actor, initial={"year": working_year()})
        context = {"form": form, "page": None}
        if form.is_bound and form.is_valid():
            d = form.cleaned_data
            try:
                screening = screen_bulk(
                    year=d["year"], actor=actor, root=d["unit"], award_codes=[d["award"]] if d["award"] else None
                )
            except RuleSetError:
                form.add_error("year", "Không có bộ quy tắc áp dụng cho năm này.")
                return render(request, "eligibility/screening.html", context, status=400)
            status = Status(d["status"]) if d["status"] else None
            selection = screening.select(status=status, hide_held=True)
            entries = dict(CatalogueEntry.objects.values_list("code", "name"))
            if request.GET.get("xuat") == "xlsx":
                return _xlsx(d["year"], screening, selection, entries)
            totals = screening.counts()
            counts = {
                label: sum(n for (_, s), n in totals.items() if s == key and (status is None or s == status))
                for key, label in STATUS_LABELS.items()
                if key != Status.HELD or status == Status.HELD
            }
            held = sum(n for (_, s), n in totals.items() if s == Status.HELD)
            page = Paginator(selection, 100).get_page(request.GET.get("trang"))
            verdicts = explain(screening, list(page.object_list))
            page.object_list = list(_rows(verdicts, _names(verdicts), entries))
            query = request.GET.copy()
            query.pop("trang", None)
            context.update(
                page=page,
                rule_set=screening.rule_set.name,
                regime=screening.rule_set,
                label_legend=LABEL_LEGEND,
                counts=counts,
                held_left_out=held if status is None else 0,
                query=query.urlencode(),
                warnings=screening.quota_warnings(),
                **_unit_warnings(screening),
                **_open_dossiers(actor, d),
            )
        template = "eligibility/partials/_results.html" if request.htmx else "eligibility/screening.html"
        return render(request, template, context)


def _open_dossiers(actor, filters) -> dict:
    """Dossiers of that year the actor is preparing: the eligible list can be added to one of them."""
    if not filters["award"]:
        return {}
    return {
        "open_dossiers": providers.open_dossiers(actor=actor, year=filters["year"]),
        "screen_award": filters["award"],
        "screen_status": filters["status"] or "ELIGIBLE",
        "screen_unit": filters["unit"],
    }


UNIT_WARNINGS_SHOWN = 20


def _unit_warnings(screening) -> dict:
    """The units over a quota in their own subtree, the largest excess first (the first 20 named)."""
    found = screening.unit_quota_warnings()
    names = dict(
        Unit.objects.filter(code__in=[w.unit_code for w in found[:UNIT_WARNINGS_SHOWN]]).values_list("code", "name")
    )
    shown = [
        {"unit": names.get(w.unit_code, w.unit_code), "code": w.unit_code, "w": w.warning}
        for w in found[:UNIT_WARNINGS_SHOWN]
    ]
    return {"unit_warnings": shown, "unit_warnings_total": len(found)}


XLSX_CHUNK = 2000


def _explained(row: dict) -> str:
    """The conditions cell of the spreadsheet: the same three lists as the page, one condition a line."""
    lists = (
        [("Đã được tặng", [row["held"]] if row["held"] else []), ("Đã đạt", row["met"])]
        if row["passes"]
        else [("Còn thiếu", row["missing"]), ("Cần xác nhận", row["undecided"])]
    )
    lines = []
    for title, items in lists:
        for item in items:
            alternatives = item.get("alternatives")
            for r in alternatives or [item]:
                label = f" [{r['label']} – {r['label_text']}]" if r["label"] else ""
                one_of = "một trong: " if alternatives else ""
                lines.append(f"{title}: {one_of}{r['condition']}: {r['evidence']} ({r['source']}{label})")
    return "\n".join(lines)


def _xlsx(year, screening, selection, entries) -> HttpResponse:
    """Every selected row with what is missing; explained a chunk at a time so memory stays bounded."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"XetDieuKien{year}")
    xlsx_widths(sheet, [12, 14, 28, 32, 18, 60, 40])  # write-only: widths before the first row (issue #16)
    rule_set_titles = {r.name: r.title for r in all_rule_sets()}  # the law's name, not "luat-2022"
    header = ["Loại đối tượng", "Mã", "Tên", "Danh hiệu / hình thức", "Kết quả", "Điều kiện đã đạt / còn thiếu"]
    header.append("Bộ quy tắc")
    bold = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for start in range(0, len(selection), XLSX_CHUNK):
        verdicts = explain(screening, selection[start : start + XLSX_CHUNK])
        for row in _rows(verdicts, _names(verdicts), entries):
            v = row["verdict"]
            who = display.name("doi_tuong", v.subject_type)  # "Cá nhân", not CA_NHAN
            values = [who, v.subject_code, row["name"], row["entry"], row["status_label"], _explained(row)]
            sheet.append(xlsx_row(sheet, [*values, rule_set_titles.get(v.rule_set, v.rule_set)]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(
        buffer.getvalue(),
        filename=f"xet-dieu-kien-{year}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class PersonOutlookView(LoginRequiredMixin, View):
    """htmx panel on the person page: this year's titles and forms, and what is still missing."""

    def get(self, request, pk):
        person = org_selectors.person_get(actor=request.user, pk=pk)
        year = working_year()
        try:
            rule_set, verdicts = screen(year=year, actor=request.user, subject_code=person.code)
        except RuleSetError:
            rule_set, verdicts = "", []
        verdicts = [v for v in verdicts if v.subject_type == "CA_NHAN"]
        entries = dict(CatalogueEntry.objects.values_list("code", "name"))
        rows = sorted(
            _rows(verdicts, {}, entries),
            key=lambda r: ["ELIGIBLE", "REVIEW", "NOT_ELIGIBLE", "HELD"].index(r["verdict"].status.value),
        )
        return render(
            request,
            "eligibility/partials/_outlook.html",
            {"rows": rows, "year": year, "rule_set": rule_set, "person": person},
        )


class OverrideForm(BootstrapFormMixin, forms.Form):
    rule_set = forms.CharField(label="Bộ quy tắc", max_length=40)
    rule_code = forms.CharField(label="Mã", max_length=30)
    leaf = forms.IntegerField(label="Điều kiện số", min_value=0)
    param = forms.CharField(label="Tham số", max_length=40)
    value = forms.CharField(label="Giá trị mới", max_length=100)
    reason = forms.CharField(label="Căn cứ / lý do", widget=forms.Textarea(attrs={"rows": 2}))

    def clean_value(self):
        """Numbers may be typed the Vietnamese way (0,6); anything that is not a number stays text."""
        text = self.cleaned_data["value"].strip()
        try:
            return json.loads(text.replace(",", "."))
        except json.JSONDecodeError:
            return text


class RuleSetsView(LoginRequiredMixin, View):
    """The rule sets as the law's data (every condition, parameter, source and label); admins adjust [H]/[U]."""

    def get(self, request, form=None, status=200):
        entries = dict(CatalogueEntry.objects.values_list("code", "name"))
        rule_sets = []
        newest_first = sorted(all_rule_sets(), key=lambda r: r.valid_from or date.min, reverse=True)
        for rule_set in (rule_set_named(r.name) for r in newest_first):
            rules = [
                {"rule": rule, "name": entries.get(rule.code, rule.code), "leaves": list(_leaves(rule.condition))}
                for rule in rule_set.rules.values()
            ]
            rule_sets.append({"rule_set": rule_set, "rules": rules, **_regime(rule_set, entries)})
        overrides = RuleOverride.objects.select_related("created_by").order_by("rule_set", "rule_code", "leaf")
        context = {
            "rule_sets": rule_sets,
            "can_override": catalogue_can_manage(request.user),
            "overrides": overrides,
            "form": form or OverrideForm(),
        }
        return render(request, "eligibility/rule_sets.html", context, status=status)

    def post(self, request):
        form = OverrideForm(request.POST)
        if form.is_valid():
            try:
                rule_override_set(actor=request.user, **form.cleaned_data)
                messages.success(request, "Đã lưu điều chỉnh quy tắc.")
                return redirect("eligibility:rule_sets")
            except ValidationError as exc:
                add_service_error(form, exc)
        return self.get(request, form=form, status=400)


def _regime(rule_set, entries: dict) -> dict:
    """A regime's dated data for officers: its texts (who cites them, from when), its decree periods with
    their vote rules and quotas, named by the catalogue rather than by code."""
    texts = [
        {
            "text": t,
            "kind": TEXT_KINDS.get(t.kind, t.kind),
            "documents": ", ".join(DOCUMENT_NAMES[d] for d in DOCUMENT_NAMES if d in t.cited_in),
        }
        for t in rule_set.texts
    ]
    periods = [
        {
            "period": p,
            "votes": [("Mặc định" if code == "default" else entries.get(code, code), v) for code, v in p.votes.items()],
            "quotas": p.quotas,
        }
        for p in rule_set.periods
    ]
    return {"texts": texts, "periods": periods}


def _leaves(node: dict, depth: int = 0, counter: list[int] | None = None):
    """Groups and conditions for display; conditions are numbered as `iter_leaves` numbers them."""
    counter = counter if counter is not None else [0]
    for mode, label in (("all", "Tất cả các điều kiện sau"), ("any", "Một trong các điều kiện sau")):
        if mode in node:
            if depth:
                yield {"group": label, "depth": depth}
            for child in node[mode]:
                yield from _leaves(child, depth + 1, counter)
            return
    params = {k: v for k, v in node.items() if k not in ("type", "text", "source", "label")}
    yield {
        "text": node["text"],
        "type": node["type"],
        "params": params,
        "source": cite(node["source"]).text,  # the article written out, or "chưa xác định điều"
        "label": node["label"],
        "depth": depth,
        "index": counter[0],
    }
    counter[0] += 1
