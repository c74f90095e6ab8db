"""Templates are data, never code: how a template is checked at upload and rendered afterwards.

A DOCX template is Jinja inside Word XML. Jinja's default environment lets a template reach Python
(`{{ cycler.__init__.__globals__.os.popen(...) }}`), so tdkt never renders with it:

* `environment()` is Jinja's immutable sandbox with no globals at all (no `cycler`, `range`, `lipsum`, …), no
  attribute that starts with `_`, no mutation of lists or dicts, and bounded `*` / `**`, `%` on strings,
  `str.format` and every filter that takes a width or a count (`center`, `indent`, `wordwrap`, `format`,
  `replace`, `batch`, `slice`, `tojson`): a small template cannot ask for a gigabyte string;
* `problems(document, data)` reads the template's Jinja source (body, headers, footers, footnotes and the
  document properties, as docxtpl will render them) and parses it without running anything: every name must be
  one of the document's context (`fields.FIELDS`), every column of a row one of its columns, no attribute or key
  may start with `_`, and `include` / `import` / `extends` are refused.
"""

from __future__ import annotations

import functools
import io
import re
import string

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tdkt.nominations.documents.fields import columns, names

MAX_REPEAT = 10_000  # "-" * 80 is a rule line; "x" * 10**9 is an attack
MAX_POWER = 64
MAX_WIDTH = 500  # a width, padding, precision or count a template may ask a filter or a format for
MAX_OUTPUT = 1_000_000  # characters one filter may build (the whole context of a document is far smaller)
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")  # those docxtpl renders
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# Names Jinja itself provides inside a loop or a macro; never at the top level of a template.
LOCALS = {"loop", "caller", "varargs", "kwargs"}


class OverLimit(SecurityError):
    """A computation past the sandbox's bounds (the message is already in Vietnamese)."""


def _width(value, what: str) -> None:
    if isinstance(value, str):
        value = len(value)
    if isinstance(value, int | float) and abs(value) > MAX_WIDTH:
        raise OverLimit(f"{what} quá lớn ({value}; tối đa {MAX_WIDTH})")


def _output(size: int, what: str) -> None:
    if size > MAX_OUTPUT:
        raise OverLimit(f"{what} tạo chuỗi quá dài (khoảng {size} ký tự; tối đa {MAX_OUTPUT})")


def _printf_specs(fmt: str) -> None:
    """Refuses a `%` format whose width or precision is over MAX_WIDTH or given by `*` (parsed as Python does:
    %[(key)][flags][width][.precision][length]type)."""
    i, n = 0, len(fmt)
    while True:
        i = fmt.find("%", i)
        if i < 0:
            return
        i += 1
        if i < n and fmt[i] == "(":
            depth = 1
            i += 1
            while i < n and depth:
                depth += {"(": 1, ")": -1}.get(fmt[i], 0)
                i += 1
        while i < n and fmt[i] in "#0- +":
            i += 1
        for part in ("width", "precision"):
            if part == "precision":
                if i >= n or fmt[i] != ".":
                    break
                i += 1
            if i < n and fmt[i] == "*":
                raise OverLimit("định dạng «%» với độ rộng «*» không được dùng trong mẫu")
            start = i
            while i < n and fmt[i].isdigit():
                i += 1
            if i > start:
                _width(int(fmt[start:i]), "độ rộng định dạng «%»")
        if i < n and fmt[i] == "%":
            i += 1


def _format_specs(fmt: str) -> None:
    """Refuses a `str.format` spec with a number over MAX_WIDTH (its width or precision; a fill character is a
    single character) or with a nested field (a width chosen at render time)."""
    for _, _, spec, _ in string.Formatter().parse(fmt):
        if not spec:
            continue
        if "{" in spec:
            raise OverLimit("định dạng «format» với độ rộng lồng nhau không được dùng trong mẫu")
        for digits in re.findall(r"\d+", spec):
            _width(int(digits), "độ rộng định dạng «format»")


def _bounded(name: str, check):
    """Jinja's filter `name`, refused (OverLimit) when `check(value, *args, **kwargs)` finds it would build too
    much. The wrapper keeps the filter's pass_environment / pass_eval_context marker."""
    original = FILTERS[name]
    passes = getattr(original, "jinja_pass_arg", None) is not None

    @functools.wraps(original)
    def bounded(*args, **kwargs):
        rest = args[1:] if passes else args
        check(*rest, **kwargs)
        return original(*args, **kwargs)

    return bounded


def _center(value, width=80):
    _width(width, "độ rộng của «center»")


def _indent(s, width=4, first=False, blank=False):
    _width(width, "độ rộng của «indent»")
    text = str(s)
    _output((len(text) + 1) * (len(width) if isinstance(width, str) else int(width) + 1) + len(text), "«indent»")


def _wordwrap(s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
    _width(width, "độ rộng của «wordwrap»")
    text = str(s)
    _output((len(text) + 1) * (1 + len(wrapstring or "\n")), "«wordwrap»")


def _format(value, *args, **kwargs):
    _printf_specs(str(value))


def _replace(s, old, new, count=None):
    text, old, new = str(s), str(old), str(new)
    times = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        times = min(times, count)
    _output(len(text) + times * max(len(new) - len(old), 0), "«replace»")


def _batch(value, linecount, fill_with=None):
    if fill_with is not None:
        _width(linecount, "số phần tử của «batch»")


def _slice(value, slices, fill_with=None):
    _width(slices, "số phần của «slice»")


def _tojson(value, indent=None):
    _width(indent, "thụt lề của «tojson»")


BOUNDED = {
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "format": _format,
    "replace": _replace,
    "batch": _batch,
    "slice": _slice,
    "tojson": _tojson,
}


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """The sandbox tdkt renders every document template in."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, check in BOUNDED.items():
            self.filters[name] = _bounded(name, check)

    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt = value.__self__

        @functools.wraps(wrapper)
        def bounded(*args, **kwargs):
            _format_specs(fmt)
            return wrapper(*args, **kwargs)

        return bounded

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
            raise OverLimit(f"lũy thừa quá lớn ({right})")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                    raise OverLimit(f"chuỗi lặp quá dài ({len(seq)} × {times})")
        if operator == "%" and isinstance(left, str):
            _printf_specs(left)
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
    found += _bound_problems(tree)
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


def _bound_problems(tree: nodes.Template) -> list[str]:
    """The bounds of the render (`BOUNDED`, `%`, `str.format`) checked at upload on the constants written in the
    template (a bound reached through a computed value is still refused at render)."""
    found = []

    def check(test, *args, **kwargs):
        try:
            test(*args, **kwargs)
        except OverLimit as exc:
            found.append(str(exc))

    def const(node):
        return node.value if isinstance(node, nodes.Const) else None

    for node in tree.find_all(nodes.Filter):
        if node.name in BOUNDED:
            kwargs = {k.key: k.value.value for k in node.kwargs if isinstance(k.value, nodes.Const)}
            value = const(node.node) if node.node is not None else None
            try:
                check(BOUNDED[node.name], "" if value is None else value, *(const(a) for a in node.args), **kwargs)
            except (TypeError, ValueError):  # the arguments do not fit the filter: the render will say so
                pass
    for node in tree.find_all(nodes.Mod):
        if isinstance(const(node.left), str):
            check(_printf_specs, node.left.value)
    for node in tree.find_all(nodes.Call):
        if isinstance(node.node, nodes.Getattr) and node.node.attr in ("format", "format_map"):
            if isinstance(const(node.node.node), str):
                try:
                    check(_format_specs, node.node.node.value)
                except ValueError:
                    pass
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
