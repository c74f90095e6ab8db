"""htmx helpers: one URL serves the full page and its partial."""

from django.shortcuts import render


def render_page_or_partial(request, full_template: str, partial_template: str, context: dict):
    template = partial_template if getattr(request, "htmx", False) else full_template
    return render(request, template, context)
