"""The facts that place the force against its peers and England and Wales, like for like.

For each measure with a ``peer_group`` (narrator.inputs.peers), one window for every force: the 12
months to the table's latest period end at or before the report's period end, against the same 12
months a year before. The force's own figures over that window come from its own data when they
cover it (its months, or its 12-month totals at the two ends), else from its row of the table; every
other force's from the table. Ids, for a measure ``m`` (``narrator facts --match peer``):

* ``peers.group`` (what the text calls the peers), ``peers.national`` (England and Wales),
  ``peers.excluded`` (the table's forces left out of it), ``peers.table``, ``peers.force``
* ``m.peer.window_start`` / ``.window_end`` (the 12 months compared), ``.baseline_end``, ``.window_months``;
  ``.source`` (``own``: the force's own data, or ``table``)
* the force: ``m.peer.current``, ``.baseline``, ``.change_pct``
* its peers: ``.peers`` (how many), ``.rose``, ``.fell``, ``.unchanged``, ``.without_base`` (none a
  year before, so no % change), ``.higher`` / ``.lower``
  (peers whose % change was higher / lower than the force's), ``.median_change_pct`` (the median
  peer's), ``.group.current`` / ``.baseline`` / ``.change_pct`` (the peers added up)
* ranks by % change, 1 the largest rise: ``.rank`` of ``.ranked`` (the force and its peers),
  ``.national_rank`` of ``.national_ranked`` (the forces of England and Wales)
* England and Wales: ``.national.current`` / ``.baseline`` / ``.change_pct``, ``.national.forces``
* the test (narrator.analysis.funnel): ``.verdict`` (above, below, within, or untested with too
  few peers), ``.test.centre_pct``, ``.test.lower_pct``, ``.test.upper_pct`` (the range of changes
  the peers' spread gives a force of its size), ``.test.statistic``, ``.test.p``, ``.test.df``
* each row of the peer table: ``m.peer.force.<key>.name`` / ``.current`` / ``.baseline`` /
  ``.change_pct`` / ``.role`` (``force``, ``peer`` or ``national``), ``<key>`` the name in lower
  case with ``_`` for spaces
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping

import pandas as pd

from ..errors import InputError
from ..settings.catalogue import Measure
from ..inputs.peers import Peers
from .facts import Fact, FactSet
from .funnel import peer_test
from ..settings.periods import Period

__all__ = ["peer_facts", "row_key"]


def row_key(name: str) -> str:
    """The part of a peer table row's fact ids that names its force: "Greater Manchester" → greater_manchester."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def peer_facts(peers: Peers, measures: Mapping[str, Measure], observations: pd.DataFrame, period: Period,
               confidence: float) -> FactSet:
    """Every peer fact of every compared measure; ``observations`` are the force's own."""
    facts = FactSet([
        Fact("peers.group", "what the text calls the force's peers", peers.group, "text"),
        Fact("peers.national", "the national comparison: the forces of the table added up", peers.name, "text"),
        Fact("peers.table", "the published table the peers' figures come from", peers.file.name if peers.file else "", "text"),
        Fact("peers.force", "the force, as the table names it", peers.force, "text"),
    ])
    if peers.excluded:
        facts.add(Fact("peers.excluded", f"forces of the table left out of {peers.name}", " and ".join(peers.excluded), "text"))
    for measure_id in peers.measures:
        _Compared(peers, measures[measure_id], observations, period, confidence, facts).add_all()
    return facts


