"""Runs the stages: project → facts → templates → document → file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .analysis.facts import Analysis, FactSet, analyse
from .document.blocks import parse_blocks
from .document.tables import TableBuilder, monthly_measures
from .errors import InputError, TemplateProblem
from .model import Document, Figure, MemoField, Text
from .project import Project
from .wording.phrasing import RuleBook
from .wording.templating import ReportContext, make_environment, render_report

if TYPE_CHECKING:  # the writers import python-docx, which `narrator facts` never needs
    from .drafts.check import Current
    from .writers.options import WriterOptions


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
    )
    return analysis, FactSet([*project.settings_facts().values(), *analysis.facts.values()])


def build_draft(project: Project) -> Draft:
    analysis, facts = compute_facts(project)
    environment = make_environment(project.sources.template_folders())
    rules = RuleBook.load(project.sources.rule_layers("movements.yaml"), make_environment())
    builder = TableBuilder(analysis, facts, project.style)
    tables = {table_id: builder.build(spec) for table_id, spec in project.tables.items()}
    measure_notes = {m.id: m.footnote for m in project.measures.values() if m.footnote}
    context = ReportContext(analysis, facts, project.style, rules, project.slots, tables, measure_notes, project.events)
    markup = render_report(environment, project.template, context)
    unused = [slot for slot in project.slots.paragraphs if slot not in context.used_slots]
    if unused:
        raise TemplateProblem(
            f"{project.slots.path}: commentary slot '{unused[0]}' is not placed by any template; "
            "place it with {{ commentary('" + unused[0] + "') }} or remove it"
        )
    blocks, footnotes = parse_blocks(markup, tables, context.footnote_texts)
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


def render(document: Document, fmt: str, options: WriterOptions | None = None) -> bytes:
    from .writers import WRITERS, WriterOptions

    if fmt not in WRITERS:
        raise InputError(f"unknown format '{fmt}'; choose one of {', '.join(WRITERS)}")
    output = WRITERS[fmt](document, options or WriterOptions())
    return output.encode("utf-8") if isinstance(output, str) else output


def render_draft(draft: Draft, project: Project, fmt: str, options: WriterOptions | None = None) -> bytes:
    """The draft rendered; a Word draft also records what check and refresh need (:mod:`.drafts.record`)."""
    data = render(draft.document, fmt, options)
    if fmt == "docx":
        from .drafts.record import measure_states, record

        data = record(data, measure_states(draft.analysis, project.style), draft.facts, project.style)
    return data


def current_figures(project: Project) -> Current:
    """What Narrator would write now from the project's data, for ``narrator check`` and ``refresh``."""
    from .drafts.check import Current
    from .writers import WriterOptions
    from .writers.word.figuremap import FigureMap, find_map
    from .zipfiles import read_zip

    draft = build_draft(project)
    parts = dict(read_zip(render_draft(draft, project, "docx", WriterOptions(tone_colours=project.style.tone_colours))))
    names = {measure.id: measure.name for measure in project.measures.values()}
    found = find_map(parts)
    figures = FigureMap.from_xml(parts[found]) if found else FigureMap(())
    return Current(figures, draft.facts, project.style, names)
