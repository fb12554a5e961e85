"""What a Word draft records about its figures, so that an edited copy can be checked later.

Contract. The writer's figure map (:mod:`narrator.word.figuremap`) already holds,
for every figure bookmark, its fact id and the text Narrator wrote. :func:`record` adds
what ``narrator check`` and ``narrator refresh`` also need: the shading Narrator gave each
figure's table cell (a judgement's tone), to tell a stale shading from the analyst's own;
and what the words around the figures depend on ("rose", "significantly"): each
measure's :class:`MeasureState` (the direction of its change as printed, its test's verdict
and word) and the sign of every change figure printed (:func:`sign`: ``+``, ``-`` or
``0``), keyed by fact id. Everything else in the package is kept byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..analysis.facts import Analysis, Fact
from ..wording.movement import printed_direction
from ..wording.style import HouseStyle
from ..word.existing import ExistingDocx
from ..word.figuremap import FigureMap, find_map
from ..word.ranges import cell_fill, find_ranges

__all__ = ["MeasureState", "is_change", "measure_states", "read_signs", "read_states", "record", "sign"]


@dataclass(frozen=True)
class MeasureState:
    direction: str  # of the change as printed: up, down or flat
    verdict: str  # of the benchmark test: up, down, none (no significant change) or untested
    judgement: str  # the word: Higher, Comparable, …

    def attributes(self) -> dict[str, str]:
        return {"direction": self.direction, "verdict": self.verdict, "judgement": self.judgement}


def measure_states(analysis: Analysis, style: HouseStyle) -> dict[str, MeasureState]:
    """Each measure's state: the direction of its change as the words print it
    (:func:`narrator.wording.movement.printed_direction`), the test's verdict."""
    states = {}
    for measure_id, assessment in analysis.assessments.items():
        direction = printed_direction(analysis.facts[f"{measure_id}.change"].value, assessment.measure.kind, style)
        verdict = assessment.result.direction if assessment.result.tested else "untested"
        states[measure_id] = MeasureState(direction, verdict, assessment.judgement)
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
            found[key] = MeasureState(attributes["direction"], attributes["verdict"], attributes["judgement"])
    return found


def record(data: bytes, states: Mapping[str, MeasureState], facts: Mapping[str, Fact], style: HouseStyle) -> bytes:
    """The rendered .docx ``data`` with cell shadings, measure states and change signs in its figure map."""
    docx = ExistingDocx(data, "the rendered draft")
    name = find_map(docx.parts)
    if name is None:
        return data
    figure_map = FigureMap.from_xml(docx.parts[name])
    ranges = find_ranges(docx.tree(docx.main))
    figures = []
    signs: dict[str, dict[str, str]] = {}
    for figure in figure_map.figures:
        bookmark = ranges.get(figure.bookmark.casefold())
        cell = bookmark.cell if bookmark is not None else None
        figures.append(replace(figure, fill=cell_fill(cell)) if cell is not None else figure)
        fact = facts.get(figure.fact_id)
        printed = sign(fact, style) if fact is not None else None
        if printed is not None:
            signs[figure.fact_id] = {"sign": printed}
    recorded = {**{key: state.attributes() for key, state in states.items()}, **signs}
    docx.set(name, FigureMap(tuple(figures), recorded).to_xml())
    return docx.to_bytes()
