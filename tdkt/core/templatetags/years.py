"""`{% working_year %}`: the year under review, read once per request (the header and a page may both ask)."""

from django import template

from tdkt.core.years import working_year as read_working_year

register = template.Library()
CACHE_ATTRIBUTE = "_tdkt_working_year"


@register.simple_tag(takes_context=True)
def working_year(context) -> int:
    request = context.get("request")
    if request is None:
        return read_working_year()
    if not hasattr(request, CACHE_ATTRIBUTE):
        setattr(request, CACHE_ATTRIBUTE, read_working_year())
    return getattr(request, CACHE_ATTRIBUTE)
