from django import template

from tdkt.audit.actions import ACTION_LABELS, FIELD_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.filter
def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


@register.filter
def show_value(value) -> str:
    """Stored ISO dates back to dd/mm/yyyy; empty values as a dash."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    if isinstance(value, dict):
        return ", ".join(f"{FIELD_LABELS.get(k, k)}: {show_value(v)}" for k, v in value.items())
    return str(value)
