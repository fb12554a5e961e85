"""Bookmarks in an existing Word story (the body, the footnotes): their text, read and replaced.

Contract. :func:`find_ranges` walks one story (the root of ``document.xml`` or
``footnotes.xml``, parsed so that every character is kept) in document order and returns
each bookmark's range, by name folded to lower case (Word compares bookmark names without
case). A range runs from the first ``w:bookmarkStart`` of its name to the
``w:bookmarkEnd`` with the same id; a later start of the same name (a copy pasted outside
Word, say) is ignored, as Word ignores it, and a start with no end is no range.
:func:`find_occurrences` gives every occurrence of each name instead (the copies too), with
the copy Word keeps of a text box for older readers (``mc:Fallback``) hung on the range it
copies; and a bookmark whose text was all deleted as a tracked change, with an insertion
just beside it (LibreOffice records typing over a figure so), holds that insertion.

A range holds the runs a reader sees inside it: not those in deleted revisions
(``w:del``) or moved-from text (``w:moveFrom``). Its :attr:`~BookmarkRange.text` is what a
reader sees: tabs as "\\t", breaks and paragraph marks between text as "\\n", a
non-breaking hyphen as "-". :meth:`~BookmarkRange.replace_text` puts new text into the
first of those runs, keeping that run's properties (its formatting), and takes the text
out of the others; a run left with nothing but properties goes. Nothing outside the range
changes.

:func:`cell_fill` and :func:`set_cell_fill` read and set a table cell's shading;
:func:`paragraph_text` gives a paragraph's visible text with where each run's text lies;
:func:`mark_span` puts new text over characters of a paragraph inside a new bookmark (a figure
found by its text, bookmarked again), splitting runs where it must.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from .numbertext import number_prefix
from .xml import insert_ordered, run_content, w

__all__ = ["BookmarkRange", "cell_fill", "find_occurrences", "find_ranges", "mark_span", "paragraph_text", "run_text", "set_cell_fill", "text_elements"]

_START, _END, _ID, _NAME = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:id"), qn("w:name")
_P, _R, _RPR, _TC, _TCPR, _SHD, _FILL = qn("w:p"), qn("w:r"), qn("w:rPr"), qn("w:tc"), qn("w:tcPr"), qn("w:shd"), qn("w:fill")
_UNSEEN = {qn("w:del"), qn("w:moveFrom")}
_DEL, _INS = qn("w:del"), qn("w:ins")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
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


def _in_and_seen(run: etree._Element, paragraph: etree._Element) -> bool:
    """Whether ``run`` is of ``paragraph`` itself (not of a paragraph nested in it) and in no
    deletion below it (:func:`_seen`, the ancestors above ``paragraph`` asked once for all its runs)."""
    parent = run.getparent()
    while parent is not paragraph:
        if parent is None or parent.tag == _P or parent.tag in _UNSEEN:
            return False
        parent = parent.getparent()
    return True


def text_elements(text: str) -> list[etree._Element]:
    """``text`` as the children of a run, as Narrator writes a figure: tabs, breaks, non-breaking hyphens."""
    return run_content(text, unbreakable_hyphens=True)


@dataclass(eq=False)
class BookmarkRange:
    name: str
    start: etree._Element
    end: etree._Element | None = None
    items: list[etree._Element | str] = field(default_factory=list)  # visible runs; "\n" between paragraphs
    fallbacks: list[BookmarkRange] = field(default_factory=list)  # its copies in text boxes' VML fallbacks
    deleted: bool = False  # it holds text deleted as a tracked change
    inserted: etree._Element | None = None  # the w:ins beside it that holds its text (see find_occurrences)
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
        first = next((item for item in self.items if not isinstance(item, str)), None)
        for element in (self.start,) if first is None else (first, self.start):
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
    """Every bookmark of ``story`` with an end, by its name in lower case, in document order: the
    first occurrence of each name outside a text box's VML fallback copy (as Word reads them)."""
    return {key: found[0] for key, found in find_occurrences(story).items() if found}


def find_occurrences(story: etree._Element) -> dict[str, list[BookmarkRange]]:
    """Every occurrence of every bookmark of ``story`` with an end, by name in lower case, in
    document order; the copies in a text box's VML fallback (``mc:Fallback``) are left out of these
    lists and hung on the occurrence of the same name they copy (:attr:`BookmarkRange.fallbacks`)."""
    fallback = {element for block in story.iter(_FALLBACK) for element in block.iter()}
    hidden: dict[etree._Element, bool] = {}  # an element in a deletion (or a move away): asked once per parent

    def seen(run: etree._Element) -> bool:  # _seen, the answer for each parent kept
        parent = run.getparent()
        if parent is None:
            return True
        if parent not in hidden:
            hidden[parent] = parent.tag in _UNSEEN or not seen(parent)
        return not hidden[parent]

    found: dict[str, list[BookmarkRange]] = {}
    copies: list[BookmarkRange] = []
    open_ranges: dict[tuple[bool, str | None], BookmarkRange] = {}  # (in a fallback, w:id) → range
    for element in story.iter(_START, _END, _P, _R):
        tag, copy = element.tag, element in fallback
        if tag == _START:
            bookmark = BookmarkRange(element.get(_NAME) or "", element)
            (copies if copy else found.setdefault(bookmark.name.casefold(), [])).append(bookmark)
            open_ranges[(copy, element.get(_ID))] = bookmark
        elif tag == _END:
            bookmark = open_ranges.pop((copy, element.get(_ID)), None)
            if bookmark is not None:
                bookmark.end = element
        elif not open_ranges:
            continue
        elif tag == _P:
            for (in_copy, _), bookmark in open_ranges.items():
                if in_copy == copy:
                    bookmark._pending_break = True
        elif seen(element):
            for (in_copy, _), bookmark in open_ranges.items():
                if in_copy == copy:
                    bookmark._add_run(element)
        elif element.getparent() is not None and element.getparent().tag == _DEL:
            for (in_copy, _), bookmark in open_ranges.items():
                if in_copy == copy:
                    bookmark.deleted = True
    ranges = {key: [b for b in found_ if b.end is not None] for key, found_ in found.items()}
    for bookmark in (b for found_ in ranges.values() for b in found_):
        _inserted_beside(bookmark)
    for copy in copies:
        if copy.end is not None and ranges.get(copy.name.casefold()):
            _inserted_beside(copy)
            ranges[copy.name.casefold()][0].fallbacks.append(copy)
    return {key: found_ for key, found_ in ranges.items() if found_}


