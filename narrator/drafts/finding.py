"""Finding a figure by its text and its neighbours, when its bookmark no longer marks it.

Contract. A draft's map records, for each figure, the few characters of its paragraph on each
side of it as written (:func:`contexts`, :data:`CONTEXT` characters each side). With them:

* :func:`shifted` finds a figure whose bookmark still exists but was moved a character or two
  off it (LibreOffice moves the bookmarks after a Word comment's mark one character left when
  it saves): the figure's text as written (or as the data give it now) within
  :data:`SHIFT` characters of the bookmark's start in the same paragraph;
* :func:`lost` finds a figure whose bookmark is gone (a paragraph pasted back with "Keep Text
  Only", a bookmark deleted, a figure retyped after Word dropped its bookmark): first its text
  with the neighbours it was written between; failing that, whatever now stands between those
  neighbours (a figure the analyst retyped). Text another figure's bookmark already holds is
  never taken. One best place is a :class:`Found`; two or more equally good places are
  reported as ambiguous, never guessed between.

A figure alone in a table cell has no neighbours in its paragraph; :func:`cell_labels` records
instead its row's label and its column's heading, and a lost one is found in the one cell of a
table whose row and column they still name (two such cells: ambiguous; none: gone). A figure
with neither (a draft written before they were recorded) is found by its bookmark only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from ..word.figuremap import MappedFigure
from ..word.outline import cell_text
from ..word.ranges import BookmarkRange, paragraph_text

__all__ = ["CONTEXT", "SHIFT", "CellLabels", "Found", "Paragraph", "bookmark_span", "cell_labels", "contexts", "lost", "shifted"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CONTEXT = 16  # characters of a figure's paragraph recorded on each side of it
SHIFT = 2  # how far (in characters) a moved bookmark may lie from its figure
MIN_CONTEXT = 6  # the neighbours that must match, at least, to find a figure by its text
MAX_RETYPED = 40  # the longest text taken as a figure retyped between its neighbours


@dataclass(frozen=True, eq=False)
class Paragraph:
    """A paragraph of one story, with its visible text and where each run's text lies in it."""

    story: str
    element: etree._Element
    text: str
    spans: tuple[tuple[etree._Element, int, int], ...]

    @classmethod
    def of(cls, story: str, element: etree._Element) -> Paragraph:
        text, spans = paragraph_text(element)
        return cls(story, element, text, tuple(spans))


@dataclass(frozen=True, eq=False)
class Found:
    """Where a figure stands now though its bookmark does not mark it: characters [start, end) of a paragraph."""

    paragraph: Paragraph
    start: int
    end: int
    how: str  # "shifted": its bookmark moved off it; "text": its bookmark lost; "ambiguous": in several places
    places: int = 1  # how many places fit equally well (more than one: ambiguous)

    @property
    def text(self) -> str:
        return self.paragraph.text[self.start:self.end]


def bookmark_span(bookmark: BookmarkRange, paragraph: Paragraph) -> tuple[int, int] | None:
    """The characters of ``paragraph`` the bookmark's runs hold, if it holds any there."""
    runs = set(bookmark.runs)
    inside = [(start, end) for run, start, end in paragraph.spans if run in runs]
    return (inside[0][0], inside[-1][1]) if inside else None


def contexts(paragraphs: Iterable[Paragraph], ranges: Mapping[str, BookmarkRange]) -> dict[str, tuple[str, str]]:
    """Each bookmark of ``ranges`` (by name in lower case) with the characters of its paragraph before and after it."""
    by_element = {paragraph.element: paragraph for paragraph in paragraphs}
    found = {}
    for key, bookmark in ranges.items():
        paragraph = by_element.get(bookmark.paragraph)
        span = bookmark_span(bookmark, paragraph) if paragraph is not None else None
        if span is not None:
            start, end = span
            found[key] = (paragraph.text[max(0, start - CONTEXT):start], paragraph.text[end:end + CONTEXT])
    return found


def shifted(figure: MappedFigure, texts: Sequence[str], paragraph: Paragraph, span: tuple[int, int]) -> Found | None:
    """The figure (one of ``texts``: as written, as the data give it now) within SHIFT characters of ``span``."""
    start = span[0]
    for distance in sorted(range(-SHIFT, SHIFT + 1), key=abs):
        for text in texts:
            at = start + distance
            if text and at >= 0 and paragraph.text[at:at + len(text)] == text and (at, at + len(text)) != span:
                return Found(paragraph, at, at + len(text), "shifted")
    return None


def lost(figure: MappedFigure, paragraphs: Sequence[Paragraph], taken: Mapping[etree._Element, list[tuple[int, int]]]) -> Found | None:
    """Where the figure stands, by its text and neighbours, when no bookmark marks it (see the contract)."""
    before, after = figure.before or "", figure.after or ""
    if len(before) + len(after) < MIN_CONTEXT and figure.row is not None and figure.column is not None:
        return _in_cell(figure, paragraphs, taken)
    if len(before) + len(after) < MIN_CONTEXT or not figure.text:
        return None
    need = min(len(before) + len(after), 2 * MIN_CONTEXT)
    candidates = []
    for paragraph in paragraphs:
        text, busy = paragraph.text, taken.get(paragraph.element, [])
        at = text.find(figure.text)
        while at >= 0:
            end = at + len(figure.text)
            score = _suffix(text[:at], before) + _prefix(text[end:], after)
            if score >= need and not _overlaps(at, end, busy):
                candidates.append((score, paragraph, at, end))
            at = text.find(figure.text, at + 1)
    if not candidates:
        candidates = list(_between(before, after, paragraphs, taken))
    if not candidates:
        return None
    best = max(score for score, *_ in candidates)
    top = [candidate for candidate in candidates if candidate[0] == best]
    _, paragraph, start, end = top[0]
    return Found(paragraph, start, end, "text" if len(top) == 1 else "ambiguous", len(top))


