"""Runs the stages: project → facts → templates → document → file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .analysis.alongside import alongside_facts
from .analysis.areas import AreaFacts
from .analysis.peers import peer_facts
from .analysis.ranking import Thresholds
from .analysis.facts import Analysis, FactSet, analyse
from .document.blocks import parse_blocks
from .document.charts import ChartBuilder
from .document.peercharts import peer_chart
from .document.tables import TableBuilder
from .settings.tables import monthly_measures
from .errors import InputError, TemplateProblem, suggestion
from .settings.yamlfiles import line_of
from .model import Chart, Document, Figure, Heading, MemoField, Paragraph, Table, Text
from .project import Project
from .wording.charts import ChartWords
from .wording.context import ReportContext
from .wording.environment import make_environment
from .wording.debug import render_report

if TYPE_CHECKING:  # the writers import python-docx, which `narrator facts` never needs
    from lxml import etree

    from .drafts.charting import fresh_charts
    from .drafts.rewording import commentary_probes, fresh_paragraphs
    from .drafts.check import Current
    from .drafts.provenance import Provenance
    from .writers.options import WriterOptions
    from .writers.rendered import Rendered
    from .word.tables import RowCache


@dataclass(frozen=True)
class Draft:
    """A built report: its document and every fact it could state."""

    document: Document
    facts: FactSet
    analysis: Analysis


def compute_facts(project: Project) -> tuple[Analysis, FactSet]:
    analysis = analyse(
        project.observations,
        project.measures,
        project.period,
        project.vocabulary,
        confidence=project.confidence,
        events=project.events,
        monthly=monthly_measures(project.tables),
        largest=project.largest_changes,
        decimal_places=project.style.decimal_places,
        groups={spec.id: spec.measures() for spec in project.tables.values() if spec.type == "change"},
        thresholds=Thresholds(project.style.small_count_below, project.style.few_cases_below),
        charts=project.charts.needs(),
    )
    peers = () if project.peers is None else peer_facts(
        project.peers, project.measures, project.force_rows(), project.period, project.confidence).values()
    alongside = alongside_facts(project.observations, project.measures, analysis.facts, project.style.decimal_places).values()
    return analysis, FactSet([*project.settings_facts().values(), *analysis.facts.values(), *alongside, *peers])


def build_draft(project: Project) -> Draft:
    """The draft of ``project`` (of its area, when the data have areas)."""
    return DraftBuilder(project).draft(project.area)


class DraftBuilder:
    """Builds the drafts of one project, for one area or many: the templates are compiled and
    each area's facts computed once, however many drafts are built (the rule files were loaded
    once, with the project)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.environment = make_environment(project.sources.template_folders())
        self.rules = project.rules  # loaded once per run, with the project
        self._facts: dict[str | None, tuple[Analysis, FactSet]] = {}
        self._projects: dict[str | None, Project] = {project.area: project}
        self._areas: AreaFacts | None = None
        self._area_tables: dict[str, tuple[Table, bool]] = {}  # the area comparison tables, with whether one has a small base
        self._rows: RowCache | None = None  # Word table rows laid out before, shared by this builder's drafts

    def project_of(self, area: str | None) -> Project:
        """The project about ``area`` (its rows, its name in the report's texts), made once."""
        if area not in self._projects:
            self._projects[area] = self.project.for_area(area)
        return self._projects[area]

    def writer_options(self, **given) -> WriterOptions:
        """The writer settings of this project's drafts (:func:`writer_options`), and ``given``; the drafts
        of one builder share the Word table rows laid out before (a batch's area tables are copied)."""
        if self._rows is None:
            from .word.tables import RowCache

            self._rows = RowCache()
        return writer_options(self.project, rows=self._rows, **given)

    def facts(self, area: str | None) -> tuple[Analysis, FactSet]:
        """The analysis and facts of ``area`` (None: a project without areas), computed once."""
        if area not in self._facts:
            self._facts[area] = compute_facts(self.project_of(area))
        return self._facts[area]

    def area_facts(self) -> AreaFacts:
        """Every area's comparison facts (its parent, the comparison tables, the rankings)."""
        if self._areas is None:
            areas, style = self.project.areas, self.project.style
            analyses = {name: self.facts(name)[0] for name in (*areas.reported, areas.parent)}
            self._areas = AreaFacts(analyses, areas.parent, self.project.measures, areas.compare,
                                    Thresholds(style.small_count_below, style.few_cases_below), noun=areas.noun,
                                    rule=areas.rule)
        return self._areas

    def every_fact(self, area: str | None = None) -> tuple[Analysis, FactSet]:
        """The analysis of ``area`` and every fact its draft may state: its own, the period's and
        settings', and (with areas) its parent's, the comparison tables' and the rankings."""
        analysis, facts = self.facts(area)
        if self.project.areas is not None:
            facts = FactSet([*facts.values(), *self.area_facts().for_area(area).values()])
        return analysis, facts

    def draft(self, area: str | None = None) -> Draft:
        project = self.project_of(area)
        analysis, facts = self.every_fact(area)
        tones = self.area_facts().tones if project.areas is not None else {}
        builder = TableBuilder(analysis, facts, project.style, tones)
        tables = {}
        for table_id, spec in project.tables.items():
            if spec.type == "areas":  # the same in every area's draft (AreaFacts' shared facts): built once
                if table_id not in self._area_tables:
                    self._area_tables[table_id] = (builder.build(spec), table_id in builder.small_bases)
                tables[table_id], small = self._area_tables[table_id]
                if small:
                    builder.small_bases.add(table_id)
            else:
                tables[table_id] = builder.build(spec)
        charts = {}
        if project.charts.specs or project.peers is not None:
            words = ChartWords(project.chart_rules, facts, project.style)
            chart_builder = ChartBuilder(analysis, facts, words)
            charts = {measure: chart_builder.build(spec) for measure, spec in project.charts.specs.items()
                      if project.period.months > 1}  # one month: no year's line to draw, no rolling figure to trend
            for measure in project.peers.measures if project.peers is not None else ():
                charts[f"peers.{measure}"] = peer_chart(project.measures[measure], facts, words)
        measure_notes = {m.id: m.footnote for m in project.measures.values() if m.footnote}
        context = ReportContext(
            analysis, facts, project.style, self.rules, project.slots, tables, measure_notes, project.events, project.sections,
            charts=charts, chart_place=project.charts.place, small_bases=builder.small_bases,
            charts_not_drawn=frozenset(project.charts.specs) - set(charts),
            method_words=project.vocabulary.methods,
        )
        markup = render_report(self.environment, project.template, context)
        unused = [slot for slot in project.slots.paragraphs if slot not in context.used_slots]
        if unused and unused[0] not in context.offered_slots and unused[0] not in project.measures:
            offered = sorted(context.offered_slots)  # a slot for a measure or section this report does not have
            raise TemplateProblem(
                f"{project.slots.path}: commentary slot '{unused[0]}' is no measure or section of this report"
                f"{suggestion(unused[0], offered)}; move its paragraph under one of its slots "
                f"({', '.join(offered[:6])}{' …' if len(offered) > 6 else ''}), place it in a template with "
                "{{ commentary('" + unused[0] + "') }}, or remove it")
        if unused:
            hint = suggestion(unused[0], context.offered_slots - set(project.slots.paragraphs))
            raise TemplateProblem(
                f"{project.slots.path}: commentary slot '{unused[0]}' is not placed by any template{hint}; "
                "place it with {{ commentary('" + unused[0] + "') }} or remove it"
            )
        unused = [key for key in project.slots.footnotes if key not in context.used_footnotes and project.slots.enabled]
        if unused:  # (without the commentary's paragraphs, the footnotes they cite are not used: that is no loss)
            line = line_of(project.slots.path, "footnotes", unused[0])
            raise TemplateProblem(
                f"{project.slots.path}{f', line {line}' if line else ''}: footnote '{unused[0]}' is not referred to by any paragraph "
                f"or template, so its text would be lost; refer to it with [^{unused[0]}] in a paragraph, or remove it"
            )
        blocks, footnotes = parse_blocks(markup, tables, context.footnote_texts, charts)
        document = Document(
            title=project.report["title"],
            strapline=project.report.get("strapline", ""),
            memo=_memo(project, facts),
            blocks=blocks,
            footnotes=footnotes,
            properties=_properties(project),
        )
        return Draft(document, facts, analysis)


