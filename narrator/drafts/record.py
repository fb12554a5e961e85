"""What a Word draft records about its figures, so that an edited copy can be checked later.

Contract. The writer's figure map (:mod:`narrator.word.figuremap`) already holds,
for every figure bookmark, its fact id and the text Narrator wrote. :func:`record` adds
what ``narrator check`` and ``narrator refresh`` also need: the characters of its paragraph on
each side of every figure in the body (by which it is found when its bookmark is lost:
:mod:`.finding`); the shading Narrator gave each
figure's table cell (a judgement's tone), to tell a stale shading from the analyst's own;
and what the words around the figures depend on ("rose", "significantly"): each
measure's :class:`MeasureState` (the direction of its change as printed, its test's verdict
and word) and the sign of every change figure printed (:func:`sign`: ``+``, ``-`` or
``0``), keyed by fact id; each chart's data (:mod:`.charting`); and the hash of each paragraph of
running text as written (:mod:`.rewording`). The whole map is also kept in the custom document properties
(:mod:`.mapstore`), which .odt and .doc round trips keep. Everything else in the package is
kept byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..analysis.facts import Analysis, Fact
from ..wording.movement import printed_direction
from ..wording.style import HouseStyle
from ..word.existing import ExistingDocx
from ..word.figuremap import FigureMap, MappedFigure, find_map
from ..word.ranges import cell_fill, find_ranges
from .charting import chart_states
from .files import set_properties
from .finding import CellLabels, Paragraph, contexts
from .mapstore import PREFIX, map_properties
from .rewording import paragraph_states

_TC = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"

__all__ = ["MeasureState", "is_change", "measure_states", "read_signs", "read_states", "record", "sign"]


@dataclass(frozen=True)
class MeasureState:
    direction: str  # of the change as printed: up, down or flat
    verdict: str  # of the benchmark test: up, down, none (no significant change) or untested
    judgement: str  # the word: Higher, Comparable, …
    survey: bool = False  # a sample (its test is about sampling error), not a complete count or rate

    def attributes(self) -> dict[str, str]:
        return {"direction": self.direction, "verdict": self.verdict, "judgement": self.judgement,
                **({"evidence": "survey"} if self.survey else {})}


def measure_states(analysis: Analysis, style: HouseStyle) -> dict[str, MeasureState]:
    """Each measure's state: the direction of its change as the words print it
    (:func:`narrator.wording.movement.printed_direction`), the test's verdict."""
    states = {}
    for measure_id, assessment in analysis.assessments.items():
        direction = printed_direction(analysis.facts[f"{measure_id}.change"].value, assessment.measure.kind, style)
        verdict = assessment.result.direction if assessment.result.tested else "untested"
        states[measure_id] = MeasureState(direction, verdict, assessment.judgement, assessment.measure.survey)
    return states


def is_change(fact_id: str) -> bool:
    """Whether a fact is a change, whose sign the words around it state ("rose", "lower")."""
    return fact_id.rsplit(".", 1)[-1] in ("change", "change_pct", "n_change_pct")


def sign(fact: Fact, style: HouseStyle) -> str | None:
    """"+", "-" or "0": the sign of a change fact's value as printed; None for any other fact."""
    if not is_change(fact.id) or not isinstance(fact.value, (int, float)) or isinstance(fact.value, bool):
        return None
    shown = style.rounded(fact.value)
    return "+" if shown > 0 else "-" if shown < 0 else "0"


def read_signs(figure_map: FigureMap) -> dict[str, str]:
    """The recorded sign of each change figure, by fact id."""
    return {key: attributes["sign"] for key, attributes in figure_map.states.items() if "sign" in attributes}


def read_states(figure_map: FigureMap) -> dict[str, MeasureState]:
    """The states a map holds (none in a draft written before they were recorded)."""
    found = {}
    for key, attributes in figure_map.states.items():
        if {"direction", "verdict", "judgement"} <= set(attributes):
            found[key] = MeasureState(attributes["direction"], attributes["verdict"], attributes["judgement"],
                                      attributes.get("evidence") == "survey")
    return found


def record(data: bytes, states: Mapping[str, MeasureState], facts: Mapping[str, Fact], style: HouseStyle,
           provenance: Mapping[str, Mapping[str, str]] | None = None, *, figure_map: FigureMap | None = None,
           map_part: str | None = None) -> bytes:
    """The rendered .docx ``data`` with cell shadings, measure states and change signs in its figure map
    (and ``provenance``, the project that made it: :mod:`.provenance`). ``figure_map`` and ``map_part``:
    the map as the writer wrote it and its part (:class:`narrator.writers.docx.WordDraft`), else read
    from ``data``. The package comes back stored, not deflated: it is deflated once, when stamped."""
    docx = ExistingDocx(data, "the rendered draft")
    name = map_part if figure_map is not None else find_map(docx.parts)
    if name is None:
        return data
    figure_map = figure_map if figure_map is not None else FigureMap.from_xml(docx.parts[name])
    ranges = find_ranges(docx.tree(docx.main))
    where = {key: bookmark.paragraph for key, bookmark in ranges.items()}  # each asked once: a walk up the tree
    paragraphs = {paragraph for paragraph in where.values() if paragraph is not None}
    around = contexts((Paragraph.of(docx.main, paragraph) for paragraph in paragraphs), ranges)
    labels_of = CellLabels()
    figures = []
    signs: dict[str, dict[str, str]] = {}
    for figure in figure_map.figures:
        key = figure.bookmark.casefold()
        paragraph = where.get(key)
        cell = next(paragraph.iterancestors(_TC), None) if paragraph is not None else None  # BookmarkRange.cell
        fill, row, column = figure.fill, figure.row, figure.column
        if cell is not None:
            fill, (row, column) = cell_fill(cell), labels_of(cell) or (row, column)
        before, after = around.get(key, (figure.before, figure.after))
        figures.append(MappedFigure(figure.bookmark, figure.fact_id, figure.text, fill, before, after, row, column))
        fact = facts.get(figure.fact_id)
        printed = sign(fact, style) if fact is not None else None
        if printed is not None:
            signs[figure.fact_id] = {"sign": printed}
    recorded = {**{key: state.attributes() for key, state in states.items()}, **signs, **chart_states(docx),
                **paragraph_states(docx, figure_map.figures), **(provenance or {})}
    figure_map = FigureMap(tuple(figures), recorded)
    xml = figure_map.to_xml()
    docx.set(name, xml)
    return set_properties(docx.to_bytes(compress=False), map_properties(figure_map, xml), PREFIX,  # a second copy,
                          compress=False)  # for .odt and .doc round trips
