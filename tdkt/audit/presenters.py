"""Human-readable change history: field verbose names, choice labels, names of referenced objects."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from tdkt.audit.actions import ACTION_LABELS


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    event: object
    action_label: str
    changes: list[FieldChange]
    # what a correction is about when the fields naming it did not change ("Năm: 2023"), so that
    # "Mức độ: A → B" in a subject's history says which year's rating it was
    about: str = ""

    @property
    def is_correction(self) -> bool:
        return bool(self.event.before) and bool(self.changes)


# fields that name a record of a subject's history (a rating's year, an award's entry and year)
CONTEXT_FIELDS = ("entry", "year", "decided_on", "name")


def _field(model, name):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _show(field, value, names: dict) -> str:
    if value in (None, "", []):
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, value), f"#{value}")
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(None, v, names)}" for k, v in value.items() if k != "id")
    return str(value)


def history_rows(events) -> list[HistoryRow]:
    """Rows for the history table; referenced objects are fetched with one query per model."""
    events = list(events)
    wanted: dict = {}
    for event in events:
        model = _model(event.object_type)
        pairs = [(key, old, new) for key, old, new in event.changed_fields()]
        pairs += [(key, value, None) for key, value in (event.before or {}).items() if key in CONTEXT_FIELDS]
        for key, old, new in pairs:
            field = _field(model, key)
            if isinstance(field, models.ForeignKey):
                wanted.setdefault(field.related_model, set()).update(v for v in (old, new) if v)
    names = {
        (related, obj.pk): str(getattr(obj, "name", "") or obj)  # a catalogue entry by its name, not its code
        for related, ids in wanted.items()
        for obj in related._base_manager.filter(pk__in=ids)
    }
    rows = []
    for event in events:
        model = _model(event.object_type)
        changes = []
        for key, old, new in event.changed_fields():
            if key == "id":
                continue
            field = _field(model, key)
            label = _label(model, key)
            changes.append(
                FieldChange(label, _show(field, old, names) if event.before else "", _show(field, new, names))
            )
        about = ""
        if event.before:
            changed = {key for key, _old, _new in event.changed_fields()}
            about = ", ".join(
                f"{_label(model, key)}: {_show(_field(model, key), event.before[key], names)}"
                for key in CONTEXT_FIELDS
                if key in event.before and key not in changed and event.before[key] not in (None, "")
            )
        rows.append(HistoryRow(event, ACTION_LABELS.get(event.action, event.action), changes, about))
    return rows


def _label(model, key: str) -> str:
    field = _field(model, key)
    return str(field.verbose_name) if field is not None else ("Điều chuyển" if key == "transfer" else key)


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
