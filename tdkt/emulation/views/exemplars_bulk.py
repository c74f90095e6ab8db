"""Several exemplars (điển hình tiên tiến) ticked in the list, each moved to its next stage at once."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views import View

from tdkt.core.forms import run_service
from tdkt.emulation import services
from tdkt.emulation.forms import ExemplarMoveManyForm
from tdkt.emulation.models import Exemplar
from tdkt.emulation.policies import exemplar_policy


class ExemplarMoveManyView(LoginRequiredMixin, View):
    def post(self, request):
        # the ticked rows are looked up among the exemplars the actor sees: another's id is "not found"
        seen = exemplar_policy.scope(request.user, "view", Exemplar.objects.select_related("person", "unit"))
        form = ExemplarMoveManyForm(request.POST, exemplars=seen)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("emulation:exemplars")
        moved = run_service(
            request,
            services.exemplars_move_next,
            actor=request.user,
            exemplars=list(form.cleaned_data["exemplars"]),
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )
        if moved:
            names = "; ".join(f"{e.subject}: {e.get_stage_display()}" for e in moved)
            messages.success(request, f"Đã chuyển giai đoạn {len(moved)} điển hình ({names}).")
        return redirect("emulation:exemplars")