class _Compared:
    def __init__(self, peers: Peers, measure: Measure, observations: pd.DataFrame, period: Period, confidence: float,
                 facts: FactSet) -> None:
        self.peers, self.m, self.facts, self.confidence = peers, measure, facts, confidence
        rows = peers.rows[peers.rows["measure"] == measure.id]
        self.table = rows.pivot_table(index="month", columns="area", values="value", aggfunc="sum")
        self.end = self._window(period)
        self.start, self.before = self.end - 11, self.end - 12
        own = observations[observations["measure"] == measure.id] if len(observations) else observations
        self.own = self._own(own)

    def _window(self, period: Period) -> pd.Period:
        needed = [self.peers.force, *self.peers.forces, *self.peers.national]
        complete = self.table[needed].notna().all(axis=1)
        months = set(self.table.index[complete])
        ends = [m for m in months if m <= period.end and m - 12 in months]
        if not ends:
            first, last = self.table.index.min(), self.table.index.max()
            raise InputError(
                f"{self.peers.file}: measure '{self.m.id}' has no 12 months at or before {period.end} with the same months a "
                f"year before for the force, its peers and every force of England and Wales; the table runs from {first} to {last}"
            )
        return max(ends)

    def _own(self, own: pd.DataFrame) -> tuple[float, float] | None:
        """The force's (baseline, current) over the window from its own data, when they cover it."""
        if own.empty:
            return None
        values = own.groupby("month")["value"].sum()
        if self.m.monthly:
            current = pd.period_range(self.start, self.end, freq="M")
            baseline = current - 12
            if not all(m in values.index for m in (*current, *baseline)):
                return None
            return float(values[baseline].sum()), float(values[current].sum())
        if self.end in values.index and self.before in values.index:
            return float(values[self.before]), float(values[self.end])
        return None

    def add(self, suffix: str, label: str, value: object, unit: str) -> None:
        self.facts.add(Fact(f"{self.m.id}.peer.{suffix}", f"{self.m.name}, against its peers: {label}", value, unit))

    def figures(self, name: str) -> tuple[float, float]:
        """A force's (baseline, current) from the table."""
        return float(self.table.at[self.before, name]), float(self.table.at[self.end, name])

    def add_all(self) -> None:
        peers = self.peers
        force = self.own or self.figures(peers.force)
        rows = {name: self.figures(name) for name in peers.forces}
        changes = {name: _pct(*rows[name]) for name in peers.forces}
        national = [self.figures(name) for name in peers.national]
        if not sum(b for b, _ in national):
            raise InputError(
                f"{peers.file}: measure '{self.m.id}': its peer_group has no offences for {peers.name} in the 12 months to "
                f"{self.before}, so no force's change can be compared; the table may not count these offences before then"
            )
        self.add("window_start", "first month of the 12 months compared", str(self.start), "month")
        self.add("window_end", "last month of the 12 months compared", str(self.end), "month")
        self.add("baseline_end", "last month of the 12 months a year before", str(self.before), "month")
        self.add("window_months", "months in the window compared", 12, "count")
        self.add("source", "where the force's figures come from (own: its own data; table: the published table)",
                 "own" if self.own else "table", "text")
        self.add("current", "the force, 12 months compared", force[1], "count")
        self.add("baseline", "the force, the same 12 months a year before", force[0], "count")
        mine = _pct(*force)
        self._change("change_pct", "the force's % change", mine)
        values = [c for c in changes.values() if c is not None]
        self.add("peers", "peers compared", len(peers.forces), "count")
        self.add("rose", "peers that rose", sum(c > 0 for c in values), "count")
        self.add("fell", "peers that fell", sum(c < 0 for c in values), "count")
        self.add("unchanged", "peers unchanged", sum(c == 0 for c in values), "count")
        self.add("without_base", "peers with none in the months a year before (no % change)", len(changes) - len(values), "count")
        if mine is not None:
            self.add("higher", "peers whose % change was higher than the force's", sum(c > mine for c in values), "count")
            self.add("lower", "peers whose % change was lower than the force's", sum(c < mine for c in values), "count")
            self.add("rank", "the force's rank among itself and its peers by % change (1: the largest rise)",
                     1 + sum(c > mine for c in values), "ordinal")
            others = [_pct(*f) for name, f in zip(peers.national, national) if name != peers.force]
            self.add("national_rank", "the force's rank among the forces of England and Wales by % change (1: the largest rise)",
                     1 + sum(c is not None and c > mine for c in others), "ordinal")
        self.add("ranked", "forces ranked: the force and its peers", len(peers.forces) + 1, "count")
        self.add("national_ranked", "forces ranked nationally", len(peers.national) + (peers.force not in peers.national), "count")
        if values:
            self._change("median_change_pct", "the median peer's % change", statistics.median(values))
        group = tuple(sum(rows[n][i] for n in peers.forces) for i in (0, 1))
        self._totals("group", "the peers added up", group)
        self._totals("national", peers.name, tuple(sum(f[i] for f in national) for i in (0, 1)))
        self.add("national.forces", f"forces added up to {peers.name}", len(peers.national), "count")
        self._test(force, rows)
        self._rows(force, rows)

    def _change(self, suffix: str, label: str, value: float | None) -> None:
        if value is not None:
            self.add(suffix, label, value, "percent")

    def _totals(self, suffix: str, label: str, figures: tuple[float, float]) -> None:
        self.add(f"{suffix}.current", f"{label}, 12 months compared", figures[1], "count")
        self.add(f"{suffix}.baseline", f"{label}, the same 12 months a year before", figures[0], "count")
        self._change(f"{suffix}.change_pct", f"{label}, % change", _pct(*figures))

    def _test(self, force: tuple[float, float], rows: Mapping[str, tuple[float, float]]) -> None:
        result = peer_test(force, list(rows.values()), self.confidence)
        self.add("verdict", "the force's change against its peers' spread: above, below, within (or untested)",
                 result.verdict if result else "untested", "text")
        if result is None:
            return
        self.add("test.centre_pct", "the peers' typical % change (random-effects mean)", result.centre, "percent")
        self.add("test.lower_pct", "lowest % change the peers' spread gives a force of its size", result.lower, "percent")
        self.add("test.upper_pct", "highest % change the peers' spread gives a force of its size", result.upper, "percent")
        self.add("test.statistic", "the force's standardised difference from its peers (t)", result.statistic, "n")
        self.add("test.p", "two-sided p-value of that difference", result.p, "n")
        self.add("test.df", "degrees of freedom (peers − 1)", result.df, "n")

    def _rows(self, force: tuple[float, float], rows: Mapping[str, tuple[float, float]]) -> None:
        national = (self.facts[f"{self.m.id}.peer.national.baseline"].value, self.facts[f"{self.m.id}.peer.national.current"].value)
        for name, figures, role in ((self.peers.force, force, "force"), *((n, f, "peer") for n, f in rows.items()),
                                    (self.peers.name, national, "national")):
            key = f"force.{row_key(name)}"
            self.add(f"{key}.name", "a row of the peer table: the force", name, "text")
            self.add(f"{key}.role", "the row's role: force, peer or national", role, "text")
            self.add(f"{key}.current", f"{name}, 12 months compared", figures[1], "count")
            self.add(f"{key}.baseline", f"{name}, the same 12 months a year before", figures[0], "count")
            self._change(f"{key}.change_pct", f"{name}, % change", _pct(*figures))


def _pct(baseline: float, current: float) -> float | None:
    return None if baseline == 0 else (current - baseline) / baseline * 100
