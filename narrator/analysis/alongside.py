"""The force's change over a comparator's own months, so the two are set side by side like for like.

A comparator (a national series, ``comparator: true``) is compared over its latest months at or
before the period end (as many as the report's period has) against the same months a year before (narrator.analysis.facts). When it is
the national series of one of the force's measures — its id ends with that measure's id, as
``national.drugs.recorded`` ends with ``drugs.recorded`` — the force's figures over the same months
are facts too (absent when the force's data do not cover them):

* ``c.force.current``, ``c.force.baseline``: the force's figures over the comparator's months and
  the same months a year before (a total, or a rate in %);
* ``c.force.change_pct`` (counts) or ``c.force.change`` (rates: the difference as printed);
* ``c.force.measure``: the id of the force's measure.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..settings.catalogue import Measure
from ..numbers import round_half_up
from .facts import Fact, FactSet

__all__ = ["alongside_facts", "paired_measure"]


def paired_measure(comparator: Measure, measures: Mapping[str, Measure]) -> Measure | None:
    """The force's measure a comparator is the national series of: the longest id it ends with."""
    found = [m for m in measures.values() if not m.comparator and m.monthly and m.kind == comparator.kind
             and comparator.id.endswith("." + m.id)]
    return max(found, key=lambda m: len(m.id)) if found else None


def alongside_facts(observations: pd.DataFrame, measures: Mapping[str, Measure], facts: FactSet,
                    decimal_places: int) -> FactSet:
    out = FactSet()
    for comparator in measures.values():
        if not comparator.comparator or f"{comparator.id}.current_end" not in facts:
            continue
        own = paired_measure(comparator, measures)
        if own is None:
            continue
        current = pd.period_range(facts[f"{comparator.id}.current_start"].value, facts[f"{comparator.id}.current_end"].value, freq="M")
        rows = observations[observations["measure"] == own.id].set_index("month")
        if not all(m in rows.index for m in (*current, *(current - 12))):
            continue
        figures = [_figure(rows.loc[months], own.kind) for months in (current - 12, current)]
        prefix, name = f"{comparator.id}.force", comparator.name
        out.add(Fact(f"{prefix}.measure", f"{name}: the force's own measure", own.id, "text"))
        unit = "percent" if own.kind == "proportion" else "count"
        out.add(Fact(f"{prefix}.current", f"{name}: the force's figure over the same months", figures[1], unit))
        out.add(Fact(f"{prefix}.baseline", f"{name}: the force's figure over the same months a year before", figures[0], unit))
        if own.kind == "proportion":
            change = float(round_half_up(figures[1], decimal_places) - round_half_up(figures[0], decimal_places))
            out.add(Fact(f"{prefix}.change", f"{name}: the force's change over the same months (as printed)", change, "points"))
        elif figures[0]:
            out.add(Fact(f"{prefix}.change_pct", f"{name}: the force's % change over the same months",
                         (figures[1] - figures[0]) / figures[0] * 100, "percent"))
    return out


def _figure(rows: pd.DataFrame, kind: str) -> float:
    if kind == "proportion":
        return float(rows["value"].sum() / rows["denominator"].sum() * 100)
    return float(rows["value"].sum())
