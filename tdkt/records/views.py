"""Pages of the legal record: history panel and print view, record forms, revocation, catalogue."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from tdkt.audit.presenters import history_rows
from tdkt.core.errors import DomainError
from tdkt.core.forms import add_service_error
from tdkt.org import selectors as org_selectors
from tdkt.records import selectors, services
from tdkt.records.choices import SubjectType
from tdkt.records.forms import AwardForm, CatalogueEntryForm, DisciplineForm, InitiativeForm, RatingForm, RevokeForm
from tdkt.records.models import Award, YearlyRating
from tdkt.records.policies import catalogue_can_manage, subject_record_policy


def _subject(request, kind: str, pk: int):
    """The person or unit of the URL, 404 when it is outside the actor's remit."""
    if kind == "ca-nhan":
        return org_selectors.person_get(actor=request.user, pk=pk)
    return org_selectors.unit_get(actor=request.user, pk=pk)


def _subject_kwargs(subject) -> dict:
    from tdkt.org.models import Person

    return {"person": subject} if isinstance(subject, Person) else {"unit": subject}


def _without_token(data: dict) -> dict:
    """The form's values for the service, without the one-time token (core.forms.OneTimeTokenMixin)."""
    return {k: v for k, v in data.items() if k != "form_token"}


def _context(request, kind: str, subject) -> dict:
    probe = YearlyRating(**_subject_kwargs(subject))
    events = history_rows(selectors.record_events(subject=subject))
    return {
        "subject": subject,
        "kind": kind,
        "is_person": kind == "ca-nhan",
        "history": selectors.record_history(subject=subject),
        "record_events": events,
        # corrections (old -> new, with their reason) open the log: they are what a reader must not miss
        "record_corrected": sum(1 for row in events if row.is_correction),
        "can_record": subject_record_policy.can(request.user, "record", probe),
        "can_revoke": subject_record_policy.can(request.user, "revoke", probe),
    }


class HistoryPanelView(LoginRequiredMixin, View):
    """htmx partial shown on the person and unit pages: the year-by-year record."""

    def get(self, request, kind, pk):
        subject = _subject(request, kind, pk)
        return render(request, "records/partials/_history.html", _context(request, kind, subject))


class HistoryPrintView(LoginRequiredMixin, View):
    def get(self, request, kind, pk):
        subject = _subject(request, kind, pk)
        return render(request, "records/history_print.html", _context(request, kind, subject))


class SubjectRecordFormView(LoginRequiredMixin, View):
    """One form that records something for a person or a unit through one service."""

    form_class = None
    title = ""
    person_only = False

    def _form(self, subject, data=None):
        return self.form_class(data, request=self.request)

    def _save(self, request, subject, data):
        raise NotImplementedError

    def _allowed(self, request, kind, subject) -> None:
        if self.person_only and kind != "ca-nhan":
            raise Http404("Chỉ ghi cho cá nhân.")
        subject_record_policy.check(request.user, "record", YearlyRating(**_subject_kwargs(subject)))

    def get(self, request, kind, pk):
        subject = _subject(request, kind, pk)
        self._allowed(request, kind, subject)
        return render(
            request, "records/record_form.html", {"form": self._form(subject), "subject": subject, "title": self.title}
        )

    def post(self, request, kind, pk):
        subject = _subject(request, kind, pk)
        self._allowed(request, kind, subject)
        form = self._form(subject, request.POST)
        if form.is_valid():
            try:
                self._save(request, subject, _without_token(form.cleaned_data))
                form.token_consume()
                messages.success(request, f"Đã ghi: {self.title.lower()}.")
                return redirect(subject)
            except (ValidationError, DomainError) as exc:
                add_service_error(form, exc)
        return render(
            request, "records/record_form.html", {"form": form, "subject": subject, "title": self.title}, status=400
        )


class RatingFormView(SubjectRecordFormView):
    form_class = RatingForm
    title = "Đánh giá mức độ hoàn thành nhiệm vụ"

    def _save(self, request, subject, data):
        services.rating_set(actor=request.user, **_subject_kwargs(subject), **data)


class AwardFormView(SubjectRecordFormView):
    title = "Khen thưởng"

    def _form(self, subject, data=None):
        stype = SubjectType.CA_NHAN if "person" in _subject_kwargs(subject) else SubjectType.TAP_THE
        return AwardForm(data, subject_type=stype, request=self.request)

    def _save(self, request, subject, data):
        award = services.award_record(actor=request.user, **_subject_kwargs(subject), **data)
        for warning in services.award_warnings(award, actor=request.user):
            messages.warning(request, warning)


class InitiativeFormView(SubjectRecordFormView):
    form_class = InitiativeForm
    title = "Sáng kiến, đề tài"
    person_only = True

    def _save(self, request, subject, data):
        services.initiative_record(actor=request.user, person=subject, **data)


class DisciplineFormView(SubjectRecordFormView):
    form_class = DisciplineForm
    title = "Kỷ luật"
    person_only = True

    def _save(self, request, subject, data):
        services.discipline_record(actor=request.user, person=subject, **data)


class AwardRevokeView(LoginRequiredMixin, View):
    def _award(self, request, pk) -> Award:
        award = selectors.award_get(actor=request.user, pk=pk)
        subject_record_policy.check(request.user, "revoke", award)
        return award

    def get(self, request, pk):
        award = self._award(request, pk)
        return render(request, "records/award_revoke.html", {"award": award, "form": RevokeForm(request=request)})

    def post(self, request, pk):
        award = self._award(request, pk)
        form = RevokeForm(request.POST, request=request)
        if form.is_valid():
            try:
                services.award_revoke(actor=request.user, award=award, **_without_token(form.cleaned_data))
                form.token_consume()
                messages.success(request, f"Đã hủy bỏ: {award.entry.name} năm {award.year}.")
                return redirect(award.subject)
            except (ValidationError, DomainError) as exc:
                add_service_error(form, exc)
        return render(request, "records/award_revoke.html", {"award": award, "form": form}, status=400)


class CatalogueView(LoginRequiredMixin, View):
    def get(self, request):
        return render(
            request,
            "records/catalogue.html",
            {"entries": selectors.catalogue_list(), "can_manage": catalogue_can_manage(request.user)},
        )


class CatalogueEntryCreateView(LoginRequiredMixin, View):
    def _check(self, request):
        if not catalogue_can_manage(request.user):
            raise PermissionDenied("Chỉ quản trị hệ thống được sửa danh mục khen thưởng.")

    def get(self, request):
        self._check(request)
        return render(request, "records/catalogue_form.html", {"form": CatalogueEntryForm()})

    def post(self, request):
        self._check(request)
        form = CatalogueEntryForm(request.POST)
        if form.is_valid():
            try:
                entry = services.catalogue_entry_create(actor=request.user, **form.cleaned_data)
                messages.success(request, f"Đã thêm {entry.name} vào danh mục.")
                return redirect("records:catalogue")
            except ValidationError as exc:
                add_service_error(form, exc)
        return render(request, "records/catalogue_form.html", {"form": form}, status=400)
