from django import forms

from tdkt.core.forms import BootstrapFormMixin, OneTimeTokenMixin
from tdkt.core.years import YearField, working_year
from tdkt.records.choices import AwardKind, EntrySubject, Rating
from tdkt.records.models import CatalogueEntry, Discipline, Initiative


def _year_field(**kwargs) -> forms.IntegerField:
    return YearField(**kwargs)


class RatingForm(OneTimeTokenMixin, BootstrapFormMixin, forms.Form):
    year = _year_field()
    rating = forms.ChoiceField(label="Mức độ hoàn thành nhiệm vụ", choices=Rating.choices)
    reason = forms.CharField(
        label="Lý do sửa",
        required=False,
        max_length=500,
        help_text="Bắt buộc khi năm này đã có đánh giá (ví dụ: theo kết luận của hội đồng ngày …); "
        "lần ghi đầu không cần.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = working_year()


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CatalogueEntry) -> str:
        return obj.name  # the code stays the option's value; an officer reads the name (issue #16)


class AwardForm(OneTimeTokenMixin, BootstrapFormMixin, forms.Form):
    entry = EntryChoiceField(queryset=CatalogueEntry.objects.none(), label="Danh hiệu / hình thức")
    year = _year_field()
    kind = forms.ChoiceField(label="Loại khen thưởng", choices=AwardKind.choices)
    decision_number = forms.CharField(
        label="Số quyết định",
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "ví dụ: 125/QĐ-BTL"}),
    )
    decision_date = forms.DateField(label="Ngày quyết định", required=False)
    issuer = forms.CharField(
        label="Cơ quan quyết định", max_length=255, required=False, help_text="Bắt buộc khi có số quyết định."
    )
    achievement = forms.CharField(label="Thành tích", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, subject_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = CatalogueEntry.objects.filter(
            subject__in=[subject_type, EntrySubject.CA_HAI]
        ).order_by("kind", "position")
        self.fields["year"].initial = working_year()


class RevokeForm(OneTimeTokenMixin, BootstrapFormMixin, forms.Form):
    decision_number = forms.CharField(label="Số quyết định hủy bỏ", max_length=60)
    decision_date = forms.DateField(label="Ngày quyết định hủy bỏ")
    issuer = forms.CharField(
        label="Cơ quan quyết định hủy bỏ",
        max_length=255,
        help_text="Khen thưởng cấp Nhà nước: ghi quyết định của cơ quan có thẩm quyền (ví dụ: Chủ tịch nước).",
    )
    reason = forms.CharField(label="Lý do hủy bỏ (Luật TĐKT, Chương VII)", widget=forms.Textarea(attrs={"rows": 3}))


class InitiativeForm(OneTimeTokenMixin, BootstrapFormMixin, forms.ModelForm):
    reason = forms.CharField(label="Ghi chú", required=False, max_length=500)

    class Meta:
        model = Initiative
        fields = ["year", "name", "initiative_type", "scope", "decision_number"]

    def validate_unique(self):
        """Checked by the service."""


class DisciplineForm(OneTimeTokenMixin, BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Discipline
        fields = ["form", "decided_on", "decision_number", "until", "reason"]

    def validate_unique(self):
        """Checked by the service."""


class CatalogueEntryForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CatalogueEntry
        fields = [
            "code",
            "name",
            "kind",
            "subject",
            "level",
            "authority",
            "legal_source",
            "bonus_multiple",
            "yearly",
            "certainty",
            "valid_from",
            "valid_to",
        ]

    def validate_unique(self):
        """Checked by the service."""
