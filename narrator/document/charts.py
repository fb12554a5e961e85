"""Charts: their settings in report.yaml, and the chart blocks built from facts.

``charts:`` in report.yaml says which measures have a chart, which chart, and where the
generic templates place them::

    charts:
      place: measure        # none (the default) | section | measure
      type: year_on_year    # year_on_year (the default) | trend
      months: 36            # how many months a trend chart shows (13 to 120)
      measures:             # absent: every measure of the catalogue, when place is not none
        - da.recorded
        - {measure: burglary.recorded, type: trend, months: 60}

Two charts, both line charts of a month's figure (a count, a rate, a level):

* ``year_on_year``: the current 12 months against the same months a year before;
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
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..analysis.facts import Analysis, FactSet
from ..errors import InputError, suggestion
from ..inputs.catalogue import Measure
from ..inputs.yamlfiles import check_keys
from ..model import Chart, ChartSeries
from ..wording.charts import ChartWords

KINDS = ("year_on_year", "trend")
PLACES = ("none", "section", "measure")
MONTHS = (13, 120)  # a trend chart shows more than a year, and at most ten
DEFAULT_MONTHS = 36


@dataclass(frozen=True)
class ChartSpec:
    measure: str
    kind: str = "year_on_year"
    months: int = DEFAULT_MONTHS


@dataclass(frozen=True)
class ChartSettings:
    place: str = "none"
    specs: Mapping[str, ChartSpec] = field(default_factory=dict)  # by measure id, in the order given

    def needs(self) -> dict[str, tuple[str, int]]:
        """What the analysis must compute: each charted measure's chart kind and span."""
        return {m: (spec.kind, spec.months) for m, spec in self.specs.items()}


def read_chart_settings(entry: object, where: str, measures: Mapping[str, Measure]) -> ChartSettings:
    """The checked ``charts:`` settings; every problem is one InputError naming the key."""
    if entry is None:
        return ChartSettings()
    entry = check_keys(entry, where=where, allowed=("place", "type", "months", "measures"))
    place = entry.get("place", "none")
    if place not in PLACES:
        raise InputError(f"{where}: place '{place}' is not one of {', '.join(PLACES)}{suggestion(str(place), PLACES)}")
    default = _spec_fields(entry, where, ChartSpec(""))
    listed = entry.get("measures")
    if listed is None:
        chosen = [ChartSpec(m, default.kind, default.months) for m in measures if measures[m].monthly] if place != "none" else []
    elif not isinstance(listed, list):
        raise InputError(f"{where}: measures must be a list of measure ids, such as [da.recorded, burglary.recorded]")
    else:
        chosen = []
        for index, item in enumerate(listed, start=1):
            here = f"{where}: measures, item {index}"
            if isinstance(item, str):
                item = {"measure": item}
            item = check_keys(item, where=here, allowed=("measure", "type", "months"), required=("measure",))
            spec = _spec_fields(item, here, default)
            chosen.append(ChartSpec(str(item["measure"]), spec.kind, spec.months))
    specs: dict[str, ChartSpec] = {}
    for spec in chosen:
        if spec.measure not in measures:
            raise InputError(f"{where}: measure '{spec.measure}' is not in the catalogue{suggestion(spec.measure, measures)}")
        if spec.measure in specs:
            raise InputError(f"{where}: measure '{spec.measure}' is listed twice")
        if not measures[spec.measure].monthly:
            raise InputError(f"{where}: measure '{spec.measure}' is a rolling_year series (12-month totals), so it has no months to chart")
        specs[spec.measure] = spec
    return ChartSettings(place, specs)


def _spec_fields(entry: Mapping[str, object], where: str, default: ChartSpec) -> ChartSpec:
    kind = entry.get("type", default.kind)
    if kind not in KINDS:
        raise InputError(f"{where}: type '{kind}' is not one of {', '.join(KINDS)}{suggestion(str(kind), KINDS)}")
    months = entry.get("months", default.months)
    if not isinstance(months, int) or isinstance(months, bool) or not MONTHS[0] <= months <= MONTHS[1]:
        raise InputError(f"{where}: months must be a whole number from {MONTHS[0]} to {MONTHS[1]}, found {months!r}")
    return ChartSpec(default.measure, str(kind), months)


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
            months = pd.period_range(end=last, periods=12, freq="M")
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
