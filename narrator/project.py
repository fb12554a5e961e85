"""The assembler: one report's settings, rule files and data, read and checked into a
:class:`Project` before anything is written.

:func:`narrator.settings.report.read_settings` reads report.yaml and the catalogue first; then
the rule files (judgements, style) and the templates are checked; only then are the data (the
observations table, a published table, or crime records counted into the same long table) read
and checked against the settings, and the commentary read for the period they cover.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from .analysis import benchmarks
from .analysis.facts import Fact, FactSet, method_of
from .analysis.judgements import Vocabulary
from .defaults import Sources
from .errors import InputError
from .inputs.areas import Areas, area_rows, choose_force, read_areas
from .inputs.coverage import check_coverage
from .inputs.homeoffice import read_home_office
from .inputs.names import matches, the_one
from .inputs.observations import read_observations
from .inputs.peers import Peers, read_peers
from .inputs.records.source import aggregate, read_source
from .settings.catalogue import Measure
from .settings.charts import ChartSettings
from .settings.commentary import Commentary, read_commentary
from .settings.events import Event
from .settings.periods import Period
from .settings.report import AREA_TEXTS, Settings, read_settings
from .settings.sections import Section
from .settings.tables import TableSpec, read_table_spec
from .settings.yamlfiles import suggestion
from .wording.periods import period_name, period_span
from .wording.style import HouseStyle
from .wording.stylefile import load_style
from .wording.charts import ChartRules
from .wording.phrasing import RuleBook
from .wording.environment import check_templates, make_environment


@dataclass(frozen=True)
class Project:
    folder: Path
    report: Mapping[str, str]
    period: Period
    confidence: float
    largest_changes: int
    observations: pd.DataFrame
    measures: dict[str, Measure]
    events: tuple[Event, ...]
    tables: dict[str, TableSpec]
    sections: tuple[Section, ...]
    slots: Commentary
    style: HouseStyle
    vocabulary: Vocabulary
    sources: Sources  # the project's own rules/ and templates/, over Narrator's defaults
    template: str
    rules: RuleBook  # rules/movements.yaml, loaded and checked once per run
    charts: ChartSettings = ChartSettings()
    chart_rules: ChartRules | None = None  # rules/charts.yaml, when the report has charts (or peers' charts)
    files: tuple[Path, ...] = ()  # the project's own input files, which no draft may be written over
    areas: Areas | None = None  # the areas reported on and their parent, when the data have areas
    area: str | None = None  # the area this project's observations are (the parent by default)
    all_observations: pd.DataFrame | None = None  # every area's rows, when the data have areas
    report_given: Mapping[str, str] | None = None  # report as report.yaml gives it, {area} unfilled
    peers: Peers | None = None  # the force's peers and England and Wales, from a published table (peers:)

    def for_area(self, name: str) -> "Project":
        """The same project about area ``name`` (one of those reported on, or the parent)."""
        if self.areas is None:
            raise InputError(f"--area {name}: the observations have no areas (no area column)")
        name = self.areas.find(name, f"--area '{name}'")
        given = self.report_given if self.report_given is not None else self.report
        report = {k: v.replace("{area}", name) if k in AREA_TEXTS else v for k, v in given.items()}
        return replace(self, observations=area_rows(self.all_observations, self.areas, name), area=name, report=report,
                       report_given=given)

    def force_rows(self) -> pd.DataFrame:
        """The force's own rows, for comparing it with its peers: this draft's, unless this is an area's
        draft and the area is not the peers' force; then the parent's when the parent is that force,
        else none (its row of the peers' table stands in)."""
        if self.areas is None or self.peers is None or self.area == self.peers.force:
            return self.observations
        parent = self.areas.parent
        if the_one(parent, [self.peers.force]) is not None:
            return area_rows(self.all_observations, self.areas, parent)
        return self.observations.iloc[0:0]

    def settings_facts(self) -> FactSet:
        """Facts that come from the period and the report settings rather than a measure."""
        period, style = self.period, self.style
        facts = [
            Fact("period.current", "the current period, named", period_name(period, period.current[-1], style), "text"),
            Fact("period.baseline", "the baseline period, named", period_name(period, period.baseline[-1], style), "text"),
            Fact("period.months", "months in each period compared", period.months, "count"),
            Fact("period.span", "the current period's months, named", period_span(period.current, style), "text"),
            Fact("period.baseline_span", "the baseline's months, named", period_span(period.baseline, style), "text"),
            Fact("period.start", "first month of the current period", str(period.current[0]), "month"),
            Fact("period.end", "last month of the current period", str(period.end), "month"),
            Fact("period.baseline_start", "first month of the baseline", str(period.baseline[0]), "month"),
            Fact("period.baseline_end", "last month of the baseline", str(period.baseline[-1]), "month"),
            Fact("settings.confidence_level", "confidence level of the benchmark tests, %", round(self.confidence * 100), "n"),
            Fact("period.rolling_months", "months in a rolling figure (the trend charts' second line), whatever the period", 12, "count"),
        ]
        if "date" in self.report:
            facts.append(Fact("report.date", "date of the report", self.report["date"], "date"))
        if "force" in self.report:
            facts.append(Fact("report.force", "the force, named in full", self.report["force"], "text"))
        facts.append(Fact("report.force_short", "the force, as the text refers to it", self.report.get("force_short", "the force"), "text"))
        if self.areas is not None:
            facts.append(Fact("settings.small_count_below", "counts below this in the baseline are not ranked by %", self.style.small_count_below, "n"))
            facts.append(Fact("settings.few_cases_below", "rates on fewer cases than this are not ranked", self.style.few_cases_below, "n"))
        return FactSet(facts)


def load_project(folder: Path, period_end: str | None = None, *, commentary: bool = True,
                 notify: Callable[[str], None] | None = None, length: str | int | None = None,
                 area: str | None = None) -> Project:
    """Every input of the report in ``folder``, read and checked; any problem is one InputError.

    ``period_end`` and ``length`` (``--period``) override report.yaml's; ``commentary=False`` builds with none of the analyst's
    paragraphs (for a period the commentary was not written for); ``area`` chooses the area of the
    draft when the data have areas (default: the parent); ``notify`` receives notes that
    are not errors (record rows set aside).
    """
    folder = Path(folder)
    settings = read_settings(folder, period_end, length)
    inputs, sources, where = settings.inputs, settings.sources, settings.where
    vocabulary = Vocabulary.load(sources.rule_layers("judgements.yaml"))  # the rule files, each checked once
    check_benchmarks(settings.measures, inputs.measures)
    style = load_style(sources.rule_layers("style.yaml"))
    if sources.template_file(inputs.template) is None:
        raise InputError(f"{inputs.templates / inputs.template}: report template not found")
    check_templates(sources.template_folders(), inputs.template)  # syntax and typed figures, before any work
    rules = RuleBook.load(sources.rule_layers("movements.yaml") + sources.rule_layers("variation.yaml"), make_environment())
    charted = settings.charts.specs or settings.peers is not None  # the peers' dot charts have words too
    chart_rules = ChartRules.load(sources.rule_layers("charts.yaml"), make_environment()) if charted else None
    period = settings.period
    measures = dict(settings.measures)
    source = read_source(inputs.records, folder, f"{where}: inputs.records") if inputs.records is not None else None
    observations, data = _observations(settings, measures, source, notify)
    report, published = dict(settings.report), settings.inputs.layout is not None
    if published and settings.areas is None:  # a table of forces: one of them, never their sum
        observations, data, area = _one_force(observations, report, area, where, data)
    areas = read_areas(settings.areas, observations, measures, report.get("force"), where, data, published=published)
    if areas is not None:  # the draft's area: --area as the analyst writes it, else the force's, else the parent
        area = areas.find(area, f"--area '{area}'") if area is not None else _default_area(areas, report.get("force"))
    check_coverage(observations, measures, period, settings.end_name, data, areas, own=area)
    peers = read_peers(settings.peers, measures, report.get("force"), where, inputs.measures, notify)
    slots = read_commentary(inputs.commentary, period.end, paragraphs=commentary,
                            measure_footnotes={m.id for m in measures.values() if m.footnote})
    tables = dict(settings.tables)
    for measure in peers.measures if peers is not None else ():  # each measure compared with its peers
        tables[f"peers.{measure}"] = read_table_spec(f"peers.{measure}", {"type": "peers", "measures": [measure]}, where, measures,
                                                     made=True)
    for measure in areas.compare if areas is not None else ():  # each compared measure, area by area
        tables[f"areas.{measure}"] = read_table_spec(f"areas.{measure}", {"type": "areas", "measures": [measure]}, where, measures)
    project = Project(
        folder=folder, report=report, period=period, confidence=settings.confidence,
        largest_changes=settings.largest_changes, observations=observations, measures=measures, events=settings.events,
        tables=tables, sections=settings.sections, slots=slots, style=style, vocabulary=vocabulary, sources=sources,
        template=inputs.template, rules=rules, charts=settings.charts, chart_rules=chart_rules, files=_files(settings, source), areas=areas,
        all_observations=observations if areas is not None else None, peers=peers,
    )
    if areas is None:
        return project if area is None else project.for_area(area)  # an error: the data have no areas
    return project.for_area(area)


def _one_force(observations: pd.DataFrame, report: dict[str, str], area: str | None, where: str,
               data: object) -> tuple[pd.DataFrame, str, None]:
    """A published table's rows of the one force reported on (report.force or --area), as a table
    without areas; ``report`` gets the table's name of the force when it names none."""
    names = [a for a in pd.unique(observations["area"]) if a != ""]
    if not names:
        return observations, str(data), area
    chosen = choose_force(names, report.get("force"), area, where, str(data))
    report.setdefault("force", chosen)
    report.update({k: v.replace("{area}", chosen) for k, v in report.items() if k in AREA_TEXTS})
    rows = observations[observations["area"].isin((chosen, ""))].copy()
    rows["area"] = ""
    return rows.reset_index(drop=True), f"{data} (force '{chosen}')", None


def _default_area(areas: Areas, force: str | None) -> str:
    """The draft's area by default: the force, when it is one of the areas reported on; else the parent."""
    found = matches(force, areas.reported) if force else []
    return found[0] if len(found) == 1 else areas.parent


def check_benchmarks(measures: Mapping[str, Measure], catalogue: Path) -> None:
    """Every measure's benchmark (named, or the default of its kind) can judge a measure of its kind."""
    for measure in measures.values():
        try:
            benchmarks.validate(method_of(measure), measure.params, measure.kind)
        except benchmarks.BenchmarkError as error:
            raise InputError(f"{catalogue}: measure '{measure.id}', benchmark: {error}") from None


def _observations(settings: Settings, measures: Mapping[str, Measure], source, notify) -> tuple[pd.DataFrame, object]:
    """The monthly long table, from the observations, a published table or crime records; and
    where it came from, for messages."""
    inputs = settings.inputs
    if inputs.layout is not None:
        return read_home_office(inputs.observations, measures, inputs.measures, notify), inputs.observations
    if source is None:
        return _read_observations(inputs.observations, measures, inputs.measures, sheet=inputs.sheet), inputs.observations
    counted = aggregate(source, measures, inputs.measures, settings.report.get("force"), notify, settings=settings.where)
    observations = _record_observations(counted.rows)
    others = {k: m for k, m in measures.items() if m.records is None}
    if not others:
        return observations, source.name
    # the measures not counted from records come from the observations table
    table = _read_observations(inputs.observations, others, inputs.measures, counted=set(measures) - set(others), sheet=inputs.sheet)
    return pd.concat([observations, table], ignore_index=True), inputs.observations


def _files(settings: Settings, source) -> tuple[Path, ...]:
    """The project's own input files, which no draft may be written over."""
    inputs, sources = settings.inputs, settings.sources
    records = source.files if source is not None else ()
    rules = sorted(sources.rules.glob("*.yaml")) if sources.rules is not None else []  # the files a rule layer may be
    templates = sorted(sources.templates.rglob("*")) if sources.templates is not None else []  # inside the project
    own = (f for f in (*rules, *templates) if f.is_file())
    peers = (settings.peers.file,) if settings.peers is not None else ()
    return (settings.path, inputs.observations, inputs.measures, inputs.commentary, *records, *peers, *own)


def _read_observations(path: Path, measures: Mapping[str, Measure], catalogue: Path, counted: set[str] = frozenset(),
                       sheet: str | None = None) -> pd.DataFrame:
    """The observations table of ``measures``; ``counted`` are those counted from records instead."""
    observations = read_observations(path, {m.id: m.kind for m in measures.values()}, sheet=sheet,
                                     surveys={m.id for m in measures.values() if m.survey})
    if observations.empty:
        raise InputError(f"{path}: no rows of data below the header")
    twice = sorted(counted & set(observations["measure"].unique()))  # each distinct id once (a national table has a million rows)
    if twice:
        raise InputError(f"{path}: measure '{twice[0]}' is counted from the records (its records: entry in {catalogue}); remove its rows from {path.name}")
    _check_measures(observations, measures, path, catalogue)
    return observations


def _record_observations(rows: tuple[tuple[str, str, int, int | None, str], ...]) -> pd.DataFrame:
    """The aggregated records as read_observations gives a table: monthly periods, floats."""
    frame = pd.DataFrame(rows, columns=["measure", "month", "value", "denominator", "area"])
    frame["month"] = pd.PeriodIndex(frame["month"], freq="M")
    frame["value"] = frame["value"].astype(float)
    frame["denominator"] = pd.to_numeric(frame["denominator"]).astype(float)
    return frame


MEASURE_CUTOFF = 0.85  # measure ids share words (".recorded"): only a near-identical id is a likely typo


def _check_measures(observations: pd.DataFrame, measures: Mapping[str, Measure], data: object, catalogue: Path) -> None:
    """Every measure in the data is in the catalogue, and every measure in the catalogue has data."""
    present = set(observations["measure"].unique())
    unknown = sorted(present - set(measures))
    if unknown:
        raise InputError(f"{data}: measure '{unknown[0]}' is not in the catalogue {catalogue}{suggestion(unknown[0], measures, cutoff=MEASURE_CUTOFF)}")
    absent = [m for m in measures if m not in present]
    if absent:
        raise InputError(f"{catalogue}: measure '{absent[0]}' has no rows in {data}{suggestion(absent[0], present, cutoff=MEASURE_CUTOFF)}")
