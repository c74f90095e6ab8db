"""Vietnamese text: NFC normalisation, diacritic folding for search, collation keys for sorting."""

import re
import unicodedata

from django.core.exceptions import ValidationError

# The Vietnamese alphabet order: ă and â follow a, đ follows d, ê follows e, ô ơ follow o, ư follows u.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tone order used by dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def nfc(value: str | None) -> str:
    """Trim and NFC-normalise text (imports and forms may bring NFD)."""
    return unicodedata.normalize("NFC", (value or "").strip())


def normalize_spaces(value: str | None) -> str:
    return " ".join(nfc(value).split())


def identity_key(value: str | None) -> str:
    """The form under which two spellings of a decision's number or issuer are the same: NFC, no whitespace,
    case-folded ("79 / qđ-xyz" and "79/QĐ-XYZ"; "ĐƠN VỊ XYZ" and "Đơn vị XYZ"). Compared in Python: SQLite's
    LIKE and LOWER fold ASCII letters only."""
    return "".join(nfc(value).split()).casefold()


def fold(value: str | None) -> str:
    """Lower-case ASCII form for diacritic-insensitive search: "Đặng Văn Đức" -> "dang van duc"."""
    decomposed = unicodedata.normalize("NFD", value or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").replace("Đ", "D").casefold().split())


def search_words(value: str | None) -> list[str]:
    """The folded words of a search, longest first: each is a substring scan, and the longest word is the
    rarest, so testing it first lets the database skip the other tests for most rows."""
    return sorted(set(fold(value).split()), key=lambda word: (-len(word), word))


def _collation_levels(value: str) -> tuple[list[int], list[int], list[int]]:
    base: list[str] = []
    tones: list[int] = []
    cases: list[int] = []
    for ch in unicodedata.normalize("NFD", value or ""):
        if unicodedata.combining(ch):
            if base and ch in _TONE_RANK:
                tones[-1] = _TONE_RANK[ch]
            elif base and (base[-1], ch) in _LETTER_MARKS:
                base[-1] = _LETTER_MARKS[(base[-1], ch)]
            continue
        lower = ch.lower()
        base.append(lower)
        tones.append(0)
        cases.append(int(ch != lower))
    primary = []
    for ch in base:
        if ch in _LETTER_RANK:
            primary.append(100 + _LETTER_RANK[ch])
        elif ch.isdigit():
            primary.append(10 + int(ch))
        elif ch.isspace():
            primary.append(1)
        else:
            primary.append(50)
    return primary, tones, cases


def vi_sort_key(value: str | None) -> str:
    """A string whose plain (binary or any locale) order is Vietnamese dictionary order.

    Three levels (letters, then tones, then case) like ICU's vi collation. Only digits are
    used, so the database's own collation cannot reorder it; level separator "0" sorts
    before every letter code (which all start with 1 or 2), so a prefix sorts first.
    """
    primary, tones, cases = _collation_levels(value or "")
    return (
        "".join(f"{code:03d}" for code in primary)
        + "0"
        + "".join(str(tone) for tone in tones)
        + "0"
        + "".join(str(case) for case in cases)
    )


# C0 and C1 control characters (and DEL), except tab, line feed and carriage return: they cannot be
# typed, print as nothing, and XML (XLSX, DOCX) cannot hold most of them (issue #14, finding 14). Also the
# bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make a text display in
# another order than it is stored ("Trojan Source"), so what is read is not what is recorded.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")
_BIDI_CHARS = re.compile(f"[{_BIDI}]")


def control_character(value: str | None) -> str | None:
    """The first control character in the text, or None."""
    match = _CONTROL.search(value or "")
    return match.group() if match else None


def control_character_message(char: str) -> str:
    if _BIDI_CHARS.fullmatch(char):
        return f"Không được chứa ký tự điều khiển hướng chữ (mã U+{ord(char):04X}); hãy nhập lại nội dung."
    return f"Không được chứa ký tự điều khiển (mã U+{ord(char):04X}); hãy nhập lại nội dung."


def reject_control_characters(value) -> None:
    """Field validator: refuse text with a control character, with a Vietnamese message."""
    char = control_character(value) if isinstance(value, str) else None
    if char is not None:
        raise ValidationError(control_character_message(char), code="control_character")
