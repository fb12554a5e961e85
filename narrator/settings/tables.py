"""Table specs: report.yaml's ``tables:`` (and the tables sections and areas imply), checked.

Five kinds, chosen by ``type`` in the spec:

* ``measures`` (the default): the pillar tables. ``title`` heads the label column; ``rows``
  are ``{measure: id}`` or ``{group: DOMESTIC ABUSE}``; columns are the current figure,
  the baseline and the judgement.
* ``monthly``: one measure month by month, the last ``months`` months of the current period
  against the same months a year before; a ``caption`` is required.
* ``change``: ``measures`` with baseline, current and % change; a ``caption`` is required.
* ``areas``: every area reported on as a row, the parent last; for each of ``measures`` the
  current figure, the change and the judgement (a report with areas).
* ``text``: ``rows`` of words (a pillar map, a bibliography); ``header: true`` makes the first
  row a header.
* ``peers`` (made by Narrator, one per measure with a ``peer_group``, never written in report.yaml):
  the force and its peers sorted by % change, the force's row set off, England and Wales last; the
  same 12 months for every force (narrator.analysis.peers).

``small_base: percent`` prints a count's change on a small base as a percentage, as a published
table has it (the default is the change in numbers). :mod:`narrator.document.tables` builds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .catalogue import Measure
from .yamlfiles import check_keys, describe, expect, line_of, suggestion

TYPES = ("measures", "monthly", "change", "text", "areas")  # the types report.yaml may give
MADE = ("peers",)  # the types Narrator makes itself
DEFAULT_COLUMNS = ("Rolling 12 months", "Baseline", "Perf v Benchmark")
SMALL_BASE = ("numbers", "percent")  # a count's change on a small base: in numbers, or (as a published table has it) a %
KEYS = {
    "measures": ("type", "title", "columns", "rows"),
    "monthly": ("type", "measure", "months", "caption", "first_column"),
    "change": ("type", "measures", "caption", "change_column", "first_column", "small_base"),
    "text": ("type", "rows", "header", "caption"),
    "areas": ("type", "measures", "caption", "first_column", "small_base"),
    "peers": ("type", "measures", "caption", "first_column"),
}


@dataclass(frozen=True)
class TableSpec:
    id: str
    type: str
    settings: Mapping[str, object]

    def measures(self) -> tuple[str, ...]:
        """The measures this table shows."""
        if self.type == "measures":
            return tuple(row["measure"] for row in self.settings["rows"] if "measure" in row)
        if self.type == "monthly":
            return (self.settings["measure"],)
        if self.type in ("change", "areas", "peers"):
            return tuple(self.settings["measures"])
        return ()


REQUIRED = {"measures": ("rows",), "monthly": ("measure", "months", "caption"), "change": ("measures", "caption"), "text": ("rows",),
            "areas": ("measures",), "peers": ("measures",)}


def read_table_spec(table_id: str, entry: object, where: str, measures: Mapping[str, Measure], source: Path | None = None,
                    *, made: bool = False) -> TableSpec:
    """A checked table spec; every problem is one InputError naming the table and key (and, for a
    text table's cell, the line of ``source``, the settings file)."""
    if not isinstance(entry, Mapping):
        raise InputError(f"{where}: expected a table description")
    kind = entry.get("type", "measures")
    if kind not in TYPES and not (made and kind in MADE):
        raise InputError(f"{where}: type '{kind}' is not one of {', '.join(TYPES)}{suggestion(str(kind), TYPES)}")
    check_keys(entry, where=where, allowed=KEYS[kind], required=REQUIRED[kind])
    for key in ("title", "caption", "first_column", "change_column", "measure"):
        if key in entry:
            expect(entry[key], str, where=f"{where}: {key}", what="text")
    if kind == "measures":
        _measure_rows(entry["rows"], where)
        columns = entry.get("columns", DEFAULT_COLUMNS)
        if not (isinstance(columns, list | tuple) and len(columns) == 3 and all(isinstance(c, str) for c in columns)):
            raise InputError(f"{where}: 'columns' must name three columns, such as [Rolling 12 months, Baseline, Perf v Benchmark]")
    if kind == "monthly" and not (isinstance(entry["months"], int) and not isinstance(entry["months"], bool) and 1 <= entry["months"] <= 12):
        raise InputError(f"{where}: 'months' must be a whole number from 1 to 12")
    if kind in ("change", "areas", "peers") and not (isinstance(entry["measures"], list) and entry["measures"] and all(isinstance(m, str) for m in entry["measures"])):
        raise InputError(f"{where}: 'measures' must be a list of measure ids, such as [youth.cbo, youth.cpw]")
    if kind == "text" and not (isinstance(entry["rows"], list) and entry["rows"] and all(isinstance(r, list) for r in entry["rows"])):
        raise InputError(f"{where}: 'rows' must be a list of rows, each a list of cells")
    if kind == "text":
        _text_cells(table_id, entry["rows"], where, source)
    spec = TableSpec(table_id, kind, dict(entry))
    for measure in spec.measures():
        if measure not in measures:
            raise InputError(f"{where}: measure '{measure}' is not in the catalogue{suggestion(measure, measures)}")
    if entry.get("small_base", "numbers") not in SMALL_BASE:
        raise InputError(f"{where}: small_base must be numbers (the change on a small base in numbers, the default) or percent, found {entry['small_base']!r}")
    if kind == "monthly" and not measures[entry["measure"]].monthly:
        raise InputError(f"{where}: measure '{entry['measure']}' is a rolling_year series (12-month totals), so it has no months to tabulate")
    return spec


def _text_cells(table_id: str, rows: list, where: str, source: Path | None) -> None:
    """A text table's cells are words: text, or nothing for an empty cell."""
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is None or isinstance(cell, str):
                continue
            if isinstance(cell, Mapping):
                problem = f"is a mapping ({', '.join(f'{k}: {v}' for k, v in cell.items())}), not text; put a cell that holds ': ' in quotes"
            elif isinstance(cell, list):
                problem = "is a list, not text; put a cell that holds brackets in quotes"
            elif isinstance(cell, bool):
                problem = f"is {describe(cell)}, not text (YAML reads yes, no, on and off so); put it in quotes"
            elif isinstance(cell, (int, float, dt.date)):
                problem = (f"is {describe(cell) if not isinstance(cell, dt.date) else 'the date ' + str(cell)}, not text; a text table "
                           "holds words (figures come from facts, in the other kinds of table): put it in quotes if it is words")
            else:
                problem = f"is {describe(cell)}, not text"
            line = line_of(source, "tables", table_id, "rows", r, c) if source is not None else None
            place = f"{source}, line {line}: table '{table_id}'" if line else where
            raise InputError(f"{place}, row {r + 1}, cell {c + 1}: {problem}")


def _measure_rows(rows: object, where: str) -> None:
    if not isinstance(rows, list) or not rows:
        raise InputError(f"{where}: 'rows' must list {{measure: id}} or {{group: TITLE}} rows")
    for i, row in enumerate(rows, start=1):
        check_keys(row, where=f"{where}, row {i}", allowed=("measure", "group"))
        if len(row) != 1:
            raise InputError(f"{where}, row {i}: give either 'measure' or 'group'")
        expect(next(iter(row.values())), str, where=f"{where}, row {i}", what="text")


def monthly_measures(specs: Mapping[str, TableSpec]) -> set[str]:
    """Measures that need month-by-month facts."""
    return {s.settings["measure"] for s in specs.values() if s.type == "monthly"}


