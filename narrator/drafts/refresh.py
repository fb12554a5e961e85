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
* a stale chart's cached values and embedded workbook are replaced by the fresh build's, its
  styling kept (:mod:`.charting`); an edited chart is kept and listed;
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
from dataclasses import dataclass, replace

from lxml import etree

from ..word.comments import add_comment
from ..word.figuremap import FigureMap, MappedFigure
from ..word.outline import Place
from ..word.ranges import find_ranges, mark_span, paragraph_text, set_cell_fill
from .charting import ChartCheck, Charts, refresh_chart
from .check import Change, Current, DraftCheck, FigureCheck
from .files import set_properties
from .finding import Paragraph, contexts
from .mapstore import PREFIX, map_properties
from .opened import OpenedDraft
from .rewording import Rewritten, reword

__all__ = ["Flagged", "Refreshed", "refresh_draft", "sentence_span"]

AUTHOR = "Narrator"
CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
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
    lost: tuple[FigureCheck, ...] = ()  # bookmark lost, the figure's text in several places: not touched
    copies: tuple[FigureCheck, ...] = ()  # copies of a figure's bookmark the analyst edited: kept
    found_again: tuple[FigureCheck, ...] = ()  # found by their text, and bookmarked again
    charts_updated: tuple[ChartCheck, ...] = ()  # stale charts given the current data
    charts_kept: tuple[ChartCheck, ...] = ()  # charts not current and not updated (edited, unknown), with why
    rewritten: tuple[Rewritten, ...] = ()  # untouched paragraphs written again from the data now


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
    updated = _by_text(draft, result)
    for checked in result.figures:
        located = checked.located
        if checked.status != "stale" or located is None or located.how not in ("bookmark", "copy"):
            continue
        bookmark = located.bookmark
        docx.edit(checked.story)
        if checked.text != checked.new:
            bookmark.replace_text(checked.new)
        for copy in bookmark.fallbacks:  # a text box's copy for older readers says the same
            if copy.text and copy.text != checked.new:
                copy.replace_text(checked.new)
        _shade(checked)
        updated.append(checked)
    charts_updated, charts_kept = _charts(draft, result, current)
    rewritten = reword(draft, result, current)
    flagged = _flag_sentences(draft, result, {r.paragraph for r in rewritten})
    new_map = _new_map(draft, result, current, rewritten)
    if draft.map_part is None:  # lost in a round trip: the part comes back
        draft.map_part = docx.add_part("customXml/item1.xml", "application/xml", CUSTOM_XML, etree.fromstring(new_map.to_xml()))
    else:
        docx.set(draft.map_part, new_map.to_xml())
    gone = {name for r in rewritten for name in r.removed}  # figures of rewritten paragraphs: written again
    originals = [f for f in result.figures if f.found != "copy" and (f.bookmark.casefold() not in gone or f.status in ("current", "stale"))]
    by_status = {status: tuple(f for f in originals if f.status == status) for status in ("hand-edited", "missing", "unknown", "lost")}
    return Refreshed(
        set_properties(docx.to_bytes(), map_properties(new_map), PREFIX), tuple(updated), by_status["hand-edited"], flagged, by_status["missing"], by_status["unknown"],
        result.count("current"), by_status["lost"], tuple(f for f in result.copies if f.status == "hand-edited"),
        tuple(f for f in originals if f.found in ("text", "shifted")), charts_updated, charts_kept, rewritten,
    )


def _charts(draft: OpenedDraft, result: DraftCheck, current: Current) -> tuple[tuple[ChartCheck, ...], tuple[ChartCheck, ...]]:
    """Stale charts given the data now (their styling kept); the others not current, kept and said why."""
    updated, kept = [], []
    parts = Charts(draft.docx).parts
    for chart in result.charts:
        if chart.status == "stale" and chart.name in current.charts and chart.name in parts:
            fresh_part, fresh_workbook = current.charts[chart.name]
            if refresh_chart(draft.docx, parts[chart.name].part, fresh_part, fresh_workbook, parts[chart.name].workbook):
                updated.append(chart)
                continue
            chart = replace(chart, summary="not updated: its series are not the ones Narrator draws now (" + chart.summary + ")")
        if chart.status not in ("current", "missing"):
            kept.append(chart)
    return tuple(updated), tuple(kept)


