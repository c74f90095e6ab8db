"""Pages for units and people. Thin: parse, call one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import TemplateView

from tdkt.audit.presenters import history_rows
from tdkt.audit.selectors import audit_events_for
from tdkt.core.errors import DomainError
from tdkt.core.forms import add_service_error
from tdkt.core.htmx import render_page_or_partial
from tdkt.org import selectors, services
from tdkt.org.filters import PersonFilterSet
from tdkt.org.forms import PersonForm, PersonTransferForm, UnitDissolveForm, UnitForm
from tdkt.org.models import Person
from tdkt.org.pickers import actor_home_unit
from tdkt.org.policies import person_policy, unit_policy


class HomeView(LoginRequiredMixin, TemplateView):
    """The home page: the actor's roles, unit roots and head counts (here, not in core: it reads org)."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        actor = self.request.user
        return super().get_context_data(
            roots=selectors.unit_roots(actor=actor),
            roles=selectors.role_assignments_of(user=actor),
            unit_count=selectors.unit_list(actor=actor, include_dissolved=False).count(),
            person_count=selectors.person_list(actor=actor).count(),
            **kwargs,
        )


def _tree_nodes(actor, units, include_dissolved=False, counts=None):
    units = list(units)
    counts = selectors.unit_headcounts(units=units) if counts is None else counts
    child_counts = selectors.unit_child_counts(units=units, include_dissolved=include_dissolved)
    return [{"unit": u, "headcount": counts.get(u.pk, 0), "child_count": child_counts.get(u.pk, 0)} for u in units]


class UnitTreeView(LoginRequiredMixin, View):
    def get(self, request):
        roots = selectors.unit_roots(actor=request.user)
        return render(request, "org/unit_tree.html", {"nodes": _tree_nodes(request.user, roots)})


class UnitChildrenView(LoginRequiredMixin, View):
    """htmx partial: the children of one unit in the tree."""

    def get(self, request, pk):
        unit = selectors.unit_get(actor=request.user, pk=pk)
        include_dissolved = request.GET.get("giai_the") == "1"
        children = selectors.unit_children(actor=request.user, unit=unit, include_dissolved=include_dissolved)
        return render(
            request,
            "org/partials/_tree_children.html",
            {"nodes": _tree_nodes(request.user, children, include_dissolved), "parent": unit},
        )


class UnitDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        actor = request.user
        unit = selectors.unit_get(actor=actor, pk=pk)
        children = list(selectors.unit_children(actor=actor, unit=unit, include_dissolved=True))
        people = Paginator(selectors.unit_people_direct(actor=actor, unit=unit), 50).get_page(request.GET.get("trang"))
        headcounts = selectors.unit_headcounts(units=[unit, *children])
        context = {
            "unit": unit,
            "breadcrumbs": selectors.unit_breadcrumbs(actor=actor, unit=unit),
            "children": _tree_nodes(actor, children, include_dissolved=True, counts=headcounts),
            "headcount": headcounts[unit.pk],
            "people": people,
            "lineage": selectors.unit_lineage(actor=actor, unit=unit),
            "history": history_rows(audit_events_for(obj=unit)[:100]),
            "can_change": unit_policy.can(actor, "change", unit),
            "can_dissolve": unit_policy.can(actor, "dissolve", unit) and not unit.is_dissolved,
            "can_delete": unit_policy.can(actor, "delete", unit),
            "can_add_person": not unit.is_dissolved and person_policy.can(actor, "create", Person(unit=unit)),
        }
        return render(request, "org/unit_detail.html", context)


class UnitFormView(LoginRequiredMixin, View):
    """Create a sub-unit (?cap_tren=<id>) or edit a unit."""

    def _context(self, request, form, unit=None, parent=None):
        return {"form": form, "unit": unit, "parent": parent}

    def get(self, request, pk=None):
        actor = request.user
        parent_choices = selectors.unit_list(actor=actor, action="create_child", include_dissolved=False)
        if pk:
            unit = selectors.unit_get(actor=actor, pk=pk)
            unit_policy.check(actor, "change", unit)
            form = UnitForm(instance=unit, parent_choices=parent_choices)
            return render(request, "org/unit_form.html", self._context(request, form, unit=unit))
        parent = None
        if request.GET.get("cap_tren"):
            parent = selectors.unit_get(actor=actor, pk=request.GET["cap_tren"])
            unit_policy.check(actor, "create_child", parent)
        form = UnitForm(initial={"parent": parent}, parent_choices=parent_choices)
        return render(request, "org/unit_form.html", self._context(request, form, parent=parent))

    def post(self, request, pk=None):
        actor = request.user
        parent_choices = selectors.unit_list(actor=actor, action="create_child", include_dissolved=False)
        unit = None
        if pk:
            unit = selectors.unit_get(actor=actor, pk=pk)
            unit_policy.check(actor, "change", unit)
        form = UnitForm(request.POST, instance=unit, parent_choices=parent_choices)
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in UnitForm.Meta.fields}
            try:
                if unit is None:
                    unit = services.unit_create(actor=actor, **data)
                    messages.success(request, f"Đã thêm đơn vị {unit.name}.")
                else:
                    reason = form.cleaned_data.get("reason", "")
                    unit = services.unit_update(actor=actor, unit=unit, reason=reason, **data)
                    messages.success(request, "Đã lưu thay đổi.")
                return redirect(unit)
            except (ValidationError, DomainError) as exc:
                add_service_error(form, exc)
        return render(request, "org/unit_form.html", self._context(request, form, unit=unit), status=400)


