"""`tdkt audit verify --records`: the current state of every audited object against its last audited state.

The chain proves the events were not touched; it says nothing of a business row edited directly in the
database. For each object an event names, the last event's `after` holds the audited fields as they were
written; a row whose current values differ (or that is gone, or back after its deletion was recorded) is
drift. Only fields of the model are compared: `after` may also hold notes such as a transfer's details.
"""

import datetime
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder

from tdkt.audit.models import AuditEvent

BATCH = 2000
GONE = "(không còn trong cơ sở dữ liệu)"
PRESENT = "(vẫn còn trong cơ sở dữ liệu)"
DELETED = "(đã xóa)"


@dataclass(frozen=True)
class Drift:
    object_type: str
    object_id: str
    object_repr: str
    seq: int  # the last event of the object
    field: str
    audited: object
    current: object


def _json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _instant(value):
    if not isinstance(value, str) or len(value) < 19 or value[10] != "T":
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return None


def _same(audited, current) -> bool:
    """Values equal as audited: JSON forms, or the same instant written in another zone, or the same
    number written as text (hand-built events store decimals with `str`)."""
    if audited == current:
        return True
    if isinstance(audited, str) and isinstance(current, str):
        a, c = _instant(audited), _instant(current)
        if a is not None and c is not None:
            return a == c
    if isinstance(audited, str | int | float) and isinstance(current, str | int | float):
        if isinstance(audited, bool) or isinstance(current, bool):
            return False
        texts = (str(audited), str(current))
        if not any("." in text for text in texts):  # codes such as "007" and "7" stay different
            return texts[0] == texts[1]
        try:  # "70" audited by a service, "70.00" read back from a DecimalField
            return Decimal(texts[0]) == Decimal(texts[1])
        except InvalidOperation:
            return texts[0] == texts[1]
    return False


def _columns(model, keys) -> dict[str, str]:
    """after-key -> attribute to read, for keys that name a concrete field of the model."""
    columns = {}
    for key in keys:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if field.concrete and not field.many_to_many:
            columns[key] = field.attname
    return columns


def _natural_keys(model, name: str) -> list[str]:
    """For a foreign key `name` of `model`: the unique fields of its target (besides the key), by which an
    event may name the target instead of its id (a decision issue is audited with its authority's code)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return []
    target = field.related_model if field.is_relation and (field.many_to_one or field.one_to_one) else None
    if target is None:
        return []
    return [
        f.attname
        for f in target._meta.concrete_fields
        if f.unique and not f.primary_key and not f.is_relation and f.attname != field.target_field.attname
    ]


class _Targets:
    """The natural keys of foreign-key targets, read once per (model, id)."""

    def __init__(self):
        self._rows: dict[tuple, dict | None] = {}

    def row(self, target, pk, names: list[str]) -> dict | None:
        key = (target._meta.label_lower, pk)
        if key not in self._rows:
            self._rows[key] = target._base_manager.filter(pk=pk).values(*names).first()
        return self._rows[key]


def _same_target(model, name: str, audited, current, targets: _Targets) -> tuple[bool, object]:
    """(same, current as shown): an audited natural key (a code) matches the current target's natural key.
    `current` is the foreign key's id; when it differs, the current target's natural key is shown beside it."""
    names = _natural_keys(model, name)
    if not names or current is None or not isinstance(audited, str):  # ids are audited as numbers
        return False, current
    target = model._meta.get_field(name).related_model
    row = targets.row(target, current, names)
    if row is None:
        return False, current
    values = [_json(row[n]) for n in names]
    if any(value is not None and _same(audited, value) for value in values):
        return True, current
    shown = next((value for value in values if value not in (None, "")), None)
    return False, current if shown is None else f"{shown} (id {current})"


def _object_types() -> list[str]:
    return sorted(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())


@dataclass
class _Audited:
    """An object's state as its events left it: the latest audited value of each field."""

    seq: int = 0
    object_repr: str = ""
    values: dict | None = None
    deleted: bool = False


def _fold(events) -> dict[str, _Audited]:
    states: dict[str, _Audited] = {}
    for seq, object_id, object_repr, before, after in events:
        state = states.setdefault(object_id, _Audited())
        state.seq, state.object_repr = seq, object_repr
        if isinstance(after, dict):
            state.values = {**(state.values or {}), **after} if not state.deleted else dict(after)
            state.deleted = False
        elif before is not None:  # before without after: the object was deleted
            state.values, state.deleted = None, True
    return states


def records_drift(*, progress: Callable[[str, int, int], None] | None = None) -> Iterator[Drift]:
    """Every difference between the record and its audit trail, object type by object type.

    `progress(object_type, done, total)` is called after each batch of objects.
    """
    targets = _Targets()
    for object_type in _object_types():
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue  # a model removed since: its events stay, there is nothing to compare
        ids = sorted(
            AuditEvent.objects.filter(object_type=object_type).order_by().values_list("object_id", flat=True).distinct()
        )
        total = len(ids)
        for start in range(0, total, BATCH):
            chunk = ids[start : start + BATCH]
            states = _fold(
                AuditEvent.objects.filter(object_type=object_type, object_id__in=chunk)
                .order_by("seq")
                .values_list("seq", "object_id", "object_repr", "before", "after")
            )
            keys = set().union(*(state.values or {} for state in states.values()))
            columns = _columns(model, keys)
            try:
                rows = {
                    str(row["pk"]): row
                    for row in model._base_manager.filter(pk__in=chunk).values("pk", *sorted(set(columns.values())))
                }
            except (ValueError, TypeError):  # object ids that cannot be this model's key
                rows = {}
            for object_id in chunk:
                state, row = states[object_id], rows.get(object_id)
                if state.deleted or state.values is None:
                    if state.deleted and row is not None:  # its deletion was recorded, yet it is there
                        yield Drift(object_type, object_id, state.object_repr, state.seq, "—", DELETED, PRESENT)
                    continue
                if row is None:
                    yield Drift(object_type, object_id, state.object_repr, state.seq, "—", "(có)", GONE)
                    continue
                for key, value in state.values.items():
                    if key not in columns:
                        continue
                    current = _json(row[columns[key]])
                    if not _same(value, current):
                        same, current = _same_target(model, key, value, current, targets)
                        if same:
                            continue
                        yield Drift(object_type, object_id, state.object_repr, state.seq, key, value, current)
            if progress:
                progress(object_type, min(start + BATCH, total), total)
