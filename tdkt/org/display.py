"""Units in the display layer (`tdkt.core.display`, namespace ``don_vi``): a unit is shown by its name,
followed by its parents' names only where the name alone is ambiguous — 27 units are called "Ban Kế
hoạch", so one of them reads "Ban Kế hoạch — Phòng Tham mưu — Cục Kỹ thuật"; "Bộ Tham mưu" stays
"Bộ Tham mưu". Installed by `OrgConfig.ready`."""

import time
from collections import Counter

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from tdkt.core import display
from tdkt.org import choices

SEPARATOR = " — "
_TTL = 60.0  # another process's change shows within a minute; this process's at once (signals)
_cache: dict = {"tree": None, "at": 0.0}


def _tree():
    from tdkt.org.models import Unit

    if _cache["tree"] is None or time.monotonic() - _cache["at"] > _TTL:
        rows = list(Unit.objects.values_list("id", "code", "name", "parent_id"))
        by_id = {pk: (name, parent) for pk, _code, name, parent in rows}
        by_code = {code: pk for pk, code, _name, _parent in rows}
        _cache["tree"] = (by_id, by_code, Counter(name for _pk, _code, name, _parent in rows), {})
        _cache["at"] = time.monotonic()
    return _cache["tree"]


def unit_path(unit_id: int) -> str:
    """The unit's name, with as many parents as make it unique among the units of that name."""
    by_id, _by_code, counts, memo = _tree()
    if unit_id in memo:
        return memo[unit_id]
    name, parent = by_id.get(unit_id, ("", None))
    if counts[name] <= 1:
        memo[unit_id] = name
        return name
    # Names of the same-named units' chains: add parents until ours differs from every other one.
    same = [pk for pk, (other, _p) in by_id.items() if other == name and pk != unit_id]

    def chain(pk, depth):
        parts, current = [], pk
        for _ in range(depth + 1):
            if current is None or current not in by_id:
                break
            parts.append(by_id[current][0])
            current = by_id[current][1]
        return parts

    for depth in range(1, 6):
        mine = chain(unit_id, depth)
        if all(chain(pk, depth) != mine for pk in same) or len(mine) <= depth:
            break
    memo[unit_id] = SEPARATOR.join(mine)
    return memo[unit_id]


def unit_label(unit) -> str:
    """A unit (instance, id or code) as a user reads it."""
    if unit in (None, ""):
        return ""
    if hasattr(unit, "pk"):
        return unit_path(unit.pk) or unit.name
    by_id, by_code, _counts, _memo = _tree()
    if isinstance(unit, int):
        return unit_path(unit) if unit in by_id else str(unit)
    pk = by_code.get(str(unit))
    return unit_path(pk) if pk is not None else None


def forget(**kwargs) -> None:
    _cache["tree"] = None
    # and again once the change is committed: a read inside the same transaction may have cached it early
    if kwargs:
        transaction.on_commit(lambda: _cache.update(tree=None))


def install() -> None:
    from tdkt.org.models import Unit

    display.register("don_vi", unit_label)
    display.register("loai_don_vi", choices.UnitType)
    display.register("gioi_tinh", choices.Gender)
    display.register("doi_tuong_qn", choices.PersonCategory)
    display.register("cap_bac", choices.Rank)
    display.register("vai_tro", choices.Role)
    display.register_cache(forget)
    post_save.connect(forget, sender=Unit, dispatch_uid="tdkt.org.display.save")
    post_delete.connect(forget, sender=Unit, dispatch_uid="tdkt.org.display.delete")
