"""Bookmarks in an existing Word story (the body, the footnotes): their text, read and replaced.

Contract. :func:`find_ranges` walks one story (the root of ``document.xml`` or
``footnotes.xml``, parsed so that every character is kept) in document order and returns
each bookmark's range, by name folded to lower case (Word compares bookmark names without
case). A range runs from the first ``w:bookmarkStart`` of its name to the
``w:bookmarkEnd`` with the same id; a later start of the same name (a copy pasted outside
Word, say) is ignored, as Word ignores it, and a start with no end is no range.

A range holds the runs a reader sees inside it: not those in deleted revisions
(``w:del``) or moved-from text (``w:moveFrom``). Its :attr:`~BookmarkRange.text` is what a
reader sees: tabs as "\\t", breaks and paragraph marks between text as "\\n", a
non-breaking hyphen as "-". :meth:`~BookmarkRange.replace_text` puts new text into the
first of those runs, keeping that run's properties (its formatting), and takes the text
out of the others; a run left with nothing but properties goes. Nothing outside the range
changes.

:func:`cell_fill` and :func:`set_cell_fill` read and set a table cell's shading;
:func:`paragraph_text` gives a paragraph's visible text with where each run's text lies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from .xml import insert_ordered, run_content, w

__all__ = ["BookmarkRange", "cell_fill", "find_ranges", "paragraph_text", "run_text", "set_cell_fill", "text_elements"]

_START, _END, _ID, _NAME = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:id"), qn("w:name")
_P, _R, _RPR, _TC, _TCPR, _SHD, _FILL = qn("w:p"), qn("w:r"), qn("w:rPr"), qn("w:tc"), qn("w:tcPr"), qn("w:shd"), qn("w:fill")
_UNSEEN = {qn("w:del"), qn("w:moveFrom")}
_TEXT = {
    qn("w:t"): None,  # its own text
    qn("w:tab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
    qn("w:softHyphen"): "",
}


def run_text(run: etree._Element) -> str:
    """What a reader sees of one run (``w:r``)."""
    pieces = []
    for child in run:
        if child.tag in _TEXT:
            piece = _TEXT[child.tag]
            pieces.append((child.text or "").replace("\u2011", "-") if piece is None else piece)
    return "".join(pieces)


def _has_text(run: etree._Element) -> bool:
    return any(child.tag in _TEXT for child in run)


def _seen(run: etree._Element) -> bool:
    return not any(ancestor.tag in _UNSEEN for ancestor in run.iterancestors())


def text_elements(text: str) -> list[etree._Element]:
    """``text`` as the children of a run, as Narrator writes a figure: tabs, breaks, non-breaking hyphens."""
    return run_content(text, unbreakable_hyphens=True)


@dataclass(eq=False)
class BookmarkRange:
    name: str
    start: etree._Element
    end: etree._Element | None = None
    items: list[etree._Element | str] = field(default_factory=list)  # visible runs; "\n" between paragraphs
    _pending_break: bool = False  # a paragraph ended since the last text
    _seen_text: bool = False

    @property
    def text(self) -> str:
        return "".join(item if isinstance(item, str) else run_text(item) for item in self.items)

    @property
    def runs(self) -> list[etree._Element]:
        return [item for item in self.items if not isinstance(item, str)]

    @property
    def paragraph(self) -> etree._Element | None:
        """The paragraph the range's text starts in (else the one its start mark is in)."""
        for element in (*self.runs[:1], self.start):
            for ancestor in element.iterancestors(_P):
                return ancestor
        following = self.start.getnext()
        return following if following is not None and following.tag == _P else None

    @property
    def cell(self) -> etree._Element | None:
        """The table cell around the range, if it is in one."""
        paragraph = self.paragraph
        if paragraph is None:
            return None
        return next(paragraph.iterancestors(_TC), None)

    def _add_run(self, run: etree._Element) -> None:
        if run_text(run):
            if self._pending_break and self._seen_text:
                self.items.append("\n")
            self._pending_break, self._seen_text = False, True
        self.items.append(run)

    def replace_text(self, text: str) -> None:
        """Put ``text`` where the range's text is, in the formatting of its first run with text."""
        runs = [run for run in self.runs if _has_text(run)]
        if not runs:
            raise ValueError(f"bookmark {self.name} holds no text to replace")
        first = runs[0]
        old = {run: [child for child in run if child.tag in _TEXT] for run in runs}
        for element in text_elements(text):
            old[first][0].addprevious(element)
        for run in runs:
            for child in old[run]:
                run.remove(child)
            if run is not first and all(child.tag == _RPR for child in run):
                run.getparent().remove(run)
                self.items.remove(run)


def find_ranges(story: etree._Element) -> dict[str, BookmarkRange]:
    """Every bookmark of ``story`` with an end, by its name in lower case, in document order."""
    ranges: dict[str, BookmarkRange] = {}
    open_ranges: dict[str, BookmarkRange] = {}  # w:id → range
    for element in story.iter(_START, _END, _P, _R):
        tag = element.tag
        if tag == _START:
            name = element.get(_NAME) or ""
            if name.casefold() not in ranges:
                bookmark = BookmarkRange(name, element)
                ranges[name.casefold()] = bookmark
                open_ranges[element.get(_ID)] = bookmark
        elif tag == _END:
            bookmark = open_ranges.pop(element.get(_ID), None)
            if bookmark is not None:
                bookmark.end = element
        elif not open_ranges:
            continue
        elif tag == _P:
            for bookmark in open_ranges.values():
                bookmark._pending_break = True
        elif _seen(element):
            for bookmark in open_ranges.values():
                bookmark._add_run(element)
    return {key: bookmark for key, bookmark in ranges.items() if bookmark.end is not None}


def paragraph_text(paragraph: etree._Element) -> tuple[str, list[tuple[etree._Element, int, int]]]:
    """The visible text of ``paragraph`` and each of its runs with text: (run, start, end) offsets.

    Runs inside hyperlinks, insertions and content controls count; runs of a paragraph nested
    inside this one (a text box) do not.
    """
    text, spans = [], []
    position = 0
    for run in paragraph.iter(_R):
        if next(run.iterancestors(_P), None) is not paragraph or not _seen(run):
            continue
        piece = run_text(run)
        if piece:
            spans.append((run, position, position + len(piece)))
            text.append(piece)
            position += len(piece)
    return "".join(text), spans


def cell_fill(cell: etree._Element) -> str:
    """The cell's shading, hex RGB in capitals; "" for none."""
    shading = cell.find(f"{_TCPR}/{_SHD}")
    fill = (shading.get(_FILL) or "") if shading is not None else ""
    return "" if fill.lower() == "auto" else fill.upper()


def set_cell_fill(cell: etree._Element, fill: str) -> None:
    """Shade the cell ``fill`` (hex RGB), or take its shading away ("")."""
    properties = cell.find(_TCPR)
    if properties is None:
        properties = w("tcPr")
        cell.insert(0, properties)
    shading = properties.find(_SHD)
    if not fill:
        if shading is not None:
            properties.remove(shading)
    elif shading is None:
        insert_ordered(properties, w("shd", val="clear", color="auto", fill=fill))
    else:
        shading.set(_FILL, fill)