def cell_labels(cell: etree._Element) -> tuple[str, str] | None:
    """A table cell's row label (its row's first cell) and column heading (the cell of the same
    grid column in the table's first row), as their text reads; None outside a table's body."""
    row = cell.getparent()
    table = row.getparent() if row is not None else None
    if row is None or table is None or row.tag != _W + "tr":
        return None
    rows = table.findall(_W + "tr")
    column = _grid_column(row, cell)
    heading = next((c for c in rows[0].findall(_W + "tc") if _grid_column(rows[0], c) == column), None)
    first = row.find(_W + "tc")
    if heading is None or first is None or first is cell or row is rows[0]:
        return None
    return cell_text(first), cell_text(heading)


class CellLabels:
    """:func:`cell_labels` of the cells of one document that does not change meanwhile, each row's
    grid columns and each cell's text read once (a draft's tables hold hundreds of figures)."""

    def __init__(self) -> None:
        self._columns: dict[etree._Element, dict[etree._Element, int]] = {}  # row → its cells' grid columns
        self._texts: dict[etree._Element, str] = {}
        self._headings: dict[etree._Element, dict[int, etree._Element]] = {}

    def __call__(self, cell: etree._Element) -> tuple[str, str] | None:
        row = cell.getparent()
        table = row.getparent() if row is not None else None
        if row is None or table is None or row.tag != _W + "tr":
            return None
        top = table.find(_W + "tr")
        column = self._columns_of(row).get(cell, -1)
        heading = self._headings_of(top).get(column)
        first = row.find(_W + "tc")
        if heading is None or first is None or first is cell or row is top:
            return None
        return self._text(first), self._text(heading)

    def _columns_of(self, row: etree._Element) -> dict[etree._Element, int]:
        """Each cell of ``row`` with the grid column it starts in (:func:`_grid_column`)."""
        if row not in self._columns:
            columns, column = {}, 0
            for cell in row.findall(_W + "tc"):
                columns[cell] = column
                span = cell.find(f"{_W}tcPr/{_W}gridSpan")
                column += int(span.get(_W + "val", "1")) if span is not None and (span.get(_W + "val") or "").isdigit() else 1
            self._columns[row] = columns
        return self._columns[row]

    def _headings_of(self, top: etree._Element) -> dict[int, etree._Element]:
        """The first cell of the table's first row starting in each grid column."""
        if top not in self._headings:
            self._headings[top] = {}
            for cell, column in self._columns_of(top).items():
                self._headings[top].setdefault(column, cell)
        return self._headings[top]

    def _text(self, cell: etree._Element) -> str:
        if cell not in self._texts:
            self._texts[cell] = cell_text(cell)
        return self._texts[cell]


def _grid_column(row: etree._Element, cell: etree._Element) -> int:
    """The grid column a cell starts in (cells before it spanning several columns counted as such)."""
    column = 0
    for other in row.findall(_W + "tc"):
        if other is cell:
            return column
        span = other.find(f"{_W}tcPr/{_W}gridSpan")
        column += int(span.get(_W + "val", "1")) if span is not None and (span.get(_W + "val") or "").isdigit() else 1
    return -1


def _in_cell(figure: MappedFigure, paragraphs: Sequence[Paragraph], taken) -> Found | None:
    """The figure's cell found again by its row's label and its column's heading."""
    candidates = []
    for paragraph in paragraphs:
        cell = paragraph.element.getparent()
        if cell is None or cell.tag != _W + "tc" or cell_labels(cell) != (figure.row, figure.column):
            continue
        text = paragraph.text
        start, end = len(text) - len(text.lstrip()), len(text.rstrip())
        if end > start and not _overlaps(start, end, taken.get(paragraph.element, [])):
            candidates.append((paragraph, start, end))
    if not candidates:
        return None
    paragraph, start, end = candidates[0]
    return Found(paragraph, start, end, "text" if len(candidates) == 1 else "ambiguous", len(candidates))


def _between(before: str, after: str, paragraphs: Sequence[Paragraph], taken) -> Iterable[tuple[int, Paragraph, int, int]]:
    """Places where the whole of ``before`` is followed, a short text later, by the whole of ``after``."""
    if len(before) < MIN_CONTEXT or len(after) < MIN_CONTEXT:
        return
    for paragraph in paragraphs:
        text = paragraph.text
        at = text.find(before)
        while at >= 0:
            start = at + len(before)
            end = text.find(after, start, start + MAX_RETYPED + len(after))
            if end > start and text[start:end].strip() and not _overlaps(start, end, taken.get(paragraph.element, [])):
                yield len(before) + len(after), paragraph, start, end
            at = text.find(before, at + 1)


def _overlaps(start: int, end: int, busy: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in busy)


def _suffix(text: str, wanted: str) -> int:
    """How many characters at the end of ``text`` match the end of ``wanted``."""
    count = 0
    while count < min(len(text), len(wanted)) and text[-1 - count] == wanted[-1 - count]:
        count += 1
    return count


def _prefix(text: str, wanted: str) -> int:
    """How many characters at the start of ``text`` match the start of ``wanted``."""
    count = 0
    while count < min(len(text), len(wanted)) and text[count] == wanted[count]:
        count += 1
    return count
