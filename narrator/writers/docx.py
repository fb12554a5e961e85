"""Render a numbered :class:`~narrator.document.Document` as a Word draft an analyst can keep working in.

This module walks the document model; the Word parts python-docx has no API for are
written by :mod:`narrator.word`. What the analyst gets:

* Headings in Word's heading styles and numbered paragraphs in "Numbered Paragraph n"
  styles, each opening with its number as ``SEQ`` fields (:mod:`narrator.word.numbering`): text
  every reader of the file reads, which Word renumbers (F9) after a paragraph is inserted or deleted.
* Real footnotes (:mod:`narrator.word.footnotes`).
* Tables in the "Report Table" table style (thin rules, a shaded header row that repeats
  on every page), figures right-aligned, judgement cells shaded by their tone with
  the colours of ``WriterOptions.tone_colours``; captions "Table n: …" whose number is
  a ``SEQ Table`` field (:mod:`narrator.word.fields`).
* Every figure inside a bookmark named after its fact (:mod:`narrator.word.bookmarks`), and the
  bookmark → fact map in a custom XML part; :func:`narrator.word.figure_bookmarks`
  reads it back from an edited draft.
* The memo header and title, and document properties from ``Document.properties``.
* The styles, page set-up, headers and footers of ``WriterOptions.reference`` (a house
  .docx) when given, else of the built-in default template (:mod:`narrator.word.template`).
  A style the house template lacks is added from the default template.

The output is deterministic: the same Document and template give the same bytes.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import date

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ..document.numbering import number_blocks
from ..model import (
    Block,
    Chart,
    Document,
    Figure,
    FootnoteRef,
    Heading,
    MemoField,
    Paragraph,
    Runs,
    Table,
    Text,
)
from .options import WriterOptions
from .svg import render_chart_svg
from .docxtables import TableWriter, first_row_fill
from ..word import fields
from ..word.bookmarks import FigureBookmarks
from ..word.charts import CHART_TYPE, WORKBOOK_TYPE, Line, LineChart, chart_xml, drawing, workbook
from ..word.figuremap import FigureMap
from ..word.footnotes import FootnoteWriter
from ..word.numbering import LEVELS, no_number, number_runs, outline_styles
from ..word.package import WordPackage
from ..word.properties import write_properties
from ..word.template import TABLE_STYLE
from ..word.xml import append_all, insert_ordered, text_runs, w

__all__ = ["WordDraft", "render_docx", "render_docx_draft"]

NUMBER_INDENT = 850  # twips (1.5 cm): numbers hang in it, text starts after it
DEEP_NUMBER_INDENT = 1134  # 2 cm, for numbers of four parts or more (4.3.1.10)

CHART_HEIGHT = 6.0  # cm; a chart is as wide as the text
EMU_PER_CM, EMU_PER_TWIP = 360000, 635
# A chart line's weight (points) and dash by what it shows; colours come from the house style.
LINE_STYLES = {
    "current": (2.25, "solid"), "previous": (1.5, "solid"), "monthly": (1.0, "solid"), "rolling": (2.25, "solid"),
    "mean": (1.0, "dash"), "limit": (1.0, "sysDash"), "threshold": (1.25, "dash"),
    "national": (1.25, "dash"), "peer": (0.0, "solid"), "force": (0.0, "solid"),
}
MARKERS = {"peer": 6, "force": 9}  # the dots of a dot chart (points), drawn without a line
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"



@dataclass(frozen=True)
class WordDraft:
    """A rendered Word draft: the package's bytes (members stored, not deflated: it is stamped, and
    deflated, once, when written), and the figure map as the writer wrote it with its part's zip
    name (None: no figures), so that recording more in the map needs no reading it back."""

    data: bytes
    figure_map: FigureMap | None = None
    map_part: str | None = None


def render_docx(document: Document, options: WriterOptions | None = None) -> bytes:
    """``document`` as the bytes of a .docx file."""
    return render_docx_draft(document, options).data


def render_docx_draft(document: Document, options: WriterOptions | None = None) -> WordDraft:
    """``document`` as a Word draft: its bytes and its figure map."""
    return _DocxWriter(document, options or WriterOptions()).render()


def _levels(blocks: tuple[Block, ...]) -> tuple[int, int]:
    """The deepest heading level and the longest paragraph number of ``blocks``."""
    headings = [b.level for b in blocks if isinstance(b, Heading)]
    paragraphs = [len(b.number) for b in blocks if isinstance(b, Paragraph) and b.numbered]
    return max(headings, default=1), max(paragraphs, default=1)


class _DocxWriter(TableWriter):
    def __init__(self, document: Document, options: WriterOptions) -> None:
        self.source = document
        self.options = options
        self.word = WordPackage.open(options.reference, options.notify)
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
            for name in ("Normal", "Title", "Strapline", "Memo", "Body Text", "Note", "Caption", "Table Caption", "Table Text",
                         "Footnote Text", "Footnote Reference", TABLE_STYLE)
        }
        indents = {n: NUMBER_INDENT if n <= 3 else DEEP_NUMBER_INDENT for n in range(1, LEVELS + 1)}
        for linked in (self.headings, self.numbered):
            outline_styles(self.word.numbering, styles, linked, indents)
        self._deepest = max(deepest_heading, deepest_paragraph)
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
        self._legend_written = False  # the judgement shading has been explained
        self._kind_widths: dict[tuple[str, ...], list[int]] = {}
        self._shape_ids = itertools.count(max(self.word.drawing_ids(), default=0) + 1)
        self._chart_ids: list[int] = []
        self._body_font = _body_font(styles.element)
        self._header_fill = first_row_fill(styles, self.style[TABLE_STYLE])

    def render(self) -> WordDraft:
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
        written = self.bookmarks.write_map(self.word)
        write_properties(self.word, self.source.properties, self.source.title)
        return WordDraft(self.word.save(), *(written or ()))

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
        append_all(paragraph, text_runs(f"{memo_field.label}:", bold=True))
        append_all(paragraph, [w("r", w("tab"))])
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
            self._table(block, noted=isinstance(following, Paragraph) and following.role == "note")
        elif isinstance(block, Chart):
            self._chart(block)
        else:
            raise TypeError(f"cannot render {type(block).__name__} as docx")
        if not isinstance(block, Table):
            self._after_bare_table = False

    def _number(self, paragraph: etree._Element, number: tuple[int, ...]) -> None:
        """Open ``paragraph`` with ``number`` as fields Word renumbers (:mod:`narrator.word.numbering`)."""
        append_all(paragraph, number_runs(number, self._deepest, restart=self._restart_pending))
        self._restart_pending = False

    def _heading(self, heading: Heading) -> None:
        paragraph = self._add_paragraph(self.headings[max(heading.level, 1)])
        if heading.numbered and heading.number:
            self._number(paragraph, heading.number)
        elif not heading.numbered:
            self._restart_pending = True
            no_number(paragraph.find(qn("w:pPr")))
        self._add_runs(paragraph, heading.runs)

    def _paragraph(self, block: Paragraph, *, introduces_table: bool) -> None:
        properties: list[etree._Element] = []
        if introduces_table:  # "… in the last months of 2020/21:" stays with its table
            properties.append(w("keepNext"))
        elif block.role == "note":  # the Note style keeps with what follows; a note below a table need not
            properties.append(w("keepNext", val=0))
        if self._after_bare_table:
            properties.append(w("spacing", before=160))
        style = self.numbered[len(block.number)] if block.numbered else self.style["Note" if block.role == "note" else "Body Text"]
        paragraph = self._add_paragraph(style, *properties)
        if block.numbered:
            self._number(paragraph, block.number)
        self._add_runs(paragraph, block.runs)

    def _caption(self, block: Table | Chart) -> None:
        """"Table 1: …" or "Figure 1: …" in the Caption style, the number a SEQ field of its label."""
        if not block.caption:
            return
        label = "Figure" if isinstance(block, Chart) else "Table"
        paragraph = self._add_paragraph(self.style["Caption" if label == "Figure" else "Table Caption"])
        if block.number is not None:
            append_all(paragraph, text_runs(f"{label} "))
            append_all(paragraph, fields.seq(label, block.number))
            append_all(paragraph, text_runs(": "))
        append_all(paragraph, text_runs(" ".join(block.caption.split())))

    # --- charts -------------------------------------------------------------------

    def _chart(self, block: Chart) -> None:
        """The chart as a native Word chart (its data in an embedded workbook), then its caption."""
        colours = self.options.chart_colours
        whole = float(block.axis[2]).is_integer()  # the axis labels need no decimals
        axis_format = ("#,##0" if whole else "#,##0.0") + ('"%"' if block.number_format.endswith('"%"') else "")
        spec = LineChart(
            categories=block.categories,
            lines=tuple(
                Line(s.name, s.values, colours.get(s.role) or "404040", *LINE_STYLES[s.role], legend=s.legend,
                     marker=MARKERS.get(s.role, 0))
                for s in block.series
            ),
            axis=block.axis,
            number_format=block.number_format,
            axis_format=axis_format,
            font=self.options.chart_font or self._body_font,
            dates=tuple(_excel_day(month) for month in block.months) if block.kind == "trend" else (),
            label_months=12 if len(block.months) > 36 else 6,
        )
        number = len(self._chart_ids) + 1
        part, chart_rel = self.word.add_part(f"/word/charts/chart{number}.xml", CHART_TYPE, b"", RT.CHART)
        _, book_rel = self.word.add_part(f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx", WORKBOOK_TYPE,
                                         workbook(spec), RT_PACKAGE, source=part)
        part._blob = chart_xml(spec, book_rel)
        # the same chart as a picture (our own SVG), for readers without charts: mc:Fallback
        _, picture_rel = self.word.add_part(f"/word/media/chart{number}.svg", "image/svg+xml",
                                            render_chart_svg(block, self.options).encode("utf-8"), RT.IMAGE)
        shape_id, *picture_ids = (next(self._shape_ids) for _ in range(3))
        self._chart_ids.append(shape_id)
        paragraph = self._add_paragraph(self.style["Normal"], w("keepNext"), w("spacing", before=120, after=0), w("jc", val="center"))
        paragraph.append(drawing(chart_rel, shape_id, f"Chart {number}", block.alt_text, self.word.text_width * EMU_PER_TWIP,
                                 round(CHART_HEIGHT * EMU_PER_CM), picture_rel, tuple(picture_ids)))
        self._caption(block)

    # --- inline -----------------------------------------------------------------

    def _add_runs(self, paragraph: etree._Element, runs: Runs, *, bold: bool = False, italic: bool = False) -> None:
        for run in runs:
            if isinstance(run, Text):
                append_all(paragraph, text_runs(run.text, bold=bold, italic=italic))
            elif isinstance(run, Figure):
                # a hyphen within a figure never breaks ("(-33.8%)"); the judgement "-" alone is a plain
                # hyphen, which readers other than Word (pandoc) print as it is rather than as U+2011
                runs = text_runs(run.text, bold=bold, italic=italic, unbreakable_hyphens=run.text.strip() != "-")
                append_all(paragraph, self.bookmarks.wrap(run.fact_id, run.text, runs))
            elif isinstance(run, FootnoteRef):
                append_all(paragraph, self.footnotes.reference(run.number))
            else:
                raise TypeError(f"cannot render {type(run).__name__} as docx")


def _cited_again(document: Document) -> set[int]:
    """The footnotes the text refers to more than once."""
    counts = Counter(run.number for runs in document.runs() for run in runs if isinstance(run, FootnoteRef))
    return {number for number, count in counts.items() if count > 1}


def _excel_day(month: str) -> int:
    """The first day of ``month`` (YYYY-MM) as a spreadsheet's serial day number."""
    year, number = (int(part) for part in month.split("-"))
    return (date(year, number, 1) - date(1899, 12, 30)).days


def _body_font(styles: etree._Element) -> str:
    """The typeface of the document's default run properties (the theme's, or Arial, if it names none)."""
    fonts = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    return (fonts.get(qn("w:ascii")) if fonts is not None else None) or "Arial"


def _squeeze(text: str) -> str:
    return " ".join(text.split()).casefold()