def _memo(project: Project, facts: FactSet) -> tuple[MemoField, ...]:
    fields = []
    for key, label in (("to", "To"), ("from", "From")):
        if key in project.report:
            fields.append(MemoField(label, (Text(project.report[key]),)))
    if "report.date" in facts:
        fact = facts["report.date"]
        fields.append(MemoField("Date", (Figure(project.style.format(fact.value, fact.unit), fact.id),)))
    return tuple(fields)


def _properties(project: Project) -> dict[str, str]:
    report = project.report
    properties = {"title": report["title"], "subject": report.get("subject", report["title"])}
    author = report.get("author") or report.get("force")
    if author:
        properties["author"] = author
    if report.get("force"):
        properties["organisation"] = report["force"]
    if "date" in report:
        properties["created"] = report["date"]
    return properties


def writer_options(project: Project, **given) -> WriterOptions:
    """The writer settings the project's house style gives (shading, legend, chart colours and font), and ``given``."""
    from .writers import WriterOptions

    style = project.style
    house = dict(tone_colours=style.tone_colours, tone_legend=style.tone_legend,
                 chart_colours=style.chart_colours, chart_font=style.chart_font)
    return WriterOptions(**{**house, **given})


def render(document: Document, fmt: str, options: WriterOptions | None = None) -> bytes:
    """The draft's main file (see :func:`render_files` for the files beside it)."""
    return render_files(document, fmt, options).main


