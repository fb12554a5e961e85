"""Tables: specs from the report settings, built from facts into ``document.Table``.

Four kinds, chosen by ``type`` in the spec:

* ``measures`` (the default): the pillar tables. ``title`` heads the label column; ``rows``
  are ``{measure: id}`` or ``{group: DOMESTIC ABUSE}``; columns are the current figure,
  the baseline and the judgement.
* ``monthly``: one measure month by month, the last ``months`` months of the current period
  against the same months a year before; a ``caption`` is required.
* ``change``: ``measures`` with baseline, current and % change; a ``caption`` is required.
* ``areas``: every area reported on as a row, the parent last; for each of ``measures`` the
  current figure, the change and the judgement (a report with areas; see narrator.analysis.areas).
* ``peers``: one measure against its peers (narrator.analysis.peers): the force and its peers,
  sorted by % change (largest rise first), the force's row set off, England and Wales last; the
  same 12 months for every force, a year apart. Made for each measure with a ``peer_group``.
* ``text``: ``rows`` of words (a pillar map, a bibliography); ``header: true`` makes the first
  row a header. An empty first cell below a body row continues the cell above it (the
  pillar map's "Focus for the Force" reads as one merged cell beside its list).

Every figure cell is a ``Figure`` carrying its fact id. A count's change on a baseline below the
house style's ``small_count_below`` is printed as the change in numbers ("+5"), never as a
percentage ("250.0%" for 2 → 7), unless the spec says ``small_base: percent``;
:attr:`TableBuilder.small_bases` names the tables that hold one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..analysis.facts import Analysis, FactSet
from ..errors import InputError
from ..inputs.catalogue import Measure
from ..inputs.yamlfiles import check_keys, describe, expect, line_of, suggestion
from ..model import Cell, Figure, Row, Table, Text
from ..wording.style import HouseStyle
from .peercharts import ranked_rows

TYPES = ("measures", "monthly", "change", "text", "areas")  # the types report.yaml may give
MADE = ("peers",)  # the types Narrator makes itself (one peer table per measure with a peer_group)
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


class TableBuilder:
    def __init__(self, analysis: Analysis, facts: FactSet, style: HouseStyle, tones: Mapping[str, str | None] | None = None) -> None:
        self.tones = tones or {}  # judgement fact id → tone, for judgements of other areas
        self.analysis = analysis
        self.facts = facts
        self.style = style
        self.small_bases: set[str] = set()  # the tables with a count's change on a small base

    def build(self, spec: TableSpec) -> Table:
        return getattr(self, f"_{spec.type}")(spec)

    def _figure(self, fact_id: str, align: str = "right", tone=None) -> Cell:
        fact = self.facts[fact_id]
        return Cell((Figure(self.style.format(fact.value, fact.unit, "table"), fact_id),), align, tone)

    def _measures(self, spec: TableSpec) -> Table:
        columns = spec.settings.get("columns", DEFAULT_COLUMNS)
        current = _text(columns[0], "right")
        if "columns" not in spec.settings and self.analysis.period.months != 12:
            current = self._figure("period.current")  # not a rolling 12 months: the period, named
        header = Row((_text(spec.settings.get("title", "")), current, _text(columns[1], "right"), _text(columns[2], "center")), "header")
        rows = [header]
        for row in spec.settings["rows"]:
            if "group" in row:
                rows.append(Row((_text(row["group"]), _text(""), _text(""), _text("")), "group"))
                continue
            assessment = self.analysis.assessments[row["measure"]]
            m = assessment.measure.id
            rows.append(
                Row((
                    _text(assessment.measure.label),
                    self._figure(f"{m}.current"),
                    self._figure(f"{m}.baseline"),
                    self._figure(f"{m}.judgement", "center", assessment.tone),
                ))
            )
        return Table(spec.id, tuple(rows))

    def _monthly(self, spec: TableSpec) -> Table:
        measure = spec.settings["measure"]
        months = self.analysis.period.current[-int(spec.settings["months"]) :]
        header = Row(
            (_text(spec.settings.get("first_column", "Month")), *(_text(m.strftime("%b"), "right") for m in months)),
            "header",
        )
        rows = [header]
        for year, shift in (("period.baseline", 12), ("period.current", 0)):
            cells = [self._figure(year, "left")]
            cells += [self._figure(f"{measure}.month.{m - shift}") for m in months]
            rows.append(Row(tuple(cells)))
        return Table(spec.id, tuple(rows), caption=spec.settings["caption"])

    def _change(self, spec: TableSpec) -> Table:
        header = Row(
            (
                _text(spec.settings.get("first_column", "")),
                self._figure("period.baseline"),
                self._figure("period.current"),
                _text(spec.settings.get("change_column", "% Change"), "right"),
            ),
            "header",
        )
        rows = [header]
        for m in spec.settings["measures"]:
            label = self.analysis.assessments[m].measure.label
            rows.append(Row((_text(label), self._figure(f"{m}.baseline"), self._figure(f"{m}.current"), self._change_cell(spec, m, m))))
        return Table(spec.id, tuple(rows), caption=spec.settings["caption"])

    def _change_cell(self, spec: TableSpec, prefix: str, measure: str) -> Cell:
        """The change of ``measure`` (its facts under ``prefix``): %, points for a rate, and for a count
        on a small base the change in numbers."""
        kind = self.analysis.assessments[measure].measure.kind
        if kind == "proportion":
            return self._figure(f"{prefix}.change")
        small = self.facts[f"{prefix}.baseline"].value < self.style.small_count_below
        if kind == "count" and small and spec.settings.get("small_base", "numbers") == "numbers":
            self.small_bases.add(spec.id)
            fact = self.facts[f"{prefix}.change"]
            sign = "+" if fact.value > 0 else ""
            return Cell((Figure(sign + self.style.format(fact.value, fact.unit, "table"), fact.id),), "right")
        return self._figure(f"{prefix}.change_pct")

    def _areas(self, spec: TableSpec) -> Table:
        measures = [self.analysis.assessments[m].measure for m in spec.settings["measures"]]
        header = [_text(spec.settings.get("first_column", "Area"))]
        for measure in measures:
            change = "Change (points)" if measure.kind == "proportion" else "Change"
            header += [_text(measure.label, "right"), _text(change, "right"), _text("Perf v Benchmark", "center")]
        rows = [Row(tuple(header), "header")]
        names = [fact_id for fact_id in self.facts if fact_id.startswith("areas.") and fact_id.endswith(".name")]
        for name in names:  # every area reported on, then the parent
            slug = name[: -len(".name")]
            cells = [self._figure(name, "left")]
            for measure in measures:
                tone_of = self.tones.get(f"{slug}.{measure.id}.judgement")
                cells += [self._figure(f"{slug}.{measure.id}.current"), self._change_cell(spec, f"{slug}.{measure.id}", measure.id),
                          self._figure(f"{slug}.{measure.id}.judgement", "center", tone_of)]
            rows.append(Row(tuple(cells)))
        return Table(spec.id, tuple(rows), caption=spec.settings.get("caption"))

    def _peers(self, spec: TableSpec) -> Table:
        m = spec.settings["measures"][0]
        header = Row((
            _text(spec.settings.get("first_column", "Force")),
            Cell((Text("12 months to "), self._figure(f"{m}.peer.baseline_end").runs[0]), "right"),
            Cell((Text("12 months to "), self._figure(f"{m}.peer.window_end").runs[0]), "right"),
            _text("% Change", "right"),
        ), "header")
        ranked, national = ranked_rows(self.facts, m)
        rows = [header]
        for key in [*ranked, *national]:
            last = self._figure(f"{key}.change_pct") if f"{key}.change_pct" in self.facts else _text("-", "right")
            cells = (self._figure(f"{key}.name", "left"), self._figure(f"{key}.baseline"), self._figure(f"{key}.current"), last)
            rows.append(Row(cells, "emphasis" if self.facts[f"{key}.role"].value == "force" else "body"))
        return Table(spec.id, tuple(rows), caption=spec.settings.get("caption"))

    def _text(self, spec: TableSpec) -> Table:
        rows = [Row(tuple(_text(str(c)) for c in row)) for row in spec.settings["rows"]]
        if spec.settings.get("header"):
            rows[0] = Row(rows[0].cells, "header")
        for index in range(1, len(rows)):
            row = rows[index]
            if rows[index - 1].kind == "body" and row.cells and not row.cells[0].runs:
                rows[index] = Row((replace(row.cells[0], continues=True), *row.cells[1:]), row.kind)
        return Table(spec.id, tuple(rows), caption=spec.settings.get("caption"))


def _text(words: str, align: str = "left") -> Cell:
    return Cell((Text(str(words)),) if words else (), align)


def monthly_measures(specs: Mapping[str, TableSpec]) -> set[str]:
    """Measures that need month-by-month facts."""
    return {s.settings["measure"] for s in specs.values() if s.type == "monthly"}


