"""Forms of the emulation pages: people and units picked by name (or code), pasted registration lists.

The fields are Django model-choice fields (or, for "a person or a unit", a text field that resolves
itself), so the org pickers' widgets drop in: `UnitField` takes a unit's pk (a picker's select) or a name
or code typed; `SubjectField` a person's or a unit's name or code (the subject picker fills in the code).
"""

import re

from django import forms
from django.core.exceptions import ValidationError

from tdkt.core.forms import BootstrapFormMixin
from tdkt.core.years import YearField
from tdkt.emulation import subjects
from tdkt.org.models import Person, Unit
from tdkt.org.widgets import SubjectPicker, UnitChoiceField
from tdkt.records.models import CatalogueEntry

MAX_LINES = 500  # one paste: a unit's year of registrations is a few hundred names at most
SEPARATORS = re.compile(r"\s*[\t;|]\s*|\s*,\s*")
NUMBERING = re.compile(r"^\d{1,4}\s*[.)]\s+")  # "1. Nguyễn Văn An" / "12) …" from a numbered list


class UnitField(UnitChoiceField):
    """A unit of `queryset`: its pk (the unit picker's select), or its name, short name or code typed (a script,
    an old form posting `unit_code`), accents ignored."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text.isdigit():
            unit = self.queryset.filter(pk=int(text)).first()
            if unit is not None:
                return unit
        found = subjects.resolve_unit(text, units=self.queryset)
        if found.error:
            raise ValidationError(found.error.replace("cá nhân hoặc đơn vị", "đơn vị"), code="invalid_choice")
        return found.subject["unit"]


class ClusterMemberForm(BootstrapFormMixin, forms.Form):
    """The member unit picked by name (the unit picker), for the cluster page's "Thêm thành viên"."""

    unit = UnitField(queryset=Unit.objects.none(), label="Đơn vị thành viên")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SubjectField(forms.CharField):
    """A person or a unit of the given querysets, by name or code: cleans to `{"person": …}` / `{"unit": …}`.
    The subject picker fills the code in; without its script the officer types a name or a code."""

    widget = SubjectPicker

    def __init__(self, *, people=None, units=None, **kwargs):
        super().__init__(**kwargs)
        self.people = people if people is not None else Person.objects.none()
        self.units = units if units is not None else Unit.objects.none()

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        found = subjects.resolve_subject(text, people=self.people, units=self.units)
        if found.error:
            raise ValidationError(found.error, code="invalid_choice")
        return found.subject


class TitleField(forms.ModelChoiceField):
    """A registrable title, posted by its code, shown by its name."""

    def label_from_instance(self, obj: CatalogueEntry) -> str:
        return obj.name


def _titles():
    return CatalogueEntry.objects.filter(kind="DANH_HIEU").order_by("position")


