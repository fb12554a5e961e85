"""What a report template places besides sentences: tables, charts, the sections, the tests behind
a table's judgements, the analyst's commentary and footnotes (the template functions ``table``,
``chart``, ``sections``, ``methods``, ``commentary``, ``commentary_if``, ``footnote`` and
``small_base``), and the record of what was placed, which the pipeline checks after rendering
(every commentary slot and footnote placed somewhere: text is never dropped).

:class:`Placing` is the side of :class:`narrator.wording.context.ReportContext` that does this;
the context adds the fact tree's words (movements, openings, names) to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..analysis.facts import Analysis, FactSet
from ..errors import TemplateProblem, suggestion
from ..settings.commentary import FOOTNOTE_REFERENCE, Commentary
from ..settings.sections import Section
from . import markers
from .arguments import MEASURES, TEXT, WORDS, _flat, takes
from .facttree import FactNode
from .sandbox import Words
from .style import HouseStyle


@dataclass(frozen=True)
class SectionView:
    """A section as a template sees it: its id (also its commentary slot), title, table and
    groups of measures (each group one paragraph)."""

    id: str
    title: str
    table: str
    groups: tuple[tuple[FactNode, ...], ...]

    @property
    def measures(self) -> tuple[FactNode, ...]:
        return tuple(m for group in self.groups for m in group)


@dataclass(frozen=True)
class MethodView:
    """A test behind a table's judgements, as a table note names it (rules/judgements.yaml: methods)."""

    name: str
    words: str
    test_kind: str  # significance | control_chart


class Placing:
    """Tables, charts, sections, commentary and footnotes for the templates, and what they used."""

    analysis: Analysis
    facts: FactSet
    style: HouseStyle
    index: Mapping[str, set[str]]

    def __init__(
        self,
        slots: Commentary,
        tables: Mapping[str, object],
        measure_footnotes: Mapping[str, str],
        sections: tuple[Section, ...],
        charts: Mapping[str, object] | None,
        charts_not_drawn: frozenset[str],
        chart_place: str,
        method_words: Mapping[str, str] | None,
        small_bases: set[str],
    ) -> None:
        self.method_words = method_words or {}
        self.small_bases = small_bases
        self.charts = charts or {}
        self.charts_not_drawn = charts_not_drawn
        self.chart_place = chart_place
        self.sections_list = sections
        self.slots = slots
        self.tables = tables
        self.footnote_texts = {**measure_footnotes, **slots.footnotes}
        self.used_slots: list[str] = []
        self.used_footnotes: set[str] = set()
        self.offered_slots: set[str] = set()  # every slot a template asked for, filled or not

    @takes("table('victims')", table_id=TEXT)
    def table(self, table_id: str) -> str:
        if table_id not in self.tables:
            raise TemplateProblem(f"no table '{table_id}' in the report settings{suggestion(table_id, self.tables)}")
        return f"\n::table {markers.words(table_id)}\n"

    @takes("chart(da.recorded) or chart(section.groups, at='section')", measure=MEASURES, at=TEXT)
    def chart(self, measure: object, at: str | None = None) -> str:
        ids = [m.prefix if isinstance(m, FactNode) else str(m) for m in _flat(measure)]
        if at is not None:
            if at not in ("measure", "section"):
                raise TemplateProblem(f"chart(…, at='{at}'): 'at' is 'measure' or 'section'")
            ids = [i for i in ids if i in self.charts][:1] if self.chart_place == at else []
        ids = [i for i in ids if i not in self.charts_not_drawn]  # placed nowhere, as if not asked for
        for chart_id in ids:
            if chart_id not in self.charts:
                raise TemplateProblem(f"no chart of '{chart_id}'; list it under charts: measures: in report.yaml")
        return "".join(f"\n::chart {markers.words(chart_id)}\n" for chart_id in ids)

    def sections(self) -> list[SectionView]:
        """The report's sections (report.yaml's, else the catalogue's), each with its groups of measures."""
        node = lambda m: FactNode(m, self.facts, self.style, self.index)  # noqa: E731
        return [
            SectionView(Words(s.id), Words(s.title), Words(s.table), tuple(tuple(node(m) for m in group) for group in s.groups))
            for s in self.sections_list
        ]

    @takes("methods('victims')", table_id=TEXT)
    def methods(self, table_id: str) -> list[MethodView]:
        """The tests behind a table's judgements, each once, in the order of the table's rows."""
        if table_id not in self.tables:
            raise TemplateProblem(f"methods() expects the id of a table in the report settings; no table '{table_id}'{suggestion(table_id, self.tables)}")
        seen: dict[str, MethodView] = {}
        for row in self.tables[table_id].rows:
            for cell in row.cells:
                for run in cell.runs:
                    fact_id = getattr(run, "fact_id", "")
                    measure = fact_id.removesuffix(".judgement")
                    if measure == fact_id or measure not in self.analysis.assessments:
                        continue  # not a judgement cell
                    result = self.analysis.assessments[measure].result
                    if result.tested and result.method not in seen:
                        words = Words(self.method_words.get(result.method, result.method))
                        seen[result.method] = MethodView(result.method, words, result.test_kind)
        return list(seen.values())

    @takes("commentary_if('introduction')", slot=TEXT)
    def commentary_if(self, slot: str) -> str:
        """The slot's paragraphs when commentary.yaml fills it, else nothing (the slot is still offered)."""
        self.offered_slots.add(slot)
        return self.commentary(slot) if slot in self.slots.paragraphs else ""

    @takes("commentary('da.plan')", slot=TEXT)
    def commentary(self, slot: str) -> str:
        self.offered_slots.add(slot)
        if not self.slots.enabled:
            return ""
        if slot not in self.slots.paragraphs:
            raise TemplateProblem(f"no commentary slot '{slot}' in {self.slots.path}{suggestion(slot, self.slots.paragraphs)}")
        self.used_slots.append(slot)
        return "\n\n".join(markers.words(_footnote_markers(p, self)) for p in self.slots.paragraphs[slot])

    @takes("footnote('iquanta')", key=TEXT, text=WORDS)
    def footnote(self, key: str, text: str | None = None) -> str:
        """A footnote reference; with ``text``, the footnote the template writes itself (figures
        printed from facts keep their ids), the same text each time the key is used."""
        if text is not None:
            text = str(text)
            if self.footnote_texts.setdefault(key, text) != text:
                raise TemplateProblem(f"footnote '{key}' is given two different texts")
        if key not in self.footnote_texts:
            raise TemplateProblem(f"no footnote '{key}' (define it in the commentary's footnotes or a measure's footnote)")
        self.used_footnotes.add(key)
        return markers.footnote(key)

    @takes("small_base('areas.burglary')", table_id=TEXT)
    def small_base(self, table_id: str) -> bool:
        """Whether table ``table_id`` prints a count's change on a small base in numbers, not as a %."""
        if table_id not in self.tables:
            raise TemplateProblem(f"no table '{table_id}' in the report settings{suggestion(table_id, self.tables)}")
        return table_id in self.small_bases


def _footnote_markers(paragraph: str, context: Placing) -> str:
    """Commentary writes footnotes as [^key]; they become footnote markers."""
    def replace_marker(match: "re.Match[str]") -> str:
        return context.footnote(match.group(1))

    return FOOTNOTE_REFERENCE.sub(replace_marker, paragraph)
