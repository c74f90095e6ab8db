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
        for key, old, new in event.changed_fields():
            field = _field(model, key)
            if isinstance(field, models.ForeignKey):
                wanted.setdefault(field.related_model, set()).update(v for v in (old, new) if v)
    names = {
        (related, obj.pk): str(obj)
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
            label = str(field.verbose_name) if field is not None else ("Điều chuyển" if key == "transfer" else key)
            changes.append(
                FieldChange(label, _show(field, old, names) if event.before else "", _show(field, new, names))
            )
        rows.append(HistoryRow(event, ACTION_LABELS.get(event.action, event.action), changes))
    return rows


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