def _by_text(draft: OpenedDraft, result: DraftCheck) -> list[FigureCheck]:
    """Figures found by their text (a bookmark lost or moved off its figure): each bookmarked again where
    it stands, a stale one with its new text; the last of a paragraph first, so the others' places hold."""
    updated = []
    found = [f for f in result.figures if f.located is not None and f.located.how in ("text", "shifted")]
    for checked in sorted(found, key=lambda f: f.located.found.start, reverse=True):
        where = checked.located.found
        draft.docx.edit(where.paragraph.story)
        stale = checked.status == "stale"
        mark_span(where.paragraph.element, where.start, where.end, checked.new if stale else where.text, checked.bookmark)
        if stale:
            _shade(checked)
            updated.append(checked)
    return updated


def _shade(checked: FigureCheck) -> None:
    """A stale judgement cell takes its new shading, unless the analyst shaded it otherwise."""
    cell = checked.located.cell
    shaded_by_analyst = checked.written_fill is not None and checked.fill != checked.written_fill
    if cell is not None and checked.new_fill is not None and checked.fill != checked.new_fill and not shaded_by_analyst:
        set_cell_fill(cell, checked.new_fill)


def _flag_sentences(draft: OpenedDraft, result: DraftCheck, rewritten: set[etree._Element]) -> tuple[Flagged, ...]:
    sentences: dict[tuple[etree._Element, int, int], list] = {}
    for checked in result.figures:
        if checked.change is None or checked.located is None or checked.located.paragraph in (None, *rewritten):
            continue
        paragraph = checked.located.paragraph
        text, spans = paragraph_text(paragraph)
        marked = find_ranges(paragraph).get(checked.bookmark.casefold())
        runs = set(marked.runs) if marked is not None else set()
        first = next((start for run, start, _ in spans if run in runs), None)
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


def _new_map(draft: OpenedDraft, result: DraftCheck, current: Current, rewritten: tuple[Rewritten, ...]) -> FigureMap:
    """What the new draft holds: for current and updated figures what Narrator gives them now, for the
    others what was recorded; every figure's neighbours as they stand now; the measures' new states."""
    checks = {checked.bookmark: checked for checked in result.figures if checked.found != "copy"}
    around = {}
    for story in draft.stories:
        ranges = find_ranges(draft.docx.tree(story))
        paragraphs = {bookmark.paragraph for bookmark in ranges.values() if bookmark.paragraph is not None}
        around |= {key: value for key, value in contexts((Paragraph.of(story, p) for p in paragraphs), ranges).items()
                   if key not in around}
    figures = []
    owner = {name: paragraph for paragraph in rewritten for name in paragraph.removed}
    inserted: set[int] = set()
    for figure in draft.map.figures:
        paragraph = owner.get(figure.bookmark.casefold())
        if paragraph is not None:  # a rewritten paragraph's figures: the fresh ones, where its first one was
            if id(paragraph) not in inserted:
                figures += paragraph.added
                inserted.add(id(paragraph))
            continue
        checked = checks[figure.bookmark]
        if checked.status in ("current", "stale"):
            fill = checked.new_fill if checked.new_fill is not None else figure.fill
            figure = replace(figure, text=checked.new, fill=fill)
        if figure.bookmark.casefold() in around and checked.status not in ("missing", "lost"):
            before, after = around[figure.bookmark.casefold()]
            figure = replace(figure, before=before, after=after)
        figures.append(figure)
    return FigureMap(tuple(figures), current.figures.states or draft.map.states)