class UnitDissolveView(LoginRequiredMixin, View):
    def _form(self, actor, unit, data=None):
        choices = selectors.unit_list(actor=actor, action="change", include_dissolved=False).exclude(pk=unit.pk)
        return UnitDissolveForm(data, successor_choices=choices)

    def get(self, request, pk):
        unit = selectors.unit_get(actor=request.user, pk=pk)
        unit_policy.check(request.user, "dissolve", unit)
        return render(request, "org/unit_dissolve.html", {"unit": unit, "form": self._form(request.user, unit)})

    def post(self, request, pk):
        unit = selectors.unit_get(actor=request.user, pk=pk)
        unit_policy.check(request.user, "dissolve", unit)
        form = self._form(request.user, unit, request.POST)
        if form.is_valid():
            try:
                services.unit_dissolve(actor=request.user, unit=unit, **form.cleaned_data)
                messages.success(request, f"Đã giải thể đơn vị {unit.name}.")
                return redirect(unit)
            except (ValidationError, DomainError) as exc:
                add_service_error(form, exc)
        return render(request, "org/unit_dissolve.html", {"unit": unit, "form": form}, status=400)


class UnitDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        unit = selectors.unit_get(actor=request.user, pk=pk)
        parent = unit.parent
        try:
            services.unit_delete(actor=request.user, unit=unit, reason=request.POST.get("reason", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(unit)
        messages.success(request, f"Đã xóa đơn vị {unit.name}.")
        return redirect(parent if parent else "org:unit_tree")


class PersonListView(LoginRequiredMixin, View):
    def get(self, request):
        actor = request.user
        # the same FilterSet as /api/v1/people/ (the page calls `direct` "scope"); an invalid value shows its
        # message and nobody rather than everyone
        filterset = PersonFilterSet.for_page(request, selectors.person_list(actor=actor))
        form = filterset.form
        page = Paginator(filterset.qs, 50).get_page(request.GET.get("trang"))
        query = request.GET.copy()
        query.pop("trang", None)
        context = {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": selectors.units_for_person_action(actor=actor, action="create").exists(),
        }
        return render_page_or_partial(request, "org/person_list.html", "org/partials/_person_results.html", context)


class PersonDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        actor = request.user
        person = selectors.person_get(actor=actor, pk=pk)
        transfers = list(selectors.person_transfers(person=person))
        context = {
            "person": person,
            "transfers": transfers,
            "history": history_rows(audit_events_for(obj=person)[:100]),
            "can_change": person_policy.can(actor, "change", person),
            "can_transfer": person_policy.can(actor, "transfer", person),
        }
        return render(request, "org/person_detail.html", context)


class PersonFormView(LoginRequiredMixin, View):
    def _unit_choices(self, actor):
        return selectors.units_for_person_action(actor=actor, action="create")

    def get(self, request, pk=None):
        actor = request.user
        if pk:
            person = selectors.person_get(actor=actor, pk=pk)
            person_policy.check(actor, "change", person)
            form = PersonForm(instance=person, editing=True)
            return render(request, "org/person_form.html", {"form": form, "person": person})
        initial = {}
        if request.GET.get("don_vi"):
            initial["unit"] = self._unit_choices(actor).filter(pk=request.GET["don_vi"]).first()
        else:
            initial["unit"] = actor_home_unit(actor, self._unit_choices(actor))  # never the first of the list
        form = PersonForm(initial=initial, unit_choices=self._unit_choices(actor))
        return render(request, "org/person_form.html", {"form": form})

    def post(self, request, pk=None):
        actor = request.user
        person = None
        if pk:
            person = selectors.person_get(actor=actor, pk=pk)
            person_policy.check(actor, "change", person)
        form = PersonForm(request.POST, instance=person, editing=bool(pk), unit_choices=self._unit_choices(actor))
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in form.fields}
            try:
                if person is None:
                    person = services.person_create(actor=actor, **data)
                    messages.success(request, f"Đã thêm {person.full_name}.")
                else:
                    person = services.person_update(actor=actor, person=person, **data)
                    messages.success(request, "Đã lưu thay đổi.")
                return redirect(person)
            except (ValidationError, DomainError) as exc:
                add_service_error(form, exc)
        if person is not None:
            person.refresh_from_db()
        return render(request, "org/person_form.html", {"form": form, "person": person}, status=400)


class PersonTransferView(LoginRequiredMixin, View):
    def _form(self, actor, person, data=None):
        choices = selectors.units_for_person_action(actor=actor, action="create")
        return PersonTransferForm(data, unit_choices=choices.exclude(pk=person.unit_id))

    def get(self, request, pk):
        person = selectors.person_get(actor=request.user, pk=pk)
        person_policy.check(request.user, "transfer", person)
        return render(request, "org/person_transfer.html", {"person": person, "form": self._form(request.user, person)})

    def post(self, request, pk):
        person = selectors.person_get(actor=request.user, pk=pk)
        person_policy.check(request.user, "transfer", person)
        form = self._form(request.user, person, request.POST)
        if form.is_valid():
            try:
                services.person_transfer(actor=request.user, person=person, **form.cleaned_data)
                messages.success(request, "Đã ghi nhận điều chuyển.")
                return redirect(person)
            except (ValidationError, DomainError) as exc:
                add_service_error(form, exc)
        return render(request, "org/person_transfer.html", {"person": person, "form": form}, status=400)
