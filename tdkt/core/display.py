"""One display layer: the Vietnamese name of every code a user may see, and Vietnamese numbers.

Pages, documents (DOCX) and spreadsheets (XLSX) show names, never internal codes (CHUYEN_DE, CSTDCS,
QK5-CCT…), and numbers written the Vietnamese way (``1.234``, ``55,6%``, ``10 sáng kiến``).

Core sits below every app that owns a vocabulary, so it cannot import them. It keeps a registry instead
(the same inversion as `core.policy.install_remit`): each app registers, in its `AppConfig.ready`, the
namespaces it owns — records the catalogue (``danh_muc``) and its kinds, org the units (``don_vi``),
nominations and emulation their kinds, stages and statuses. A source is a mapping (a `TextChoices`
class is turned into one) or a callable ``code -> name | None`` (the catalogue and units live in the
database). Callers ask ``name("danh_muc", "CSTDCS")``; an unknown code comes back as it is, so a
display never loses information.

Numbers do not go through Django's `number_format`: documents and spreadsheets are built outside a
request (CLI, cron), where the active language is not guaranteed, and the rules here are fixed:
thousands dot, decimal comma, an integral value without decimals.
"""

from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

Source = Mapping[str, str] | Callable[[str], str | None]

_SOURCES: dict[str, list[Source]] = {}


def register(namespace: str, source) -> None:
    """Make `source` answer for `namespace` (several sources are asked in order of registration).

    `source` may be a `TextChoices` class, a mapping of code to name, or a callable."""
    if isinstance(source, type) and hasattr(source, "choices"):  # a TextChoices class
        source = dict(source.choices)
    sources = _SOURCES.setdefault(namespace, [])
    if source not in sources:
        sources.append(source)


_CACHE_CLEARERS: list[Callable[[], None]] = []


def register_cache(clear: Callable[[], None]) -> None:
    """A source that keeps database rows in memory says how to forget them (tests, after a rollback)."""
    if clear not in _CACHE_CLEARERS:
        _CACHE_CLEARERS.append(clear)


def clear_caches() -> None:
    for clear in _CACHE_CLEARERS:
        clear()


def namespaces() -> list[str]:
    return sorted(_SOURCES)


def _ask(source: Source, code) -> str | None:
    if callable(source):
        return source(code)  # a database-backed source may also take an instance (a unit)
    return source.get(str(code))


def name(namespace: str, code, default: str | None = None) -> str:
    """The Vietnamese name of `code` in `namespace`; `default` (or the code itself) when nobody knows it."""
    if code is None or code == "":
        return ""
    for source in _SOURCES.get(namespace, ()):
        found = _ask(source, code)
        if found:
            return found
    return str(code) if default is None else default


def any_name(code, namespaces_: Iterable[str] | None = None) -> str:
    """The name of `code` in the first namespace that knows it (the catalogue first): for lists whose
    codes are of several vocabularies (a summary's mixed counts)."""
    if code is None or code == "":
        return ""
    if namespaces_ is None:
        namespaces_ = ["danh_muc", *[n for n in namespaces() if n != "danh_muc"]]
    order = list(namespaces_)
    for namespace in order:
        found = name(namespace, code, default="")
        if found:
            return found
    return str(code)


def known_codes(namespace: str) -> set[str]:
    """Every code a mapping source of `namespace` knows (callable sources cannot be listed)."""
    codes: set[str] = set()
    for source in _SOURCES.get(namespace, ()):
        if not callable(source):
            codes.update(source)
    return codes


# -- numbers -----------------------------------------------------------------------------------------


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def number(value, decimals: int | None = None) -> str:
    """1234567 -> "1.234.567"; 10.00 -> "10"; 2.5 -> "2,5"; with `decimals`, rounded to that many places
    (trailing zeros kept: number(55.0, 1) -> "55,0"). Empty for None and ""; other text is returned as is."""
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return str(value)
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    if decimals is not None:
        amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    elif amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    else:
        amount = amount.normalize()
    sign = "-" if amount < 0 else ""
    text = format(abs(amount), "f")
    whole, _, fraction = text.partition(".")
    if sign and not whole.strip("0") and not fraction.strip("0"):
        sign = ""  # -0,0 is 0,0
    return sign + _group(whole) + ("," + fraction if fraction else "")


def percent(value, decimals: int = 1, *, ratio: bool = True) -> str:
    """0.556 -> "55,6%" (a ratio by default; `ratio=False` when the value is already in percent)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return number(amount * 100 if ratio else amount, decimals) + "%"


def count(value, noun: str) -> str:
    """ "10 sáng kiến", "1.234 cá nhân" (Vietnamese nouns do not change with the number)."""
    return f"{number(value)} {noun}".strip()


def quantity(value, measure: str = "") -> str:
    """A figure with its measure: "10 sáng kiến", "70%" (a percent sign sticks to the number), "1.234 người"."""
    if value in (None, ""):
        return ""
    measure = (measure or "").strip()
    if measure == "%":
        return number(value) + "%"
    return f"{number(value)} {measure}".strip()


# -- spreadsheet number formats (Excel's own codes; the application shows them in the reader's locale) ---

XLSX_INTEGER = "#,##0"
XLSX_DECIMAL = "#,##0.0"
XLSX_DECIMAL2 = "#,##0.00"
XLSX_PERCENT = "0.0%"
XLSX_DATE = "dd/mm/yyyy"
