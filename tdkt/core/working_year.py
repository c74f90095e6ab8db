"""Setting the year under review (năm đang xét): the administrator closes a year's work by moving it on.

Reading it is `tdkt.core.years.working_year()`; this module holds the one write, its page and the header tag.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views import View

from tdkt.audit.services import audit_record, snapshot
from tdkt.core.forms import BootstrapFormMixin, add_service_error
from tdkt.core.models import WorkingYear
from tdkt.core.years import WORKING_YEAR_ID, YearField, calendar_working_year, parse_year, working_year

NOT_ALLOWED = "Chỉ quản trị hệ thống được đặt năm đang xét."


def working_year_can_set(actor) -> bool:
    # The working year is one for the whole installation, so no unit's role may change it.
    return bool(actor is not None and actor.is_active and actor.is_superuser)


@transaction.atomic
def working_year_set(*, actor, year: int | None, note: str = "") -> WorkingYear:
    """Set the year under review (`None`: follow the calendar again). Superuser only, audited."""
    if not working_year_can_set(actor):
        raise PermissionDenied(NOT_ALLOWED)
    if year is not None:
        year = parse_year(year)  # 1945 .. next year, Vietnamese message otherwise
    row = WorkingYear.objects.select_for_update().filter(pk=WORKING_YEAR_ID).first()
    before = snapshot(row, ["year", "note"])
    row = row or WorkingYear(pk=WORKING_YEAR_ID)
    row.year, row.note = year, (note or "").strip()
    row.full_clean()
    row.save()
    after = snapshot(row, ["year", "note"])
    audit_record(actor=actor, action="core.working_year.set", obj=row, before=before, after=after)
    return row


class WorkingYearForm(BootstrapFormMixin, forms.Form):
    year = YearField(
        label="Năm đang xét",
        required=False,
        help_text="Để trống: theo lịch (tháng 1–3 là năm trước, từ tháng 4 là năm nay).",
    )
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


class WorkingYearView(LoginRequiredMixin, View):
    """/nam-dang-xet/: everyone reads it; the superuser sets it."""

    template_name = "core/working_year.html"

    def _context(self, request, form):
        row = WorkingYear.objects.filter(pk=WORKING_YEAR_ID).first()
        return {
            "form": form,
            "working_year": working_year(),
            "calendar_year": calendar_working_year(),
            "stored": row.year if row else None,
            "can_set": working_year_can_set(request.user),
        }

    def get(self, request):
        row = WorkingYear.objects.filter(pk=WORKING_YEAR_ID).first()
        form = WorkingYearForm(initial={"year": row.year if row else None, "note": row.note if row else ""})
        return render(request, self.template_name, self._context(request, form))

    def post(self, request):
        if not working_year_can_set(request.user):
            raise PermissionDenied(NOT_ALLOWED)
        form = WorkingYearForm(request.POST)
        if form.is_valid():
            try:
                working_year_set(actor=request.user, year=form.cleaned_data["year"], note=form.cleaned_data["note"])
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, f"Năm đang xét: {working_year()}.")
                return redirect("working_year")
        return render(request, self.template_name, self._context(request, form), status=400)
