"""The configuration hub: one report's inputs, found, loaded and checked.

A report lives in a data folder whose ``report.yaml`` names everything else::

    report:      title, strapline, force, to, from, date, author, subject
    period_end:  YYYY-MM, the last month of the current period
    period:      year (12 months, the default), quarter (3), year_to_date or 1 to 12 months
    confidence:  confidence level of the benchmark tests (0.95)
    inputs:      observations, measures, commentary, rules, templates, template (paths
                 relative to report.yaml; rules/ and templates/ hold the project's overrides of
                 Narrator's defaults, see narrator.defaults); records, crime records that the
                 measures with a records: rule are counted from (see narrator.inputs.records.source);
                 sheet, the worksheet of an .xlsx workbook that holds the observations
    areas:       the areas reported on and their parent (see narrator.inputs.areas)
    events:      named months the text may single out (lockdowns)
    tables:      table specs (see narrator.document.tables)
    sections:    the generic templates' sections (see narrator.inputs.sections); without it the
                 catalogue's ``section:`` keys decide
    charts:      which measures have a chart, and where the generic templates place them
                 (see narrator.document.charts)

:func:`load_project` reads and validates all of it before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from .analysis import benchmarks
from .analysis.facts import Event, Fact, FactSet, method_of
from .analysis.judgements import Vocabulary
from .analysis.periods import Period, read_length
from .defaults import Sources
from .document.charts import ChartSettings, read_chart_settings
from .document.tables import TableSpec, read_table_spec
from .errors import InputError
from .inputs.catalogue import Measure, load_catalogue
from .inputs.commentary import Commentary, read_commentary
from .inputs.areas import Areas, area_rows, read_areas
from .inputs.homeoffice import LAYOUT, read_home_office
from .inputs.months import parse_month
from .inputs.observations import read_observations
from .inputs.records.source import aggregate, read_source, with_layout_notes
from .inputs.sections import Section, read_sections
from .inputs.yamlfiles import check_keys, describe, expect, read_yaml, suggestion
from .wording.periods import period_name, period_span
from .wording.style import HouseStyle
from .wording.templating import RESERVED, check_templates

SETTINGS_KEYS = ("report", "period_end", "period", "confidence", "largest_changes", "inputs", "events", "tables", "sections", "charts", "areas")
REPORT_KEYS = ("title", "strapline", "force", "force_short", "to", "from", "date", "author", "subject")
INPUT_KEYS = ("observations", "measures", "commentary", "rules", "templates", "template", "records", "sheet")
AREA_TEXTS = ("title", "strapline", "subject")  # report texts in which {area} is the area's name
INPUT_DEFAULTS = {
    "observations": "observations.csv",
    "measures": "measures.yaml",
    "commentary": "commentary.yaml",
    "rules": "rules",
    "templates": "templates",
    "template": "report.md.j2",
}


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
    charts: ChartSettings = ChartSettings()
    files: tuple[Path, ...] = ()  # the project's own input files, which no draft may be written over
    areas: Areas | None = None  # the areas reported on and their parent, when the data have areas
    area: str | None = None  # the area this project's observations are (the parent by default)
    all_observations: pd.DataFrame | None = None  # every area's rows, when the data have areas
    report_given: Mapping[str, str] | None = None  # report as report.yaml gives it, {area} unfilled

    def for_area(self, name: str) -> "Project":
        """The same project about area ``name`` (one of those reported on, or the parent)."""
        if self.areas is None:
            raise InputError(f"--area {name}: the observations have no areas (no area column)")
        if name not in self.areas:
            choices = [*self.areas.reported, self.areas.parent]
            raise InputError(f"--area {name}: not an area of this report{suggestion(name, choices)}; its areas: {', '.join(choices[:5])}{' …' if len(choices) > 5 else ''}")
        given = self.report_given if self.report_given is not None else self.report
        report = {k: v.replace("{area}", name) if k in AREA_TEXTS else v for k, v in given.items()}
        return replace(self, observations=area_rows(self.all_observations, self.areas, name), area=name, report=report,
                       report_given=given)

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
    settings_path = folder / "report.yaml"
    if not settings_path.exists():
        raise InputError(f"{settings_path}: not found; --data must name a folder holding report.yaml")
    where = str(settings_path)
    settings = check_keys(read_yaml(settings_path), where=where, allowed=SETTINGS_KEYS, required=("report", "period_end"))
    report = _report(settings["report"], where)
    inputs = dict(INPUT_DEFAULTS, **check_keys(settings.get("inputs", {}) or {}, where=f"{where}: inputs", allowed=INPUT_KEYS))
    records = inputs.pop("records", None)
    sheet = inputs.pop("sheet", None)
    expect(sheet, (str, type(None)), where=f"{where}: inputs.sheet", what="the name of a sheet of the workbook")
    layout = None
    if isinstance(inputs["observations"], Mapping):  # a published table: {file: …, layout: home-office-pfa}
        entry = check_keys(inputs["observations"], where=f"{where}: inputs.observations", allowed=("file", "layout"), required=("file", "layout"))
        if entry["layout"] != LAYOUT:
            raise InputError(f"{where}: inputs.observations.layout: '{entry['layout']}' is not a layout of a published table; layouts: {LAYOUT}{suggestion(str(entry['layout']), (LAYOUT,))}")
        inputs["observations"], layout = entry["file"], entry["layout"]
    for key, value in inputs.items():
        expect(value, str, where=f"{where}: inputs.{key}", what="a file or folder name")
    paths = {k: (folder / v) for k, v in inputs.items() if k != "template"}
    sources = _sources(paths, given=settings.get("inputs") or {}, where=where, project=folder)

    style = _style(sources.rule_layers("style.yaml"))
    vocabulary = Vocabulary.load(sources.rule_layers("judgements.yaml"))
    measures = load_catalogue(paths["measures"])
    check_benchmarks(measures, paths["measures"])
    for measure_id in measures:
        if measure_id.split(".")[0] in RESERVED:
            raise InputError(f"{paths['measures']}: measure '{measure_id}' starts with a reserved name '{measure_id.split('.')[0]}'")
    data: object = paths["observations"]  # where the monthly figures come from, for messages
    record_files: tuple[Path, ...] = ()  # the crime record files, which no draft may be written over either
    if layout is not None:
        observations = read_home_office(paths["observations"], measures, paths["measures"], notify)
    elif records is None:
        observations = _read_observations(paths["observations"], measures, paths["measures"], sheet=sheet)
    else:
        source = read_source(records, folder, f"{where}: inputs.records")
        record_files = source.files
        measures = with_layout_notes(measures, source.layout)
        observations = _record_observations(aggregate(source, measures, paths["measures"], report.get("force"), notify, settings=where).rows)
        others = {k: m for k, m in measures.items() if m.records is None}
        if others:  # the measures not counted from records come from the observations table
            table = _read_observations(paths["observations"], others, paths["measures"], counted=set(measures) - set(others), sheet=sheet)
            observations = pd.concat([observations, table], ignore_index=True)
        else:
            data = source.name

    end_name = "--period-end" if period_end is not None else f"{where}: period_end"  # where the end came from
    if length is not None:
        length = read_length(length, "--period")
    else:
        length = read_length(settings.get("period", 12), f"{where}: period")
    period = Period(parse_month(str(period_end or settings["period_end"]), where=end_name), length)
    first, last = observations["month"].min(), observations["month"].max()
    earliest = period.baseline[0] if any(m.monthly for m in measures.values()) else period.end - 12
    if period.end > last or earliest < first:
        raise InputError(
            f"{end_name} {period.end} needs data from {earliest} to {period.end}, "
            f"but {data} runs from {first} to {last}"
        )
    _check_series(measures, period, end_name, where)
    areas = read_areas(settings.get("areas"), observations, measures, report.get("force"), where, data)
    if areas is None:
        _check_months(observations, measures, period, data)
    for name in (*areas.reported, areas.parent) if areas is not None else ():
        _check_months(area_rows(observations, areas, name), measures, period, f"{data} (area '{name}')")

    confidence = settings.get("confidence", 0.95)
    if not isinstance(confidence, float) or not 0 < confidence < 1:
        raise InputError(f"{where}: confidence must be a number between 0 and 1, such as 0.95")
    largest = settings.get("largest_changes", 3)
    expect(largest, int, where=f"{where}: largest_changes", what="a whole number")
    if not 1 <= largest <= 12:
        raise InputError(f"{where}: largest_changes must be a whole number from 1 to 12 (months in a period), found {largest}")

    tables_entry = settings.get("tables", {}) or {}
    if not isinstance(tables_entry, Mapping):
        raise InputError(f"{where}: tables must be a mapping of table ids to tables, found {describe(tables_entry)}")
    tables = {str(k): read_table_spec(str(k), v, f"{where}: table '{k}'", measures, settings_path) for k, v in tables_entry.items()}
    sections = read_sections(settings.get("sections"), measures, where, str(paths["measures"]))
    for section in sections:  # each section opens with its measures table
        rows = [{"measure": m} for m in section.measures]
        tables[section.table] = read_table_spec(section.table, {"title": section.title, "rows": rows}, where, measures)
    for measure in areas.compare if areas is not None else ():  # each compared measure, area by area
        tables[f"areas.{measure}"] = read_table_spec(f"areas.{measure}", {"type": "areas", "measures": [measure]}, where, measures)
    if sources.template_file(inputs["template"]) is None:
        raise InputError(f"{paths['templates'] / inputs['template']}: report template not found")
    check_templates(sources.template_folders(), inputs["template"])  # syntax and typed figures, before any work
    project = Project(
        folder=folder,
        report=report,
        period=period,
        confidence=float(confidence),
        largest_changes=largest,
        observations=observations,
        measures=measures,
        events=_events(settings.get("events", []) or [], where),
        tables=tables,
        sections=sections,
        slots=read_commentary(paths["commentary"], period.end, paragraphs=commentary,
                              measure_footnotes={m.id for m in measures.values() if m.footnote}),
        style=style,
        vocabulary=vocabulary,
        sources=sources,
        template=inputs["template"],
        charts=read_chart_settings(settings.get("charts"), f"{where}: charts", measures),
        files=(settings_path, paths["observations"], paths["measures"], paths["commentary"], *record_files,
               *(f for folder in (sources.rules, sources.templates) if folder is not None for f in sorted(folder.rglob("*")) if f.is_file())),
        areas=areas,
        all_observations=observations if areas is not None else None,
    )
    if areas is None:
        return project if area is None else project.for_area(area)  # an error: the data have no areas
    return project.for_area(area or areas.parent)


def check_benchmarks(measures: Mapping[str, Measure], catalogue: Path) -> None:
    """Every measure's benchmark (named, or the default of its kind) can judge a measure of its kind."""
    for measure in measures.values():
        try:
            benchmarks.validate(method_of(measure), measure.params, measure.kind)
        except benchmarks.BenchmarkError as error:
            raise InputError(f"{catalogue}: measure '{measure.id}', benchmark: {error}") from None


