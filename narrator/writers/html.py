"""Render a numbered :class:`~narrator.model.Document` as one self-contained, accessible web page.

The public version of the draft: the same blocks, facts and words as the Word draft, for a
force's website. Contract, for WCAG 2.2 AA (the Public Sector Bodies Accessibility Regulations):

* ``<html lang="en-GB">`` and a ``<title>``; the report's title is the one ``<h1>``, a heading of
  level n an ``<h{n+1}>``, so headings never skip a level; landmarks (header, main, footer);
* numbered paragraphs carry their number as text ("4.3.1"), and an id (``p4.3.1``) to link to;
* a table has its caption in ``<caption>`` ("Table 1: …"), its header rows as ``<th scope="col">``,
  a group row ("DOMESTIC ABUSE") as a ``<th scope="rowgroup">`` opening its own ``<tbody>``, the
  first cell of a body row as ``<th scope="row">``; a cell that continues the one above merges
  into it (``rowspan``);
* a judgement cell holds its word and is shaded by its tone; the legend (:mod:`.legend`) puts the
  words beside each colour sample, so colour never carries meaning alone;
* a chart is inline SVG drawn by :mod:`.svg` (the Markdown draft's image), ``role="img"`` with its
  caption and alt text as ``<title>``/``<desc>``, captioned "Figure 1: …", with its data as a table
  in a ``<details>`` below it;
* footnote references link to the notes at the end, and each note links back to every reference;
* the style sheet (``html.css``, shipped with the package) keeps text contrast above 4.5:1 and
  has print styles (A4 margins, shading printed, tables and figures kept whole).

The page holds everything it needs (no script, no external file), so it can be published or
attached as it is. Same input, same bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from importlib import resources

from ..document.numbering import format_number
from ..model import (
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
from .legend import legend_pieces
from .options import WriterOptions
from .rendered import Rendered
from .svg import render_chart_svg

__all__ = ["render_html", "render_html_files"]

LANGUAGE = "en-GB"


def render_html(document: Document, options: WriterOptions | None = None) -> str:
    """``document`` as the text of one HTML page (one final newline)."""
    return _HtmlWriter(document, options or WriterOptions()).render()


def render_html_files(document: Document, options: WriterOptions | None = None) -> Rendered:
    """The page as a :class:`Rendered` (it has no attachments: charts and styles are inline)."""
    return Rendered(render_html(document, options).encode("utf-8"))


def style_sheet() -> str:
    """The page's CSS, shipped beside this module."""
    return resources.files(__package__).joinpath("html.css").read_text(encoding="utf-8")


