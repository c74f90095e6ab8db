"""Forms of the batch pages (issue #16, item 3): the review of many items and the grid of a meeting's tallies.

Each is a formset with one row per item (the item's pk in a hidden field) plus, for the review, the common
action and reason. The forms only parse; `services.items_review` / `services.tallies_record` decide, and their
`BatchRefused.refusals` (by item pk) are put back on the rows they concern (`put_refusals`).
"""

from django import forms

from tdkt.nominations.choices import ItemStatus
from tdkt.nominations.services import REVIEW_LABELS, ReviewChoice, TallyRow, review_choices

MAX_ROWS = 2000  # a dossier of 435 niên hạn medals is the largest seen; a forged TOTAL_FORMS stops here

MAX_COUNT = 100_000
MAX_ID = 2**63 - 1  # the database's bigint: a larger hidden id is refused by the form, before any query
# The tally view checks its own numbers (validates_own_numbers): a count of 20 digits is this row's error, shown
# on the grid with everything typed, not the middleware's bare 400 page.
COUNT = {
    "min_value": 0,
    "max_value": MAX_COUNT,
    "required": False,
    "error_messages": {"max_value": "số phiếu quá lớn (tối đa 100.000)."},
}


class RowErrors:
    def error_lines(self) -> list[str]:
        """The row's errors as sentences, each field error led by its column ("Đồng ý: …")."""
        lines = []
        for name, errors in self.errors.items():
            lead = "" if name == "__all__" else f"{self.fields[name].label}: "
            lines += [f"{lead}{e}" for e in errors]
        return lines


def _number(label: str, initial=None) -> forms.IntegerField:
    widget = forms.NumberInput(attrs={"class": "form-control form-control-sm tdkt-count", "inputmode": "numeric"})
    return forms.IntegerField(label=label, initial=initial, widget=widget, **COUNT)


class ReviewForm(forms.Form):
    """The common part of a batch review: which button was pressed, and the reason shared by the rows."""

    action = forms.ChoiceField(
        label="Thao tác với các đề nghị đã chọn", choices=[("", "—"), *REVIEW_LABELS.items()], required=False
    )
    reason = forms.CharField(label="Lý do chung", max_length=2000, required=False)


class ReviewRowForm(RowErrors, forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    selected = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input", "data-bulk-item": ""})
    )
    action = forms.ChoiceField(
        label="Riêng đề nghị này",
        choices=[("", "Theo thao tác chung"), *REVIEW_LABELS.items()],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    reason = forms.CharField(
        label="Lý do",
        max_length=2000,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


ReviewRowFormSet = forms.formset_factory(
    ReviewRowForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)


def review_rows(items, data=None) -> ReviewRowFormSet:
    return ReviewRowFormSet(data, prefix="r", initial=[{"item": i.pk} for i in items])


def review_context(items, rows=None, form=None) -> dict:
    """What the dossier page needs for the batch review: each pending item with its row of the formset (the
    posted rows when the page is shown again after a refusal)."""
    items = list(items)
    pending = [i for i in items if i.status in (ItemStatus.DE_NGHI, ItemStatus.DAT)]
    rows = rows if rows is not None else review_rows(pending)
    forms = by_item(rows)
    for item in items:
        item.review_row = forms.get(item.pk)
    return {"items": items, "review_rows": rows, "review_form": form or ReviewForm(), "pending_count": len(pending)}


def choices_from(form: ReviewForm, rows: ReviewRowFormSet) -> list[ReviewChoice]:
    """The common action for the ticked rows, and each row's own action as an exception; a row's reason is its
    own, else the common one."""
    common = form.cleaned_data["reason"]
    picked = [r.cleaned_data for r in rows if r.cleaned_data]
    return review_choices(
        items=[r["item"] for r in picked if r["selected"] and not r["action"]],
        action=form.cleaned_data["action"],
        reason=common,
        exceptions=[
            ReviewChoice(item=r["item"], action=r["action"], reason=r["reason"] or common)
            for r in picked
            if r["action"]
        ],
    )


class TallyRowForm(RowErrors, forms.Form):
    """One item's count. A row left blank is not entered (an item whose vote is optional, or not voted yet)."""

    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    agree = _number("Đồng ý")
    disagree = _number("Không đồng ý", 0)
    abstain = _number("Không biểu quyết", 0)
    invalid = _number("Không hợp lệ", 0)
    recused = forms.TypedMultipleChoiceField(
        label="Thành viên không tham gia",
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select form-select-sm", "size": 2}),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recused"].choices = members  # (pk, name) read once for the grid, not once per row

    def clean(self):
        data = super().clean()
        others = [data.get(name) for name in ("disagree", "abstain", "invalid")]
        # an agree count refused by its field (too large, not a number) is already this row's error
        if "agree" not in self.errors and data.get("agree") is None and (any(others) or data.get("recused")):
            raise forms.ValidationError("Nhập số phiếu đồng ý (hoặc để trống cả dòng).")
        return data

    def row(self) -> TallyRow | None:
        data = self.cleaned_data
        if not data or data.get("agree") is None:
            return None
        return TallyRow(
            item=data["item"],
            agree=data["agree"],
            disagree=data.get("disagree") or 0,
            abstain=data.get("abstain") or 0,
            invalid=data.get("invalid") or 0,
            recused=tuple(data.get("recused") or ()),
        )


TallyRowFormSet = forms.formset_factory(
    TallyRowForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)


def tally_rows(items, members, data=None) -> TallyRowFormSet:
    return TallyRowFormSet(
        data,
        prefix="t",
        initial=[{"item": i.pk} for i in items],
        form_kwargs={"members": [(m.pk, m.full_name) for m in members]},
    )


def put_refusals(formset, refusals: dict) -> None:
    """Show each refusal of a batch on the row of its item."""
    for form in formset:
        item = form.cleaned_data.get("item") if form.is_bound and hasattr(form, "cleaned_data") else None
        if item in refusals:
            form.add_error(None, refusals[item])


def by_item(formset) -> dict[int, forms.Form]:
    """The row form of each item pk, bound or not (a posted grid is matched to the items by their ids)."""
    rows = {}
    for form in formset:
        value = form["item"].value()
        if str(value).isdigit():
            rows[int(value)] = form
    return rows
