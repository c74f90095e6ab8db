"""Who a typed name or code means: a person or a unit of the actor's remit, and a registrable title.

Officers type names, not codes ("Lê Anh Tuấn", "le anh tuan", "Phòng Quân y"); a code still works. A name
is matched as a whole, diacritics and case ignored (`core.text.fold`), over the candidates the name search
finds (`org.search.filter_people_by_name`, every word a substring of the folded name, index-served), so
"Nguyễn Văn An" is not "Nguyễn Văn Anh". Two people (or units) with the same name are never guessed
between: the answer names the candidates with their code and unit so the officer can write the code.
Only the querysets passed in are searched — the caller's scoped selectors — so an answer never names a
person or a unit outside the remit.
"""

import re
from dataclasses import dataclass, field

from django.db.models import QuerySet

from tdkt.core.text import fold, normalize_spaces, search_words
from tdkt.org.models import Person, Unit
from tdkt.org.pickers import UnitTree
from tdkt.org.search import filter_people_by_name
from tdkt.org.selectors import SUBJECT_NOT_FOUND
from tdkt.records.models import CatalogueEntry

SHOWN = 5  # candidates named in a message: enough to pick from, short enough to read
PATH_DASH = re.compile(r"\s+[—–-]\s+")  # "Ban Kế hoạch — Phòng Tổ chức", also with "-" or "–" typed
DASHES = re.compile(r"\s*[—–-]\s*")
SCANNED = 200  # name-search hits looked at for a whole-name match (the name search is a substring test)


@dataclass
class Found:
    """The person or the unit a text means (`subject` is `{"person": …}` or `{"unit": …}`), or why none."""

    subject: dict | None = None
    error: str = ""
    candidates: list = field(default_factory=list)

    @property
    def subject_type(self) -> str:
        return "CA_NHAN" if self.subject and "person" in self.subject else "TAP_THE"


def describe(obj, *, tree: UnitTree | None = None) -> str:
    """A candidate as the officer tells it from another of the same name: a person with code and unit, a unit
    by its path (the pickers' "Ban Kế hoạch — Phòng Tham mưu — Cục Kỹ thuật", never an internal unit code).
    A list passes one `tree` for all its rows."""
    tree = tree or UnitTree()
    if isinstance(obj, Person):
        return f"{obj.full_name} ({obj.code}, {tree.label(obj.unit_id)})" if obj.unit_id else obj.full_name
    return tree.label(obj.pk)


def _same_name(text: str, *names: str) -> bool:
    folded = fold(text)
    return any(fold(name) == folded for name in names if name)


def _units_named(units: QuerySet, text: str) -> list[Unit]:
    for word in search_words(text):
        units = units.filter(name_folded__contains=word)
    return [u for u in units[:SCANNED] if _same_name(text, u.name, u.short_name)]


def _dashless(text: str) -> str:
    return DASHES.sub("-", fold(text))


def _within(obj, within: str, tree: UnitTree) -> bool:
    """Is `within` ("Phòng Tổ chức", "Phòng Tổ chức — Cục Chính trị") the start of the units above `obj`?"""
    unit_id = obj.unit_id if isinstance(obj, Person) else obj.pk
    path = tree.path(unit_id)
    above, wanted = _dashless(" — ".join(path if isinstance(obj, Person) else path[1:])), _dashless(within)
    return bool(wanted) and (above == wanted or above.startswith(wanted + "-"))


def _people_named(people: QuerySet, text: str) -> list[Person]:
    found = filter_people_by_name(people.select_related("unit"), text)[:SCANNED]
    return [p for p in found if _same_name(text, p.full_name)]