class RegistrationForm(BootstrapFormMixin, forms.Form):
    """One registration: the subject by name or code, a title, a year. The subject's field keeps the name the
    page has always posted (`subject_code`): it now takes a name as well."""

    subject_code = SubjectField(
        label="Cá nhân hoặc đơn vị",
        help_text="Gõ họ tên, tên đơn vị hoặc mã; có dấu hay không dấu đều được.",
        error_messages={"required": "Nhập họ tên, tên đơn vị hoặc mã của cá nhân, đơn vị đăng ký."},
    )
    entry = TitleField(
        queryset=CatalogueEntry.objects.none(),
        to_field_name="code",
        empty_label=None,
        label="Danh hiệu đăng ký",
        error_messages={"invalid_choice": "Chọn danh hiệu đăng ký.", "required": "Chọn danh hiệu đăng ký."},
    )
    year = YearField(label="Năm đăng ký", error_messages={"required": "Nhập năm đăng ký (bốn chữ số, ví dụ 2025)."})

    def __init__(self, *args, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_code"].people, self.fields["subject_code"].units = people, units
        self.fields["entry"].queryset = _titles()


class RegistrationReviewManyForm(forms.Form):
    """The ticked registrations of the list and one action on them; a tick outside `registrations` (another
    year's, a reviewed one, a forged id) refuses the whole action, never skipped."""

    chon = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={
            "required": "Chọn (đánh dấu) ít nhất một đăng ký.",
            "invalid_choice": "Có đăng ký đã chọn không còn chờ duyệt hoặc không thuộc phạm vi của bạn; mở lại trang.",
            "invalid_pk_value": "Đăng ký đã chọn không hợp lệ; mở lại trang.",
        },
    )
    bulk = forms.ChoiceField(
        choices=[("approve", "Duyệt"), ("return", "Trả lại")],
        error_messages={"required": "Chọn duyệt hoặc trả lại.", "invalid_choice": "Chọn duyệt hoặc trả lại."},
    )
    reason = forms.CharField(
        required=False, max_length=500, error_messages={"max_length": "Lý do trả lại dài quá 500 ký tự."}
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chon"].queryset = registrations


class PastedLine:
    """One line of a pasted list, resolved (or not) to a subject and a title."""

    def __init__(self, number: int, text: str):
        self.number, self.text = number, text
        self.subject: dict | None = None
        self.entry = None
        self.errors: list[str] = []

    @property
    def label(self) -> str:
        return f"Dòng {self.number}"

    @property
    def who(self):
        return (self.subject or {}).get("person") or (self.subject or {}).get("unit")


class RegistrationPasteForm(BootstrapFormMixin, forms.Form):
    """A pasted list, one line per person or unit: "name or code, title" (a tab, ";" or "," between them; a
    line with a name alone takes the title chosen below). Every line is resolved; `lines` holds them all."""

    text = forms.CharField(
        label="Danh sách đăng ký",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "Mỗi dòng một cá nhân hoặc đơn vị: họ tên (hoặc mã), danh hiệu — ngăn cách bằng dấu phẩy, chấm phẩy "
            "hoặc Tab (dán từ Excel). Dòng chỉ có tên thì lấy danh hiệu chọn dưới đây."
        ),
        error_messages={"required": "Dán danh sách, mỗi dòng một cá nhân hoặc đơn vị."},
    )
    default_entry = TitleField(
        queryset=CatalogueEntry.objects.none(),
        to_field_name="code",
        required=False,
        label="Danh hiệu cho dòng không ghi danh hiệu",
        empty_label="(mỗi dòng tự ghi danh hiệu)",
    )
    year = YearField(label="Năm đăng ký")

    def __init__(self, *args, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.people, self.units = people, units
        self.fields["default_entry"].queryset = _titles()
        self.lines: list[PastedLine] = []

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text")
        if not text:
            return cleaned
        raw = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if len(raw) > MAX_LINES:
            raise ValidationError(f"Danh sách có {len(raw)} dòng: mỗi lần dán tối đa {MAX_LINES} dòng.")
        titles = list(_titles())
        default = cleaned.get("default_entry")
        seen: dict[tuple, int] = {}
        for number, line_text in raw:
            line = PastedLine(number, line_text)
            self._resolve(line, titles, default)
            if line.subject and line.entry:
                key = (type(line.who).__name__, line.who.pk, line.entry.pk)
                if key in seen:
                    line.errors.append(f"trùng với dòng {seen[key]}.")
                else:
                    seen[key] = number
            self.lines.append(line)
        bad = [line for line in self.lines if line.errors]
        if bad:
            raise ValidationError(
                [f"{line.label} (“{line.text}”): {' '.join(line.errors)}" for line in bad], code="lines"
            )
        return cleaned

    def _resolve(self, line: PastedLine, titles, default) -> None:
        parts = [p for p in SEPARATORS.split(NUMBERING.sub("", line.text)) if p]
        if len(parts) == 3 and parts[0].isdigit():  # a spreadsheet's "STT" column pasted with the rest
            parts = parts[1:]
        if not parts:
            line.errors.append("dòng trống.")
            return
        if len(parts) > 2:
            line.errors.append("ghi hai phần: họ tên (hoặc mã), danh hiệu.")
            return
        found = subjects.resolve_subject(parts[0], people=self.people, units=self.units)
        if found.error:
            line.errors.append(found.error)
            return
        line.subject = found.subject
        if len(parts) == 2:
            line.entry, error = subjects.resolve_title(parts[1], subject_type=found.subject_type, titles=titles)
        elif default is not None:
            line.entry, error = subjects.resolve_title(default.code, subject_type=found.subject_type, titles=titles)
        else:
            error = "chưa ghi danh hiệu (ghi sau tên, hoặc chọn danh hiệu chung cho các dòng)."
        if error:
            line.errors.append(error)


class ExemplarMoveManyForm(BootstrapFormMixin, forms.Form):
    """Several exemplars ticked in the list, each to its next stage on one day."""

    exemplars = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Điển hình",
        error_messages={
            "required": "Chọn ít nhất một điển hình để chuyển giai đoạn.",
            "invalid_choice": "Không tìm thấy điển hình đã chọn.",
            "invalid_pk_value": "Không tìm thấy điển hình đã chọn.",
        },
    )
    on = forms.DateField(label="Ngày chuyển", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, *args, exemplars, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exemplars"].queryset = exemplars
        self.fields["on"].error_messages["invalid"] = "Ngày không hợp lệ (dd/mm/yyyy)."
