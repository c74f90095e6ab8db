"""Registrations in bulk: from a pasted list (preview, then confirm) and from a screening's results.

Both end in `services.registrations_submit_many`, the single form's service row by row, all or nothing.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from tdkt.core.forms import service_messages
from tdkt.core.years import parse_year, working_year
from tdkt.eligibility.screening import screen_bulk
from tdkt.emulation import services
from tdkt.emulation.forms import RegistrationPasteForm
from tdkt.emulation.models import Registration
from tdkt.emulation.services import RegistrationRow
from tdkt.emulation.subjects import describe
from tdkt.org.pickers import UnitTree
from tdkt.org.selectors import person_list, unit_list
from tdkt.records.models import CatalogueEntry
from tdkt.rules.loader import RuleSetError
from tdkt.rules.model import Status

SCREENING_SHOWN = 500  # rows offered at once; a narrower unit gives the rest


def _scope(actor) -> dict:
    return {"people": person_list(actor=actor), "units": unit_list(actor=actor)}


def _registrations_page(year) -> str:
    return f"{reverse('emulation:registrations')}?nam={year}"


def _submit(request, *, year, rows) -> list | None:
    """The service, its refusals of the input as a list of messages on the page (a refused actor: 403/404)."""
    try:
        return services.registrations_submit_many(actor=request.user, year=year, rows=rows)
    except ValidationError as exc:
        request.bulk_errors = service_messages(exc)
        return None


class RegistrationPasteView(LoginRequiredMixin, View):
    """A pasted list: every line resolved and shown (or every bad line named) before anything is saved."""

    template = "emulation/registration_paste.html"

    def get(self, request):
        year = parse_year(request.GET.get("nam"), default=working_year())
        form = RegistrationPasteForm(initial={"year": year}, **_scope(request.user))
        return render(request, self.template, {"form": form, "year": year})

    def post(self, request):
        form = RegistrationPasteForm(request.POST, **_scope(request.user))
        confirm = request.POST.get("action") == "confirm"
        if not form.is_valid():
            return render(request, self.template, {"form": form, "year": form.data.get("year")}, status=400)
        year = form.cleaned_data["year"]
        if confirm:
            rows = [RegistrationRow(label=line.label, entry=line.entry, **line.subject) for line in form.lines]
            done = _submit(request, year=year, rows=rows)
            if done is not None:
                messages.success(request, f"Đã đăng ký thi đua năm {year} cho {len(done)} đối tượng.")
                return redirect(_registrations_page(year))
        tree = UnitTree()
        context = {
            "form": form,
            "year": year,
            "lines": [(line, describe(line.who, tree=tree)) for line in form.lines],
            "errors": getattr(request, "bulk_errors", []),
        }
        return render(request, self.template, context, status=400 if context["errors"] else 200)


class RegistrationFromScreeningView(LoginRequiredMixin, View):
    """The screening's rows of one title (eligible by default), ticked, registered for the year."""

    template = "emulation/registration_screening.html"

    def get(self, request):
        params = request.GET
        year = parse_year(params.get("year") or params.get("nam"), default=working_year())
        titles = CatalogueEntry.objects.filter(kind="DANH_HIEU").order_by("position")
        entry = titles.filter(code=(params.get("award") or "").strip().upper()).first()
        unit_id = params.get("unit", "")
        root = unit_list(actor=request.user).filter(pk=unit_id).first() if unit_id.isdigit() else None
        status = params.get("status") or Status.ELIGIBLE.value
        context = {"year": year, "titles": titles, "entry": entry, "root": root, "status": status, "rows": None}
        if params.get("award") and entry is None:
            context["error"] = "Chỉ danh hiệu thi đua mới đăng ký thi đua được: chọn một danh hiệu dưới đây."
        if entry is not None:
            try:
                context.update(self._rows(request.user, year=year, entry=entry, root=root, status=status))
            except (RuleSetError, ValueError):
                context["error"] = "Không xét được điều kiện cho năm hoặc kết quả đã chọn."
        return render(request, self.template, context)

    def _rows(self, actor, *, year, entry, root, status) -> dict:
        screening = screen_bulk(year=year, actor=actor, root=root, award_codes=[entry.code])
        selection = screening.select(status=Status(status))
        shown = selection[:SCREENING_SHOWN]
        people_ids = [r.subject_id for r in shown if r.subject_type == "CA_NHAN"]
        unit_ids = [r.subject_id for r in shown if r.subject_type == "TAP_THE"]
        people = person_list(actor=actor).filter(pk__in=people_ids).in_bulk()
        units = unit_list(actor=actor).filter(pk__in=unit_ids).in_bulk()
        same = Registration.objects.filter(entry=entry, year=year)
        registered = {
            "CA_NHAN": set(same.filter(person_id__in=people_ids).values_list("person_id", flat=True)),
            "TAP_THE": set(same.filter(unit_id__in=unit_ids).values_list("unit_id", flat=True)),
        }
        rows, tree = [], UnitTree()
        for r in shown:
            subject = people.get(r.subject_id) if r.subject_type == "CA_NHAN" else units.get(r.subject_id)
            if subject is None:
                continue
            rows.append(
                {
                    "value": f"{r.subject_type}:{r.subject_id}",
                    "name": describe(subject, tree=tree),
                    "registered": r.subject_id in registered[r.subject_type],
                }
            )
        return {"rows": rows, "total": len(selection)}

    def post(self, request):
        year = parse_year(request.POST.get("year"), default=None)
        entry = CatalogueEntry.objects.filter(kind="DANH_HIEU", code=request.POST.get("award", "")).first()
        if year is None or entry is None:
            messages.error(request, "Chọn danh hiệu và năm đăng ký.")
            return redirect(reverse("emulation:registrations_from_screening"))
        people, units = person_list(actor=request.user), unit_list(actor=request.user)
        rows = []
        for value in dict.fromkeys(request.POST.getlist("subject")):
            kind, _, pk = value.partition(":")
            found = None
            if pk.isdigit() and kind == "CA_NHAN":
                found = people.select_related("unit").filter(pk=int(pk)).first()
            elif pk.isdigit() and kind == "TAP_THE":
                found = units.filter(pk=int(pk)).first()
            if found is None:  # a tampered form: nothing outside the remit is named
                raise Http404("Không tìm thấy đối tượng đã chọn.")
            subject = {"person": found} if kind == "CA_NHAN" else {"unit": found}
            rows.append(RegistrationRow(label=str(found), entry=entry, **subject))
        done = _submit(request, year=year, rows=rows)
        if done is not None:
            messages.success(request, f"Đã đăng ký {entry.name} năm {year} cho {len(done)} đối tượng.")
            return redirect(_registrations_page(year))
        for message in request.bulk_errors:
            messages.error(request, message)
        query = f"?year={year}&award={entry.code}" + (
            f"&unit={request.POST['unit']}" if request.POST.get("unit", "").isdigit() else ""
        )
        return redirect(reverse("emulation:registrations_from_screening") + query)
