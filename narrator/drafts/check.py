"""Checking an edited draft against the current data: every figure's status.

Contract. :class:`OpenedDraft` reads a Word draft Narrator wrote, however it was edited
since: its figure map, the text each figure bookmark encloses now (in the body and the
footnotes), and each paragraph's place (number, section, table row) as Word shows it.
:func:`check_draft` compares every figure of the map with :class:`Current`, what
Narrator would write now, and gives each one status:

* ``current``: the bookmark holds what Narrator would print now (and its table cell the
  shading Narrator would give it, unless the analyst chose another);
* ``stale``: the bookmark holds what Narrator wrote, and the data now give another text
  (or, in a table cell, another shading);
* ``hand-edited``: the bookmark holds neither (the analyst typed over the figure, or
  inside its bookmark);
* ``missing``: the bookmark is gone or empty (the analyst deleted the figure);
* ``unknown``: the fact no longer exists in the data.

What Narrator would print for a bookmark is the text of the same bookmark (the same
occurrence of the same fact) in a fresh build of the current data; if the fresh build
prints that fact fewer times, the occurrence printed in the same form as this one (or else
the first); if it no longer prints the fact at all, the fact in house style ("table" style
in a table cell, a capital kept). Only the map's bookmarks are figures: the analyst's own
bookmarks, Word's ``_Ref…`` and ``_Toc…`` and copies a word processor renamed are never
reported.

What the words around a figure depend on may have changed too, and that is a
:class:`Change`: a measure whose change turned (a rise is now a fall) or whose test's
verdict moved (Higher is now Comparable), carried by its headline figures (current,
baseline, change, judgement, respondents) in running text; and a change figure whose sign
turned (a month's fall on a year before is now a rise), carried by that figure. The states
and signs compared are those the draft recorded (:mod:`.record`); a draft written before
they were recorded is judged by its judgement words and the signs its texts show.

:func:`check_markdown` checks a Markdown draft as a whole: its figures carry no marks.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from ..analysis.facts import Fact
from ..errors import InputError
from ..wording.style import HouseStyle
from ..word.figuremap import FigureMap, MappedFigure
from ..word.outline import Place
from ..word.ranges import cell_fill
from .charting import ChartCheck, check_charts
from .files import markdown_state, strip_markdown_fingerprint
from .locating import Located, locate_figures
from .opened import OpenedDraft
from .record import MeasureState, is_change, read_signs, read_states, sign

__all__ = [
    "STATUSES", "Change", "Current", "DraftCheck", "FigureCheck", "MarkdownCheck", "OpenedDraft",
    "check_draft", "check_markdown",
]

STATUSES = ("current", "stale", "hand-edited", "missing", "unknown", "lost")
_DIRECTION = {"up": "a rise", "down": "a fall", "flat": "no change"}
_SIGN = {"+": "a rise", "-": "a fall", "0": "no change"}
HEADLINE = ("current", "baseline", "change", "change_pct", "judgement", "benchmark", "current_n", "baseline_n", "n_change_pct")
# What the test found, in the words of its kind of evidence (issue 16): a survey is a sample; a
# recorded count or rate is complete, and its test compares the change with the usual variation.
_VERDICT = {"up": "a rise larger than the usual variation", "down": "a fall larger than the usual variation",
            "none": "a change within the usual variation", "untested": "no test"}
_SURVEY_VERDICT = {"up": "a statistically significant rise", "down": "a statistically significant fall",
                   "none": "no statistically significant change", "untested": "no test"}


@dataclass(frozen=True)
class Current:
    """What Narrator would write now: a fresh build's figure map (texts, shadings, states), and the facts behind it."""

    figures: FigureMap
    facts: Mapping[str, Fact]
    style: HouseStyle
    names: Mapping[str, str]  # measure id → its name in running text
    charts: Mapping[str, tuple[bytes, bytes | None]] = field(default_factory=dict)  # chart name → its part, its workbook
    paragraphs: Mapping[str, bytes] = field(default_factory=dict)  # paragraphs of running text with figures, by key (rewording)
    commentary: tuple[str, ...] | None = None  # how the analyst's commentary paragraphs begin (None: unknown, rewrite nothing)


@dataclass(frozen=True)
class Change:
    """A measure whose change turned or whose test's verdict moved, or a change figure whose sign turned."""

    key: str  # the measure's id, or the change figure's fact id
    said: str  # for the analyst: "recorded domestic abuse offences: the change is now a fall (it was a rise)"


