"""report.yaml read as a file: its keys checked, its ``report:`` texts and its ``inputs:`` paths.

This is the part of the settings that needs no period and no data: :mod:`.report` builds the
whole :class:`~narrator.settings.report.Settings` on it, and ``narrator measures`` (which counts
crime records and nothing else, without pandas) reads only :func:`read_records_settings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .yamlfiles import check_keys, describe, expect, read_yaml, suggestion

__all__ = ["AREA_TEXTS", "Inputs", "RecordsSettings", "read_inputs", "read_records_settings", "read_report", "read_report_file"]

SETTINGS_KEYS = ("report", "period_end", "period", "confidence", "largest_changes", "inputs", "events", "tables", "sections", "charts", "areas", "peers")
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
LAYOUT = "home-office-pfa"  # the one published table read as it is (narrator.inputs.homeoffice)


@dataclass(frozen=True)
class Inputs:
    """report.yaml's ``inputs:``, as paths (``template`` is a template's name)."""

    observations: Path
    measures: Path
    commentary: Path
    rules: Path
    templates: Path
    template: str
    layout: str | None = None  # a published table's layout, when the observations are one
    records: object = None  # ``inputs.records`` as given, checked by narrator.inputs.records.source
    sheet: str | None = None  # the worksheet of an .xlsx workbook that holds the observations


@dataclass(frozen=True)
class RecordsSettings:
    """What ``narrator measures`` needs of report.yaml: its records input, the catalogue and the force."""

    path: Path  # report.yaml
    records: object  # ``inputs.records`` as given, checked by narrator.inputs.records.source
    catalogue: Path  # ``inputs.measures``
    force: str | None  # ``report.force``


def read_report_file(folder: Path, required: tuple[str, ...] = ("report",)) -> tuple[Path, Mapping[str, object]]:
    """report.yaml in ``folder``: its path and its top-level keys, checked."""
    path = Path(folder) / "report.yaml"
    if not path.exists():
        raise InputError(f"{path}: not found; --data must name a folder holding report.yaml")
    return path, check_keys(read_yaml(path), where=str(path), allowed=SETTINGS_KEYS, required=required)


def read_records_settings(folder: Path) -> RecordsSettings:
    """report.yaml's records input, for counting the records alone (``narrator measures``)."""
    path, entries = read_report_file(folder)
    where = str(path)
    report = read_report(entries["report"], where)
    inputs = read_inputs(entries.get("inputs", {}) or {}, Path(folder), where)
    if inputs.records is None:
        raise InputError(f"{path}: inputs.records is missing; narrator measures aggregates crime records (see docs/data.md)")
    return RecordsSettings(path, inputs.records, inputs.measures, report.get("force") or None)


def read_report(entry: object, where: str) -> dict[str, str]:
    """``report:``: its texts, and the date in the form YYYY-MM-DD."""
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


def read_inputs(entry: object, folder: Path, where: str) -> Inputs:
    """``inputs:``, over the defaults; a published table is ``{file: …, layout: home-office-pfa}``."""
    inputs = dict(INPUT_DEFAULTS, **check_keys(entry, where=f"{where}: inputs", allowed=INPUT_KEYS))
    records = inputs.pop("records", None)
    sheet = inputs.pop("sheet", None)
    expect(sheet, (str, type(None)), where=f"{where}: inputs.sheet", what="the name of a sheet of the workbook")
    layout = None
    if isinstance(inputs["observations"], Mapping):
        given = check_keys(inputs["observations"], where=f"{where}: inputs.observations", allowed=("file", "layout"), required=("file", "layout"))
        if given["layout"] != LAYOUT:
            raise InputError(f"{where}: inputs.observations.layout: '{given['layout']}' is not a layout of a published table; layouts: {LAYOUT}{suggestion(str(given['layout']), (LAYOUT,))}")
        inputs["observations"], layout = given["file"], given["layout"]
    for key, value in inputs.items():
        expect(value, str, where=f"{where}: inputs.{key}", what="a file or folder name")
    paths = {k: folder / v for k, v in inputs.items() if k != "template"}
    return Inputs(template=inputs["template"], layout=layout, records=records, sheet=sheet, **paths)