def _ident(text: str) -> str:
    """A valid, readable id from ``text`` (letters, digits, '-', '.', '_')."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


class _HtmlWriter:
    def __init__(self, document: Document, options: WriterOptions) -> None:
        self.document = document
        self.options = options
        self.out: list[str] = []
        self._refs: Counter[int] = Counter()  # footnote references placed so far, by note
        self._legend_written = False
        self._ids: set[str] = set()

    def render(self) -> str:
        doc = self.document
        title = " ".join(doc.title.split()) or "Report"
        self.out += [
            "<!DOCTYPE html>",
            f'<html lang="{LANGUAGE}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            *self._meta(),
            f"<style>\n{self._css()}</style>",
            "</head>",
            "<body>",
        ]
        self._header()
        self.out.append("<main>")
        self.out.append(f"<h1>{escape(title)}</h1>")
        for block in doc.blocks:
            self._block(block)
        self.out.append("</main>")
        self._footnotes()
        self.out += ["</body>", "</html>"]
        return "\n".join(self.out) + "\n"

    def _meta(self) -> list[str]:
        names = {"author": "author", "subject": "description"}
        return [
            f'<meta name="{meta}" content="{escape(" ".join(self.document.properties[key].split()))}">'
            for key, meta in names.items() if self.document.properties.get(key)
        ]

    def _css(self) -> str:
        rules = [style_sheet()]
        for tone, fill in sorted(self.options.tone_colours.items()):
            if fill and re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
                rules.append(f".tone-{_ident(tone)} {{ background-color: #{fill}; }}\n")
        return "".join(rules)

    def _header(self) -> None:
        doc = self.document
        if not (doc.strapline.strip() or doc.memo):
            return
        self.out.append("<header>")
        if doc.strapline.strip():
            self.out.append(f'<p class="strapline">{escape(" ".join(doc.strapline.split()))}</p>')
        if doc.memo:
            self.out.append('<dl class="memo">')
            for memo_field in doc.memo:
                self.out.append(f"<dt>{escape(memo_field.label)}</dt><dd>{self._runs(memo_field.runs)}</dd>")
            self.out.append("</dl>")
        self.out.append("</header>")

    def _unique(self, wanted: str) -> str:
        ident, n = wanted, 1
        while ident in self._ids:
            n += 1
            ident = f"{wanted}-{n}"
        self._ids.add(ident)
        return ident

    # --- blocks -----------------------------------------------------------------

    def _block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, Paragraph):
            self._paragraph(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Chart):
            self._chart(block)
        else:
            raise TypeError(f"cannot render {type(block).__name__} as HTML")

    def _heading(self, heading: Heading) -> None:
        tag = f"h{min(heading.level + 1, 6)}"
        number = format_number(heading.number) if heading.numbered and heading.number else ""
        ident = self._unique(f"s{number}" if number else _ident(_plain(heading.runs).lower()))
        shown = f'<span class="number">{number}</span> ' if number else ""
        self.out.append(f'<{tag} id="{ident}">{shown}{self._runs(heading.runs)}</{tag}>')

    def _paragraph(self, paragraph: Paragraph) -> None:
        text = self._runs(paragraph.runs)
        if paragraph.numbered and paragraph.number:
            number = format_number(paragraph.number)
            ident = self._unique(f"p{number}")
            # the number and the text side by side in two columns (html.css): every line of the text
            # starts at one edge, where a hanging indent put the first line a space's width further in
            self.out.append(f'<p class="numbered" id="{ident}"><span class="number">{number}</span> <span class="text">{text}</span></p>')
        elif paragraph.role == "note":
            self.out.append(f'<p class="note">{text}</p>')
        else:
            self.out.append(f"<p>{text}</p>")

    def _caption(self, block: Table | Chart, label: str) -> str:
        number = f"{label} {block.number}: " if block.number is not None else ""
        return escape(number + " ".join((block.caption or "").split()))

    def _table(self, table: Table) -> None:
        columns = max((len(row.cells) for row in table.rows), default=0)
        if not columns:
            return
        ident = self._unique(f"table{table.number}" if table.number is not None else _ident(f"table-{table.id}"))
        self.out.append(f'<div class="table-wrap" id="{ident}">')
        self.out.append("<table>")
        if table.caption:
            self.out.append(f"<caption>{self._caption(table, 'Table')}</caption>")
        spans = _row_spans(table.rows, columns)
        header = next((r for r, row in enumerate(table.rows) if row.kind != "header"), len(table.rows))
        if header:  # a table of labelled values has no header row: its first column heads each row
            self.out.append("<thead>")
            for r in range(header):
                self.out.append(self._row(table.rows[r], spans[r], columns, head=True))
            self.out.append("</thead>")
        self.out.append("<tbody>")
        for r in range(header, len(table.rows)):
            row = table.rows[r]
            if row.kind == "group" and r > header:
                self.out.append("</tbody>\n<tbody>")
            self.out.append(self._row(row, spans[r], columns, head=False))
        self.out.append("</tbody>")
        self.out.append("</table>")
        self.out.append("</div>")
        if not self._legend_written and self._shaded(table):
            self._legend()

    def _row(self, row: Row, spans: list[int], columns: int, *, head: bool) -> str:
        if row.kind == "group" and not head:
            text = self._runs(row.cells[0].runs) if row.cells else ""
            return f'<tr class="group"><th scope="rowgroup" colspan="{columns}">{text}</th></tr>'
        cells = []
        for c, cell in enumerate(row.cells):
            if spans[c] == 0:
                continue  # merged into the cell above
            span = f' rowspan="{spans[c]}"' if spans[c] > 1 else ""
            wide = f' colspan="{columns - len(row.cells) + 1}"' if c == len(row.cells) - 1 and len(row.cells) < columns else ""
            cells.append(self._cell(cell, head=head, first=c == 0, attributes=span + wide))
        kind = ' class="header"' if head or row.kind == "header" else ""
        return f"<tr{kind}>{''.join(cells)}</tr>"

    def _cell(self, cell: Cell, *, head: bool, first: bool, attributes: str) -> str:
        classes = []
        if cell.align != "left":
            classes.append(f"align-{cell.align}")
        if cell.tone and self.options.tone_colours.get(cell.tone):
            classes.append(f"tone-{_ident(cell.tone)}")
        attrs = (f' class="{" ".join(classes)}"' if classes else "") + attributes
        text = self._runs(cell.runs)
        if head:
            return f'<th scope="col"{attrs}>{text}</th>' if text else f"<td{attrs}></td>"
        if first and text:
            return f'<th scope="row"{attrs}>{text}</th>'
        return f"<td{attrs}>{text}</td>"

    def _shaded(self, table: Table) -> bool:
        colours = self.options.tone_colours
        return bool(self.options.tone_legend.strip()) and any(
            cell.tone and colours.get(cell.tone) for row in table.rows for cell in row.cells
        )

    def _legend(self) -> None:
        """The shading explained once, under the first table that shows it: each sample holds its words."""
        self._legend_written = True
        parts = []
        for piece in legend_pieces(self.options.tone_legend, self.options.tone_colours, self.document):
            if piece.tone is None:
                parts.append(escape(piece.text))
            else:
                parts.append(f'<span class="swatch tone-{_ident(piece.tone)}">{escape(piece.text)}</span>')
        self.out.append(f'<p class="note legend">{"".join(parts)}</p>')

    def _chart(self, chart: Chart) -> None:
        ident = self._unique(f"figure{chart.number}" if chart.number is not None else _ident(f"chart-{chart.id}"))
        svg = render_chart_svg(chart, self.options, ids=f"{ident}-")
        # inline: no namespace needed, and the size comes from the style sheet (the viewBox keeps the shape)
        svg = re.sub(r'^<svg xmlns="[^"]*" width="[^"]*" height="[^"]*" ', "<svg ", svg.strip(), count=1)
        caption = self._caption(chart, "Figure")
        self.out.append(f'<figure id="{ident}">')
        self.out.append(svg)
        self.out.append(f"<figcaption>{caption}</figcaption>")
        self.out.append("<details>")
        label = f"Figure {chart.number}" if chart.number is not None else "the chart"
        self.out.append(f"<summary>The data of {label}</summary>")
        self.out.append(_chart_table(chart))
        self.out.append("</details>")
        self.out.append("</figure>")

    # --- footnotes and inline ------------------------------------------------

    def _footnotes(self) -> None:
        notes = self.document.footnotes
        if not notes:
            return
        self.out.append('<footer>\n<section class="footnotes" aria-labelledby="notes">')
        self.out.append('<h2 id="notes">Notes</h2>')
        self.out.append("<ol>")
        for note in notes:
            backs = " ".join(
                f'<a href="#fnref{note.number}{"" if k == 1 else f"-{k}"}" class="back">'
                f"Back to reference {note.number}{'' if self._refs[note.number] < 2 else f' ({k})'} in the text</a>"
                for k in range(1, self._refs[note.number] + 1)
            )
            self.out.append(f'<li id="fn{note.number}" value="{note.number}">{self._runs(note.runs, notes=False)} {backs}</li>')
        self.out.append("</ol>\n</section>\n</footer>")

    def _runs(self, runs: Runs, *, notes: bool = True) -> str:
        out = []
        for run in runs:
            if isinstance(run, Figure):
                out.append(f'<span class="figure" data-fact="{escape(run.fact_id)}">{escape(run.text)}</span>')
            elif isinstance(run, Text):
                out.append(escape(run.text))
            elif isinstance(run, FootnoteRef):
                if not notes:
                    continue
                self._refs[run.number] += 1
                k = self._refs[run.number]
                ident = f"fnref{run.number}" + ("" if k == 1 else f"-{k}")
                out.append(f'<sup class="ref"><a href="#fn{run.number}" id="{ident}" aria-label="Note {run.number}">'
                           f"{run.number}</a></sup>")
            else:
                raise TypeError(f"cannot render {type(run).__name__} as HTML")
        return " ".join("".join(out).split("\n")).strip()


def _plain(runs: Runs) -> str:
    return "".join(r.text for r in runs if isinstance(r, (Text, Figure)))


def _row_spans(rows: tuple[Row, ...], columns: int) -> list[list[int]]:
    """Each cell's rowspan: 1, more where cells below continue it, 0 for a cell merged into one above."""
    spans = [[1] * columns for _ in rows]
    for c in range(columns):
        owner = None
        for r, row in enumerate(rows):
            cell = row.cells[c] if c < len(row.cells) else None
            if cell is not None and cell.continues and owner is not None and row.kind == "body":
                spans[owner][c] += 1
                spans[r][c] = 0
            else:
                owner = r if row.kind == "body" else None
    return spans


def _number_text(value: float | None, number_format: str) -> str:
    """A chart value as its labels print it (the Excel format code's decimals, grouping and % sign)."""
    if value is None:
        return ""
    decimals = len(number_format.split(".", 1)[1].split('"')[0].rstrip("%")) if "." in number_format else 0
    text = f"{value:,.{decimals}f}" if "," in number_format else f"{value:.{decimals}f}"
    return text + "%" if number_format.endswith('"%"') or number_format.endswith("%") else text


def _chart_table(chart: Chart) -> str:
    """The chart's numbers: a row per month, a column per line."""
    head = "".join(f'<th scope="col">{escape(s.name)}</th>' for s in chart.series)
    rows = []
    for index, category in enumerate(chart.categories):
        cells = "".join(f'<td class="align-right">{_number_text(s.values[index], chart.number_format)}</td>' for s in chart.series)
        rows.append(f'<tr><th scope="row">{escape(category)}</th>{cells}</tr>')
    return (f'<table class="data">\n<thead><tr><th scope="col">Month</th>{head}</tr></thead>\n'
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
