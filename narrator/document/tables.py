"""Tables: built from their specs (:mod:`narrator.settings.tables`) and facts into ``model.Table``.

Four kinds, chosen by ``type`` in the spec:

* ``measures`` (the default): the pillar tables. ``title`` heads the label column; ``rows``
  are ``{measure: id}`` or ``{group: DOMESTIC ABUSE}``; columns are the current figure,
  the baseline and the judgement.
* ``monthly``: one measure month by month, the last ``months`` months of the current period
  against the same months a year before; a ``caption`` is required.
* ``change``: ``measures`` with baseline, current and % change; a ``caption`` is required.
* ``areas``: every area reported on as a row, the parent last; for each of ``measures`` the
  current figure, the change and the judgement (a report with areas; see narrator.analysis.areas).
* ``peers``: one measure against the force's peers, sorted by % change, the force's row set off
  (``Row.kind`` emphasis), England and Wales last (narrator.analysis.peers).
* ``text``: ``rows`` of words (a pillar map, a bibliography); ``header: true`` makes the first
  row a header. An empty first cell below a body row continues the cell above it (the
  pillar map's "Focus for the Force" reads as one merged cell beside its list).

Every figure cell is a ``Figure`` carrying its fact id. A count's change on a baseline below the
house style's ``small_count_below`` is printed as the change in numbers ("+5"), never as a
percentage ("250.0%" for 2 → 7), unless the spec says ``small_base: percent``;
:attr:`TableBuilder.small_bases` names the tables that hold one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..analysis.facts import Analysis, FactSet
from ..settings.tables import DEFAULT_COLUMNS, TableSpec
from ..model import Cell, Figure, Row, Table, Text
from ..wording.style import HouseStyle
from .peercharts import ranked_rows


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
