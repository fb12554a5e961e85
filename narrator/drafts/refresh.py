"""Refreshing an edited Word draft: its stale figures updated where they stand, all else kept.

Contract. :func:`refresh_draft` takes an :class:`~.check.OpenedDraft` with its
:class:`~.check.DraftCheck` against :class:`~.check.Current`, and gives the new draft's
bytes (not yet fingerprinted: :mod:`.files` does that) and what it did:

* a stale figure's text is replaced by the new text inside the same bookmark, in the
  formatting of the first run the figure has (:mod:`narrator.word.ranges`); a
  stale table cell also takes its new shading, unless the analyst shaded it otherwise;
* hand-edited figures stay as the analyst wrote them; missing and unknown ones are left;
* a sentence holding a figure of a measure whose change turned, or whose test's verdict
  moved (:class:`~.check.Change`), gets one Word comment saying what changed, over the
  runs that hold the sentence (:mod:`narrator.word.comments`);
* the figure map records what the new draft holds: for current and updated figures the
  text and shading Narrator gives them now; for the others what was recorded before (so a
  figure the analyst typed is still hand-edited at the next check); and the measures' new
  states.

No paragraph is added or removed, and no other character changes: the runs outside the
updated figures keep their text and properties (a comment's reference mark is a run of
its own, with no text, at the end of the paragraph), and every other part of the package
is kept byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..word.comments import add_comment
from ..word.figuremap import FigureMap, MappedFigure
from ..word.outline import Place
from ..word.ranges import paragraph_text, set_cell_fill
from .check import Change, Current, DraftCheck, FigureCheck, OpenedDraft

__all__ = ["Flagged", "Refreshed", "refresh_draft", "sentence_span"]

AUTHOR = "Narrator"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")


@dataclass(frozen=True)
class Flagged:
    """A sentence that got a comment: where it is, its words, and what changed."""

    place: Place
    sentence: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Refreshed:
    data: bytes
    updated: tuple[FigureCheck, ...]
    kept: tuple[FigureCheck, ...]  # hand-edited, kept as the analyst wrote them
    flagged: tuple[Flagged, ...]
    missing: tuple[FigureCheck, ...]
    unknown: tuple[FigureCheck, ...]
    current: int  # figures that were already current


def sentence_span(text: str, offset: int) -> tuple[int, int]:
    """The sentence of ``text`` around ``offset``: [start, end), its end punctuation included.

    A sentence ends at ".", "!" or "?" (and any closing quote or bracket) before a space or
    the end; so "14.4%" and "2020/21." do not end one early.
    """
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > offset:
            return start, match.end()
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    return start, len(text)


def refresh_draft(draft: OpenedDraft, result: DraftCheck, current: Current) -> Refreshed:
    """The refreshed draft of ``draft`` (see the module's contract)."""
    docx = draft.docx
    updated = []
    for checked in result.figures:
        if checked.status != "stale":
            continue
        story, bookmark = draft.locate(checked.bookmark)
        docx.edit(story)
        if checked.text != checked.new:
            bookmark.replace_text(checked.new)
        cell = bookmark.cell
        shaded_by_analyst = checked.written_fill is not None and checked.fill != checked.written_fill
        if cell is not None and checked.new_fill is not None and checked.fill != checked.new_fill and not shaded_by_analyst:
            set_cell_fill(cell, checked.new_fill)
        updated.append(checked)
    flagged = _flag_sentences(draft, result)
    docx.set(draft.map_part, _new_map(draft.map, result, current).to_xml())
    by_status = {status: tuple(f for f in result.figures if f.status == status) for status in ("hand-edited", "missing", "unknown")}
    return Refreshed(
        docx.to_bytes(), tuple(updated), by_status["hand-edited"], flagged, by_status["missing"], by_status["unknown"],
        result.count("current"),
    )


def _flag_sentences(draft: OpenedDraft, result: DraftCheck) -> tuple[Flagged, ...]:
    sentences: dict[tuple[etree._Element, int, int], list] = {}
    for checked in result.figures:
        if checked.change is None:
            continue
        _, bookmark = draft.locate(checked.bookmark)
        paragraph = bookmark.paragraph
        text, spans = paragraph_text(paragraph)
        first = next((start for run, start, _ in spans if run in bookmark.runs), None)
        if first is None:
            continue
        start, end = sentence_span(text, first)
        entry = sentences.setdefault((paragraph, start, end), [checked.place, text[start:end], [], spans])
        if checked.change not in entry[2]:
            entry[2].append(checked.change)
    flagged = []
    for (paragraph, start, end), (place, sentence, changes, spans) in sentences.items():
        runs = [run for run, run_start, run_end in spans if run_end > start and run_start < end]
        said = "; ".join(change.said for change in changes)
        add_comment(
            draft.docx, runs[0], runs[-1],
            f"{AUTHOR}: since this was written, the data have changed: {said}. The figures here are updated; "
            "check that the words of this sentence still fit them.",
            author=AUTHOR,
        )
        flagged.append(Flagged(place, sentence, tuple(changes)))
    return tuple(flagged)


def _new_map(old: FigureMap, result: DraftCheck, current: Current) -> FigureMap:
    checks = {checked.bookmark: checked for checked in result.figures}
    figures = []
    for figure in old.figures:
        checked = checks[figure.bookmark]
        if checked.status in ("current", "stale"):
            fill = checked.new_fill if checked.new_fill is not None else figure.fill
            figures.append(MappedFigure(figure.bookmark, figure.fact_id, checked.new, fill))
        else:
            figures.append(figure)
    return FigureMap(tuple(figures), current.figures.states or old.states)
