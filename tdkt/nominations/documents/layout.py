"""The default DOCX templates, built in the layout of Nghị định 30/2020 (domain.md §9).

Each template is a docxtpl (Jinja in Word) document: an administrator downloads it, edits it in Word
and uploads the replacement (`documents.templates`). The defaults are built here rather than shipped as
binary files so that the layout is readable, reviewed and tested like any other code.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY = Pt(14)


def _font(run, size: Pt, *, bold=False, italic=False) -> None:
    run.font.name = FONT
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _para(
    container,
    text: str = "",
    size: Pt = BODY,
    *,
    bold=False,
    italic=False,
    align=None,
    indent=False,
    after: int = 6,
    before: int = 0,
):
    p = container.add_paragraph()
    if text:
        _font(p.add_run(text), size, bold=bold, italic=italic)
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    if indent:
        fmt.first_line_indent = Mm(12.7)
    return p


def _rule(cell, width_mm: float) -> None:
    """The short line under the issuing body and under the motto: a centred paragraph's bottom border."""
    p = cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell_width = 80.0
    side = max((cell_width - width_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.space_after = Pt(6)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)
    run = p.add_run("")
    _font(run, Pt(4))


def _widths(table, millimetres: list[float]) -> None:
    """Fixed column widths (Word and LibreOffice both honour the cell widths of a fixed-layout table)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, millimetres, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _page_number_header(section) -> None:
    """Page number centred at the top, from page 2 (the first page has an empty header)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _font(run, Pt(13))
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _page_number_header(section)
    return doc


def heading_block(doc, *, type_name: str, subject: str) -> None:
    """The two-column head (issuing body and number | national title, motto and date), type and subject."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, [65, 100])
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _font(left.paragraphs[0].add_run("{{ parent_body }}"), Pt(13))
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].paragraph_format.space_after = Pt(0)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run("{{ issuing_body }}"), Pt(13), bold=True)
    _rule(left, 25)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("{% if number %}Số: {{ number }}{% endif %}"), Pt(13))
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), Pt(12), bold=True)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run("Độc lập - Tự do - Hạnh phúc"), Pt(14), bold=True)
    _rule(right, 60)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("{{ place_date }}"), Pt(14), italic=True)
    _para(doc, type_name, Pt(14), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=0)
    _para(doc, subject, Pt(14), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)


def signature_block(doc, *, recipients: bool = True) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [75, 90])
    left, right = table.rows[0].cells
    if recipients:
        p = left.paragraphs[0]
        _font(p.add_run("Nơi nhận:"), Pt(12), bold=True, italic=True)
        p.paragraph_format.space_after = Pt(0)
        loop(left, "recipients", "- {{ item }};", Pt(11), after=0)
        p = left.add_paragraph()
        _font(p.add_run("- Lưu: VT."), Pt(11))
    for text, size, bold in (("{{ signer_authority }}", Pt(14), True), ("{{ signer_title }}", Pt(14), True)):
        p = right.paragraphs[0] if text == "{{ signer_authority }}" else right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(text), size, bold=bold)
    for _ in range(3):
        right.add_paragraph()
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("{{ signer_rank }} {{ signer_name }}"), Pt(14), bold=True)


def loop(container, items: str, text: str, size: Pt = BODY, *, indent=False, after: int = 6) -> None:
    """One paragraph per element of `items` (docxtpl paragraph loop); `item` names the element."""
    _para(container, f"{{%p for item in {items} %}}", size, after=0)
    _para(container, text, size, indent=indent, after=after, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(container, "{%p endfor %}", size, after=0)


def list_table(doc, headers: list[str], cells: list[str], widths: list[float]) -> None:
    """A numbered list (danh sách) with a docxtpl row loop over `rows`."""
    table = doc.add_table(rows=3, cols=len(headers))
    table.style = "Table Grid"
    _widths(table, widths)
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), Pt(12), bold=True)
    _font(table.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in rows %}"), Pt(12))
    for cell, text, width in zip(table.rows[2].cells, cells, widths, strict=True):
        cell.width = Mm(width)
        _font(cell.paragraphs[0].add_run(text), Pt(12))
    end = table.add_row()
    _font(end.cells[0].paragraphs[0].add_run("{%tr endfor %}"), Pt(12))


def body(doc, text: str, **kw):
    return _para(
        doc, text, BODY, indent=kw.pop("indent", True), align=kw.pop("align", WD_ALIGN_PARAGRAPH.JUSTIFY), **kw
    )


def centred(doc, text: str, *, bold=True, size=BODY, after=6):
    return _para(doc, text, size, bold=bold, align=WD_ALIGN_PARAGRAPH.CENTER, after=after)


def page_break(doc) -> None:
    doc.add_page_break()


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
