"""report.yaml, read once and checked into :class:`Settings` before any data are read::

    report:      title, strapline, force, to, from, date, author, subject
    period_end:  YYYY-MM, the last month of the current period
    period:      year (12 months, the default), quarter (3), year_to_date or 1 to 12 months
    confidence:  confidence level of the benchmark tests (0.95)
    inputs:      observations, measures, commentary, rules, templates, template (paths
                 relative to report.yaml; rules/ and templates/ hold the project's overrides of
                 Narrator's defaults, see narrator.defaults); records, crime records that the
                 measures with a records: rule are counted from (see narrator.inputs.records.source);
                 sheet, the worksheet of an .xlsx workbook that holds the observations
    areas:       the areas reported on and their parent (checked against the data by narrator.inputs.areas)
    events:      named months the text may single out (lockdowns; narrator.settings.events)
    tables:      table specs (narrator.settings.tables)
    sections:    the generic templates' sections (narrator.settings.sections); without it the
                 catalogue's ``section:`` keys decide
    charts:      which measures have a chart, and where the generic templates place them
                 (narrator.settings.charts)
    peers:       the force's most similar group in a published table, compared with it and with
                 England and Wales (narrator.settings.peers; the table read by narrator.inputs.peers)

The catalogue (``inputs.measures``) is read with it, since tables, sections and charts name its
measures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..defaults import Sources
from ..errors import InputError
from .catalogue import RESERVED, Measure, load_catalogue
from .charts import ChartSettings, read_chart_settings
from .events import Event, read_events
from .layouts import records_layout, with_layout_notes
from .months import parse_month
from .peers import PeerSettings, read_peer_settings
from .periods import Period, read_length
from .sections import Section, read_sections
from .tables import TableSpec, read_table_spec
from .reportfile import AREA_TEXTS, Inputs, read_inputs, read_report, read_report_file
from .yamlfiles import describe, expect

__all__ = ["AREA_TEXTS", "Inputs", "Settings", "read_settings"]


@dataclass(frozen=True)
class Settings:
    """Everything report.yaml and the catalogue say, checked; no data read yet."""

    path: Path  # report.yaml
    report: Mapping[str, str]
    inputs: Inputs
    sources: Sources  # the project's own rules/ and templates/, over Narrator's defaults
    period: Period  # the current and baseline periods
    end_name: str  # where the period end came from, for messages: --period-end or report.yaml
    confidence: float
    largest_changes: int
    measures: Mapping[str, Measure]  # with the records layout's notes, when the measures are counted from records
    events: tuple[Event, ...]
    tables: Mapping[str, TableSpec]
    sections: tuple[Section, ...]
    charts: ChartSettings = ChartSettings()
    areas: object = None  # ``areas:`` as given, checked against the data by narrator.inputs.areas
    peers: PeerSettings | None = None  # ``peers:``, its names checked against the table by narrator.inputs.peers
    given: Mapping[str, object] = field(default_factory=dict)  # the keys of ``inputs:`` report.yaml gives

    where: str = ""  # report.yaml's path, as messages name it


def read_settings(folder: Path, period_end: str | None = None, length: str | int | None = None) -> Settings:
    """report.yaml in ``folder`` and the catalogue it names, checked; any problem is one InputError.

    ``period_end`` and ``length`` (``--period-end``, ``--period``) override report.yaml's. The
    commentary (:mod:`.commentary`) is read by the assembler once the data are known to cover
    the period, so that a period end beyond the data is the message, not the commentary's period.
    """
    folder = Path(folder)
    path, entries = read_report_file(folder, required=("report", "period_end"))
    where = str(path)
    report = read_report(entries["report"], where)
    inputs = read_inputs(entries.get("inputs", {}) or {}, folder, where)
    sources = _sources(inputs, given=entries.get("inputs") or {}, where=where, project=folder)
    measures = load_catalogue(inputs.measures)
    for measure_id in measures:
        if measure_id.split(".")[0] in RESERVED:
            raise InputError(f"{inputs.measures}: measure '{measure_id}' starts with a reserved name '{measure_id.split('.')[0]}'")
    end_name = "--period-end" if period_end is not None else f"{where}: period_end"
    length = read_length(length, "--period") if length is not None else read_length(entries.get("period", 12), f"{where}: period")
    period = Period(parse_month(str(period_end or entries["period_end"]), where=end_name), length)
    _check_series(measures, period, where)
    confidence = entries.get("confidence", 0.95)
    if not isinstance(confidence, float) or not 0 < confidence < 1:
        raise InputError(f"{where}: confidence must be a number between 0 and 1, such as 0.95")
    largest = entries.get("largest_changes", 3)
    expect(largest, int, where=f"{where}: largest_changes", what="a whole number")
    if not 1 <= largest <= 12:
        raise InputError(f"{where}: largest_changes must be a whole number from 1 to 12 (months in a period), found {largest}")
    tables, sections = _tables(entries, measures, path, inputs.measures)
    layout = records_layout(inputs.records, f"{where}: inputs.records")
    if layout is not None:
        measures = with_layout_notes(measures, layout)
    return Settings(
        path=path, report=report, inputs=inputs, sources=sources, period=period, end_name=end_name,
        confidence=float(confidence), largest_changes=largest, measures=measures,
        events=read_events(entries.get("events", []) or [], where), tables=tables, sections=sections,
        charts=read_chart_settings(entries.get("charts"), f"{where}: charts", measures),
        areas=entries.get("areas"), peers=read_peer_settings(entries.get("peers"), folder, where),
        given=dict(entries.get("inputs") or {}), where=where,
    )


def _sources(inputs: Inputs, *, given: Mapping[str, object], where: str, project: Path) -> Sources:
    """The project's own rules/ and templates/ folders: optional, unless report.yaml names them.
    The templates folder must be inside the project folder, since a template may place any file
    there in the draft (``{% include %}``); rules are read only as rule files, by name."""
    folders = {}
    for key in ("rules", "templates"):
        folder = getattr(inputs, key)
        if key == "templates" and folder.is_dir() and not folder.resolve().is_relative_to(project.resolve()):
            raise InputError(f"{where}: inputs.{key}: {folder} is outside the project folder {project}; a project's own "
                             f"{key} must be a folder inside it (any file there could be placed in the draft)")
        if folder.is_dir():
            folders[key] = folder
        elif key in given or folder.exists():
            raise InputError(f"{where}: inputs.{key}: {folder} is not a folder")
    return Sources(folders.get("rules"), folders.get("templates"))


def _tables(entries: Mapping[str, object], measures: Mapping[str, Measure], path: Path,
            catalogue: Path) -> tuple[dict[str, TableSpec], tuple[Section, ...]]:
    """report.yaml's tables, and the sections with the measures table each opens with."""
    where = str(path)
    given = entries.get("tables", {}) or {}
    if not isinstance(given, Mapping):
        raise InputError(f"{where}: tables must be a mapping of table ids to tables, found {describe(given)}")
    tables = {str(k): read_table_spec(str(k), v, f"{where}: table '{k}'", measures, path) for k, v in given.items()}
    sections = read_sections(entries.get("sections"), measures, where, str(catalogue))
    for section in sections:  # each section opens with its measures table
        rows = [{"measure": m} for m in section.measures]
        tables[section.table] = read_table_spec(section.table, {"title": section.title, "rows": rows}, where, measures)
    return tables, sections


def _check_series(measures: Mapping[str, Measure], period: Period, where: str) -> None:
    """A rolling-year series holds 12-month totals, so it can only be compared over 12 months."""
    if period.months == 12:
        return
    rolling = next((m for m in measures.values() if not m.monthly), None)
    if rolling is not None:
        raise InputError(
            f"{where}: measure '{rolling.id}' is a rolling_year series (12-month totals), so it cannot be compared "
            f"over {period.months} {'month' if period.months == 1 else 'months'}; build the year (period: year) or leave it out"
        )
