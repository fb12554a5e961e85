"""Render a numbered :class:`~narrator.document.Document` as a Word draft an analyst can keep working in.

This module walks the document model; the Word parts python-docx has no API for are
written by :mod:`narrator.writers.word`. What the analyst gets:

* Headings in Word's heading styles and numbered paragraphs in "Numbered Paragraph n"
  styles, all numbered by one Word multilevel list (:mod:`.word.numbering`): the text
  holds no typed number, so inserting or deleting a paragraph renumbers the rest.
* Real footnotes (:mod:`.word.footnotes`).
* Tables in the "Report Table" table style (thin rules, a shaded header row that repeats
  on every page), figures right-aligned, judgement cells shaded by their tone with
  the colours of ``WriterOptions.tone_colours``; captions "Table n: …" whose number is
  a ``SEQ Table`` field (:mod:`.word.fields`).
* Every figure inside a bookmark named after its fact (:mod:`.word.bookmarks`), and the
  bookmark → fact map in a custom XML part; :func:`narrator.writers.word.figure_bookmarks`
  reads it back from an edited draft.
* The memo header and title, and document properties from ``Document.properties``.
* The styles, page set-up, headers and footers of ``WriterOptions.reference`` (a house
  .docx) when given, else of the built-in default template (:mod:`.word.template`).
  A style the house template lacks is added from the default template.

The output is deterministic: the same Document and template give the same bytes.
"""

from __future__ import annotations

