"""Facts: every figure a report may state, computed from the observations with pandas.

A fact has a stable id derived from its measure (``da.recorded.change_pct``), a label
saying what it is, a raw value and a unit that tells :mod:`narrator.wording.style` how to
print it. Values are unrounded; rounding happens once, when printed.

Ids per measure ``m`` (``<k>`` counts from 1; months are ``YYYY-MM``):

* ``m.current``, ``m.baseline``, ``m.change`` (difference), ``m.change_pct`` (counts and
  levels; absent when the baseline is 0), ``m.current_start``, ``m.current_end``
* proportions: ``m.current_n``, ``m.baseline_n`` (denominators), ``m.n_change_pct``
* ``m.change_low``, ``m.change_high``: the change's interval at the report's confidence level, from
  the test that judged it (% for counts, points for rates, the unit for levels; absent without one)
* ``m.judgement`` (the vocabulary word) and ``m.benchmark`` (the test, in words; its verdict
  always agrees with the word); ``m.method`` (the method's short name, such as "quasi-Poisson
  model") and ``m.test_kind`` (``significance``: a test at the report's confidence level;
  ``control_chart``: an SPC signal; ``none``: no test); ``m.dispersion``, ``m.tested_dispersion``,
  ``m.autocorrelation`` (what the test set the change against, where it estimated it)
* year on year, each current month against the same month a year before:
  ``m.months_higher``, ``m.months_lower``, ``m.months_equal``, ``m.equal_month.<k>``,
  ``m.largest_fall.<k>.month`` / ``.change_pct`` (``.change`` in points for rates), ``m.largest_rise.<k>.…``,
  ``m.longest_rise.start`` / ``.end`` / ``.length`` (the longest run of rises), same for falls
* ``m.reclassified.month`` / ``.before`` / ``.after``: a change of classification within the
  measure's offence group (a published table's) that falls inside the months compared
* ``m.event.<event>.change_pct`` (months of a named event against the same months a year before)
* ``m.threshold.<N>.first_month`` (first month of the whole series above N),
  ``m.threshold.<N>.months_current`` (months above N in the current period),
  ``m.threshold.<N>.total`` (the 12-month total to ``first_month``), ``m.threshold.<N>.half_month``
  and ``.half_total`` (the last earlier 12-month total at most half of it, by its last month) and
  ``m.threshold.<N>.doubling_years`` (the years between the two, to the nearest year: "the 12-month
  total doubled in about four years"; absent without such a total); absent when no month is above N
* ``m.rolling.rise_from`` / ``.rise_months`` and ``m.rolling.fall_from`` / ``.fall_months``: the
  run of months, ending at the period end, in which the rolling 12-month figure rose (fell) every
  month ("rose steadily from November 2020 onwards"); absent when the last month was no rise (fall)
* counts: ``m.record.peak_month``, ``m.record.peak_value`` (the highest month of the current
  period: a record is stated from the current period only), ``m.record.since_month`` (the last earlier month at least as high; none when
  no earlier month is), ``m.record.checked_from`` (the first month of the data it was checked
  against) and ``m.record.checked_years`` (whole years of data up to the period end)
* measures shown month by month in a table: ``m.month.<YYYY-MM>``
* SPC measures: ``m.spc.mean``, ``m.spc.lower``, ``m.spc.upper`` (the XmR chart its test sets from
  the baseline and the months before it, normally 24, in the unit of a month's figure) and
  ``m.spc.start`` (the first of those months)
* measures with a chart: ``m.month.<YYYY-MM>`` for every month it shows, ``m.chart.start`` and
  ``m.chart.end`` (its first and last month) and, for a trend chart, where 12 months of data lead
  up to a month, the rolling 12-month figure: ``m.rolling.<YYYY-MM>`` for a rate or a level (its
  12-month rate or mean), ``m.rolling_mean.<YYYY-MM>`` for a count (the monthly average of its
  12-month total, drawn beside each month's count)

A ``rolling_year`` measure (each row a 12-month total, dated by its last month) has the headline
facts only: its current and baseline figures are the rows at the period end and 12 months before,
and none of the facts that need months (:data:`MONTHLY_FACTS`) exists for it.

Report-level facts, for a note on multiple testing: ``tests.run``, ``tests.flagged``,
``tests.expected_by_chance``, ``tests.surviving`` (Benjamini–Hochberg), ``tests.false_discovery_rate``,
``tests.nested``, ``charts.run`` and ``charts.signalled``: see narrator.analysis.multiplicity.

Groups of measures (the measures of a change table, such as the youth gang powers) get
``group.<id>.rises`` and ``group.<id>.falls`` (how many of them rose or fell) and
``group.<id>.largest_rise`` / ``.largest_fall`` (the name of the measure that changed most) and
``group.<id>.ranked_by`` (``percent``, or ``chance`` when a base is small: see narrator.analysis.ranking).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..errors import InputError
from ..settings.catalogue import Measure
from ..settings.events import Event
from ..numbers import Unit, round_half_up
from . import benchmarks, milestones, monthwise, multiplicity, ranking, single_month
from .judgements import Vocabulary, tone
from ..settings.periods import Period

from .factset import CHANGE_UNITS, MONTHLY_FACTS, UNITS, Analysis, Assessment, Fact, FactSet, Series
from .series import Grouped, event_months, month_text, monthly_figures, months_to

__all__ = ["CHANGE_UNITS", "MONTHLY_FACTS", "UNITS", "Analysis", "Assessment", "Fact", "FactSet", "Series", "analyse", "method_of"]


def analyse(
    observations: pd.DataFrame,
    measures: Mapping[str, Measure],
    period: Period,
    vocabulary: Vocabulary,
    *,
    confidence: float = 0.95,
    events: Iterable[Event] = (),
    monthly: Iterable[str] = (),
    largest: int = 3,
    decimal_places: int = 1,
    groups: Mapping[str, Iterable[str]] | None = None,
    thresholds: ranking.Thresholds = ranking.Thresholds(),
    charts: Mapping[str, tuple[str, int]] | None = None,
) -> Analysis:
    """Every fact of every measure, and each measure's benchmark verdict.

    The difference of two rates is the difference of the rates as printed (to
    ``decimal_places``), so a reader's arithmetic on the text always agrees with it;
    the benchmark tests use the unrounded rates. ``charts`` maps a measure to its chart's
    kind (year_on_year or trend) and, for a trend, how many months it shows.
    """
    facts = FactSet()
    assessments: dict[str, Assessment] = {}
    grouped = Grouped(observations)
    monthly = set(monthly)
    events = tuple(events)
    prepared = _prefitted(measures, grouped, period, facts, decimal_places)
    worked = monthwise.batch(grouped, measures.values(), period, largest, decimal_places)  # months compared, for all at once
    for measure in measures.values():
        builder = prepared.pop(measure.id, None)
        if builder is None:
            builder = _MeasureFacts(measure, grouped.series(measure), period, facts, decimal_places)
        assessments[measure.id] = builder.headline(vocabulary, confidence)
        if measure.offences is not None:
            builder.reclassified()
        if not measure.monthly:
            continue  # 12-month totals only: nothing is derived from months it does not have
        found, runs = worked.pop(measure.id, (None, None))
        builder.year_on_year(largest, found)
        builder.rolling(runs)
        for event in events:
            builder.event(event)
        for threshold in measure.thresholds:
            milestones.threshold(builder, threshold)
        if measure.kind == "count":
            milestones.record(builder)
        if measure.id in monthly:
            builder.month_by_month()
        if measure.id in (charts or {}):
            builder.chart(*charts[measure.id])
    for group, members in (groups or {}).items():
        _group_facts(group, [assessments[m].measure for m in members], facts, thresholds)
    _testing_facts(list(assessments.values()), confidence, facts)
    return Analysis(period, facts, assessments)


def _prefitted(measures: Mapping[str, Measure], grouped: Grouped, period: Period, facts: FactSet,
               decimal_places: int) -> dict[str, _MeasureFacts]:
    """The builders of the measures whose benchmark fits models (the quasi-binomial rates, and the
    surveys' dispersion), their models fitted together (``benchmarks.prefit``: thousands of small
    fits as a few stacks). A measure that cannot be judged is left for the measure-by-measure pass
    to report, in catalogue order."""
    prepared = {}
    for measure in measures.values():
        if method_of(measure) not in ("quasi_binomial", "newcombe"):
            continue
        try:
            prepared[measure.id] = _MeasureFacts(measure, grouped.series(measure), period, facts, decimal_places)
        except InputError:
            continue
    # each comparison made as the prefit takes it, and again when judged: thousands held at once weigh tens of MB
    benchmarks.prefit((method_of(b.m), b.m.params, b.comparison()) for b in prepared.values())
    return prepared


NOISE_LABELS = {"dispersion": "dispersion the test used (variation beyond chance)",
                "tested_dispersion": "dispersion of the tested pair of years alone",
                "autocorrelation": "lag-1 autocorrelation of the months allowed for"}


def method_of(measure: Measure) -> str:
    """The benchmark method that judges ``measure``: its own, or the default of its kind."""
    return measure.method or benchmarks.default_method(measure.kind, survey=measure.survey, comparator=measure.comparator,
                                                       series=measure.series)


def _testing_facts(assessments: list[Assessment], confidence: float, facts: FactSet) -> None:
    """How many tests and charts the report ran and flagged, the chance flags the tests imply and
    the flags that survive a false-discovery-rate adjustment (narrator.analysis.multiplicity)."""
    found = multiplicity.counts([a.result for a in assessments], confidence)
    facts.add(Fact("tests.run", "measures judged by significance tests", found["run"], "count"))
    facts.add(Fact("tests.flagged", "significance tests that found a change", found["flagged"], "count"))
    facts.add(Fact("tests.expected_by_chance", "changes expected by chance alone if nothing had changed", found["expected_by_chance"], "count"))
    facts.add(Fact("tests.surviving", "changes found that survive the Benjamini–Hochberg adjustment", found["surviving"], "count"))
    facts.add(Fact("tests.false_discovery_rate", "the false discovery rate of that adjustment", round((1 - confidence) * 100, 10), "percent"))
    tested = {a.measure.id for a in assessments if a.result.test_kind == "significance"}
    nested = sum(1 for a in assessments if a.measure.id in tested and a.measure.part_of in tested)
    facts.add(Fact("tests.nested", "tested measures that are part of another tested measure (not independent)", nested, "count"))
    charts = [a.result for a in assessments if a.result.test_kind == "control_chart"]
    facts.add(Fact("charts.run", "measures judged by control charts", len(charts), "count"))
    facts.add(Fact("charts.signalled", "control charts that signalled a shift", sum(r.significant for r in charts), "count"))


def _group_facts(group: str, members: list[Measure], facts: FactSet, thresholds: ranking.Thresholds) -> None:
    """How many of the group's measures rose and fell, and which changed most each way (ranked as
    narrator.analysis.ranking says: by %, or against chance when a base is small)."""
    changes = {m.name: ranking.Change.of(facts, m.id, m.kind) for m in members}
    by = ranking.ranked_by(list(changes.values()), thresholds)
    prefix = f"group.{group}"
    facts.add(Fact(f"{prefix}.rises", f"{group}: measures that rose", sum(c.change > 0 for c in changes.values()), "count"))
    facts.add(Fact(f"{prefix}.falls", f"{group}: measures that fell", sum(c.change < 0 for c in changes.values()), "count"))
    facts.add(Fact(f"{prefix}.ranked_by", f"{group}: what the largest changes are ranked by (percent, or chance: a base is small)", by, "text"))
    rise, fall = ranking.largest(changes, by)
    for name, picked in (("largest_rise", rise), ("largest_fall", fall)):
        if picked is not None:
            facts.add(Fact(f"{prefix}.{name}", f"{group}: the measure with the {name.replace('_', ' ')}", picked, "text"))


class _MeasureFacts:
    """Adds one measure's facts to a FactSet."""

    def __init__(self, measure: Measure, series: Series, period: Period, facts: FactSet, decimal_places: int) -> None:
        self.m = measure
        self.places = decimal_places
        self.series = series
        self.facts = facts
        self.current_months, self.baseline_months = self._periods(period)
        if measure.monthly:
            self.current = series.months(self.current_months)
            self.baseline = series.months(self.baseline_months)
            self.previous = series.at(self.current_months.asi8 - 12)  # the same months a year before
        else:  # the rows of the 12-month totals at the period end and a year before
            self.current = series.months(self.current_months[-1:])
            self.baseline = series.months(self.baseline_months[-1:])

    def _periods(self, period: Period) -> tuple[pd.PeriodIndex, pd.PeriodIndex]:
        end = period.end
        if self.m.comparator:
            ordinals = self.series.ordinals
            available = ordinals[ordinals <= end.ordinal]
            if len(available):
                end = end + int(available.max() - end.ordinal)  # the latest month with a row
        current = months_to(end, period.months)
        # a comparator: like for like, its own months a year before; otherwise period.baseline (made once)
        baseline = months_to(end - 12, period.months) if self.m.comparator else months_to(period.end - 12, period.months)
        for name, months in (("current", current), ("baseline", baseline)):
            if not self.m.monthly:
                months = months[-1:]  # a rolling-year series needs the rows at the two period ends
            values, _ = self.series.arrays(months)
            if np.isnan(values).any():
                missing = [months[i] for i in np.flatnonzero(np.isnan(values))]
                listed = ", ".join(str(m) for m in missing[:3]) + (" …" if len(missing) > 3 else "")
                raise InputError(
                    f"measure '{self.m.id}' has no observation for {listed} in the {name} period "
                    f"({months[0]} to {months[-1]})"
                )
        return current, baseline

    def add(self, suffix: str, label: str, value: object, unit: Unit) -> None:
        if isinstance(value, float) and value != value:  # NaN
            value = None
        self.facts.add(Fact(f"{self.m.id}.{suffix}", f"{self.m.name}: {label}", value, unit))

    def headline(self, vocabulary: Vocabulary, confidence: float) -> Assessment:
        m, kind = self.m, self.m.kind
        current, baseline = self.current.figure(kind), self.baseline.figure(kind)
        unit = "n" if m.format == "integer" and kind == "level" else UNITS[kind]
        self.add("current", "current 12 months", current, unit)
        self.add("baseline", "baseline 12 months", baseline, unit)
        if kind == "proportion":
            change = float(round_half_up(current, self.places) - round_half_up(baseline, self.places))
        else:
            change = current - baseline
        self.add("change", "current minus baseline (rates: as printed)", change, CHANGE_UNITS[kind])
        if kind != "proportion":
            self.add("change_pct", "% change on the baseline", _pct(current, baseline), "percent")
        else:
            n1, n0 = (float(np.nansum(p.denominator_array)) for p in (self.current, self.baseline))  # pandas' sum
            self.add("current_n", "current 12 months: denominator (respondents, calls, offences)", n1, "n")
            self.add("baseline_n", "baseline 12 months: denominator", n0, "n")
            self.add("n_change_pct", "% change in the denominator", _pct(n1, n0), "percent")
        if not m.monthly:
            self.add("series", "how the rows are given: 12-month totals, dated by their last month", m.series, "text")
        self.add("current_start", "first month of the current 12 months", month_text(self.current_months.asi8[0]), "month")
        self.add("current_end", "last month of the current 12 months", month_text(self.current_months.asi8[-1]), "month")
        if m.comparator:
            self.add("baseline_end", "last month of the same months a year before", month_text(self.baseline_months.asi8[-1]), "month")
        method = method_of(m)
        comparison = self.comparison()
        try:
            result = single_month.judge(method, m.params, comparison, confidence)  # benchmarks.judge, and one month too
        except benchmarks.BenchmarkError as error:
            raise InputError(f"measure '{m.id}': {error}") from None
        word = vocabulary.word(kind, m.polarity, result.direction, result.tested, m.survey)
        self.add("judgement", "Perf v Benchmark", word, "text")
        self.add("benchmark", "benchmark test", result.explanation, "text")
        if result.change_interval is not None:
            low, high = result.change_interval
            unit = "percent" if kind == "count" else CHANGE_UNITS[kind]
            self.add("change_low", f"{confidence:.0%} interval of the change: low end", low, unit)
            self.add("change_high", f"{confidence:.0%} interval of the change: high end", high, unit)
        self.add("method", "benchmark method, short name", benchmarks.METHODS[method].short, "text")
        self.add("test_kind", "kind of benchmark result", result.test_kind, "text")
        self.noise(result)
        if method == "spc":
            self.spc_limits()
        return Assessment(m, result, word, tone(m.polarity, result.direction, result.tested))

    def noise(self, result: benchmarks.BenchmarkResult) -> None:
        """The usual variation the test set the change against, where it estimated one."""
        for suffix, value in (("dispersion", result.dispersion), ("tested_dispersion", result.tested_dispersion),
                              ("autocorrelation", result.autocorrelation)):
            if value is not None:
                self.add(suffix, NOISE_LABELS[suffix], value, "n")

    def comparison(self) -> benchmarks.Comparison:
        """What the benchmark test compares: the current and baseline months and those before."""
        kind = self.m.kind
        earlier, earlier_denominators = self._earlier()
        proportion = kind == "proportion"
        return benchmarks.Comparison(
            kind=kind,
            current=tuple(self.current.array.tolist()),
            baseline=tuple(self.baseline.array.tolist()),
            current_denominators=tuple(self.current.denominator_array.tolist()) if proportion else None,
            baseline_denominators=tuple(self.baseline.denominator_array.tolist()) if proportion else None,
            earlier=tuple(earlier.tolist()),
            earlier_denominators=tuple(earlier_denominators.tolist()) if proportion else None,
            design_effect=self.m.design_effect,
        )

    def reclassified(self) -> None:
        """The change of classification in the measure's offence group that falls inside the
        months compared (after the baseline's first month, up to the period end), if one does."""
        start, end = self.baseline_months[0], self.current_months[-1]
        for change in self.m.offences.changes:
            if start < pd.Period(change.month, freq="M") <= end:
                self.add("reclassified.month", "the month the offences were reclassified", change.month, "month")
                self.add("reclassified.before", "the offences before the reclassification", _listed(change.before), "text")
                self.add("reclassified.after", "the offences from the reclassification on", _listed(change.after), "text")
                return

    def _earlier(self) -> tuple[np.ndarray, np.ndarray | None]:
        """The months before the baseline with a value (and a denominator), back to the first gap;
        for a rolling-year series, the 12-month totals a year apart before the baseline's: their
        values (and denominators), oldest first."""
        if not self.m.monthly:
            step, month = 12, int(self.baseline_months.asi8[-1]) - 12
        else:
            step, month = 1, int(self.baseline_months.asi8[0]) - 1
        start, values, dens = self.series._dense
        present = ~np.isnan(values) if dens is None or not self.m.monthly else ~np.isnan(values) & ~np.isnan(dens)
        last = month - start
        if step == 1 and 0 <= last < len(present):  # back from the month before the baseline to a gap
            gaps = np.flatnonzero(~present[:last + 1])
            positions = np.arange(gaps[-1] + 1 if len(gaps) else 0, last + 1)
        else:
            found = []
            while 0 <= month - start < len(present) and present[month - start]:
                found.append(month - start)
                month -= step
            positions = np.array(found[::-1], dtype=int)
        return values[positions], None if dens is None else dens[positions]

    def year_on_year(self, largest: int, found: monthwise.Yearly | None = None) -> None:
        """Each current month against the same month a year before (``found``: worked out already)."""
        kind = self.m.kind
        if found is None:  # the months with a figure in both years, compared alone
            now, before = self.current.monthly_array(kind), monthly_figures(*self.previous, kind)
            valid = ~np.isnan(before) & ~np.isnan(now)
            found = monthwise.yearly(now[valid][None], before[valid][None], self.current_months.asi8[valid],
                                     np.array([kind == "proportion"]), largest)[0]
        self.add("months_higher", "current months above the same month a year before", found.higher, "count")
        self.add("months_lower", "current months below the same month a year before", found.lower, "count")
        self.add("months_equal", "current months equal to the same month a year before", found.equal, "count")
        for k, ordinal in enumerate(found.equal_months, start=1):
            self.add(f"equal_month.{k}", f"month {k} equal to a year before", month_text(ordinal), "month")
        # a count's monthly change is a %, a rate's a difference in points: named as the headline facts are
        change_id, change_unit = ("change", "points") if kind == "proportion" else ("change_pct", "percent")
        for name, picked in (("fall", found.falls), ("rise", found.rises)):
            for k, (ordinal, change) in enumerate(picked, start=1):
                self.add(f"largest_{name}.{k}.month", f"month of the largest {name} no. {k} on a year before", month_text(ordinal), "month")
                self.add(f"largest_{name}.{k}.{change_id}", f"change in the largest {name} no. {k} on a year before", change, change_unit)
        for name, run in (("rise", found.longest_rise), ("fall", found.longest_fall)):
            if run is not None:
                self.add(f"longest_{name}.start", f"first month of the longest run of {name}s on a year before", month_text(run[0]), "month")
                self.add(f"longest_{name}.end", f"last month of the longest run of {name}s on a year before", month_text(run[1]), "month")
                self.add(f"longest_{name}.length", f"months in the longest run of {name}s on a year before", run[2], "count")

    def event(self, event: Event) -> None:
        months = event_months(event.months)
        current = self.current_months.asi8
        if not np.isin(months.asi8, current).all():
            return  # the event is outside this measure's current period
        now, before = self.series.arrays(months), self.series.arrays(months - 12)
        if np.isnan(now[0]).any() or np.isnan(before[0]).any():
            return
        kind = self.m.kind
        if kind == "proportion":
            self.add(f"event.{event.id}.change", f"{event.name}: change on a year before", _figure(kind, *now) - _figure(kind, *before), "points")
        else:
            self.add(f"event.{event.id}.change_pct", f"{event.name}: % change on a year before", _pct(_figure(kind, *now), _figure(kind, *before)), "percent")

    def rolling(self, runs: tuple[int, int] | None = None) -> None:
        """The run of rises (falls) in the rolling 12-month figure that ends at the period end
        (``runs``: the months in each, worked out already)."""
        months = self.current_months
        if runs is None:
            values, denominators = self.series.arrays(months_to(months[-1], len(months) + 11))  # each current month's 12 months
            runs = monthwise.rolling_runs(values[None], None if denominators is None else denominators[None], self.m.kind,
                                          self.places, len(months))[0]
        for name, run in (("rise", runs[0]), ("fall", runs[1])):
            if run:
                self.add(f"rolling.{name}_from", f"first month of the run of {name}s in the rolling 12-month figure to the period end", month_text(months.asi8[-run]), "month")
                self.add(f"rolling.{name}_months", f"months in the run of {name}s in the rolling 12-month figure to the period end", run, "count")

    @property
    def month_unit(self) -> Unit:
        return "n" if self.m.kind != "proportion" else "percent"

    def month_by_month(self, months: pd.PeriodIndex | None = None) -> None:
        monthly = self.series.monthly(self.m.kind)
        for month in self.baseline_months.append(self.current_months) if months is None else months:
            if f"{self.m.id}.month.{month}" not in self.facts:  # a table and a chart may show the same month
                self.add(f"month.{month}", f"{month}", float(monthly[month]), self.month_unit)

    def spc_limits(self) -> None:
        params = {**benchmarks.METHODS["spc"].defaults, **self.m.params}
        # the months the control chart's test sets its limits from: the baseline and the months before it
        chart = pd.period_range(end=self.baseline_months[-1], periods=int(params["baseline_months"]), freq="M")
        monthly = self.series.months(chart).monthly(self.m.kind)
        for name, value in zip(("mean", "lower", "upper"), benchmarks.spc_limits(monthly.tolist(), float(params["sigma"]))):
            self.add(f"spc.{name}", f"SPC: the baseline's {name}{'' if name == 'mean' else ' control limit'}", value, self.month_unit)
        self.add("spc.start", "SPC: first month the limits are set from (they end with the baseline)", str(chart[0]), "month")

    def chart(self, kind: str, months: int) -> None:
        """The facts a chart of ``kind`` draws: each month's figure, and for a trend the rolling 12 months."""
        end = self.current_months[-1]
        if kind == "year_on_year":
            shown = (self.current_months - 12).append(self.current_months)
        else:
            available = int((self.series.ordinals <= end.ordinal).sum())
            shown = pd.period_range(end=end, periods=min(months, available), freq="M")
        self.month_by_month(shown)
        self.add("chart.start", "first month the chart shows", str(shown[0]), "month")
        self.add("chart.end", "last month the chart shows", str(shown[-1]), "month")
        if kind != "trend":
            return
        for month in shown:
            window = self.series.months(pd.period_range(end=month, periods=12, freq="M"))
            if not np.isnan(window.array).any() and (window.denominator_array is None or not np.isnan(window.denominator_array).any()):
                if self.m.kind == "count":  # drawn beside each month's count: the monthly average
                    self.add(f"rolling_mean.{month}", f"monthly average over the 12 months to {month}",
                             window.figure("count") / 12, self.month_unit)
                else:
                    self.add(f"rolling.{month}", f"the rolling 12-month figure to {month}", window.figure(self.m.kind), self.month_unit)


def _listed(names: tuple[str, ...]) -> str:
    """ "domestic burglary and non-domestic burglary": offence names in running text."""
    words = [n[0].lower() + n[1:] if n[1:2].islower() else n for n in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _figure(kind: str, values: np.ndarray, denominators: np.ndarray | None) -> float:
    """A period's figure from its months' arrays, as :meth:`Series.figure` gives it (the same sums)."""
    if kind == "count":
        return float(values.sum())
    if kind == "proportion":
        return float(values.sum() / denominators.sum() * 100)
    return float(values.mean())


def _pct(current: float, baseline: float) -> float | None:
    return None if baseline == 0 else (current - baseline) / baseline * 100
