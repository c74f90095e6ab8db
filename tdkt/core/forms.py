"""Form helpers: Bootstrap classes, Vietnamese date inputs, service errors onto the form."""

from django import forms
from django.core.exceptions import ValidationError

from tdkt.core.errors import DomainError


class VietnameseDateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", **(attrs or {})}, format="%d/%m/%Y")


class FastSelect(forms.Select):
    """A <select> rendered in Python, not one template per option: a list of 800 units took 200 ms."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import escape
        from django.utils.safestring import mark_safe

        selected = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            options.append(f'<option value="{escape(option_value)}"{mark}>{escape(label)}</option>')
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return mark_safe(f"<select{flatatt(final)}>{''.join(options)}</select>")


class BootstrapFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = VietnameseDateInput()
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def add_service_error(form: forms.Form, exc: ValidationError | DomainError) -> None:
    """Attach an error raised by a service to the matching form field (or to the whole form)."""
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def service_messages(exc) -> list[str]:
    """The Vietnamese messages of a service's refusal, whatever its kind."""
    from django.core.exceptions import PermissionDenied

    if isinstance(exc, DomainError):
        return [exc.message]
    if isinstance(exc, PermissionDenied):
        return [str(exc) or "Bạn không có quyền thực hiện thao tác này."]
    return exc.messages


def run_service(request, service, **kwargs):
    """Call a service from a view; when it refuses the input, show its messages and return None.

    Only the answers about the input become messages (`ValidationError`, `DomainError`): the service wrote
    nothing and the user can correct and retry. A refused actor is not an input error: `PermissionDenied`
    and `Http404` pass through to the 403 / 404 page, so a refused write never looks like a saved one.
    """
    from django.contrib import messages

    try:
        return service(**kwargs)
    except (ValidationError, DomainError) as exc:
        for message in service_messages(exc):
            messages.error(request, message)
        return None


ONE_TIME_TOKENS = "one_time_form_tokens"  # session key: the tokens of forms shown and not yet submitted
ONE_TIME_TOKENS_KEPT = 50  # per session: a user with more open forms than this re-opens the oldest
ONE_TIME_TOKEN_USED = "Biểu mẫu này đã được gửi (hoặc đã hết hạn): không ghi lại lần nữa. Mở lại trang để ghi mới."


class OneTimeTokenMixin:
    """A hidden one-time token against double submits (a double click, the back button, a replayed POST).

    Showing the form issues a random token kept in the session; the POST must carry a token still there, and the
    view consumes it with `token_consume()` once its service has written. A second POST with the same token is
    refused with a form error, and the view writes nothing. Concurrent duplicates are the database's job (the
    record's unique constraints): session writes are not atomic across requests.

    Pass `request=` to the form; bound or not, the form carries its token in the hidden field `form_token`.
    """

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self._token_request = request
        self.fields["form_token"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial["form_token"] = self._token_issue()

    def _tokens(self) -> list[str]:
        return list(self._token_request.session.get(ONE_TIME_TOKENS, []))

    def _token_issue(self) -> str:
        import secrets

        token = secrets.token_urlsafe(24)
        session = self._token_request.session
        session[ONE_TIME_TOKENS] = [*self._tokens(), token][-ONE_TIME_TOKENS_KEPT:]
        return token

    def clean(self):
        cleaned = super().clean()
        token = self.data.get(self.add_prefix("form_token"), "")
        if not token or token not in self._tokens():
            raise ValidationError(ONE_TIME_TOKEN_USED, code="token_used")
        return cleaned

    def token_consume(self) -> None:
        """After a successful write: the same token can never be submitted again."""
        token = self.data.get(self.add_prefix("form_token"), "")
        session = self._token_request.session
        session[ONE_TIME_TOKENS] = [t for t in self._tokens() if t != token]
