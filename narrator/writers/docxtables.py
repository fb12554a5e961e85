"""The tables of a Word draft (:mod:`.docx`): their layout (widths shared by tables of one kind, rows
kept together), their rows (copied from the rows laid out before in a batch, :class:`~narrator.word.tables.RowCache`),
the shading of judgement cells and, under the first shaded table, the legend that explains it."""

from __future__ import annotations

import copy
import itertools

from docx.oxml.ns import qn
from lxml import etree

from ..model import Cell, Document, FootnoteRef, Row, Table
from ..word.layout import column_widths, table_kind
from ..word.tables import GROUP_FILL, HEADER_FILL, SMALL_TABLE, alt_text, seamless, vertical_merges
from ..word.template import TABLE_STYLE
from ..word.xml import append_all, text_runs, w
from .legend import legend_pieces
from .options import WriterOptions

__all__ = ["TableWriter", "first_row_fill"]

_ALIGN = {"left": None, "right": "right", "center": "center"}


class TableWriter:
    """The table half of the Word writer (:class:`narrator.writers.docx._DocxWriter`, whose document,
    styles, bookmarks and runs it uses)."""

    source: Document
    options: WriterOptions
    style: dict[str, str]
    blocks: tuple

    def _table(self, block: Table, *, noted: bool = False) -> None:
        """The table, its caption and (once) the shading legend; ``noted``: a note follows it, which
        its last row keeps with, as with a caption."""
        columns = max((len(row.cells) for row in block.rows), default=0)
        legend = columns and self._legend_due(block)
        if columns:
            if self._after_bare_table:  # Word would join two adjacent tables into one
                self._add_paragraph(self.style["Normal"], w("spacing", after=0))
            self.word.append(self._table_element(block, columns, noted=noted))
        self._caption(block)
        if legend:
            self._legend()
        self._after_bare_table = bool(columns) and not block.caption and not legend

    def _table_element(self, block: Table, columns: int, *, noted: bool = False) -> etree._Element:
        widths = self._widths(block, columns)
        header_rows = next((i for i, row in enumerate(block.rows) if row.kind != "header"), len(block.rows))
        first_row = 1 if header_rows else 0
        first_column = 1 - first_row  # a table of labelled values, with no header row: its first column heads the rows
        look = 0x0020 * first_row | 0x0080 * first_column | 0x0200 | 0x0400  # first row (or column); no banding
        table = w(
            "tbl",
            w(
                "tblPr",
                w("tblStyle", val=self.style[TABLE_STYLE]),
                w("tblW", w=sum(widths), type="dxa"),
                w("tblLayout", type="fixed"),
                w("tblLook", val=f"{look:04X}", firstRow=first_row, lastRow=0, firstColumn=first_column, lastColumn=0,
                  noHBand=1, noVBand=1),
                *alt_text(block),
            ),
            w("tblGrid", *(w("gridCol", w=width) for width in widths)),
        )
        count = len(block.rows)
        legend = self._legend_due(block)
        merges = vertical_merges(block.rows, columns)
        for index, row in enumerate(block.rows):
            last = index == count - 1
            # keep with the next row: headers and group labels; every row of a short table;
            # in a long one, which may break across pages under its repeated header, the
            # first two and last two body rows (no lone row at a page end or top); the last
            # row with the caption, legend or note below it
            keep = (
                row.kind != "body"
                or (not last and (count <= SMALL_TABLE or index <= header_rows or index >= count - 2))
                or (last and bool(block.caption or legend or noted))
            )
            table.append(self._row(row, widths, header=index < header_rows, first=index == 0, keep=keep, merges=merges[index]))
        return table

    def _widths(self, block: Table, columns: int) -> list[int]:
        """Column widths; tables of one kind (the same column headings) share them, so their columns line up."""
        kind = table_kind(block)
        if kind is None:
            return column_widths(block.rows, columns, self.word.text_width)
        if kind not in self._kind_widths:
            rows = tuple(row for table in self.blocks if isinstance(table, Table) and table_kind(table) == kind for row in table.rows)
            self._kind_widths[kind] = column_widths(rows, columns, self.word.text_width)
        return self._kind_widths[kind]

    def _row(self, row: Row, widths: list[int], *, header: bool, first: bool, keep: bool,
             merges: list[str | None]) -> etree._Element:
        """One row (see :meth:`_new_row`). A row laid out before in this process (the same cells, widths
        and styles: the area tables that every draft of a batch shares) is copied and only its
        figures' bookmarks are named and numbered anew, so the XML is the same as if built again.
        The rows laid out before are those of ``WriterOptions.rows``: a batch shares one."""
        if any(isinstance(run, FootnoteRef) for cell in row.cells for run in cell.runs):
            return self._new_row(row, widths, header=header, first=first, keep=keep, merges=merges)
        key = (row, tuple(widths), header, first, keep, tuple(merges), self.style["Table Text"], self._header_fill,
               tuple(sorted(self.options.tone_colours.items())))
        cached = self.options.rows.get(key)
        if cached is not None:
            template, figures = cached
            element = copy.deepcopy(template)
            self.bookmarks.rebind(element, figures)
            return element
        already = len(self.bookmarks.figures)
        element = self._new_row(row, widths, header=header, first=first, keep=keep, merges=merges)
        self.options.rows.put(key, copy.deepcopy(element), list(itertools.islice(self.bookmarks.figures.values(), already, None)))
        return element

    def _new_row(self, row: Row, widths: list[int], *, header: bool, first: bool, keep: bool,
                 merges: list[str | None]) -> etree._Element:
        """One row; a leading header row repeats at the top of every page; a group row is one cell."""
        trpr = w("trPr", w("cantSplit"), w("tblHeader") if header else None)
        element = w("tr", trpr)
        cells = list(row.cells) + [Cell(())] * (len(widths) - len(row.cells))
        spans = [(cells[0], sum(widths), len(widths), None)] if row.kind == "group" else list(zip(cells, widths, [1] * len(widths), merges))
        for cell, width, span, merge in spans:
            fill = None
            if row.kind in ("group", "emphasis"):  # emphasis: a row set off, such as the force among its peers
                fill = GROUP_FILL
            elif row.kind == "header":
                fill = self._header_fill if first else HEADER_FILL
            elif cell.tone:
                fill = self.options.tone_colours.get(cell.tone) or None
            tcpr = w(
                "tcPr",
                w("tcW", w=width, type="dxa"),
                w("gridSpan", val=span) if span > 1 else None,
                w("vMerge", val=merge if merge == "restart" else None) if merge else None,
                seamless(fill) if row.kind == "header" and fill else None,
                w("shd", val="clear", color="auto", fill=fill) if fill and not (first and row.kind == "header") else None,
                w("vAlign", val="top" if merge else "center"),
            )
            properties = [w("keepNext")] if keep else []
            if _ALIGN[cell.align]:
                properties.append(w("jc", val=_ALIGN[cell.align]))
            paragraph = self._paragraph_element(self.style["Table Text"], *properties)
            bold = row.kind in ("group", "emphasis") or (row.kind == "header" and not first)
            if merge != "continue":
                self._add_runs(paragraph, cell.runs, bold=bold)
            element.append(w("tc", tcpr, paragraph))
        return element

    def _legend_due(self, block: Table) -> bool:
        """Whether the judgement shading is explained under this table: the first that shows it."""
        if self._legend_written or not self.options.tone_legend.strip():
            return False
        colours = self.options.tone_colours
        return any(cell.tone and colours.get(cell.tone) for row in block.rows for cell in row.cells)

    def _legend(self) -> None:
        """The note explaining the shading once: ``{good}`` and ``{bad}`` become samples of their colours,
        each holding the words it shades (:mod:`.legend`), so colour never carries the meaning alone."""
        self._legend_written = True
        paragraph = self._add_paragraph(self.style["Note"], w("keepNext", val=0), w("spacing", before=120))
        for piece in legend_pieces(self.options.tone_legend, self.options.tone_colours, self.source):
            if piece.tone is None:
                append_all(paragraph, text_runs(piece.text, italic=False))
            else:
                shading = w("rPr", w("shd", val="clear", color="auto", fill=piece.fill))
                append_all(paragraph, [w("r", shading, w("t", text=f"\u00a0{piece.text}\u00a0"))])


def first_row_fill(styles, style_id: str) -> str | None:
    """The shading the table style gives its first row, if any."""
    style = styles.by_id(style_id)
    if style is None:
        return None
    for conditional in style.iterfind(qn("w:tblStylePr")):
        if conditional.get(qn("w:type")) == "firstRow":
            shading = conditional.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
            if shading is not None and shading.get(qn("w:fill")) not in (None, "auto"):
                return shading.get(qn("w:fill"))
    return None