def _read_observations(path: Path, measures: Mapping[str, Measure], catalogue: Path, counted: set[str] = frozenset(),
                       sheet: str | None = None) -> pd.DataFrame:
    """The observations table of ``measures``; ``counted`` are those counted from records instead."""
    observations = read_observations(path, {m.id: m.kind for m in measures.values()}, sheet=sheet)
    if observations.empty:
        raise InputError(f"{path}: no rows of data below the header")
    twice = sorted(counted & set(observations["measure"]))
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
    present = set(observations["measure"])
    unknown = sorted(present - set(measures))
    if unknown:
        raise InputError(f"{data}: measure '{unknown[0]}' is not in the catalogue {catalogue}{suggestion(unknown[0], measures, cutoff=MEASURE_CUTOFF)}")
    absent = [m for m in measures if m not in present]
    if absent:
        raise InputError(f"{catalogue}: measure '{absent[0]}' has no rows in {data}{suggestion(absent[0], present, cutoff=MEASURE_CUTOFF)}")


def _check_months(observations: pd.DataFrame, measures: Mapping[str, Measure], period: Period, data: object) -> None:
    """Every measure has every month of the current and baseline periods.

    A comparator (a national series) is compared over its latest months up to the period end. A
    rolling-year series needs only its rows at the two period ends (12-month totals).
    """
    months = observations.groupby("measure", sort=False)["month"].agg(lambda s: set(s))
    for measure in measures.values():
        have = months[measure.id]
        current = period.current
        if measure.comparator:
            available = [m for m in have if m <= period.end]
            if available:
                current = pd.period_range(end=max(available), periods=period.months, freq="M")
        for name, wanted in (("current", current), ("baseline", period.baseline)):
            if not measure.monthly:
                wanted = wanted[-1:]
            missing = [m for m in wanted if m not in have]
            if missing and not measure.monthly:
                raise InputError(
                    f"{data}: measure '{measure.id}' has no row for {missing[0]}, the end of the {name} 12 months "
                    f"(a rolling_year series: each row is the 12-month total to its month)"
                )
            if missing:
                listed = ", ".join(str(m) for m in missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
                raise InputError(
                    f"{data}: measure '{measure.id}' has no row for {listed} in the {name} period "
                    f"({wanted[0]} to {wanted[-1]}); every month of both periods is needed"
                )


def _check_series(measures: Mapping[str, Measure], period: Period, end_name: str, where: str) -> None:
    """A rolling-year series holds 12-month totals, so it can only be compared over 12 months."""
    if period.months == 12:
        return
    rolling = next((m for m in measures.values() if not m.monthly), None)
    if rolling is not None:
        raise InputError(
            f"{where}: measure '{rolling.id}' is a rolling_year series (12-month totals), so it cannot be compared "
            f"over {period.months} {'month' if period.months == 1 else 'months'}; build the year (period: year) or leave it out"
        )


def _report(entry: object, where: str) -> dict[str, str]:
    entry = check_keys(entry, where=f"{where}: report", allowed=REPORT_KEYS, required=("title",))
    report = {}
    for key, value in entry.items():
        if key == "date":
            if isinstance(value, dt.date):
                value = value.isoformat()
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                raise InputError(f"{where}: report.date {value!r} is not a date in the form YYYY-MM-DD") from None
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise InputError(f"{where}: report.{key}: expected text, found {describe(value)}")
        report[key] = str(value)
    return report


# Style settings that are whole numbers, with the range that makes sense for each.
STYLE_RANGES = {
    "decimal_places": (0, 4), "numbers_in_words_below": (0, 100),
    "small_change_percent": (0, 100), "small_change_points": (0, 100),
    "low_count_below": (0, 10**9), "small_count_below": (0, 10**9), "few_cases_below": (0, 10**9), "small_sample_below": (0, 10**9),
}
# Style settings that are format strings, with the names each may use.
STYLE_FIELDS = {
    "month_format": ("month", "year"),
    "date_format": ("day", "month", "year"),
    "financial_year_format": ("start", "end", "end_short"),
    "quarter_format": ("quarter", "year"),
}


def _sources(paths: Mapping[str, Path], *, given: Mapping[str, object], where: str, project: Path) -> Sources:
    """The project's own rules/ and templates/ folders: optional, unless report.yaml names them;
    inside the project folder, since every file there may be read into the draft."""
    folders = {}
    for key in ("rules", "templates"):
        folder = paths[key]
        if folder.is_dir() and not folder.resolve().is_relative_to(project.resolve()):
            raise InputError(f"{where}: inputs.{key}: {folder} is outside the project folder {project}; a project's own "
                             f"{key} must be a folder inside it (any file there could be placed in the draft)")
        if folder.is_dir():
            folders[key] = folder
        elif key in given or folder.exists():
            raise InputError(f"{where}: inputs.{key}: {folder} is not a folder")
    return Sources(folders.get("rules"), folders.get("templates"))


def _style(layers: tuple[Path, ...]) -> HouseStyle:
    """House style: Narrator's defaults, then each layer's settings over them."""
    settings: dict[str, object] = {}
    for path in layers:
        data = read_yaml(path) or {}
        check_keys(data, where=str(path), allowed=HouseStyle.keys())
        for key, value in data.items():
            _style_setting(key, value, path)
        if "chart_colours" in data:  # a project may recolour one line and keep the others
            data = {**data, "chart_colours": {**settings.get("chart_colours", {}), **data["chart_colours"]}}
        settings.update(data)
    return HouseStyle(**settings)


def _style_setting(key: str, value: object, path: Path) -> None:
    if key in ("tone_colours", "chart_colours"):
        _colours(value, f"{path}: {key}", tuple(getattr(HouseStyle(), key)))
        return
    expected = type(getattr(HouseStyle(), key))
    accepted = (int, float) if expected is float else expected  # 3 is as good a number as 3.0
    if not isinstance(value, accepted) or isinstance(value, bool):
        what = {int: "a whole number", float: "a number"}.get(expected, "text")
        raise InputError(f"{path}: {key} must be {what}, found {value!r}")
    if key in STYLE_RANGES:
        low, high = STYLE_RANGES[key]
        if not low <= value <= high:
            raise InputError(f"{path}: {key} must be a whole number from {low} to {high}, found {value}")
    if key in STYLE_FIELDS:
        _format_string(value, STYLE_FIELDS[key], f"{path}: {key}")


def _format_string(text: str, names: tuple[str, ...], where: str) -> None:
    """A style format such as "{month} {year}" may use only ``names``, in braces."""
    allowed = ", ".join("{" + n + "}" for n in names)
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as error:
        raise InputError(f"{where}: {text!r} is not a format ({error}); use {allowed}") from None
    for field in fields:
        if field not in names:
            hint = suggestion(field, names, show="{{{}}}")
            raise InputError(f"{where}: {{{field}}} is not one of {allowed}{hint}")
    try:
        text.format(**{n: 1 for n in names})
    except (ValueError, IndexError, KeyError) as error:
        raise InputError(f"{where}: {text!r} is not a format ({error}); use {allowed}") from None


def _colours(value: object, where: str, names: tuple[str, ...]) -> None:
    colours = check_keys(value, where=where, allowed=names)
    for tone, colour in colours.items():
        if not isinstance(colour, str) or not re.fullmatch(r"([0-9A-Fa-f]{6})?", colour):
            raise InputError(f"{where}.{tone}: expected a colour as six hex digits such as C6EFCE, or \"\" for none, found {colour!r}")


EVENT_ID = re.compile(r"[a-z][a-z0-9_]*")


def _events(entries: object, where: str) -> tuple[Event, ...]:
    if not isinstance(entries, list):
        raise InputError(f"{where}: events must be a list")
    events = []
    for i, entry in enumerate(entries, start=1):
        here = f"{where}: event {i}"
        entry = check_keys(entry, where=here, allowed=("id", "name", "months"), required=("id", "name", "months"))
        if not isinstance(entry["id"], str) or not EVENT_ID.fullmatch(entry["id"]):
            raise InputError(f"{here}: id must be one lower-case word (letters, digits, _), such as second_lockdown, found {entry['id']!r}")
        if any(event.id == entry["id"] for event in events):
            raise InputError(f"{here}: id '{entry['id']}' is used twice")
        expect(entry["name"], str, where=here, what="a name in words, such as the second lockdown")
        months = entry["months"]
        if not isinstance(months, list) or not months:
            raise InputError(f"{here}: months must be a list such as [2020-04, 2020-05]")
        for month in months:
            parse_month(str(month), where=here)
        events.append(Event(str(entry["id"]), str(entry["name"]), tuple(str(m).strip() for m in months)))
    return tuple(events)
