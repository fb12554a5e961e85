"""The parts of a Word table a writer lays out: each cell's part in a vertical merge, the
borders of a shaded header cell, a table's alt text, and :class:`RowCache`, the rows
laid out before in a run, for copying (a batch's drafts share their area tables).
"""

from __future__ import annotations

from lxml import etree

from ..model import Row, Table, plain_text
from .xml import w

HEADER_FILL = "D9D9D9"  # a header row below the first, which the table style does not reach
GROUP_FILL = "F2F2F2"
SMALL_TABLE = 8  # rows; a table this short is kept on one page; a longer one may break, its header repeated
ROW_CACHE = 4096  # rows kept for copying (a batch of 44 drafts with three 45-row tables uses about 140)


class RowCache:
    """Rows laid out before, by everything that shapes their XML, with the figures each holds.

    One cache serves the drafts rendered with one :class:`~narrator.writers.options.WriterOptions`
    (a batch of areas), never the whole process: a row is only copied where it would be built
    the same.
    """

    def __init__(self, size: int = ROW_CACHE) -> None:
        self.size = size
        self._rows: dict[tuple, tuple[etree._Element, list[tuple[str, str]]]] = {}

    def get(self, key: tuple) -> tuple[etree._Element, list[tuple[str, str]]] | None:
        return self._rows.get(key)

    def put(self, key: tuple, element: etree._Element, figures: list[tuple[str, str]]) -> None:
        if len(self._rows) < self.size:
            self._rows[key] = (element, figures)


def vertical_merges(rows: tuple[Row, ...], columns: int) -> list[list[str | None]]:
    """Each cell's part in a vertical merge: "restart" (the cell continued below), "continue" or None."""
    grid: list[list[str | None]] = [[None] * columns for _ in rows]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row.cells[:columns]):
            if cell.continues and r and rows[r - 1].kind == row.kind and grid[r - 1] is not None:
                grid[r][c] = "continue"
                if grid[r - 1][c] is None:
                    grid[r - 1][c] = "restart"
    return grid


def seamless(fill: str) -> etree._Element:
    """Side borders in a shaded cell's own colour: no hairline of white between shaded cells."""
    return w("tcBorders", w("left", val="single", sz=12, space=0, color=fill), w("right", val="single", sz=12, space=0, color=fill))


def alt_text(table: Table) -> list[etree._Element]:
    """The table's title and description as Word's Alt Text pane shows them (``w:tblCaption``,
    ``w:tblDescription``): the caption (else the first heading cell), and what heads its columns,
    or, in a table of labelled values with no header row, its rows. Pandoc joins the two into the
    table's caption, so a heading that is the title is not said again."""
    first = [" ".join(plain_text(cell.runs).split()) for cell in table.rows[0].cells] if table.rows else []
    title = " ".join((table.caption or "").split()) or next((h for h in first if h), "")
    if table.rows and table.rows[0].kind == "header":
        body = sum(1 for row in table.rows if row.kind == "body")
        heads = _listed(" under the headings ", first, title, " and after it the columns ")
    else:
        body = len(table.rows)
        labels = [" ".join(plain_text(row.cells[0].runs).split()) for row in table.rows if row.cells]
        heads = _listed(", each headed by its first cell: ", labels, title, ", each headed by its first cell; after it: ")
    # pandoc joins the title and the description into the table's caption: the space keeps them two sentences
    description = f" A table of {body} row{'s' if body != 1 else ''}{heads}."
    return [w("tblCaption", val=title) if title else None, w("tblDescription", val=description)]


def _listed(lead: str, names: list[str], title: str, after_title: str) -> str:
    """The names (headings, row labels) joined by "; ", after ``lead``; when the first is the
    title, the others after ``after_title`` ("" when there are none)."""
    names = [name for name in names if name]
    if names and names[0] == title:
        return f"{after_title}{'; '.join(names[1:])}" if names[1:] else ""
    return f"{lead}{'; '.join(names)}" if names else ""
