"""Templates are data, never code: how a template is checked at upload and rendered afterwards.

A DOCX template is Jinja inside Word XML. Jinja's default environment lets a template reach Python
(`{{ cycler.__init__.__globals__.os.popen(...) }}`), so tdkt never renders with it:

* `environment()` is Jinja's immutable sandbox with no globals at all (no `cycler`, `range`, `lipsum`, …), no
  attribute that starts with `_`, no mutation of lists or dicts, and bounded `*` / `**` (a template cannot ask
  for a gigabyte string);
* `problems(document, data)` reads the template's Jinja source (body, headers, footers, footnotes and the
  document properties, as docxtpl will render them) and parses it without running anything: every name must be
  one of the document's context (`fields.FIELDS`), every column of a row one of its columns, no attribute or key
  may start with `_`, and `include` / `import` / `extends` are refused.
"""

from __future__ import annotations

import io
import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tdkt.nominations.documents.fields import columns, names

MAX_REPEAT = 10_000  # "-" * 80 is a rule line; "x" * 10**9 is an attack
MAX_POWER = 64
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")  # those docxtpl renders
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# Names Jinja itself provides inside a loop or a macro; never at the top level of a template.
LOCALS = {"loop", "caller", "varargs", "kwargs"}


class OverLimit(SecurityError):
    """A computation past the sandbox's bounds (the message is already in Vietnamese)."""


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """The sandbox tdkt renders every document template in."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
            raise OverLimit(f"lũy thừa quá lớn ({right})")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                    raise OverLimit(f"chuỗi lặp quá dài ({len(seq)} × {times})")
        return super().call_binop(context, operator, left, right)


def environment() -> TemplateSandbox:
    env = TemplateSandbox(autoescape=True)
    env.globals.clear()
    return env


def sources(data: bytes) -> list[tuple[str, str]]:
    """(where, Jinja source) of every part docxtpl renders, patched as docxtpl patches them before rendering
    (one Word paragraph a line, so that an error's line number points at its paragraph)."""
    template = DocxTemplate(io.BytesIO(data))
    template.init_docx()
    docx = template.docx

    def jinja(xml: str) -> str:
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))

    out = [("nội dung", jinja(template.get_xml()))]
    for rel in docx.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external and rel.target_part.blob:
            where = "đầu trang" if rel.reltype == RT.HEADER else "chân trang"
            out.append((where, jinja(template.get_part_xml(rel.target_part))))
    for part in docx.part.package.parts:
        if part.content_type == FOOTNOTES:
            out.append(("chú thích", jinja(part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob)))
    for prop in PROPERTIES:
        value = getattr(docx.core_properties, prop) or ""
        if value:
            out.append((f"thuộc tính tệp ({prop})", value))
    return out


def _line(source: str, lineno: int | None) -> str:
    """The text of the Word paragraph around a Jinja line, without its XML tags."""
    if not lineno:
        return ""
    text = re.sub(r"<[^>]+>", "", source.splitlines()[lineno - 1] if lineno <= len(source.splitlines()) else "")
    text = " ".join(text.split())
    return f" (đoạn “{text[:80]}”)" if text else ""


def _walk_problems(tree: nodes.Template, document: str) -> list[str]:
    found = []
    rows = columns(document)
    if any(tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))):
        found.append("không được dùng lệnh include / import / extends")
    for node in tree.find_all(nodes.Name):
        if node.name == "self":
            found.append("không được dùng «self»")
    for node in tree.find_all(nodes.Getattr):
        if node.attr.startswith("_"):
            found.append(f"không được truy cập thuộc tính «{node.attr}» (bắt đầu bằng dấu gạch dưới)")
    for node in tree.find_all((nodes.Getitem, nodes.Filter, nodes.Test, nodes.Call)):
        for const in node.find_all(nodes.Const):
            if isinstance(const.value, str) and const.value.startswith("__"):
                found.append(f"không được dùng «{const.value}» (bắt đầu bằng hai dấu gạch dưới)")
    for loop in tree.find_all(nodes.For):
        if not (isinstance(loop.iter, nodes.Name) and loop.iter.name in rows and isinstance(loop.target, nodes.Name)):
            continue
        allowed, var = rows[loop.iter.name], loop.target.name
        for body in loop.body:
            for node in body.find_all(nodes.Getattr):
                if isinstance(node.node, nodes.Name) and node.node.name == var and node.attr not in allowed:
                    found.append(
                        f"«{var}.{node.attr}» không phải cột của «{loop.iter.name}»; "
                        f"các cột dùng được: {', '.join(sorted(allowed))}"
                    )
    return found


def _loaded_names(tree: nodes.Template) -> set[str]:
    """Names read and never assigned: what `meta.find_undeclared_variables` gives, when the template does not
    compile (a little wider: a name assigned anywhere counts as assigned everywhere)."""
    stored = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    stored |= {m.name for m in tree.find_all(nodes.Macro)}
    return {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"} - stored - LOCALS - {"self"}


def problems(document: str, data: bytes) -> list[str]:
    """What makes `data` unusable as a template of `document`, in Vietnamese; empty when it is usable.

    Nothing of the template is executed: its parts are read as text, parsed and compiled by Jinja (compiling
    checks that every filter exists), never rendered."""
    try:
        parts = sources(data)
    except Exception:  # python-docx raises zip, XML and KeyError alike for a file that is not a Word document
        return ["tệp không phải văn bản Word (DOCX) đọc được"]
    env, allowed, found = environment(), names(document), []
    for where, source in parts:
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            found.append(f"lỗi cú pháp ở {where}{_line(source, exc.lineno)}: {explain(exc)}")
            continue
        try:
            used = meta.find_undeclared_variables(tree)  # compiles (finds unknown filters and tests); runs nothing
        except TemplateSyntaxError as exc:
            found.append(f"lỗi ở {where}{_line(source, exc.lineno)}: {explain(exc)}")
            used = _loaded_names(tree)
        for name in sorted(used - allowed):
            hint = " (chỉ dùng được bên trong vòng lặp hoặc macro)" if name in LOCALS else ""
            found.append(f"«{name}» không phải trường của văn bản này{hint}")
        found += _walk_problems(tree, document)
    return list(dict.fromkeys(found))


JINJA_MESSAGES = [
    (r"No filter named '(.+?)'", "không có bộ lọc «{}»"),
    (r"No test named '(.+?)'", "không có phép thử «{}»"),
    (r"access to attribute '(.+?)' of '.+?' object is unsafe", "truy cập thuộc tính «{}» bị chặn vì không an toàn"),
    (r"'(.+?)' is undefined", "«{}» không có giá trị"),
    (r"Encountered unknown tag '(.+?)'", "không có lệnh «{}»"),
    (r"Unexpected end of template", "mẫu kết thúc khi một lệnh chưa đóng (thiếu end…)"),
]


def explain(exc: Exception) -> str:
    """Jinja's message in Vietnamese when it is one of the usual ones; else Jinja's own words after a Vietnamese
    lead (the name at fault stays visible either way)."""
    message = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, OverLimit):
        return message
    for pattern, text in JINJA_MESSAGES:
        match = re.search(pattern, message)
        if match:
            return text.format(*match.groups())
    if isinstance(exc, SecurityError):
        return f"lệnh bị chặn vì không an toàn ({message})"
    return f"mẫu không đúng cú pháp Jinja ({message})"
