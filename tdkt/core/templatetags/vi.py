"""Template filters for Vietnamese display."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def so(value):
    """Number with Vietnamese grouping: 1234567 -> 1.234.567."""
    if value in (None, ""):
        return ""
    return number_format(value, force_grouping=True)


@register.filter
def ngay(value):
    """dd/mm/yyyy, or empty."""
    return value.strftime("%d/%m/%Y") if value else ""


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
