"""Render a numbered :class:`~narrator.document.Document` as a Word (.docx) file.

This is the plain version: numbers are literal text ("4.3 Domestic Abuse",
"4.3.1<tab>…"), footnotes are superscript numbers with a "Notes" list at the
end, and captions are typed out. Each block type has its own method on
:class:`_DocxWriter`, and every piece of inline text goes through
:meth:`_DocxWriter._add_runs`, so Word numbering fields, real footnotes and
bookmarks on figures can later replace one method at a time.

The output is deterministic: the same Document gives the same bytes. Dates
come from ``Document.properties["created"]``, never the clock, and the zip is
re-packed with fixed timestamps.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Pt, RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph

from ..document import (
    Block,
    Cell,
    Document,
    Figure,
    FootnoteRef,
    Heading,
    MemoField,
    Paragraph,
    Row,
    Runs,
    Table,
    Text,
    plain_text,
)
from ..numbering import format_number
from .options import WriterOptions

__all__ = ["render_docx"]

# Page and type: A4, Arial 11 pt, as a UK memo.
FONT = "Arial"
LANGUAGE = "en-GB"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21.0), Cm(29.7), Cm(2.5)
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
NUMBER_INDENT = Cm(1.5)  # numbered paragraphs: number, tab, text hanging here
MEMO_INDENT = Cm(2.0)  # memo fields: "To:", tab, value
NOTE_INDENT = Cm(0.75)  # the Notes list: "1", tab, text
HEADER_SHADING = "D9D9D9"
GROUP_SHADING = "F2F2F2"
EPOCH = datetime(2000, 1, 1)  # created/modified when properties give no date
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)

_ALIGNMENT = {
    "left": WD_PARAGRAPH_ALIGNMENT.LEFT,
    "right": WD_PARAGRAPH_ALIGNMENT.RIGHT,
    "center": WD_PARAGRAPH_ALIGNMENT.CENTER,
}

# Written in place of the template's docProps/app.xml, which names another
# application and carries the template's page and word counts.
_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>Narrator</Application><DocSecurity>0</DocSecurity></Properties>"
)


def render_docx(document: Document, options: WriterOptions | None = None) -> bytes:
    """``document`` as the bytes of a .docx file."""
    return _DocxWriter(document, options or WriterOptions()).render()


class _DocxWriter:
    def __init__(self, document: Document, options: WriterOptions) -> None:
        self.source = document
        self.options = options
        self.doc = docx.Document()
        self._after_bare_table = False  # the last block was a table with no caption

    def render(self) -> bytes:
        _set_up_page(self.doc)
        _set_up_styles(self.doc)
        _set_properties(self.doc, self.source)
        self._strapline(self.source.strapline)
        for memo_field in self.source.memo:
            self._memo_field(memo_field)
        self._title(self.source.title)
        for block in self.source.blocks:
            self._block(block)
        self._notes()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _repack(buffer.getvalue())

    # --- front matter -----------------------------------------------------

    def _strapline(self, strapline: str) -> None:
        if not strapline.strip():
            return
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(12)
        self._add_text(paragraph, strapline, italic=True).font.size = Pt(12)

    def _memo_field(self, memo_field: MemoField) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(4)
        paragraph.paragraph_format.tab_stops.add_tab_stop(MEMO_INDENT)
        self._add_text(paragraph, f"{memo_field.label}:", bold=True)
        self._add_text(paragraph, "\t")
        self._add_runs(paragraph, memo_field.runs)

    def _title(self, title: str) -> None:
        if title.strip():
            self._add_text(self.doc.add_paragraph(style="Title"), title)

    # --- blocks -----------------------------------------------------------

    def _block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, Paragraph):
            self._paragraph(block)
        elif isinstance(block, Table):
            self._table(block)
        else:
            raise TypeError(f"cannot render {type(block).__name__} as docx")
        self._after_bare_table = isinstance(block, Table) and not block.caption

    def _heading(self, heading: Heading) -> None:
        level = min(max(heading.level, 1), 9)
        paragraph = self.doc.add_paragraph(style=f"Heading {level}")
        if heading.numbered and heading.number:
            self._add_text(paragraph, f"{format_number(heading.number)} ")
        self._add_runs(paragraph, heading.runs)

    def _paragraph(self, block: Paragraph) -> None:
        paragraph = self.doc.add_paragraph()
        if self._after_bare_table:
            paragraph.paragraph_format.space_before = Pt(8)
        italic = block.role == "note" or None
        if block.role == "note":  # a note introduces what follows: keep them on one page
            paragraph.paragraph_format.keep_with_next = True
        if block.numbered and block.number:
            fmt = paragraph.paragraph_format
            fmt.left_indent, fmt.first_line_indent = NUMBER_INDENT, -NUMBER_INDENT
            fmt.tab_stops.add_tab_stop(NUMBER_INDENT)
            self._add_text(paragraph, f"{format_number(block.number)}\t", italic=italic)
        self._add_runs(paragraph, block.runs, italic=italic)

    def _table(self, block: Table) -> None:
        columns = max((len(row.cells) for row in block.rows), default=0)
        if columns:
            if self._after_bare_table:  # Word would join two adjacent tables into one
                self.doc.add_paragraph().paragraph_format.space_after = Pt(0)
            table = self.doc.add_table(rows=len(block.rows), cols=columns)
            table.style = self.doc.styles["Table Grid"]
            table.autofit = False
            widths = _column_widths(block.rows, columns, TEXT_WIDTH)
            for column, width in zip(table.columns, widths):
                column.width = width
            leading_header = True
            for row, docx_row in zip(block.rows, table.rows):
                leading_header = leading_header and row.kind == "header"
                self._row(row, docx_row, widths, repeat=leading_header)
            if block.caption:  # keep the last row with its caption
                for docx_cell in table.rows[-1].cells:
                    docx_cell.paragraphs[0].paragraph_format.keep_with_next = True
        self._caption(block)

    def _row(self, row: Row, docx_row: _Row, widths: list[Length], *, repeat: bool) -> None:
        """One table row; ``repeat`` marks a header row Word repeats on each page."""
        _set_row_property(docx_row, "w:cantSplit")
        if repeat:
            _set_row_property(docx_row, "w:tblHeader")
        shading = {"header": HEADER_SHADING, "group": GROUP_SHADING}.get(row.kind)
        for index, (docx_cell, width) in enumerate(zip(docx_row.cells, widths)):
            docx_cell.width = width
            cell = row.cells[index] if index < len(row.cells) else Cell(())
            self._cell(cell, docx_cell, bold=row.kind != "body" or None)
            if shading:
                _shade(docx_cell, shading)
            if row.kind != "body":  # keep a header or group label with the row below
                docx_cell.paragraphs[0].paragraph_format.keep_with_next = True

    def _cell(self, cell: Cell, docx_cell: _Cell, *, bold: bool | None) -> None:
        """One cell. ``cell.tone`` (good/bad/neutral) is not shown yet: plain text."""
        docx_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = docx_cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.alignment = _ALIGNMENT[cell.align]
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(2), Pt(2), 1.0
        self._add_runs(paragraph, cell.runs, bold=bold)

    def _caption(self, block: Table) -> None:
        if not block.caption:
            return
        label = f"Table {block.number}: " if block.number is not None else ""
        self._add_text(self.doc.add_paragraph(style="Caption"), f"{label}{block.caption}")

    # --- footnotes --------------------------------------------------------

    def _notes(self) -> None:
        """The footnotes, listed at the end under "Notes" ("1<tab>text")."""
        if not self.source.footnotes:
            return
        heading = self.doc.add_paragraph()
        heading.paragraph_format.space_before = Pt(18)
        heading.paragraph_format.keep_with_next = True
        self._add_text(heading, "Notes", bold=True)
        for note in self.source.footnotes:
            paragraph = self.doc.add_paragraph()
            fmt = paragraph.paragraph_format
            fmt.left_indent, fmt.first_line_indent = NOTE_INDENT, -NOTE_INDENT
            fmt.tab_stops.add_tab_stop(NOTE_INDENT)
            fmt.space_after = Pt(4)
            self._add_text(paragraph, f"{note.number}\t", size=Pt(9))
            self._add_runs(paragraph, note.runs, size=Pt(9))

    # --- inline -----------------------------------------------------------

    def _add_runs(self, paragraph: DocxParagraph, runs: Runs, **style: object) -> None:
        for run in runs:
            if isinstance(run, Text):
                self._add_text(paragraph, run.text, **style)
            elif isinstance(run, Figure):
                self._add_figure(paragraph, run, **style)
            elif isinstance(run, FootnoteRef):
                self._add_footnote_ref(paragraph, run)
            else:
                raise TypeError(f"cannot render {type(run).__name__} as docx")

    def _add_figure(self, paragraph: DocxParagraph, figure: Figure, **style: object) -> None:
        """A figure: its text for now (``figure.fact_id`` is where a bookmark would go)."""
        self._add_text(paragraph, figure.text, **style)

    def _add_footnote_ref(self, paragraph: DocxParagraph, ref: FootnoteRef) -> None:
        self._add_text(paragraph, str(ref.number)).font.superscript = True

    @staticmethod
    def _add_text(
        paragraph: DocxParagraph,
        text: str,
        *,
        bold: bool | None = None,
        italic: bool | None = None,
        size: Length | None = None,
    ):
        """A run of ``text`` ("\\t" and "\\n" become Word tabs and line breaks)."""
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if size is not None:
            run.font.size = size
        return run


# --- layout -------------------------------------------------------------------


def _column_widths(rows: tuple[Row, ...], columns: int, total: Length) -> list[Length]:
    """Widths that fill ``total``, the first (label) column the widest.

    Each column wants room for its longest cell on one line (group rows aside:
    their label spans the row). Value columns get what they want, up to a
    quarter of the width each; the label column takes the rest. If the label
    would then be narrower than a value column, or the columns want less than
    the page, the widths are scaled to fit.
    """
    longest = [0] * columns
    for row in rows:
        if row.kind == "group":
            continue
        for index, cell in enumerate(row.cells):
            longest[index] = max(longest[index], len(plain_text(cell.runs)))
    char, padding = Cm(0.21), Cm(0.4)  # Arial 11 pt, and the cell's side margins
    wanted = [min(n, 80) * char + padding for n in longest]
    if columns == 1:
        return [total]
    values = [min(width, total // 4) for width in wanted[1:]]
    label = total - sum(values)
    if label < max(values) or label > wanted[0]:
        label = max(min(wanted[0], total * 3 // 5), *values)
        scale = total / (label + sum(values))
        label, values = label * scale, [width * scale for width in values]
    widths = [int(label), *(int(width) for width in values)]
    widths[0] += total - sum(widths)  # rounding
    return [Emu(width) for width in widths]


_ROW_PROPERTY_ORDER = ("w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc")


def _set_row_property(row: _Row, tag: str) -> None:
    """Add ``<w:cantSplit/>``, ``<w:tblHeader/>``… to the row, in schema order."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        later = _ROW_PROPERTY_ORDER[_ROW_PROPERTY_ORDER.index(tag) + 1 :]
        tr_pr.insert_element_before(OxmlElement(tag), *later)


