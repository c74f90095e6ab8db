"""Template filters for Vietnamese display."""

from django import template

from tdkt.core import display

register = template.Library()


@register.filter
def so(value):
    """Number with Vietnamese grouping and no needless decimals: 1234567 -> 1.234.567, 10.00 -> 10, 2.5 -> 2,5."""
    return display.number(value)


@register.filter
def ngay(value):
    """dd/mm/yyyy, or empty."""
    return value.strftime("%d/%m/%Y") if value else ""


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


# -- the display layer (tdkt.core.display): names instead of codes, Vietnamese numbers -------------------


@register.filter
def so_thap_phan(value, decimals=1):
    """A number with a fixed count of decimals: 55.63|so_thap_phan:1 -> 55,6."""
    return display.number(value, int(decimals))


@register.filter
def phan_tram(value, decimals=1):
    """A ratio as a percentage: 0.556 -> 55,6%."""
    return display.percent(value, int(decimals))


@register.filter
def phan_tram_so(value, decimals=1):
    """A value already in percent: 55.6 -> 55,6%."""
    return display.percent(value, int(decimals), ratio=False)


@register.filter
def ten(code, namespace):
    """The name of a code of a vocabulary: {{ dossier.kind|ten:"loai_ho_so" }}."""
    return display.name(namespace, code)


@register.filter
def ten_danh_hieu(code):
    """A title or form of the catalogue by its name: {{ "CSTDCS"|ten_danh_hieu }} -> Chiến sĩ thi đua cơ sở."""
    return display.name("danh_muc", code)


@register.filter
def ten_loai(code):
    """A kind of commendation (AwardKind): CHUYEN_DE -> Theo đợt, chuyên đề."""
    return display.name("loai_khen", code)


@register.filter
def ten_don_vi(unit):
    """A unit (instance or code) by its name, with its parents where the name alone is ambiguous."""
    return display.name("don_vi", unit)


@register.filter
def ten_ma(code):
    """A code of any vocabulary, the catalogue first (for mixed lists)."""
    return display.any_name(code)


@register.filter
def cau(text):
    """A stored sentence set inside another one: without its closing full stop, so that "năm 2023." followed
    by ". Quyết định: …" never reads "năm 2023.."."""
    return str(text or "").rstrip().rstrip(".;").rstrip()


@register.filter
def luong(value, measure=""):
    """A figure with its measure: {{ t.planned|luong:t.measure }} -> "10 sáng kiến", "70%" (not "10,00 sáng kiến")."""
    return display.quantity(value, measure)
