"""Where each figure of an opened draft stands now: by its bookmark, or by its text when the bookmark fails it.

Contract. :func:`locate_figures` gives, for every figure of the draft's map in map order, one
:class:`Located`, and after it one more for each copy of its bookmark:

* ``bookmark``: its bookmark holds it (a bookmark may hold the analyst's own text: that is for
  the check to judge);
* ``shifted``: its bookmark holds a little less than the figure, or something else of its length,
  and the figure (as written, or as the data give it now) stands a character or two off
  (:func:`.finding.shifted`);
* ``text``: its bookmark is gone or empty, and its text (or a text retyped between its
  neighbours) stands in one place that fits (:func:`.finding.lost`); ``ambiguous``: in several;
* ``gone``: its bookmark is gone or empty and nothing fits: deleted;
* ``copy``: a second bookmark of the same name (a paragraph copied outside a word processor).
  Of several, the original is the one holding what Narrator wrote between the neighbours it
  was written between (else the best of those, else the first); the others are copies.

Text that any figure's bookmark holds is never claimed by a lost figure, and no two lost
figures claim the same characters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

from ..word.figuremap import MappedFigure
from ..word.ranges import BookmarkRange
from .finding import Found, bookmark_span, lost, shifted
from .opened import OpenedDraft

__all__ = ["Located", "locate_figures"]

_TC = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"


@dataclass(frozen=True, eq=False)
class Located:
    figure: MappedFigure
    story: str
    how: str  # bookmark, shifted, text, ambiguous, gone, copy
    bookmark: BookmarkRange | None = None
    found: Found | None = None

    @property
    def text(self) -> str | None:
        if self.found is not None:
            return self.found.text
        return self.bookmark.text if self.bookmark is not None else None

    @property
    def paragraph(self) -> etree._Element | None:
        if self.found is not None:
            return self.found.paragraph.element
        return self.bookmark.paragraph if self.bookmark is not None else None

    @property
    def offset(self) -> int:
        return self.found.start if self.found is not None else 0

    @property
    def cell(self) -> etree._Element | None:
        paragraph = self.paragraph
        return next(paragraph.iterancestors(_TC), None) if paragraph is not None else None


def locate_figures(draft: OpenedDraft, expected: Callable[[MappedFigure], Sequence[str]]) -> list[Located]:
    """Every figure of ``draft`` located (see the contract); ``expected(figure)``: the texts it may hold (as written, as now)."""
    by_element = {paragraph.element: paragraph for paragraph in draft.paragraphs}
    taken: dict[etree._Element, list[tuple[int, int]]] = {}
    chosen = []
    for figure in draft.map.figures:
        occurrences = draft.occurrences(figure.bookmark)
        original = _original(figure, occurrences, by_element) if occurrences else None
        chosen.append((figure, original, [o for o in occurrences if o is not original]))
        for _, bookmark in occurrences:
            paragraph = by_element.get(bookmark.paragraph)
            span = bookmark_span(bookmark, paragraph) if paragraph is not None else None
            if span is not None:
                taken.setdefault(paragraph.element, []).append(span)
    located = []
    for figure, original, copies in chosen:
        located.append(_locate(figure, original, expected(figure), by_element, draft.paragraphs, taken))
        located += [Located(figure, story, "copy", bookmark) for story, bookmark in copies]
    return located


def _locate(figure, original, texts, by_element, paragraphs, taken) -> Located:
    story, bookmark = original if original is not None else ("", None)
    if bookmark is not None and bookmark.text:
        text = bookmark.text
        paragraph = by_element.get(bookmark.paragraph)
        span = bookmark_span(bookmark, paragraph) if paragraph is not None else None
        if text not in texts and span is not None and all(len(text) <= len(t) for t in texts if t):
            moved = shifted(figure, texts, paragraph, span)
            if moved is not None:
                return Located(figure, story, "shifted", bookmark, moved)
        return Located(figure, story, "bookmark", bookmark)
    found = lost(figure, paragraphs, taken)
    if found is None:
        return Located(figure, story, "gone", bookmark)
    if found.how == "text":
        taken.setdefault(found.paragraph.element, []).append((found.start, found.end))
    return Located(figure, found.paragraph.story, found.how, bookmark, found)


def _original(figure: MappedFigure, occurrences, by_element) -> tuple[str, BookmarkRange]:
    """Of a bookmark's occurrences, the figure's own: what Narrator wrote, between its neighbours as written."""
    if len(occurrences) == 1:
        return occurrences[0]

    def fit(occurrence) -> tuple[bool, int]:
        _, bookmark = occurrence
        paragraph = by_element.get(bookmark.paragraph)
        span = bookmark_span(bookmark, paragraph) if paragraph is not None else None
        if span is None:
            return bookmark.text == figure.text, 0
        before, after = paragraph.text[:span[0]], paragraph.text[span[1]:]
        wanted_before, wanted_after = figure.before or "", figure.after or ""
        score = sum(1 for i in range(1, min(len(before), len(wanted_before)) + 1) if before[-i:] == wanted_before[-i:])
        score += sum(1 for i in range(1, min(len(after), len(wanted_after)) + 1) if after[:i] == wanted_after[:i])
        return bookmark.text == figure.text, score

    return max(occurrences, key=fit)  # max keeps the first of equals

