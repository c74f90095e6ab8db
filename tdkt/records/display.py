"""The records' vocabularies in the display layer (`tdkt.core.display`): catalogue names and the record's
kinds, ratings and statuses. Installed by `RecordsConfig.ready`."""

import time

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from tdkt.core import display
from tdkt.records import choices

# The catalogue is a few dozen rows read on almost every page: kept in memory, reloaded after a change
# in this process (signals) and at most a minute late after a change made by another process.
_TTL = 60.0
_cache: dict = {"names": None, "at": 0.0}


def _names() -> dict[str, str]:
    from tdkt.records.models import CatalogueEntry

    if _cache["names"] is None or time.monotonic() - _cache["at"] > _TTL:
        _cache["names"] = dict(CatalogueEntry.objects.values_list("code", "name"))
        _cache["at"] = time.monotonic()
    return _cache["names"]


def entry_name(code: str) -> str | None:
    """The catalogue's name of a title or form (CSTDCS -> "Chiến sĩ thi đua cơ sở"), None if unknown."""
    return _names().get(code)


def forget(**kwargs) -> None:
    _cache["names"] = None
    # and again once the change is committed: a read inside the same transaction may have cached it early
    if kwargs:
        transaction.on_commit(lambda: _cache.update(names=None))


def install() -> None:
    from tdkt.records.models import CatalogueEntry

    display.register("danh_muc", entry_name)
    display.register("loai_khen", choices.AwardKind)
    display.register("xep_loai", choices.Rating)
    display.register("doi_tuong", choices.SubjectType)
    display.register("doi_tuong", choices.EntrySubject)
    display.register("loai_danh_muc", choices.EntryKind)
    display.register("cap", choices.EntryLevel)
    display.register("trang_thai_khen", choices.AwardStatus)
    display.register("loai_sang_kien", choices.InitiativeType)
    display.register("cap_sang_kien", choices.InitiativeScope)
    display.register("ky_luat", choices.DisciplineForm)
    display.register_cache(forget)
    post_save.connect(forget, sender=CatalogueEntry, dispatch_uid="tdkt.records.display.save")
    post_delete.connect(forget, sender=CatalogueEntry, dispatch_uid="tdkt.records.display.delete")
