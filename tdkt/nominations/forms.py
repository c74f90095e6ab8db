from django import forms

from tdkt.core.forms import BootstrapFormMixin
from tdkt.core.years import YearField
from tdkt.nominations.choices import CouncilRole, DossierKind
from tdkt.org.forms import UnitChoiceField
from tdkt.org.models import Unit
from tdkt.org.widgets import SubjectPicker
from tdkt.records.models import CatalogueEntry


class DossierForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label="Đơn vị đề nghị")
    year = YearField(label="Năm thành tích")
    kind = forms.ChoiceField(label="Loại khen thưởng", choices=DossierKind.choices)
    title = forms.CharField(label="Trích yếu", max_length=300)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ItemForm(BootstrapFormMixin, forms.Form):
    subject_code = forms.CharField(
        label="Cá nhân hoặc đơn vị",
        max_length=40,
        widget=SubjectPicker,
        help_text="Gõ họ tên, tên đơn vị hoặc mã rồi chọn trong danh sách.",
    )
    entry = forms.ModelChoiceField(
        queryset=CatalogueEntry.objects.order_by("kind", "position"),
        label="Danh hiệu / hình thức đề nghị",
        to_field_name="code",
    )
    achievement = forms.CharField(label="Tóm tắt thành tích", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    justification = forms.CharField(
        label="Giải trình (nếu chưa đủ điều kiện)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BulkAddForm(BootstrapFormMixin, forms.Form):
    award = forms.ModelChoiceField(
        queryset=CatalogueEntry.objects.order_by("kind", "position"),
        label="Danh hiệu / hình thức",
        to_field_name="code",
    )
    status = forms.ChoiceField(
        label="Kết quả xét điều kiện", choices=[("ELIGIBLE", "Đủ điều kiện"), ("REVIEW", "Cần xem xét")]
    )
    # the length-of-service page screens at a review date D (service counted up to it); otherwise 31/12
    review_date = forms.DateField(label="Ngày xét", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, max_length=2000)


class MeetingForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label="Ngày họp", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    place = forms.CharField(label="Địa điểm", max_length=255)
    presided_by = forms.ModelChoiceField(queryset=None, label="Chủ trì")
    attendees = forms.ModelMultipleChoiceField(
        queryset=None, label="Thành viên có mặt", widget=forms.CheckboxSelectMultiple
    )
    conclusion = forms.CharField(label="Kết luận", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presided_by"].queryset = members
        self.fields["attendees"].queryset = members
        self.fields["attendees"].widget.attrs["class"] = "form-check-input"


class DecisionForm(BootstrapFormMixin, forms.Form):
    signed_on = forms.DateField(label="Ngày ký", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    signer_authority = forms.CharField(label="Thẩm quyền (TM., KT.)", max_length=60, required=False)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=120)
    signer_rank = forms.CharField(label="Cấp bậc", max_length=60, required=False)
    signer_name = forms.CharField(label="Họ tên người ký", max_length=120)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Tệp (PDF, DOCX, JPEG, PNG)")


class CouncilForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label="Đơn vị")
    name = forms.CharField(label="Tên hội đồng", max_length=255)
    term_start = forms.DateField(label="Nhiệm kỳ từ", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    term_end = forms.DateField(label="Nhiệm kỳ đến", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class MemberForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    rank = forms.CharField(label="Cấp bậc", max_length=60, required=False)
    position = forms.CharField(label="Chức vụ", max_length=160, required=False)
    role = forms.ChoiceField(label="Nhiệm vụ trong hội đồng", choices=CouncilRole.choices)
    username = forms.CharField(label="Tài khoản (thư ký nhập phiếu)", max_length=150, required=False)
