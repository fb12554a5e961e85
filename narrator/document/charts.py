"""Charts: the chart blocks built from facts, as report.yaml's ``charts:`` asks
(:mod:`narrator.settings.charts`).

Two charts, both line charts of a month's figure (a count, a rate, a level):

* ``year_on_year``: the months of the current period (12 for a year, 3 for a quarter) against
  the same months a year before (a one-month report has no charts: one point a line shows
  nothing, and a rolling one-month figure is the month itself);
* ``trend``: every month over a longer span, with the rolling 12-month figure (for a count,
  its monthly average, so that both lines share one axis).

Either adds the baseline's SPC mean and control limits when SPC is the measure's method, and a
line for each of the measure's thresholds in the catalogue. Every value drawn is a fact
(``m.month.<YYYY-MM>``, ``m.rolling_mean.<YYYY-MM>``, ``m.spc.upper``…; see narrator.analysis.facts);
the caption, the alt text and the legend's names are words from ``rules/charts.yaml``
(:mod:`narrator.wording.charts`).
"""

from __future__ import annotations

import calendar
import math

import pandas as pd

from ..analysis.facts import Analysis, FactSet
from ..model import Chart, ChartSeries
from ..settings.charts import ChartSpec
from ..wording.charts import ChartWords

class ChartBuilder:
    def __init__(self, analysis: Analysis, facts: FactSet, words: ChartWords) -> None:
        self.analysis = analysis
        self.facts = facts
        self.words = words

    def build(self, spec: ChartSpec) -> Chart:
        measure = self.analysis.assessments[spec.measure].measure
        m = measure.id
        first = pd.Period(self.facts[f"{m}.chart.start"].value, freq="M")
        last = pd.Period(self.facts[f"{m}.chart.end"].value, freq="M")
        text = self.words.words(measure, spec.kind)
        series: list[ChartSeries] = []
        if spec.kind == "year_on_year":
            months = pd.period_range(end=last, periods=int(self.facts["period.months"].value), freq="M")  # as the words say
            categories = tuple(calendar.month_abbr[p.month] for p in months)
            series.append(self._series(text.legend["previous"], "previous", [f"{m}.month.{p - 12}" for p in months]))
            series.append(self._series(text.legend["current"], "current", [f"{m}.month.{p}" for p in months]))
        else:
            months = pd.period_range(start=first, end=last, freq="M")
            categories = tuple(f"{calendar.month_abbr[p.month]} {p.year}" for p in months)
            series.append(self._series(text.legend["monthly"], "monthly", [f"{m}.month.{p}" for p in months]))
            family = "rolling_mean" if measure.kind == "count" else "rolling"
            series.append(self._series(text.legend["rolling"], "rolling", [f"{m}.{family}.{p}" for p in months]))
        count = len(categories)
        if measure.method == "spc":
            series.append(self._series(text.legend["mean"], "mean", [f"{m}.spc.mean"] * count))
            series.append(self._series(text.legend["limit"], "limit", [f"{m}.spc.upper"] * count))
            series.append(self._series(text.legend["limit"], "limit", [f"{m}.spc.lower"] * count, legend=False))
        for threshold, name in zip(measure.thresholds, text.thresholds):
            series.append(self._series(name, "threshold", [f"{m}.threshold.{threshold}.value"] * count))
        values = [v for s in series for v in s.values if v is not None]
        return Chart(
            id=m,
            measure=m,
            kind=spec.kind,  # type: ignore[arg-type]
            categories=categories,
            months=tuple(str(p) for p in months),
            series=tuple(series),
            axis=axis_range(values, from_zero=measure.kind == "count"),
            number_format='0.0"%"' if measure.kind == "proportion" else "#,##0",
            caption=text.caption,
            alt_text=text.alt,
        )

    def _series(self, name: str, role: str, fact_ids: list[str], legend: bool = True) -> ChartSeries:
        ids = tuple(f if f in self.facts and self.facts[f].value is not None else None for f in fact_ids)
        values = tuple(None if f is None else float(self.facts[f].value) for f in ids)
        return ChartSeries(name, role, values, ids, legend)  # type: ignore[arg-type]


def axis_range(values: list[float], *, from_zero: bool) -> tuple[float, float, float]:
    """(low, high, step) of a value axis covering ``values`` in about five round steps (1, 2, 2.5 or 5 × 10ⁿ).

    Counts start at zero; other figures too, unless their lowest value is over half their
    highest (a rate between 92% and 95% is read on an axis from 90%).
    """
    low, high = min(values, default=0.0), max(values, default=1.0)
    if from_zero or (low >= 0 and low <= high / 2):
        low = min(low, 0.0)
    if high == low:
        high = low + 1
    step = _nice_step((high - low) / 6)
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
    if top == high and top != 0:  # a line along the top edge is hard to see
        top += step
    return (_tidy(bottom), _tidy(top), _tidy(step))


def _nice_step(rough: float) -> float:
    magnitude = 10 ** math.floor(math.log10(rough))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)


def _tidy(value: float) -> float:
    return float(round(value, 6))
