"""The document model: what a report *is*, independent of any output format.

Templates produce it (through :mod:`narrator.document.blocks`); writers render it. It knows
nothing about policing and nothing about Word or Markdown. Every object is
immutable. Paragraph and heading numbers are assigned by
:func:`narrator.document.numbering.number_blocks`, never typed by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, Union


@dataclass(frozen=True)
class Text:
    """Plain words."""

    text: str


@dataclass(frozen=True)
class Figure:
    """A figure as printed, drawn from the fact ``fact_id``."""

    text: str
    fact_id: str


@dataclass(frozen=True)
class FootnoteRef:
    """A reference to footnote ``number`` (1-based, in order of first use)."""

    number: int


Inline = Union[Text, Figure, FootnoteRef]
Runs = tuple[Inline, ...]


def plain_text(runs: Runs) -> str:
    """The runs' visible text, footnote references left out."""
    return "".join(r.text for r in runs if not isinstance(r, FootnoteRef))


@dataclass(frozen=True)
class Heading:
    """A numbered section heading; level 1 is "4.", level 2 is "4.3"."""

    level: int
    runs: Runs
    numbered: bool = True
    number: tuple[int, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text.

    ``numbered`` paragraphs get a number one level below the current heading
    (4.3.1); others (notes above a table, for instance) are printed as they are.
    """

    runs: Runs
    numbered: bool = True
    number: tuple[int, ...] = ()
    role: Literal["body", "note"] = "body"


Align = Literal["left", "right", "center"]
Tone = Literal["good", "bad", "neutral"]


@dataclass(frozen=True)
class Cell:
    runs: Runs
    align: Align = "left"
    tone: Tone | None = None  # a judgement cell's meaning, for colouring
    continues: bool = False  # an empty cell that continues the cell above (one merged cell)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    kind: Literal["header", "group", "body", "emphasis"] = "body"  # emphasis: a body row set off (the force among its peers)


@dataclass(frozen=True)
class Table:
    """A table; ``caption`` tables are numbered "Table 1: …" in order."""

    id: str
    rows: tuple[Row, ...]
    caption: str | None = None
    number: int | None = None


SeriesRole = Literal["current", "previous", "monthly", "rolling", "mean", "limit", "threshold", "peer", "force", "national"]
MARKER_ROLES = ("peer", "force")  # drawn as dots, one per category, not as a line


@dataclass(frozen=True)
class ChartSeries:
    """One line of a chart: a value per category (None for a gap), each drawn from a fact.

    ``role`` says what the line is, so that a writer can draw it in the house style
    (colour, weight, dashes); ``legend`` is False for a line the legend need not name
    twice (the lower control limit, named with the upper).
    """

    name: str
    role: SeriesRole
    values: tuple[float | None, ...]
    fact_ids: tuple[str | None, ...]
    legend: bool = True


@dataclass(frozen=True)
class Chart:
    """A line chart of one measure by month, or a dot chart of forces; captioned "Figure n: …" in order.

    ``axis`` is the value axis (low, high, step), chosen once so that every writer draws
    the same chart; ``number_format`` is an Excel format code for its labels and data
    ("#,##0", '0.0"%"'). ``alt_text`` says what the chart shows, with its key figures.
    """

    id: str
    measure: str
    kind: Literal["year_on_year", "trend", "dots"]  # dots: one dot per force (the force against its peers)
    categories: tuple[str, ...]  # the labels along the bottom ("Apr", or "Apr 2016")
    months: tuple[str, ...]  # each category's month, YYYY-MM (for a year on year chart, of the current year)
    series: tuple[ChartSeries, ...]
    axis: tuple[float, float, float]
    number_format: str
    caption: str
    alt_text: str
    number: int | None = None


Block = Union[Heading, Paragraph, Table, Chart]


@dataclass(frozen=True)
class MemoField:
    label: str  # "To", "From", "Date"
    runs: Runs


@dataclass(frozen=True)
class Footnote:
    number: int
    runs: Runs


@dataclass(frozen=True)
class Document:
    title: str
    strapline: str = ""
    memo: tuple[MemoField, ...] = ()
    blocks: tuple[Block, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    properties: dict[str, str] = field(default_factory=dict)

    def runs(self, *, footnotes: bool = False) -> Iterator[Runs]:
        """The runs of every memo field, heading, paragraph and table cell, in order (and of the
        footnotes after them, with ``footnotes``); charts hold no runs."""
        for memo_field in self.memo:
            yield memo_field.runs
        for block in self.blocks:
            if isinstance(block, Table):
                yield from (cell.runs for row in block.rows for cell in row.cells)
            elif not isinstance(block, Chart):
                yield block.runs
        if footnotes:
            for note in self.footnotes:
                yield note.runs