import itertools
from collections import Counter

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ..document.numbering import number_blocks
from ..model import (
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
from .options import WriterOptions
from .word import fields
from .word.bookmarks import FigureBookmarks
from .word.footnotes import FootnoteWriter
from .word.numbering import LEVELS, add_outline_list, no_number
from .word.package import WordPackage
from .word.properties import write_properties
from .word.template import TABLE_STYLE
from .word.xml import insert_ordered, run_content, w

__all__ = ["render_docx"]

NUMBER_INDENT = 850  # twips (1.5 cm): numbers hang in it, text starts after it
DEEP_NUMBER_INDENT = 1134  # 2 cm, for numbers of four parts or more (4.3.1.10)
HEADER_FILL = "D9D9D9"  # a header row below the first, which the table style does not reach
GROUP_FILL = "F2F2F2"
SMALL_TABLE = 20  # rows; a table this short is kept on one page; a longer one keeps its first and last rows together
CHAR_WIDTH, CELL_PADDING = 108, 227  # twips: a character of 10 pt Arial, a cell's side margins

_ALIGN = {"left": None, "right": "right", "center": "center"}


def render_docx(document: Document, options: WriterOptions | None = None) -> bytes:
    """``document`` as the bytes of a .docx file."""
    return _DocxWriter(document, options or WriterOptions()).render()


def _levels(blocks: tuple[Block, ...]) -> tuple[int, int]:
    """The deepest heading level and the longest paragraph number of ``blocks``."""
    headings = [b.level for b in blocks if isinstance(b, Heading)]
    paragraphs = [len(b.number) for b in blocks if isinstance(b, Paragraph) and b.numbered]
    return max(headings, default=1), max(paragraphs, default=1)


class _DocxWriter:
    def __init__(self, document: Document, options: WriterOptions) -> None:
        self.source = document
        self.options = options
        self.word = WordPackage.open(options.reference)
        unnumbered = any(isinstance(b, (Heading, Paragraph)) and b.numbered and not b.number for b in document.blocks)
        self.blocks = number_blocks(document.blocks) if unnumbered else document.blocks  # levels come from numbers
        deepest_heading, deepest_paragraph = _levels(self.blocks)
        if max(deepest_heading, deepest_paragraph) > LEVELS:
            raise ValueError(f"Word lists have {LEVELS} levels; this document needs {max(deepest_heading, deepest_paragraph)}")
        styles = self.word.styles
        require = styles.require
        self.headings = {n: require(f"Heading {n}") for n in range(1, max(3, deepest_heading) + 1)}
        self.numbered = {n: require(f"Numbered Paragraph {n}") for n in range(1, max(4, deepest_paragraph) + 1)}
        self.style = {
            name: require(name)
            for name in ("Normal", "Title", "Strapline", "Memo", "Body Text", "Note", "Caption", "Table Text",
                         "Footnote Text", "Footnote Reference", TABLE_STYLE)
        }
        indents = {n: NUMBER_INDENT if n <= 3 else DEEP_NUMBER_INDENT for n in range(1, LEVELS + 1)}
        self.outline = add_outline_list(self.word.numbering, styles, self.headings, self.numbered, indents)
        self._ids = itertools.count(1)  # bookmark ids: figures and footnote references share them
        self.bookmarks = FigureBookmarks(self._ids)
        self.footnotes = FootnoteWriter(
            self.word,
            self.style["Footnote Text"],
            self.style["Footnote Reference"],
            lambda: next(self._ids),
            cited_again=_cited_again(document),
        )
        if options.reference is not None and styles.added:
            options.notify(
                f"{options.reference} has no style {', '.join(repr(n) for n in styles.added)}; "
                "the draft uses Narrator's own for "
                + ("it" if len(styles.added) == 1 else "them")
            )
        self._restart_pending = False  # an unnumbered heading closed the numbered sections
        self._after_bare_table = False  # the last block was a table with no caption

    def render(self) -> bytes:
        self._strapline(self.source.strapline)
        for memo_field in self.source.memo:
            self._memo_field(memo_field)
        self._title(self.source.title)
        blocks = self.blocks
        for block, following in zip(blocks, (*blocks[1:], None)):
            self._block(block, following)
        for note in self.source.footnotes:
            paragraph = self.footnotes.note(note.number)
            self._add_runs(paragraph, note.runs)
        self.footnotes.finish()
        self.bookmarks.write_map(self.word)
        write_properties(self.word, self.source.properties, self.source.title)
        return self.word.save()

    # --- building blocks --------------------------------------------------------

    def _paragraph_element(self, style: str, *properties: etree._Element) -> etree._Element:
        ppr = w("pPr", w("pStyle", val=style))
        for element in properties:
            insert_ordered(ppr, element)
        return w("p", ppr)

    def _add_paragraph(self, style: str, *properties: etree._Element) -> etree._Element:
        return self.word.append(self._paragraph_element(style, *properties))

    # --- front matter -----------------------------------------------------------

    def _strapline(self, strapline: str) -> None:
        """The strap line, unless the template's headers or footers already show it."""
        if not strapline.strip() or _squeeze(strapline) in self._template_header_text():
            return
        self._add_runs(self._add_paragraph(self.style["Strapline"]), (Text(strapline),))

    def _template_header_text(self) -> str:
        texts = []
        for rel in self.word.main.rels.values():
            if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
                root = etree.fromstring(rel.target_part.blob)
                texts.append("".join(t.text or "" for t in root.iter(qn("w:t"))))
        return _squeeze(" ".join(texts))

    def _memo_field(self, memo_field: MemoField) -> None:
        paragraph = self._add_paragraph(self.style["Memo"])
        _append(paragraph, _text_runs(f"{memo_field.label}:", bold=True))
        _append(paragraph, [w("r", w("tab"))])
        self._add_runs(paragraph, memo_field.runs)

    def _title(self, title: str) -> None:
        if title.strip():
            self._add_runs(self._add_paragraph(self.style["Title"]), (Text(title),))

    # --- blocks -----------------------------------------------------------------

    def _block(self, block: Block, following: Block | None) -> None:
        if isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, Paragraph):
            self._paragraph(block, introduces_table=isinstance(following, Table))
        elif isinstance(block, Table):
            self._table(block)
        else:
            raise TypeError(f"cannot render {type(block).__name__} as docx")
        self._after_bare_table = isinstance(block, Table) and not block.caption

    def _number(self, level: int, properties: list[etree._Element]) -> None:
        """Put the block being written at ``level`` of the outline list."""
        if self._restart_pending:
            self.outline.restart()
            self._restart_pending = False
        properties.append(self.outline.number_properties(level))

    def _heading(self, heading: Heading) -> None:
        level = max(heading.level, 1)
        properties: list[etree._Element] = []
        if heading.numbered:
            if self.outline.restarted or self._restart_pending:
                self._number(level, properties)
        else:
            self._restart_pending = True
        paragraph = self._add_paragraph(self.headings[level], *properties)
        if not heading.numbered:
            no_number(paragraph.find(qn("w:pPr")))
        self._add_runs(paragraph, heading.runs)

    def _paragraph(self, block: Paragraph, *, introduces_table: bool) -> None:
        properties: list[etree._Element] = []
        if introduces_table:  # "… in the last months of 2020/21:" stays with its table
            properties.append(w("keepNext"))
        if self._after_bare_table:
            properties.append(w("spacing", before=160))
        if block.numbered:
            level = len(block.number)
            style = self.numbered[level]
            self._number(level, properties)
        else:
            style = self.style["Note" if block.role == "note" else "Body Text"]
        self._add_runs(self._add_paragraph(style, *properties), block.runs)

    # --- tables -------------------------------------------------------------------

    def _table(self, block: Table) -> None:
        columns = max((len(row.cells) for row in block.rows), default=0)
        if columns:
            if self._after_bare_table:  # Word would join two adjacent tables into one
                self._add_paragraph(self.style["Normal"], w("spacing", after=0))
            self.word.append(self._table_element(block, columns))
        self._caption(block)

    def _table_element(self, block: Table, columns: int) -> etree._Element:
        widths = _column_widths(block.rows, columns, self.word.text_width)
        header_rows = next((i for i, row in enumerate(block.rows) if row.kind != "header"), len(block.rows))
        first_row = 1 if header_rows else 0
        look = 0x0020 * first_row | 0x0200 | 0x0400  # first row; no banding
        table = w(
            "tbl",
            w(
                "tblPr",
                w("tblStyle", val=self.style[TABLE_STYLE]),
                w("tblW", w=sum(widths), type="dxa"),
                w("tblLayout", type="fixed"),
                w("tblLook", val=f"{look:04X}", firstRow=first_row, lastRow=0, firstColumn=0, lastColumn=0,
                  noHBand=1, noVBand=1),
            ),
            w("tblGrid", *(w("gridCol", w=width) for width in widths)),
        )
        count = len(block.rows)
        for index, row in enumerate(block.rows):
            last = index == count - 1
            # keep with the next row: headers and group labels; every row of a short table;
            # the first three and last two rows of a long one (no lone row at a page end);
            # the last row with the caption below it
            keep = (
                row.kind != "body"
                or (not last and (count <= SMALL_TABLE or index < header_rows + 2 or index >= count - 2))
                or (last and bool(block.caption))
            )
            table.append(self._row(row, widths, header=index < header_rows, first=index == 0, keep=keep))
        return table

    def _row(self, row: Row, widths: list[int], *, header: bool, first: bool, keep: bool) -> etree._Element:
        """One row; a leading header row repeats at the top of every page."""
        trpr = w("trPr", w("cantSplit"), w("tblHeader") if header else None)
        element = w("tr", trpr)
        cells = list(row.cells) + [Cell(())] * (len(widths) - len(row.cells))
        for cell, width in zip(cells, widths):
            fill = None
            if row.kind == "group":
                fill = GROUP_FILL
            elif row.kind == "header" and not first:
                fill = HEADER_FILL
            elif cell.tone:
                fill = self.options.tone_colours.get(cell.tone) or None
            tcpr = w(
                "tcPr",
                w("tcW", w=width, type="dxa"),
                w("shd", val="clear", color="auto", fill=fill) if fill else None,
                w("vAlign", val="center"),
            )
            properties = [w("keepNext")] if keep else []
            if _ALIGN[cell.align]:
                properties.append(w("jc", val=_ALIGN[cell.align]))
            paragraph = self._paragraph_element(self.style["Table Text"], *properties)
            bold = row.kind == "group" or (row.kind == "header" and not first)
            self._add_runs(paragraph, cell.runs, bold=bold)
            element.append(w("tc", tcpr, paragraph))
        return element

    def _caption(self, block: Table) -> None:
        if not block.caption:
            return
        paragraph = self._add_paragraph(self.style["Caption"])
        if block.number is not None:
            _append(paragraph, _text_runs("Table "))
            _append(paragraph, fields.seq("Table", block.number))
            _append(paragraph, _text_runs(": "))
        _append(paragraph, _text_runs(" ".join(block.caption.split())))

    # --- inline -----------------------------------------------------------------

    def _add_runs(self, paragraph: etree._Element, runs: Runs, *, bold: bool = False, italic: bool = False) -> None:
        for run in runs:
            if isinstance(run, Text):
                _append(paragraph, _text_runs(run.text, bold=bold, italic=italic))
            elif isinstance(run, Figure):
                runs = _text_runs(run.text, bold=bold, italic=italic, unbreakable_hyphens=True)
                _append(paragraph, self.bookmarks.wrap(run.fact_id, run.text, runs))
            elif isinstance(run, FootnoteRef):
                _append(paragraph, self.footnotes.reference(run.number))
            else:
                raise TypeError(f"cannot render {type(run).__name__} as docx")


