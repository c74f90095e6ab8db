"""Ids written into forms and links are never grouped: with USE_THOUSAND_SEPARATOR, {{ 1601 }} renders "1.601"."""

import re
from pathlib import Path

from django.template import Context, Template

import tdkt

ATTRIBUTE = re.compile(r'\b[\w-]+="([^"]*)"')
ID_VARIABLE = re.compile(r"\{\{\s*([\w.]*(?:\.pk|\.id|_id|page_number))\s*\}\}")


def test_a_grouped_id_is_what_unlocalize_prevents():
    rendered = Template('<input value="{{ n }}"><input value="{{ n|unlocalize }}">').render(Context({"n": 1601}))
    assert rendered == '<input value="1.601"><input value="1601">'


def test_every_id_in_an_attribute_is_unlocalized():
    offenders = []
    for path in Path(tdkt.__file__).parent.rglob("*.html"):
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for attribute in ATTRIBUTE.finditer(line):
                offenders += [f"{path.name}:{line_no}: {m.group(0)}" for m in ID_VARIABLE.finditer(attribute.group(1))]
    assert offenders == []
