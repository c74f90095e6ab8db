"""The report pages' filters, checked before anything is counted.

An unknown value used to narrow the query to nothing: `?ma=ZZ` showed an empty statistics table and
`?ma=ZZ&xuat=xlsx` downloaded an empty workbook, both presented as a real result (review of #16, item 23). A
filter that names no unit of the actor's remit, no catalogue entry, no kind or no subject type is now an error
in Vietnamese: the page says which value is wrong and answers 400, and a download is refused the same way.
"""

from django import forms

from tdkt.emulation.choices import ExemplarStage
from tdkt.records.choices import AwardKind
from tdkt.records.models import CatalogueEntry

SUBJECTS = [("", "Cá nhân và tập thể"), ("CA_NHAN", "Cá nhân"), ("TAP_THE", "Tập thể")]
EXPORTS = ("docx", "xlsx", "pdf")
CHOICE_MESSAGE = "“%(value)s” không có trong danh sách để chọn."


def _choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=False, choices=choices, error_messages={"invalid_choice": CHOICE_MESSAGE}
    )


class ReportFilterForm(forms.Form):
    """`ma`, `loai`, `doi_tuong`, `giai_doan` and `xuat` of the statistics and drill-down pages; `don_vi` when
    the page is given the units it may show (the statistics page; the others check the scope in `_scope`)."""

    don_vi = forms.CharField(label="Đơn vị", required=False, max_length=60)
    ma = forms.ChoiceField(label="Danh hiệu / hình thức", required=False)
    loai = _choice("Loại khen thưởng", [("", "Mọi loại"), *AwardKind.choices])
    doi_tuong = _choice("Đối tượng", SUBJECTS)
    giai_doan = _choice("Giai đoạn", [("", "Mọi giai đoạn"), *ExemplarStage.choices])
    xuat = _choice("Định dạng xuất", [("", ""), *((f, f) for f in EXPORTS)])

    def __init__(self, data, *, units=None):
        super().__init__(data)
        self.units = units
        self.fields["ma"].choices = [
            ("", "Mọi danh hiệu, hình thức"),
            *CatalogueEntry.objects.values_list("code", "name"),
        ]
        self.fields["ma"].error_messages["invalid_choice"] = CHOICE_MESSAGE

    def clean_don_vi(self):
        code = self.cleaned_data["don_vi"].strip()
        if not code or self.units is None:
            return None
        unit = self.units.filter(code=code).first()
        if unit is None:  # outside the remit reads the same as unknown: nothing is told about other units
            raise forms.ValidationError(
                "Không tìm thấy đơn vị “%(code)s” trong phạm vi bạn được giao quản lý.", params={"code": code}
            )
        return unit

    def error_messages(self) -> list[str]:
        """Each error as one line, its field's label first ("Loại khen thưởng: “ZZ” không có…")."""
        return [f"{self.fields[name].label}: {error}" for name, errors in self.errors.items() for error in errors]