def render_files(document: Document, fmt: str, options: WriterOptions | None = None) -> Rendered:
    """The draft as files: the main file's bytes and its attachments by name (a Markdown draft's charts)."""
    from .writers import WRITERS, WriterOptions

    if fmt not in WRITERS:
        raise InputError(f"unknown format '{fmt}'; choose one of {', '.join(WRITERS)}")
    return WRITERS[fmt](document, options or WriterOptions())


def summary(draft: Draft) -> str:
    """One line on what a draft holds: "6 sections, 48 numbered paragraphs, 5 tables, 212 figures;
    judgements: 9 Comparable, 4 Higher, …" (the judgements its tables and text state, by word)."""
    blocks = draft.document.blocks
    sections = sum(1 for b in blocks if isinstance(b, Heading) and b.numbered and b.level == 1)
    paragraphs = sum(1 for b in blocks if isinstance(b, Paragraph) and b.numbered)
    tables = sum(1 for b in blocks if isinstance(b, Table))
    charts = sum(1 for b in blocks if isinstance(b, Chart))
    figures = [run for runs in draft.document.runs(footnotes=True) for run in runs if isinstance(run, Figure)]
    words = Counter(run.text for run in figures if run.fact_id.endswith(".judgement"))
    judged = ", ".join(
        f"{n} {word if word.isalpha() else repr(word)}" for word, n in sorted(words.items(), key=lambda item: (-item[1], item[0]))
    )
    return (
        f"{_count(sections, 'section')}, {_count(paragraphs, 'numbered paragraph')}, {_count(tables, 'table')}, "
        + (f"{_count(charts, 'chart')}, " if charts else "")
        + f"{_count(len(figures), 'figure')}" + (f"; judgements: {judged}" if judged else "")
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def render_draft(draft: Draft, project: Project, fmt: str, options: WriterOptions | None = None) -> Rendered:
    """The draft as files (:func:`render_files`); a Word draft also records what ``narrator check``
    and ``narrator refresh`` need (:mod:`.drafts.record`)."""
    if fmt == "docx":  # the writer's figure map, recorded in without reading it back; one deflate, at the stamp
        from .drafts.record import measure_states, record
        from .writers import Rendered
        from .writers.docx import render_docx_draft

        word = render_docx_draft(draft.document, options)
        return Rendered(record(word.data, measure_states(draft.analysis, project.style), draft.facts, project.style,
                               provenance_state(project), figure_map=word.figure_map, map_part=word.map_part))
    files = render_files(draft.document, fmt, options)
    if fmt == "md":  # which project made it, for check and refresh (a hidden line)
        from .drafts.provenance import markdown_line
        from .writers import Rendered

        main = files.main if files.main.endswith(b"\n") else files.main + b"\n"
        return Rendered(main + markdown_line(provenance_of(project)), files.attachments)
    return files


def provenance_of(project: Project) -> Provenance:
    """Which project this is, as a draft records it (:mod:`.drafts.provenance`)."""
    from .drafts.provenance import Provenance, catalogue_identity

    measures = {m.id: (m.kind, m.series) for m in project.measures.values()}
    return Provenance(project.report.get("force", ""), project.area or "", catalogue_identity(measures),
                      str(len(measures)), str(project.period.length), str(project.period.end))


def provenance_state(project: Project) -> dict[str, dict[str, str]]:
    from .drafts.provenance import KEY

    return {KEY: provenance_of(project).attributes()}


def current_figures(project: Project) -> Current:
    """What Narrator would write now from the project's data, for ``narrator check`` and ``refresh``."""
    from .drafts.charting import fresh_charts
    from .drafts.check import Current
    from .drafts.rewording import commentary_probes, fresh_paragraphs
    from .word.existing import ExistingDocx
    from .word.figuremap import FigureMap, find_map

    draft = build_draft(project)
    rendered = render_draft(draft, project, "docx", writer_options(project)).main
    fresh = ExistingDocx(rendered, "the fresh build")
    names = {measure.id: measure.name for measure in project.measures.values()}
    found = find_map(fresh.parts)
    figures = FigureMap.from_xml(fresh.parts[found]) if found else FigureMap(())
    return Current(figures, draft.facts, project.style, names, fresh_charts(rendered), fresh_paragraphs(fresh, figures.figures),
                   commentary_probes(project.slots.path))
