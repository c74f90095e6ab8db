"""`{% unit_options units selected %}`: the `<option>`s of a hand-written unit `<select data-picker="unit">`.

Pages whose filters are plain GET forms (reports, emulation) list the units in their own template; this tag
gives them the same path labels and tree order as `UnitChoiceField`, so a unit reads the same everywhere.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from tdkt.org.pickers import actor_home_unit, unit_in_tree_order

register = template.Library()


def _key(unit, value: str) -> str:
    return str(getattr(unit, value))


@register.simple_tag
def unit_options(units, selected=None, value="pk", empty=""):
    """Options in tree order, labelled with paths; `selected` is a Unit, or its pk/code as `value` names;
    `empty` (a label) adds a first option with no value, selected when nothing is."""
    chosen = _key(selected, value) if hasattr(selected, "pk") else ("" if selected in (None, "") else str(selected))
    rows = [
        (_key(unit, value), mark_safe(" selected") if _key(unit, value) == chosen else "", label)
        for unit, label in unit_in_tree_order(units)
    ]
    options = format_html_join("", '<option value="{}"{}>{}</option>', rows)
    if empty:
        mark = "" if any(r[1] for r in rows) else mark_safe(" selected")
        options = format_html('<option value=""{}>{}</option>', mark, empty) + options
    return options


@register.simple_tag(takes_context=True)
def home_unit(context, units):
    """`{% home_unit units as home %}`: the actor's own unit when it is among `units`, else None (never a guess)."""
    request = context.get("request")
    return actor_home_unit(getattr(request, "user", None), units) if units is not None else None
