"""The dot chart of a measure against the force's peers: each force's % change over the same 12
months, largest rise first (the order of the peer table), the force's dot set off, a dashed line
at England and Wales and, when the force is tested against its peers (narrator.analysis.funnel),
dotted lines at the usual variation for a force of its size. Every value drawn is a fact
(``m.peer.force.<key>.change_pct``, ``m.peer.national.change_pct``, ``m.peer.test.lower_pct``…);
the caption, alt text and legend are words from ``rules/charts.yaml`` (``peers:``).
"""

from __future__ import annotations

from ..analysis.facts import FactSet
from ..settings.catalogue import Measure
from ..model import Chart, ChartSeries
from ..wording.charts import ChartWords
from .charts import axis_range

__all__ = ["peer_chart", "ranked_rows"]


def ranked_rows(facts: FactSet, measure: str) -> tuple[list[str], list[str]]:
    """The peer table's row keys (``m.peer.force.<key>``): the force and its peers by % change,
    largest rise first (then by name; a force with no % change last), and England and Wales."""
    prefix = f"{measure}.peer.force."
    keys = [fact_id[: -len(".role")] for fact_id in facts if fact_id.startswith(prefix) and fact_id.endswith(".role")]

    def order(key: str) -> tuple[float, str]:
        change = facts.get(f"{key}.change_pct")
        return (float("inf") if change is None else -change.value, facts[f"{key}.name"].value)

    forces = sorted((k for k in keys if facts[f"{k}.role"].value != "national"), key=order)
    return forces, [k for k in keys if facts[f"{k}.role"].value == "national"]


def peer_chart(measure: Measure, facts: FactSet, words: ChartWords) -> Chart:
    m = measure.id
    forces, _ = ranked_rows(facts, m)
    text = words.peer_words(measure)
    count = len(forces)

    def series(name: str, role: str, ids: list[str | None], legend: bool = True) -> ChartSeries:
        ids = [i if i is not None and i in facts else None for i in ids]
        return ChartSeries(name, role, tuple(None if i is None else float(facts[i].value) for i in ids), tuple(ids), legend)  # type: ignore[arg-type]

    is_force = [facts[f"{k}.role"].value == "force" for k in forces]
    lines = [
        series(text.legend["peer"], "peer", [None if mine else f"{k}.change_pct" for k, mine in zip(forces, is_force)]),
        series(text.legend["force"], "force", [f"{k}.change_pct" if mine else None for k, mine in zip(forces, is_force)]),
        series(text.legend["national"], "national", [f"{m}.peer.national.change_pct"] * count),
    ]
    if f"{m}.peer.test.upper_pct" in facts:
        lines.append(series(text.legend["limit"], "limit", [f"{m}.peer.test.upper_pct"] * count))
        lines.append(series(text.legend["limit"], "limit", [f"{m}.peer.test.lower_pct"] * count, legend=False))
    values = [v for s in lines for v in s.values if v is not None]
    return Chart(
        id=f"peers.{m}",
        measure=m,
        kind="dots",
        categories=tuple(facts[f"{k}.name"].value for k in forces),
        months=(),
        series=tuple(lines),
        axis=axis_range(values, from_zero=True),
        number_format='0.0"%"',
        caption=text.caption,
        alt_text=text.alt,
    )
