"""Render a numbered :class:`~narrator.document.Document` as GitHub-flavoured Markdown.

The Markdown is for review and for regression tests, so it must be stable and
readable as plain text: one block per paragraph, blank lines between blocks,
pipe tables padded into columns, no trailing spaces, one final newline.

A chart is an image beside the draft, linked with its alt text and captioned
"Figure n: …": :func:`render_markdown_files` returns the text and the SVG files
(:mod:`.svg`), named after the draft (``report-da.recorded.svg`` beside ``report.md``,
the name from ``WriterOptions.name``).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..document.numbering import format_number
from ..model import (
    Align,
    Block,
    Cell,
    Chart,
    Document,
    Figure,
    FootnoteRef,
    Heading,
    Paragraph,
    Row,
    Runs,
    Table,
    Text,
)
from .options import WriterOptions
from .rendered import Rendered
from .svg import render_chart_svg

__all__ = ["chart_file", "render_markdown", "render_markdown_files"]

_NEWLINES = re.compile(r"\s*\n\s*")


def render_markdown(document: Document, options: WriterOptions | None = None) -> str:
    """``document`` as Markdown text ending in a single newline; of the options, only ``name`` applies (chart files)."""
    name = (options or WriterOptions()).name
    parts: list[str] = []
    if document.strapline.strip():
        parts.append(_emphasis(_oneline(document.strapline), "*"))
    for memo_field in document.memo:
        parts.append(f"**{_oneline(memo_field.label)}:** {_runs(memo_field.runs)}")
    if document.title.strip():
        parts.append(f"# {_oneline(document.title)}")
    parts.extend(_block(block, name) for block in document.blocks)
    if document.footnotes:
        parts.append(
            "\n".join(f"[^{note.number}]: {_runs(note.runs)}" for note in document.footnotes)
        )
    text = "\n\n".join(part for part in parts if part.strip())
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def render_markdown_files(document: Document, options: WriterOptions | None = None) -> Rendered:
    """The Markdown text and, beside it, an SVG file for each chart."""
    options = options or WriterOptions()
    images = {
        chart_file(block, options.name): render_chart_svg(block, options).encode("utf-8")
        for block in document.blocks
        if isinstance(block, Chart)
    }
    return Rendered(render_markdown(document, options).encode("utf-8"), images)


def chart_file(chart: Chart, name: str) -> str:
    """The file name of ``chart``'s image beside the draft ``name``."""
    return f"{name}-{chart.id}.svg"


def _block(block: Block, name: str) -> str:
    if isinstance(block, Heading):
        return _heading(block)
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        return _chart(block, name)
    raise TypeError(f"cannot render {type(block).__name__} as Markdown")


def _chart(chart: Chart, name: str) -> str:
    alt = _oneline(chart.alt_text).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    label = f"Figure {chart.number}: " if chart.number is not None else ""
    return f"![{alt}]({quote(chart_file(chart, name))})\n\n" + _emphasis(_oneline(f"{label}{chart.caption}"), "*")


# --- blocks ---------------------------------------------------------------


def _heading(heading: Heading) -> str:
    hashes = "#" * min(max(heading.level, 1) + 1, 6)
    return f"{hashes} {_numbered(heading.numbered, heading.number, _runs(heading.runs))}"


def _paragraph(paragraph: Paragraph) -> str:
    text = _runs(paragraph.runs)
    if paragraph.role == "note":
        text = _emphasis(text, "*")
    return _numbered(paragraph.numbered, paragraph.number, text)


def _table(table: Table) -> str:
    columns = max((len(row.cells) for row in table.rows), default=0)
    if columns == 0:
        return _caption(table)
    grid = [_row_texts(row, columns, first=index == 0) for index, row in enumerate(table.rows)]
    aligns = _alignments(table.rows, columns)
    widths = [max(3, *(len(texts[i]) for texts in grid)) for i in range(columns)]
    lines = [_table_line(grid[0], widths, aligns), _rule_line(widths, aligns)]
    lines.extend(_table_line(texts, widths, aligns) for texts in grid[1:])
    caption = _caption(table)
    return "\n".join(lines) + (f"\n\n{caption}" if caption else "")


def _caption(table: Table) -> str:
    if not table.caption:
        return ""
    label = f"Table {table.number}: " if table.number is not None else ""
    return _emphasis(_oneline(f"{label}{table.caption}"), "*")


# --- tables ---------------------------------------------------------------


def _row_texts(row: Row, columns: int, *, first: bool) -> list[str]:
    """The row's cells as escaped Markdown, padded to ``columns`` cells.

    The first row is the Markdown header (bold by itself); a group row has its
    first cell bold; a header row further down has all its cells bold.
    """
    texts = [_cell_text(cell) for cell in row.cells]
    texts += [""] * (columns - len(texts))
    if first:
        return texts
    if row.kind == "group":
        return [_emphasis(texts[0], "**"), *texts[1:]]
    if row.kind in ("header", "emphasis"):  # emphasis: a row set off, such as the force among its peers
        return [_emphasis(text, "**") for text in texts]
    return texts


def _cell_text(cell: Cell) -> str:
    return _runs(cell.runs).replace("|", "\\|")


def _alignments(rows: tuple[Row, ...], columns: int) -> list[Align]:
    """Each column's alignment, as the first body row has it (else the first row)."""
    source = next((row for row in rows[1:] if row.kind == "body"), rows[0])
    aligns: list[Align] = [cell.align for cell in source.cells]
    return aligns + ["left"] * (columns - len(aligns))


def _table_line(texts: list[str], widths: list[int], aligns: list[Align]) -> str:
    cells = [_pad(text, width, align) for text, width, align in zip(texts, widths, aligns)]
    return "| " + " | ".join(cells) + " |"


def _pad(text: str, width: int, align: Align) -> str:
    if align == "right":
        return text.rjust(width)
    if align == "center":
        return text.center(width)
    return text.ljust(width)


def _rule_line(widths: list[int], aligns: list[Align]) -> str:
    rules = []
    for width, align in zip(widths, aligns):
        if align == "right":
            rules.append("-" * (width - 1) + ":")
        elif align == "center":
            rules.append(":" + "-" * (width - 2) + ":")
        else:
            rules.append("-" * width)
    return "| " + " | ".join(rules) + " |"


# --- inline ---------------------------------------------------------------


def _runs(runs: Runs) -> str:
    out = []
    for run in runs:
        if isinstance(run, FootnoteRef):
            out.append(f"[^{run.number}]")
        elif isinstance(run, (Text, Figure)):
            out.append(run.text)  # a Figure prints as written; its fact id stays out
        else:
            raise TypeError(f"cannot render {type(run).__name__} as Markdown")
    return _oneline("".join(out))


def _numbered(numbered: bool, number: tuple[int, ...], text: str) -> str:
    if numbered and number:
        return f"{format_number(number)} {text}"
    return text


def _emphasis(text: str, marker: str) -> str:
    """``text`` wrapped in ``marker``, spaces kept outside (``* x*`` is not emphasis)."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    return f"{text[:start]}{marker}{core}{marker}{text[start + len(core):]}"


def _oneline(text: str) -> str:
    """Line breaks become spaces: a break would end a heading, a table row or a list item."""
    return _NEWLINES.sub(" ", text)
