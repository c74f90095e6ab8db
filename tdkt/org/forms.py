from django import forms

from tdkt.core.forms import BootstrapFormMixin
from tdkt.org.models import Person, Unit
from tdkt.org.widgets import PersonChoiceField, UnitChoiceField

__all__ = ["PersonChoiceField", "UnitChoiceField"]  # the pickers, for the forms of every app


def correction_reason_field() -> forms.CharField:
    """The reason asked for when an edit changes what was already recorded (issue #16, item 6)."""
    return forms.CharField(  # added after BootstrapFormMixin styled the others: styled here
        label="Lý do sửa",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text="Bắt buộc khi thay đổi thông tin đã có (ví dụ: theo quyết định số …); "
        "bổ sung ô còn trống thì không cần.",
    )


class UnitForm(BootstrapFormMixin, forms.ModelForm):
    parent = UnitChoiceField(queryset=Unit.objects.none(), required=False, label="Đơn vị cấp trên")

    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "unit_type", "parent", "founded_on", "position"]

    def __init__(self, *args, parent_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parent_choices if parent_choices is not None else Unit.objects.none()
        if self.instance.pk:
            self.fields["reason"] = correction_reason_field()

    def validate_unique(self):
        """Uniqueness and tree rules are checked by the service, inside its transaction."""


class UnitDissolveForm(BootstrapFormMixin, forms.Form):
    dissolved_on = forms.DateField(label="Ngày giải thể / sáp nhập")
    successor = UnitChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label="Đơn vị kế thừa",
        help_text="Quân nhân còn lại được điều chuyển sang đơn vị kế thừa.",
    )
    reason = forms.CharField(label="Căn cứ / lý do", max_length=500)

    def __init__(self, *args, successor_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = successor_choices if successor_choices is not None else Unit.objects.none()


class PersonForm(BootstrapFormMixin, forms.ModelForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label="Đơn vị")

    class Meta:
        model = Person
        fields = [
            "code",
            "full_name",
            "birth_date",
            "gender",
            "category",
            "rank",
            "position",
            "service_start",
            "service_break_months",
            "unit",
            "unit_since",
        ]

    def __init__(self, *args, unit_choices=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].required = True
        self.fields["service_break_months"].required = False  # most people never left the army: 0
        if editing:
            # The unit changes only through a dated transfer.
            del self.fields["unit"]
            del self.fields["unit_since"]
            self.fields["reason"] = correction_reason_field()
        else:
            self.fields["unit"].queryset = unit_choices if unit_choices is not None else Unit.objects.none()

    def clean_service_break_months(self):
        return self.cleaned_data.get("service_break_months") or 0

    def validate_unique(self):
        """Checked by the service, inside its transaction."""


class PersonTransferForm(BootstrapFormMixin, forms.Form):
    to_unit = UnitChoiceField(queryset=Unit.objects.none(), label="Đến đơn vị")
    effective_on = forms.DateField(label="Ngày hiệu lực")
    decision_number = forms.CharField(label="Số quyết định", max_length=60, required=False)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    def __init__(self, *args, unit_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = unit_choices if unit_choices is not None else Unit.objects.none()
