from django import forms

from tdkt.core.forms import BootstrapFormMixin


class PreferenceForm(BootstrapFormMixin, forms.Form):
    email = forms.BooleanField(label="Gửi cả thư điện tử khi có thông báo mới", required=False)
