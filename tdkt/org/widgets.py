"""The unit and person pickers: form fields and widgets that `static/js/pickers.js` turns into a combobox.

- `UnitChoiceField` + `UnitPicker`: a plain `<select>` of the allowed units, each labelled with its path
  ("Ban Kế hoạch — Phòng Tham mưu — Cục Kỹ thuật") in tree order. Without JavaScript it is that select;
  with it, a text box filters the same options (accents ignored) with the ARIA combobox/listbox pattern.
  The options are the form's own queryset, so the picker can never offer what the form would refuse.
- `PersonChoiceField` + `PersonPicker`: a text box for a person's code (the form's fallback without
  JavaScript); with it, typing a name asks `org:person_search` (the actor's remit) and shows rank and unit.
- `SubjectPicker`: the same for a field taking a person's or a unit's code (`org:subject_search`).

Nothing is chosen for the user: a required unit starts empty unless the view passes the actor's own unit
(`tdkt.org.pickers.actor_home_unit`).
"""

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.urls import reverse_lazy

from tdkt.core.forms import FastSelect
from tdkt.org.models import Person, Unit
from tdkt.org.pickers import UnitTree, person_label, unit_in_tree_order

CHOOSE_UNIT = "— Chọn đơn vị —"
WHOLE_REMIT = "— Toàn bộ phạm vi —"
UNIT_HINT = "Gõ tên đơn vị, có dấu hay không dấu đều được"
PERSON_HINT = "Gõ họ tên hoặc mã quân nhân"
SUBJECT_HINT = "Gõ họ tên, tên đơn vị hoặc mã"
PERSON_NOT_FOUND = "Không tìm thấy quân nhân có mã này trong phạm vi của đồng chí. Gõ họ tên rồi chọn trong danh sách."


class UnitPicker(FastSelect):
    """A `<select>` the picker script enhances (data-picker="unit"); the options carry the path labels."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"data-picker": "unit", "data-hint": UNIT_HINT, **(attrs or {})}, choices=choices)


class UnitChoiceIterator(ModelChoiceIterator):
    """The queryset's units in tree order, labelled with their paths (one query for the tree)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit, label in unit_in_tree_order(self.queryset):
            yield (ModelChoiceIteratorValue(self.field.prepare_value(unit), unit), label)


class UnitChoiceField(forms.ModelChoiceField):
    widget = UnitPicker
    iterator = UnitChoiceIterator

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", CHOOSE_UNIT if kwargs.get("required", True) else WHOLE_REMIT)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return UnitTree().label(obj.pk)


class _RemotePicker(forms.TextInput):
    """A text box for a code; the picker script adds the search-as-you-type list (data-source)."""

    kind = ""
    source = ""
    hint = ""

    def __init__(self, attrs=None):
        defaults = {"data-picker": self.kind, "data-source": self.source, "data-hint": self.hint, "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})})

    def value_label(self, value) -> str:
        return ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs["data-source"] = str(attrs["data-source"])
        label = self.value_label(context["widget"]["value"]) if context["widget"]["value"] else ""
        if label:
            attrs["data-label"] = label
        return context


class PersonPicker(_RemotePicker):
    kind = "person"
    source = reverse_lazy("org:person_search")
    hint = PERSON_HINT
    queryset = None  # set by PersonChoiceField: a label is shown only for a person the form may choose

    def value_label(self, value) -> str:
        if self.queryset is None:
            return ""
        person = self.queryset.filter(code=str(value).strip().upper()).select_related("unit").first()
        if person is None:
            return ""
        return f"{person_label(person)} ({person.code})"


class SubjectPicker(_RemotePicker):
    """For a field that takes a person's or a unit's code and resolves it itself (`subject_by_code`)."""

    kind = "subject"
    source = reverse_lazy("org:subject_search")
    hint = SUBJECT_HINT


class PersonChoiceField(forms.ModelChoiceField):
    """A person of `queryset`, given by code (typed, or filled in by the picker)."""

    widget = PersonPicker
    default_error_messages = {"invalid_choice": PERSON_NOT_FOUND}

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(queryset=queryset if queryset is not None else Person.objects.none(), **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self._queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)

    def label_from_instance(self, obj: Person) -> str:
        return f"{person_label(obj)} ({obj.code})"