def _cited_again(document: Document) -> set[int]:
    """The footnotes the text refers to more than once."""
    runs = [run for field in document.memo for run in field.runs]
    for block in document.blocks:
        if isinstance(block, Table):
            runs += [run for row in block.rows for cell in row.cells for run in cell.runs]
        else:
            runs += block.runs
    counts = Counter(run.number for run in runs if isinstance(run, FootnoteRef))
    return {number for number, count in counts.items() if count > 1}


def _append(paragraph: etree._Element, elements: list[etree._Element]) -> None:
    for element in elements:
        paragraph.append(element)


def _text_runs(
    text: str, *, bold: bool = False, italic: bool = False, unbreakable_hyphens: bool = False
) -> list[etree._Element]:
    """``text`` as one run; none if empty.

    "\\t" and "\\n" become Word tabs and line breaks. With ``unbreakable_hyphens`` a
    hyphen is Word's non-breaking hyphen, so "(-33.8%)" never ends a line at its sign.
    """
    if not text:
        return []
    rpr = w("rPr", w("b") if bold else None, w("i") if italic else None) if bold or italic else None
    return [w("r", rpr, *run_content(text, unbreakable_hyphens=unbreakable_hyphens))]


def _squeeze(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- layout -------------------------------------------------------------------


def _column_widths(rows: tuple[Row, ...], columns: int, total: int) -> list[int]:
    """Widths in twips that fill ``total``, much as a browser lays out an automatic table.

    Each column has a least width (its longest word: nothing narrower avoids breaking
    a word) and a most width (its longest cell on one line). Group rows are left out:
    their label is the only text in the row. If every column can have its most width,
    each does, and the room left is shared in proportion. Otherwise header cells may
    take two lines, so ask for half their length; columns whose most width is at most
    a third of the table then get it (short labels and figures do not wrap); the others
    get their least width and share the room left in proportion to how much more they
    want.
    """
    if columns == 1:
        return [total]

    def width(chars: int) -> int:
        return min(chars, 80) * CHAR_WIDTH + CELL_PADDING

    def measure(wrap_headers: bool) -> tuple[list[int], list[int]]:
        least, most = [0] * columns, [0] * columns
        for row in rows:
            if row.kind == "group":
                continue
            for index, cell in enumerate(row.cells[:columns]):
                words = plain_text(cell.runs).split()
                length = len(" ".join(words))
                longest_word = max((len(word) for word in words), default=0)
                if wrap_headers and row.kind == "header":
                    length = max(-(-length // 2), longest_word)
                least[index] = max(least[index], longest_word)
                most[index] = max(most[index], length)
        return [width(n) for n in least], [width(n) for n in most]

    low, high = measure(wrap_headers=False)
    if sum(high) <= total:
        return _fill([h * total / sum(high) for h in high], total)
    low, high = measure(wrap_headers=True)
    short = [h <= total / 3 for h in high]
    fixed = sum(h for h, s in zip(high, short) if s)
    flexible_low = sum(lo for lo, s in zip(low, short) if not s)
    flexible_high = sum(h for h, s in zip(high, short) if not s)
    if any(short) and not all(short) and fixed + flexible_low <= total < fixed + flexible_high:
        share = (total - fixed - flexible_low) / (flexible_high - flexible_low)
        return _fill([h if s else lo + (h - lo) * share for lo, h, s in zip(low, high, short)], total)
    if sum(high) <= total:
        return _fill([h * total / sum(high) for h in high], total)
    if sum(low) < total:
        share = (total - sum(low)) / (sum(high) - sum(low))
        return _fill([lo + (h - lo) * share for lo, h in zip(low, high)], total)
    return _fill([lo * total / sum(low) for lo in low], total)


def _fill(widths: list[float], total: int) -> list[int]:
    """Whole twips adding up to ``total`` exactly (the first column takes the rounding)."""
    whole = [int(width) for width in widths]
    whole[0] += total - sum(whole)
    return whole