@dataclass(frozen=True)
class FigureCheck:
    bookmark: str
    fact_id: str
    status: str
    written: str  # what Narrator wrote
    text: str | None  # what the bookmark holds now; None when gone
    new: str | None  # what Narrator would print now; None when the fact is gone
    place: Place | None  # None when the figure is gone
    story: str = ""  # the part it is in (word/document.xml, word/footnotes.xml)
    written_fill: str | None = None  # a table cell's shading, hex RGB ("" none): as written (None: not recorded)
    fill: str | None = None  # … now
    new_fill: str | None = None  # … as Narrator would shade it now
    change: Change | None = None  # for a figure in running text whose measure's change turned
    found: str = "bookmark"  # how: by its "bookmark"; "shifted" (its bookmark moved off it); "text" (its bookmark
    # lost, found by its text and neighbours); "ambiguous" (lost, its text in several places); "copy" (a second
    # bookmark of the same name: a copy of the figure); "gone"
    located: Located | None = field(default=None, compare=False, repr=False)

    def record(self) -> dict[str, object]:
        """The figure as one JSON record."""
        place = self.place or Place()
        return {
            "bookmark": self.bookmark,
            "fact": self.fact_id,
            "status": self.status,
            "old": self.text,
            "new": self.new,
            "written": self.written,
            "section": place.section if self.place else None,
            "paragraph": place.number if self.place else None,
            "table": place.table,
            "row": place.row,
            "row_label": place.row_label or None,
            "old_fill": self.fill,
            "new_fill": self.new_fill,
            "written_fill": self.written_fill,
            "change": self.change.said if self.change else None,
            "found": self.found,
        }


@dataclass(frozen=True)
class DraftCheck:
    source: str
    figures: tuple[FigureCheck, ...]  # in document order; the missing ones last
    changes: Mapping[str, Change]  # by measure id or fact id
    charts: tuple[ChartCheck, ...] = ()

    def count(self, status: str) -> int:
        return self.counts()[status]

    def counts(self) -> Counter:
        """The figures by status (copies of a figure's bookmark not counted: see :attr:`copies`)."""
        return Counter(figure.status for figure in self.figures if figure.found != "copy")

    @property
    def copies(self) -> tuple[FigureCheck, ...]:
        """Second bookmarks of a figure's name (copies of the figure), each checked like a figure."""
        return tuple(figure for figure in self.figures if figure.found == "copy")

    @property
    def all_current(self) -> bool:
        """Nothing stale, hand-edited or unknown, and no lost figure the data changed (a deleted figure is no fault)."""
        return not any(figure.status in ("stale", "hand-edited", "unknown") or (figure.status == "lost" and figure.new != figure.written)
                       for figure in self.figures) and all(chart.status in ("current", "missing") for chart in self.charts)


def check_draft(draft: OpenedDraft, current: Current) -> DraftCheck:
    """Every figure of ``draft`` with its status against ``current``."""
    if draft.map_source == "none":
        draft.adopt(current.figures)
    fresh = current.figures.by_bookmark()
    fresh_by_fact: dict[str, list[MappedFigure]] = {}
    for figure in current.figures.figures:
        fresh_by_fact.setdefault(figure.fact_id, []).append(figure)
    written = draft.map.by_bookmark()
    index = {paragraph.element: number for number, paragraph in enumerate(draft.paragraphs)}
    found, gone = [], []
    def expected(figure: MappedFigure) -> tuple[str, ...]:
        new = _new_text(figure, False, fresh, fresh_by_fact, written, current)[0]
        return (figure.text, new) if new else (figure.text,)

    for located in locate_figures(draft, expected):
        figure, paragraph = located.figure, located.paragraph
        cell = located.cell
        new, new_fill = _new_text(figure, cell is not None, fresh, fresh_by_fact, written, current)
        fill = cell_fill(cell) if cell is not None else None
        status = "lost" if located.how == "ambiguous" else _status(figure, located.text, new, fill, new_fill)
        place = draft.place(located.story, paragraph) if located.text else None
        checked = FigureCheck(
            figure.bookmark, figure.fact_id, status, figure.text, located.text, new, place, located.story,
            figure.fill if cell is not None else None, fill, new_fill if cell is not None else None,
            found=located.how, located=located,
        )
        order = (index.get(paragraph, len(index)), located.offset)
        (found if place is not None else gone).append((order, checked))
    changes = _changes(draft.map, current, [checked for _, checked in found + gone if checked.found != "copy"])
    figures = []
    for _, checked in sorted(found, key=lambda pair: pair[0]) + gone:
        in_text = checked.place is not None and checked.place.table is None and checked.story == draft.docx.main
        change = _change_of(checked.fact_id, changes, current.names) if in_text else None
        figures.append(replace(checked, change=change) if change else checked)
    return DraftCheck(draft.source, tuple(figures), changes, tuple(check_charts(draft.docx, draft.map.states, current.figures.states)))


def _change_of(fact_id: str, changes: Mapping[str, Change], names: Mapping[str, str]) -> Change | None:
    measure = _measure_of(fact_id, names)
    if measure in changes and fact_id.removeprefix(measure + ".") in HEADLINE:
        return changes[measure]
    return changes.get(fact_id)


def _status(figure: MappedFigure, text: str | None, new: str | None, fill: str | None, new_fill: str | None) -> str:
    if not text:
        return "missing"
    if new is None:
        return "unknown"
    fill_stale = figure.fill is not None and new_fill is not None and fill == figure.fill and new_fill != figure.fill
    if text == new:
        return "stale" if fill_stale else "current"
    return "stale" if text == figure.text else "hand-edited"