def _inserted_beside(bookmark: BookmarkRange) -> None:
    """A bookmark whose text was all deleted as a tracked change, with an insertion right after its
    end (or right before its start), holds that insertion: the figure typed over with changes
    recorded (LibreOffice puts the new text beside the bookmark, Word inside it)."""
    if bookmark.text or not bookmark.deleted or bookmark.end is None:
        return
    for mark, step in ((bookmark.end, "getnext"), (bookmark.start, "getprevious")):
        neighbour = getattr(mark, step)()
        while neighbour is not None and neighbour.tag in (_START, _END):
            neighbour = getattr(neighbour, step)()
        if neighbour is not None and neighbour.tag == _INS:
            for run in neighbour.iter(_R):
                bookmark._add_run(run)
            if bookmark.text:
                bookmark.inserted = neighbour
                return


def paragraph_text(paragraph: etree._Element) -> tuple[str, list[tuple[etree._Element, int, int]]]:
    """The visible text of ``paragraph`` and each of its runs with text: (run, start, end) offsets.

    Runs inside hyperlinks, insertions and content controls count; runs of a paragraph nested
    inside this one (a text box) do not, nor do those of its number held as text (:mod:`.numbertext`).
    """
    text, spans = [], []
    position = 0
    number = number_prefix(paragraph)  # held: lxml keeps one proxy per element while it is referenced
    hidden = not _seen(paragraph)  # in a deletion: so is every run of it
    for run in paragraph.iter(_R):
        if hidden or not _in_and_seen(run, paragraph) or any(run is n for n in number):
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


def mark_span(paragraph: etree._Element, start: int, end: int, text: str, name: str) -> None:
    """Put ``text`` where the characters [start, end) of ``paragraph``'s visible text are, in the
    formatting of the first of them, inside a new bookmark ``name`` (any old marks of that name
    in the paragraph's part are taken away first): a figure found by its text, bookmarked again.
    Runs are split at ``start`` and ``end`` as needed; no other character changes."""
    root = paragraph.getroottree().getroot()
    for mark in [e for e in root.iter(_START) if (e.get(_NAME) or "").casefold() == name.casefold()]:
        ends = [e for e in root.iter(_END) if e.get(_ID) == mark.get(_ID)]
        for element in [mark, *ends]:
            element.getparent().remove(element)
    _, spans = paragraph_text(paragraph)
    inside = []
    for run, run_start, run_end in spans:
        if run_end <= start or run_start >= end:
            continue
        if run_start < start:
            run = _split(run, start - run_start)
            run_start = start
        if run_end > end:
            _split(run, end - run_start)
        inside.append(run)
    if not inside:
        raise ValueError(f"no text at [{start}, {end}) to bookmark as {name}")
    first = inside[0]
    old = [child for child in first if child.tag in _TEXT]
    for element in text_elements(text):
        old[0].addprevious(element)
    for child in old:
        first.remove(child)
    for run in inside[1:]:
        for child in [c for c in run if c.tag in _TEXT]:
            run.remove(child)
        if all(child.tag == _RPR for child in run):
            run.getparent().remove(run)
    identifier = str(max((int(e.get(_ID)) for e in root.iter(_START, _END) if (e.get(_ID) or "").isdigit()), default=0) + 1)
    first.addprevious(w("bookmarkStart", id=identifier, name=name))
    first.addnext(w("bookmarkEnd", id=identifier))


def _split(run: etree._Element, offset: int) -> etree._Element:
    """Split ``run`` after ``offset`` visible characters: ``run`` keeps them, a new run after it (same
    properties) takes the rest; the new run is returned."""
    rest = copy.deepcopy(run)
    position = 0
    for mine, theirs in zip(list(run), list(rest)):
        if mine.tag not in _TEXT:
            continue
        piece = run_text_piece(mine)
        if position + len(piece) <= offset:
            rest.remove(theirs)
        elif position >= offset:
            run.remove(mine)
        else:  # a w:t holding the split point
            cut = offset - position
            mine.text, theirs.text = (mine.text or "")[:cut], (theirs.text or "")[cut:]
            for element in (mine, theirs):
                element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        position += len(piece)
    run.addnext(rest)
    return rest


def run_text_piece(child: etree._Element) -> str:
    """What a reader sees of one child of a run."""
    piece = _TEXT.get(child.tag, "")
    return (child.text or "").replace("\u2011", "-") if piece is None else piece
