"""The batch pages of the nomination flow (issue #16, item 3): review many items of a dossier in one action, and
one grid for a meeting's tallies. Parse the formset, call one service, put its refusals back on their rows."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views import View

from tdkt.core.errors import DomainError
from tdkt.core.forms import service_messages
from tdkt.nominations import selectors, services
from tdkt.nominations.bulk_forms import ReviewForm, by_item, choices_from, put_refusals, review_rows, tally_rows
from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.policies import dossier_policy
from tdkt.nominations.views import DossierDetailView, _back, _dossier_for


class ItemsReviewView(LoginRequiredMixin, View):
    """Approve, return (each with a reason) or forward the ticked items, with per-row exceptions, in one post."""

    def post(self, request, pk):
        dossier = _dossier_for(request, pk, "reviewer")
        form, rows = ReviewForm(request.POST), review_rows([], request.POST)
        if not (form.is_valid() and rows.is_valid()):
            messages.error(request, "Danh sách xét không hợp lệ; tải lại trang rồi chọn lại.")
            return self._again(request, dossier, rows, form)
        choices = choices_from(form, rows)
        if not choices:
            messages.error(request, "Chọn ít nhất một đề nghị, hoặc chọn thao tác riêng cho từng đề nghị.")
            return self._again(request, dossier, rows, form)
        if any(not c.action for c in choices):
            messages.error(request, "Chọn thao tác cho các đề nghị đã chọn: Thông qua, Không chấp thuận hoặc Chuyển.")
            return self._again(request, dossier, rows, form)
        try:
            result = services.items_review(actor=request.user, dossier=dossier, choices=choices)
        except services.BatchRefused as exc:
            put_refusals(rows, exc.refusals)
            messages.error(request, exc.summary)
            return self._again(request, dossier, rows, form)
        except (ValidationError, DomainError) as exc:
            for message in service_messages(exc):
                messages.error(request, message)
            return self._again(request, dossier, rows, form)
        messages.success(request, result.summary())
        return _back(dossier)

    @staticmethod
    def _again(request, dossier, rows, form):
        # the page again with what was ticked and typed, each refusal on its row; nothing was written
        return DossierDetailView().get(request, dossier.pk, status=400, review_rows=rows, review_form=form)


class TallyView(LoginRequiredMixin, View):
    """One grid for a meeting: a row per item before the council, every count saved in one submit or none."""

    validates_own_numbers = True  # every number posted is bounded by TallyRowForm (see BoundedParametersMiddleware)

    def _page(self, request, dossier, sitting, rows=None, status=200):
        tallied = {t.item_id: t for t in sitting.tallies.all()}
        items = [i for i in selectors.dossier_items(dossier=dossier) if i.status != ItemStatus.DA_RUT]
        # an item approved at review is still voted on when its title needs the council (issue #15, item 4)
        rules, voted = services.vote_rules(dossier, items, on=sitting.held_on), services.council_tallies(dossier, items)
        votable = [
            i
            for i in items
            if i.pk not in tallied
            and (i.status == ItemStatus.DE_NGHI or services.awaits_vote(i, rule=rules[i.pk], tallied=i.pk in voted))
        ]
        members = list(sitting.council.members.all())
        rows = rows if rows is not None else tally_rows(votable, members)
        forms = by_item(rows)
        lines = [{"item": i, "tally": tallied.get(i.pk), "form": forms.get(i.pk), "rule": rules[i.pk]} for i in items]
        return render(
            request,
            "nominations/tally.html",
            {
                "dossier": dossier,
                "meeting": sitting,
                "rows": lines,
                "grid": rows,
                "votable": len(votable),
                "present": sitting.attendees.count(),
                "members": len(members),
            },
            status=status,
        )

    def get(self, request, pk, meeting):
        dossier = selectors.dossier_get(actor=request.user, pk=pk)
        dossier_policy.check_side(request.user, "council", dossier)
        return self._page(request, dossier, selectors.meeting_of(dossier=dossier, pk=meeting))

    def post(self, request, pk, meeting):
        dossier = _dossier_for(request, pk, "council")
        sitting = selectors.meeting_of(dossier=dossier, pk=meeting)
        rows = tally_rows([], sitting.council.members.all(), request.POST)
        if not rows.is_valid():
            messages.error(
                request, "Chưa ghi kết quả nào: sửa các dòng được đánh dấu (số phiếu là số nguyên không âm)."
            )
            return self._page(request, dossier, sitting, rows, status=400)
        entered = [row for row in (form.row() for form in rows) if row is not None]
        if not entered:
            messages.error(request, "Chưa nhập số phiếu của đề nghị nào.")
            return self._page(request, dossier, sitting, rows, status=400)
        try:
            result = services.tallies_record(actor=request.user, dossier=dossier, meeting=sitting, rows=entered)
        except services.BatchRefused as exc:
            put_refusals(rows, exc.refusals)
            messages.error(request, exc.summary)
            return self._page(request, dossier, sitting, rows, status=400)
        except (ValidationError, DomainError) as exc:
            for message in service_messages(exc):
                messages.error(request, message)
            return self._page(request, dossier, sitting, rows, status=400)
        messages.success(request, result.summary())
        return redirect("nominations:tally", pk=dossier.pk, meeting=sitting.pk)