def resolve_subject(text: str, *, people: QuerySet, units: QuerySet) -> Found:
    """The one person or unit of `people` / `units` that `text` names (a code, or a whole name)."""
    text = normalize_spaces(text)
    if not text:
        return Found(error="Chưa ghi cá nhân hoặc đơn vị.")
    code = text.upper()
    person = people.filter(code=code).select_related("unit").first()
    if person is not None:
        return Found(subject={"person": person})
    unit = units.filter(code=code).first()
    if unit is not None:
        return Found(subject={"unit": unit})
    matches = [*_people_named(people, text), *_units_named(units, text)]
    # "Ban Kế hoạch — Phòng Tổ chức": the units above tell two of a name apart. A name may hold a dash itself
    # ("Ban Thi đua – Khen thưởng"), so the whole text is tried first, then each dash from the left.
    dashes = [] if matches else list(PATH_DASH.finditer(text))
    for dash in dashes:
        name, within = text[: dash.start()], text[dash.end() :]
        named = [*_people_named(people, name), *_units_named(units, name)]
        if named:
            tree = UnitTree()
            matches = [m for m in named if _within(m, within, tree)]
            break
    if len(matches) == 1:
        match = matches[0]
        return Found(subject={"person": match} if isinstance(match, Person) else {"unit": match})
    if matches:
        tree = UnitTree()
        shown = "; ".join(describe(m, tree=tree) for m in matches[:SHOWN])
        more = f" và {len(matches) - SHOWN} đối tượng khác" if len(matches) > SHOWN else ""
        how = _how_to_choose(matches, tree)
        return Found(
            error=f"“{text}” trùng tên {len(matches)} đối tượng: {shown}{more}. Để chọn đúng, {how}.",
            candidates=matches,
        )
    if " " not in text:  # a code: the very words of an unknown code, so a foreign one is not told apart
        return Found(error=SUBJECT_NOT_FOUND)
    return Found(error=f"Không tìm thấy cá nhân hoặc đơn vị có tên “{text}” trong phạm vi của bạn.")


def _how_to_choose(matches: list, tree: UnitTree) -> str:
    """How to name one of several namesakes: by the unit above (shown on the first of them), or by the code of
    what they are — a person's code ("mã cá nhân"), a unit's code ("mã đơn vị"), either for a mix."""
    people = any(isinstance(m, Person) for m in matches)
    units = any(not isinstance(m, Person) for m in matches)
    code = "mã cá nhân hoặc mã đơn vị" if people and units else "mã cá nhân" if people else "mã đơn vị"
    unit = next((m for m in matches if not isinstance(m, Person)), None)
    example = " — ".join(tree.label(unit.pk).split(" — ")[:2]) if unit is not None else ""
    if " — " not in example:
        example = "Ban Kế hoạch — Phòng Tổ chức"
    return f"ghi thêm đơn vị cấp trên sau dấu “—” (ví dụ “{example}”) hoặc ghi {code}"


def resolve_unit(text: str, *, units: QuerySet) -> Found:
    """The one unit of `units` that `text` names (code, name or short name)."""
    return resolve_subject(text, people=Person.objects.none(), units=units)


def registrable_titles(subject_type: str | None = None) -> list[CatalogueEntry]:
    entries = CatalogueEntry.objects.filter(kind="DANH_HIEU").order_by("position")
    return [e for e in entries if subject_type is None or e.allows(subject_type)]


def resolve_title(text: str, *, subject_type: str | None = None, titles: list | None = None) -> tuple:
    """(the registrable title `text` names — by name or code, accents ignored — or None, the error)."""
    text = normalize_spaces(text)
    titles = titles if titles is not None else registrable_titles()
    if not text:
        return None, "Chưa ghi danh hiệu đăng ký."
    folded = fold(text)
    entry = next((e for e in titles if folded in (fold(e.name), fold(e.code))), None)
    whom = {"CA_NHAN": "cá nhân", "TAP_THE": "tập thể"}.get(subject_type or "", "")
    fitting = [e.name for e in titles if subject_type is None or e.allows(subject_type)]
    if entry is None:
        return None, f"Không có danh hiệu thi đua “{text}”. Danh hiệu đăng ký được: {', '.join(fitting)}."
    if subject_type and not entry.allows(subject_type):
        return None, f"{entry.name} không phải danh hiệu đăng ký cho {whom}; cho {whom}: {', '.join(fitting)}."
    return entry, ""
