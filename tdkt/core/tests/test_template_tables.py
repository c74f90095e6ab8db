"""Every table in a page scrolls inside its own wrapper (issue #16): a table wider than a 390 px phone must never
widen the page. The wrapper is `<div class="table-responsive">` right before `<table` (tdkt.js makes it a named
Tab stop when it really scrolls). Printed documents (DOCX templates) are not HTML and not checked."""

import re
from pathlib import Path

import tdkt

TABLE = re.compile(r"<table\b")
WRAPPED = re.compile(r'<div class="table-responsive"[^>]*>\s*(\{%[^%]*%\}\s*)?$')


def unwrapped_tables(text: str) -> list[int]:
    """Line numbers of the <table> tags not opened right inside a .table-responsive wrapper."""
    return [text.count("\n", 0, m.start()) + 1 for m in TABLE.finditer(text) if not WRAPPED.search(text[: m.start()])]


def test_the_check_tells_a_wrapped_table_from_a_bare_one():
    assert unwrapped_tables('<div class="table-responsive"><table class="table"></table></div>') == []
    assert unwrapped_tables('<div class="table-responsive">\n  <table>\n</table></div>') == []
    assert unwrapped_tables('<h2>Danh sách</h2>\n<table class="table"></table>') == [2]
    assert unwrapped_tables('<div class="card"><table></table></div>') == [1]


def test_every_table_in_a_template_is_wrapped():
    offenders = []
    for path in sorted(Path(tdkt.__file__).parent.rglob("templates/**/*.html")):
        offenders += [
            f"{path.relative_to(Path(tdkt.__file__).parent)}:{n}" for n in unwrapped_tables(path.read_text("utf-8"))
        ]
    assert offenders == [], 'wrap these tables in <div class="table-responsive">…</div>'