def _new_text(
    figure: MappedFigure,
    in_table: bool,
    fresh: Mapping[str, MappedFigure],
    fresh_by_fact: Mapping[str, list[MappedFigure]],
    written: Mapping[str, MappedFigure],
    current: Current,
) -> tuple[str | None, str | None]:
    """What Narrator would print in this bookmark now, and the shading of its cell (None if not known)."""
    same = fresh.get(figure.bookmark)
    if same is not None and same.fact_id == figure.fact_id:
        return same.text, same.fill
    printed = fresh_by_fact.get(figure.fact_id)
    if printed:
        alike = [p for p in printed if p.bookmark in written and written[p.bookmark].text == figure.text]
        chosen = (alike or printed)[0]
        return chosen.text, chosen.fill
    fact = current.facts.get(figure.fact_id)
    if fact is None:
        return None, None
    text = current.style.format(fact.value, fact.unit, "table" if in_table else "text")
    if figure.text[:1].isupper() and text[:1].islower():
        text = text[:1].upper() + text[1:]
    return text, None


def _measure_of(fact_id: str, names: Mapping[str, str]) -> str | None:
    """The measure a fact belongs to (the longest measure id it starts with), if any."""
    candidates = [m for m in names if fact_id.startswith(m + ".")]
    return max(candidates, key=len) if candidates else None


def _changes(figure_map: FigureMap, current: Current, figures: list[FigureCheck]) -> dict[str, Change]:
    """What changed since the draft was written: by measure id (direction, verdict) and by fact id (sign)."""
    old, new = read_states(figure_map), read_states(current.figures)
    changes = {}
    for measure, before in old.items():
        after = new.get(measure)
        if after is not None and (before.direction != after.direction or before.verdict != after.verdict):
            changes[measure] = Change(measure, _said(current.names.get(measure, measure), before, after))
    signs = read_signs(figure_map)
    for figure in figures:
        fact_id = figure.fact_id
        measure = fact_id.removesuffix(".judgement")
        if (fact_id.endswith(".judgement") and measure not in old and measure not in changes
                and figure.new is not None and figure.new != figure.written):  # a draft without states
            name = current.names.get(measure, measure)
            changes[measure] = Change(measure, f"{name}: the judgement is now {figure.new} (it was {figure.written})")
        fact = current.facts.get(fact_id)
        if fact is None or not is_change(fact_id) or fact_id in changes:
            continue
        if signs:
            before, after = signs.get(fact_id), sign(fact, current.style)
        else:  # a draft that recorded no signs: compare what the texts show (a figure printed without its sign shows none)
            before, after = _shown_sign(figure.written), _shown_sign(figure.new or "")
        if before and after and before != after:
            changes[fact_id] = Change(fact_id, f"{fact.label}: now {_SIGN[after]} (it was {_SIGN.get(before, before)})")
    return changes


def _shown_sign(text: str) -> str | None:
    """The sign a printed figure shows ("-3.2%": "-"), for a draft that recorded none."""
    match = re.fullmatch(r"(-?)(\d[\d,]*(?:\.\d+)?)(%| percentage points?| minutes)?", text)
    if match is None:
        return None
    return match.group(1) or ("0" if float(match.group(2).replace(",", "")) == 0 else "+")


def _said(name: str, before: MeasureState, after: MeasureState) -> str:
    parts = []
    if before.direction != after.direction:
        parts.append(f"the change is now {_DIRECTION.get(after.direction, after.direction)} "
                     f"(it was {_DIRECTION.get(before.direction, before.direction)})")
    if before.verdict != after.verdict:
        words = _SURVEY_VERDICT if after.survey else _VERDICT
        parts.append(f"the test now finds {words.get(after.verdict, after.verdict)}, {after.judgement} "
                     f"(it found {words.get(before.verdict, before.verdict)}, {before.judgement})")
    return f"{name}: " + "; ".join(parts)


# --------------------------------------------------------------------------- Markdown


@dataclass(frozen=True)
class MarkdownCheck:
    """A Markdown draft checked as a whole: current, stale (unedited, the data now differ) or hand-edited."""

    source: str
    status: str
    lines: int = 0  # lines a fresh build would write differently

    def record(self) -> dict[str, object]:
        return {"bookmark": None, "fact": None, "status": self.status, "old": None, "new": None, "written": None,
                "section": None, "paragraph": None, "lines_changed": self.lines}


def check_markdown(data: bytes, fresh: Callable[[], bytes], source: str) -> MarkdownCheck:
    """``data`` (a Markdown draft) against ``fresh()`` (the same draft built from the current data, built only if needed)."""
    state = markdown_state(data)
    if state == "foreign":
        raise InputError(f"{source}: not a draft Narrator wrote (it carries no Narrator fingerprint), so it cannot be checked")
    if state == "changed":
        return MarkdownCheck(source, "hand-edited")
    old = strip_markdown_fingerprint(data).decode("utf-8").splitlines()
    new = strip_markdown_fingerprint(fresh()).decode("utf-8").splitlines()
    differing = sum(1 for line in difflib.ndiff(old, new) if line.startswith("+ "))
    return MarkdownCheck(source, "stale" if old != new else "current", differing)