def _shade(cell: _Cell, fill: str) -> None:
    shd = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.insert_element_before(
        shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def _set_up_page(doc: docx.document.Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    section.header_distance = section.footer_distance = Cm(1.25)


def _set_up_styles(doc: docx.document.Document) -> None:
    """Arial throughout, black headings, UK English, spacing for a memo."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    fonts.attrib.clear()  # drop the theme fonts, which would win over a named font
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    r_pr.find(qn("w:lang")).set(qn("w:val"), LANGUAGE)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(8)

    for name, size, before, after in (
        ("Title", 14, 12, 18),
        ("Heading 1", 12, 18, 6),
        ("Heading 2", 11, 12, 6),
        *((f"Heading {level}", 11, 12, 6) for level in range(3, 10)),
        ("Caption", 10, 4, 12),
    ):
        style = doc.styles[name]
        _drop_children(style.element.rPr, "w:rFonts", "w:spacing", "w:kern", "w:szCs", "w:bCs")
        _drop_children(style.element.pPr, "w:pBdr")
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
    doc.styles["Title"].paragraph_format.keep_with_next = True
    doc.styles["Caption"].font.bold = False


def _drop_children(element, *tags: str) -> None:
    if element is None:
        return
    for tag in tags:
        for child in element.findall(qn(tag)):
            element.remove(child)


def _set_properties(doc: docx.document.Document, source: Document) -> None:
    properties = source.properties
    core = doc.core_properties
    author = properties.get("author", "")
    core.title = properties.get("title") or source.title
    core.subject = properties.get("subject", "")
    core.author = author
    core.last_modified_by = author
    core.keywords = properties.get("keywords", "")
    core.comments = ""  # the template's description says "generated by python-docx"
    core.category = ""
    created = _date(properties.get("created"))
    core.created = created
    core.modified = created
    core.revision = 1

    package = doc.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of the template's empty page
            package.rels.pop(r_id)
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = _APP_XML


def _date(value: str | date | None) -> datetime:
    """``"YYYY-MM-DD"`` (or a full ISO timestamp) as a datetime; the fixed epoch if absent.

    A ``date`` object is taken too: YAML reads an unquoted 2021-04-13 as one.
    """
    if not value:
        return EPOCH
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, date):
        when = datetime(value.year, value.month, value.day)
    else:
        when = datetime.fromisoformat(str(value))
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when


def _repack(data: bytes) -> bytes:
    """The zip ``data`` again, with fixed timestamps and attributes, members in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(member), compresslevel=6)
    return out.getvalue()
