"""The configuration hub: one report's inputs, found, loaded and checked.

A report lives in a data folder whose ``report.yaml`` names everything else::

    report:      title, strapline, force, to, from, date, author, subject
    period_end:  YYYY-MM, the last month of the current 12 months
    confidence:  confidence level of the benchmark tests (0.95)
    inputs:      observations, measures, commentary, rules, templates, template (paths
                 relative to report.yaml)
    events:      named months the text may single out (lockdowns)
    tables:      table specs (see narrator.tables)

:func:`load_project` reads and validates all of it before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .catalogue import Measure, load_catalogue
from .errors import InputError
from .facts import Event, Fact, FactSet
from .judgements import Vocabulary
from .observations import read_observations
from .periods import Period, parse_month
from .style import HouseStyle
from .tables import TableSpec, read_table_spec
from .templating import RESERVED, Slots
from .yamlfiles import check_keys, expect, read_yaml

SETTINGS_KEYS = ("report", "period_end", "confidence", "largest_changes", "inputs", "events", "tables")
REPORT_KEYS = ("title", "strapline", "force", "to", "from", "date", "author", "subject")
INPUT_KEYS = ("observations", "measures", "commentary", "rules", "templates", "template")
INPUT_DEFAULTS = {
    "observations": "observations.csv",
    "measures": "measures.yaml",
    "commentary": "commentary.yaml",
    "rules": "../rules",
    "templates": "../templates",
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
    slots: Slots
    style: HouseStyle
    vocabulary: Vocabulary
    rules_path: Path
    templates: Path
    template: str

    def settings_facts(self) -> FactSet:
        """Facts that come from the period and the report settings rather than a measure."""
        period, style = self.period, self.style
        facts = [
            Fact("period.current", "the current 12 months, named", _period_name(period.current[-1], style), "text"),
            Fact("period.baseline", "the baseline 12 months, named", _period_name(period.baseline[-1], style), "text"),
            Fact("period.months", "months in each period compared", len(period.current), "n"),
            Fact("period.start", "first month of the current period", str(period.current[0]), "month"),
            Fact("period.end", "last month of the current period", str(period.end), "month"),
            Fact("period.baseline_start", "first month of the baseline", str(period.baseline[0]), "month"),
            Fact("period.baseline_end", "last month of the baseline", str(period.baseline[-1]), "month"),
            Fact("settings.confidence_level", "confidence level of the benchmark tests, %", round(self.confidence * 100), "n"),
        ]
        if "date" in self.report:
            facts.append(Fact("report.date", "date of the report", self.report["date"], "date"))
        return FactSet(facts)


def _period_name(end: pd.Period, style: HouseStyle) -> str:
    """A financial year ("2020/21") when the period ends in March; else "the year to June 2021"."""
    if end.month == 3:
        return style.financial_year(end.year - 1)
    return f"the year to {style.month(str(end))}"


def load_project(folder: Path, period_end: str | None = None) -> Project:
    folder = Path(folder)
    settings_path = folder / "report.yaml"
    if not settings_path.exists():
        raise InputError(f"{settings_path}: not found; --data must name a folder holding report.yaml")
    where = str(settings_path)
    settings = check_keys(read_yaml(settings_path), where=where, allowed=SETTINGS_KEYS, required=("report", "period_end"))
    report = _report(settings["report"], where)
    inputs = dict(INPUT_DEFAULTS, **check_keys(settings.get("inputs", {}) or {}, where=f"{where}: inputs", allowed=INPUT_KEYS))
    paths = {k: (folder / v) for k, v in inputs.items() if k != "template"}

    style = _style(paths["rules"] / "style.yaml")
    vocabulary = Vocabulary.load(paths["rules"] / "judgements.yaml")
    measures = load_catalogue(paths["measures"])
    for measure_id in measures:
        if measure_id.split(".")[0] in RESERVED:
            raise InputError(f"{paths['measures']}: measure '{measure_id}' starts with a reserved name '{measure_id.split('.')[0]}'")
    observations = read_observations(paths["observations"])
    if observations.empty:
        raise InputError(f"{paths['observations']}: no rows of data below the header")
    unknown = sorted(set(observations["measure"]) - set(measures))
    if unknown:
        raise InputError(f"{paths['observations']}: measure '{unknown[0]}' is not in the catalogue {paths['measures']}")

    end = period_end or settings["period_end"]
    period = Period(parse_month(str(end), where="period end" if period_end else f"{where}: period_end"))
    last = observations["month"].max()
    if period.end > last or period.baseline[0] < observations["month"].min():
        raise InputError(
            f"period end {period.end} needs data from {period.baseline[0]} to {period.end}, "
            f"but the observations run from {observations['month'].min()} to {last}"
        )
    confidence = settings.get("confidence", 0.95)
    if not isinstance(confidence, float) or not 0 < confidence < 1:
        raise InputError(f"{where}: confidence must be a number between 0 and 1, such as 0.95")
    largest = settings.get("largest_changes", 3)
    expect(largest, int, where=f"{where}: largest_changes", what="a whole number")

    tables_entry = settings.get("tables", {}) or {}
    tables = {str(k): read_table_spec(str(k), v, f"{where}: table '{k}'", measures) for k, v in tables_entry.items()}
    templates = paths["templates"]
    if not (templates / inputs["template"]).exists():
        raise InputError(f"{templates / inputs['template']}: report template not found")
    return Project(
        folder=folder,
        report=report,
        period=period,
        confidence=float(confidence),
        largest_changes=largest,
        observations=observations,
        measures=measures,
        events=_events(settings.get("events", []) or [], where),
        tables=tables,
        slots=_slots(paths["commentary"]),
        style=style,
        vocabulary=vocabulary,
        rules_path=paths["rules"] / "movements.yaml",
        templates=templates,
        template=inputs["template"],
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
        report[key] = str(value)
    return report


def _style(path: Path) -> HouseStyle:
    data = read_yaml(path) or {}
    check_keys(data, where=str(path), allowed=HouseStyle.keys())
    defaults = HouseStyle()
    for key, value in data.items():
        if key == "tone_colours":
            _tone_colours(value, f"{path}: tone_colours")
            continue
        expected = type(getattr(defaults, key))
        if not isinstance(value, expected) or isinstance(value, bool):
            raise InputError(f"{path}: {key} must be {'a whole number' if expected is int else 'text'}, found {value!r}")
    return HouseStyle(**data)


def _tone_colours(value: object, where: str) -> None:
    colours = check_keys(value, where=where, allowed=("good", "bad", "neutral"))
    for tone, colour in colours.items():
        if not isinstance(colour, str) or not re.fullmatch(r"([0-9A-Fa-f]{6})?", colour):
            raise InputError(f"{where}.{tone}: expected a colour as six hex digits such as C6EFCE, or \"\" for none, found {colour!r}")


def _events(entries: object, where: str) -> tuple[Event, ...]:
    if not isinstance(entries, list):
        raise InputError(f"{where}: events must be a list")
    events = []
    for i, entry in enumerate(entries, start=1):
        here = f"{where}: event {i}"
        entry = check_keys(entry, where=here, allowed=("id", "name", "months"), required=("id", "name", "months"))
        months = entry["months"]
        if not isinstance(months, list) or not months:
            raise InputError(f"{here}: months must be a list such as [2020-04, 2020-05]")
        for month in months:
            parse_month(str(month), where=here)
        events.append(Event(str(entry["id"]), str(entry["name"]), tuple(str(m) for m in months)))
    return tuple(events)


def _slots(path: Path) -> Slots:
    data = check_keys(read_yaml(path) or {}, where=str(path), allowed=("paragraphs", "footnotes"))
    paragraphs = {}
    for slot, text in (data.get("paragraphs") or {}).items():
        items = [text] if isinstance(text, str) else text
        if not isinstance(items, list) or not all(isinstance(p, str) and p.strip() for p in items):
            raise InputError(f"{path}: slot '{slot}' must be a paragraph or a list of paragraphs")
        paragraphs[str(slot)] = tuple(" ".join(p.split()) for p in items)
    footnotes = {str(k): " ".join(str(v).split()) for k, v in (data.get("footnotes") or {}).items()}
    return Slots(paragraphs, footnotes, path)
