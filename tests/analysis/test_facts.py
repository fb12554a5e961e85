"""Facts computed from small hand-made series, checked against hand arithmetic."""

from dataclasses import replace as dataclasses_replace

import numpy as np
import pandas as pd
import pytest

from narrator.analysis.facts import analyse
from narrator.settings.events import Event
from narrator.analysis.judgements import Vocabulary
from narrator.settings.periods import Period
from narrator.errors import InputError
from narrator.settings.catalogue import Measure
from narrator.pipeline import build_draft

PERIOD = Period.ending("2021-03")
VOCABULARY = Vocabulary.load("rules/judgements.yaml")


def frame(measure, start, values, denominators=None):
    months = pd.period_range(start=start, periods=len(values), freq="M")
    return pd.DataFrame(
        {
            "measure": measure,
            "month": months,
            "value": [float(v) for v in values],
            "denominator": [float(d) for d in denominators] if denominators else float("nan"),
        }
    )


def measure(identifier, kind="count", method="poisson", **extra):
    return Measure(identifier, "Label", "name", kind, extra.pop("polarity", "neutral"), method, extra.pop("params", {}), **extra)


def facts_of(frames, measures, **options):
    observations = pd.concat(frames, ignore_index=True)
    analysis = analyse(observations, {m.id: m for m in measures}, PERIOD, VOCABULARY, **options)
    return {k: f.value for k, f in analysis.facts.items()}, analysis


# 2018-04 .. 2021-03: a year of history, a baseline of 100 a month, a current year that varies.
HISTORY = [90] * 12
BASELINE = [100] * 12
CURRENT = [42, 100, 110, 120, 100, 100, 100, 95, 100, 34, 30, 100]  # Apr..Mar


def test_headline_count_facts():
    facts, analysis = facts_of([frame("x", "2018-04", HISTORY + BASELINE + CURRENT)], [measure("x")])
    assert facts["x.current"] == sum(CURRENT) == 1031
    assert facts["x.baseline"] == 1200
    assert facts["x.change"] == -169
    assert facts["x.change_pct"] == pytest.approx(-169 / 1200 * 100)
    assert facts["x.current_start"] == "2020-04" and facts["x.current_end"] == "2021-03"
    # Poisson: z = -169 / sqrt(2231) = -3.58 → Lower
    assert facts["x.judgement"] == "Lower"
    assert analysis.assessments["x"].tone == "neutral"


def test_year_on_year_facts():
    facts, _ = facts_of([frame("x", "2018-04", HISTORY + BASELINE + CURRENT)], [measure("x")])
    assert (facts["x.months_higher"], facts["x.months_lower"], facts["x.months_equal"]) == (2, 4, 6)
    assert facts["x.equal_month.1"] == "2020-05"
    assert facts["x.largest_fall.1.month"] == "2021-02"
    assert facts["x.largest_fall.1.change_pct"] == pytest.approx(-70.0)
    assert facts["x.largest_fall.2.month"] == "2021-01"
    assert facts["x.largest_fall.3.month"] == "2020-04"
    assert "x.largest_fall.4.month" not in facts  # only falls, at most three
    assert facts["x.largest_rise.1.month"] == "2020-07"
    assert facts["x.largest_rise.1.change_pct"] == pytest.approx(20.0)
    assert (facts["x.longest_rise.start"], facts["x.longest_rise.end"], facts["x.longest_rise.length"]) == ("2020-06", "2020-07", 2)
    assert (facts["x.longest_fall.start"], facts["x.longest_fall.length"]) == ("2021-01", 2)


def test_threshold_and_record_facts():
    history = [90] * 12
    history[3] = 121  # July 2018: a month above the current peak
    facts, _ = facts_of([frame("x", "2018-04", history + BASELINE + CURRENT)], [measure("x", thresholds=(105, 115))])
    assert facts["x.threshold.105.first_month"] == "2018-07"
    assert facts["x.threshold.105.months_current"] == 2
    assert facts["x.threshold.115.months_current"] == 1
    assert facts["x.record.peak_month"] == "2020-07"
    assert facts["x.record.peak_value"] == 120
    assert facts["x.record.since_month"] == "2018-07"


def test_record_on_record_when_never_higher():
    facts, _ = facts_of([frame("x", "2018-04", HISTORY + BASELINE + CURRENT)], [measure("x")])
    assert facts["x.record.since_month"] is None


def test_proportion_facts_are_rates_and_points():
    numerators = [10] * 12 + [12] * 12
    denominators = [100] * 24
    facts, _ = facts_of(
        [frame("p", "2019-04", numerators, denominators)],
        [measure("p", kind="proportion", method="two_proportion", polarity="higher_is_better")],
    )
    assert facts["p.current"] == pytest.approx(12.0)
    assert facts["p.baseline"] == pytest.approx(10.0)
    assert facts["p.change"] == pytest.approx(2.0)
    assert "p.change_pct" not in facts  # a difference of rates is never a % change
    assert facts["p.current_n"] == 1200 and facts["p.baseline_n"] == 1200
    # pooled z = 0.02 / sqrt(0.11 * 0.89 * 2/1200) = 1.57 → not significant
    assert facts["p.judgement"] == "Within usual variation"


def test_event_facts():
    events = [Event("second", "the second lockdown", ("2020-11",)), Event("later", "later", ("2021-06",))]
    facts, _ = facts_of([frame("x", "2018-04", HISTORY + BASELINE + CURRENT)], [measure("x")], events=events)
    assert facts["x.event.second.change_pct"] == pytest.approx(-5.0)
    assert not any(k.startswith("x.event.later") for k in facts)  # outside the period


def test_comparator_uses_its_latest_twelve_months_against_the_same_months_a_year_before():
    values = [7, 9] + BASELINE + CURRENT[:10]  # February 2019 to January 2021
    facts, _ = facts_of([frame("n", "2019-02", values)], [measure("n", method="none", comparator=True)])
    assert facts["n.current_end"] == "2021-01" and facts["n.baseline_end"] == "2020-01"
    assert facts["n.current"] == sum(BASELINE[-2:]) + sum(CURRENT[:10])
    assert facts["n.baseline"] == 7 + 9 + sum(BASELINE[:10])  # like for like: not the report's baseline (2019/20)
    assert facts["n.judgement"] == "-"


def test_missing_month_in_current_period_is_an_error():
    values = HISTORY + BASELINE + CURRENT
    data = frame("x", "2018-04", values)
    data = data[data["month"] != pd.Period("2020-09", "M")]
    with pytest.raises(InputError, match=r"measure 'x' has no observation for 2020-09 in the current period \(2020-04 to 2021-03\)"):
        facts_of([data], [measure("x")])


def test_zero_baseline_has_no_percentage_change():
    facts, _ = facts_of([frame("z", "2019-04", [0] * 12 + [1] * 12)], [measure("z")])
    assert facts["z.change_pct"] is None
    assert facts["z.change"] == 12


def test_group_facts_count_rises_and_falls_and_name_the_largest():
    frames = [
        frame("a", "2019-04", [10] * 12 + [20] * 12),  # +100%
        frame("b", "2019-04", [10] * 12 + [11] * 12),  # +10%
        frame("c", "2019-04", [10] * 12 + [5] * 12),  # -50%
        frame("d", "2019-04", [10] * 24),  # no change
    ]
    measures = [dataclasses_replace(measure(m, method="none"), name=f"name of {m}") for m in "abcd"]
    facts, _ = facts_of(frames, measures, groups={"g": ["a", "b", "c", "d"]})
    assert (facts["group.g.rises"], facts["group.g.falls"]) == (2, 1)
    assert facts["group.g.largest_rise"] == "name of a"
    assert facts["group.g.largest_fall"] == "name of c"


def test_a_group_with_no_falls_has_no_largest_fall():
    frames = [frame("a", "2019-04", [10] * 12 + [20] * 12)]
    facts, _ = facts_of(frames, [measure("a", method="none")], groups={"g": ["a"]})
    assert facts["group.g.falls"] == 0
    assert "group.g.largest_fall" not in facts


# --------------------------------------------------------------------------- runs, doublings and record spans


def test_a_run_of_rises_in_the_rolling_rate_to_the_period_end():
    # numerators make the rolling 12-month rate rise in each of the last five months only
    numerators = [10] * 31 + [30, 30, 30, 30, 30]
    facts, _ = facts_of([frame("r", "2018-04", numerators, [100] * 36)], [measure("r", kind="proportion", method="two_proportion")])
    assert (facts["r.rolling.rise_from"], facts["r.rolling.rise_months"]) == ("2020-11", 5)
    assert "r.rolling.fall_from" not in facts


def test_a_rate_that_moves_less_than_a_printed_decimal_is_no_rise():
    numerators = [100] * 35 + [101]  # 1,201 of 120,000 is 1.0008%: 1.0% as printed, as before
    facts, _ = facts_of([frame("r", "2018-04", numerators, [10000] * 36)], [measure("r", kind="proportion", method="two_proportion")])
    assert "r.rolling.rise_months" not in facts


def test_a_doubling_is_read_from_twelve_month_totals():
    """The 12-month total to the first month above 1,000 (7,601) against the last earlier 12-month
    total at most half of it (3,750, the 12 months to 2019-08): about two years (19 months)."""
    values = [250] * 12 + [400] * 12 + [600] * 11 + [1001]  # 2018-04 .. 2021-03
    facts, _ = facts_of([frame("x", "2018-04", values)], [measure("x", thresholds=(1000,))])
    assert facts["x.threshold.1000.first_month"] == "2021-03"
    assert (facts["x.threshold.1000.total"], facts["x.threshold.1000.half_total"]) == (7601, 3750)
    assert facts["x.threshold.1000.half_month"] == "2019-08"
    assert facts["x.threshold.1000.doubling_years"] == 2


def test_a_trough_month_against_a_peak_month_is_no_doubling():
    """One month at 451 and a later one at 1,043 (the example's domestic abuse months) say nothing of a
    doubling when the 12-month totals have not doubled: no doubling is stated."""
    values = [600] * 36
    values[10], values[32] = 451, 1043
    facts, _ = facts_of([frame("x", "2018-04", values)], [measure("x", thresholds=(1000,))])
    assert facts["x.threshold.1000.first_month"] == "2020-12"
    assert not [k for k in facts if k.startswith("x.threshold.1000.") and k.split(".")[-1] in ("half_month", "doubling_years")]


def test_a_record_is_stated_from_the_current_period_only():
    """A higher month in the baseline year is not the record: the current period's highest month is,
    with the last earlier month at least as high."""
    values = [100] * 12 + [100] * 11 + [300] + [100] * 5 + [200] + [100] * 6  # 2018-04 .. 2021-03
    facts, _ = facts_of([frame("x", "2018-04", values)], [measure("x")])
    assert (facts["x.record.peak_month"], facts["x.record.peak_value"]) == ("2020-09", 200)
    assert facts["x.record.since_month"] == "2020-03"


def test_a_threshold_never_reached_has_no_doubling():
    facts, _ = facts_of([frame("x", "2018-04", HISTORY + BASELINE + CURRENT)], [measure("x", thresholds=(1000,))])
    assert facts["x.threshold.1000.first_month"] is None
    assert "x.threshold.1000.half_month" not in facts and "x.threshold.1000.doubling_years" not in facts


def test_a_record_names_the_span_it_was_checked_over():
    facts, _ = facts_of([frame("x", "2019-04", BASELINE + CURRENT)], [measure("x")])
    assert facts["x.record.since_month"] is None  # no earlier month: only the two years were checked
    assert (facts["x.record.checked_from"], facts["x.record.checked_years"]) == ("2019-04", 2)


def test_chart_facts_are_the_months_a_chart_draws(example_draft):
    facts = example_draft.facts
    # a trend chart of five years: each month, and the 12 months to it as a monthly average
    assert (facts["da.recorded.chart.start"].value, facts["da.recorded.chart.end"].value) == ("2016-04", "2021-03")
    assert facts["da.recorded.rolling_mean.2021-03"].value * 12 == pytest.approx(facts["da.recorded.current"].value)
    assert facts["da.recorded.rolling_mean.2020-03"].value * 12 == pytest.approx(facts["da.recorded.baseline"].value)
    assert len([f for f in facts if f.startswith("da.recorded.rolling_mean.")]) == 60
    # a year-on-year chart: the current months and the same months a year before, no rolling figure
    assert (facts["burglary.recorded.chart.start"].value, facts["burglary.recorded.chart.end"].value) == ("2019-04", "2021-03")
    months = [f for f in facts if f.startswith("burglary.recorded.month.")]
    assert len(months) == 24 and sum(facts[f].value for f in months[12:]) == facts["burglary.recorded.current"].value
    assert not any(f.startswith("burglary.recorded.rolling_mean.") for f in facts)
    # a monthly table and no chart: its months only
    assert "da.prompt_response.month.2021-03" in facts and "da.prompt_response.chart.start" not in facts


def test_an_spc_measure_states_its_control_limits(example_project):
    """A measure that names spc (the example names none) states the limits its test sets from
    the 24 months before the current period."""
    measures = dict(example_project.measures)
    for m in ("csa.recorded", "calls999.answered_10s"):
        measures[m] = dataclasses_replace(measures[m], method="spc", params={})
    facts = build_draft(dataclasses_replace(example_project, measures=measures)).facts
    mean, lower, upper = (facts[f"csa.recorded.spc.{k}"].value for k in ("mean", "lower", "upper"))
    assert (round(mean, 2), round(lower, 2), round(upper, 2)) == (64.62, 28.32, 100.93)  # as the test explains them
    assert "24 baseline months (mean 64.62, limits 28.32 to 100.93)" in facts["csa.recorded.benchmark"].value
    assert facts["csa.recorded.spc.start"].value == "2018-04"
    assert facts["csa.recorded.spc.upper"].unit == "n"
    assert facts["calls999.answered_10s.spc.upper"].unit == "percent"  # a rate's limits are rates
    assert "all_crime.recorded.spc.mean" not in facts  # its default test: no control chart


# --------------------------------------------------------------------------- judgements: defaults, history, testing facts

# Five years 2016-04 .. 2021-03 of a seasonal count with Poisson noise (seeded).
SEASONAL = [100, 96, 104, 110, 103, 97, 99, 93, 108, 101, 90, 98]
FIVE_YEARS = [int(v) for v in np.random.default_rng(7).poisson(SEASONAL * 5)]


def test_a_measure_without_a_method_gets_the_default_of_its_kind():
    facts, analysis = facts_of([frame("x", "2016-04", FIVE_YEARS)], [measure("x", method=None)])
    assert facts["x.method"] == "quasi-Poisson model"
    assert facts["x.test_kind"] == "significance"
    assert analysis.assessments["x"].result.method == "quasi_poisson"
    # the two earlier years before the baseline form one earlier pair, which gives the dispersion
    assert "from 11 degrees of freedom over 1 earlier pair of years (the tested pair's own: " in facts["x.benchmark"]
    assert f"dispersion {facts['x.dispersion']:.2f} from 11" in facts["x.benchmark"]
    assert f"own: {facts['x.tested_dispersion']:.2f})" in facts["x.benchmark"]
    assert -0.5 <= facts["x.autocorrelation"] <= 0.6


def test_the_history_before_the_baseline_stops_at_a_gap():
    data = frame("x", "2016-04", FIVE_YEARS)
    data = data[data["month"] != pd.Period("2017-09", "M")]
    facts, _ = facts_of([data], [measure("x", method=None)])
    assert "from 11 degrees of freedom over the tested pair of years alone" in facts["x.benchmark"]  # 2017-10 .. 2019-03 is not a whole pair
    assert facts["x.judgement"] in ("Higher", "Lower", "Within usual variation")


def test_survey_and_administrative_rates_get_their_own_defaults():
    numerators, denominators = [40, 44, 38, 41] * 6, [100] * 24
    frames = [frame("s", "2019-04", numerators, denominators), frame("a", "2019-04", numerators, denominators)]
    measures = [measure("s", kind="proportion", method=None, survey=True), measure("a", kind="proportion", method=None)]
    facts, _ = facts_of(frames, measures)
    assert (facts["s.method"], facts["a.method"]) == ("Newcombe interval", "quasi-binomial model")


def test_a_control_chart_is_not_a_significance_test():
    facts, analysis = facts_of([frame("x", "2016-04", FIVE_YEARS)], [measure("x", method="spc")])
    assert (facts["x.method"], facts["x.test_kind"]) == ("control chart", "control_chart")
    assert facts["x.benchmark"].startswith("SPC XmR chart of 24 baseline months")


def test_testing_facts_count_the_significance_tests_and_the_chance_flags():
    up = FIVE_YEARS[:48] + [v * 2 for v in FIVE_YEARS[48:]]
    frames = [frame(m, "2016-04", values) for m, values in (("a", FIVE_YEARS), ("b", up), ("c", up), ("d", FIVE_YEARS))]
    measures = [measure("a", method=None), measure("b", method=None), measure("c", method="spc"), measure("d", method="none")]
    facts, _ = facts_of(frames, measures, confidence=0.9)
    assert facts["b.judgement"] == "Higher" and facts["c.judgement"] == "Higher"
    assert facts["a.judgement"] == "Within usual variation"
    assert (facts["tests.run"], facts["tests.flagged"]) == (2, 1)
    assert facts["tests.expected_by_chance"] == pytest.approx(0.2)
    assert (facts["charts.run"], facts["charts.signalled"]) == (1, 1)


def test_a_tested_comparator_is_tested_against_its_own_months_a_year_before():
    values = [7, 9] + BASELINE + CURRENT[:10]  # ends January 2021: once its latest 12 months overlapped 2019/20
    facts, _ = facts_of([frame("n", "2019-02", values)], [measure("n", method=None, comparator=True)])
    assert facts["n.judgement"] == "-"  # a comparator's default is no test
    facts, _ = facts_of([frame("n", "2019-02", values)], [measure("n", method="quasi_poisson", comparator=True)])
    assert facts["n.judgement"] in ("Higher", "Lower", "Within usual variation")
    assert facts["n.baseline"] == 7 + 9 + sum(BASELINE[:10])


@pytest.mark.parametrize("values", [
    [12.0, 7.0, 0.0, 1e6, 3.0] * 7,  # whole numbers: summed directly
    [0.1, 0.7, 1e-3, 12.25, 3.3] * 7,  # fractions: pandas' own running sum, its rounding kept
    [4.0, 5.0, np.nan, 7.0] + [1.0] * 20,  # a missing month: no sum for the windows holding it
    [1e17, 3.0, 1.0] * 8,  # too large to be sure of exact sums: pandas' own
    [np.nan, 2.0, -5.0, 40.0] * 4 + [6.0, np.nan] + [-1.0] * 10,  # gaps at both ends, negative whole numbers
    [-0.0] * 24,  # -0 kept as pandas keeps it
])
def test_twelve_month_sums_are_pandas_rolling_sums(values):
    from narrator.analysis.series import twelve_month_sums as _twelve_month_sums

    array = np.array(values)
    expected = pd.Series(array).rolling(12).sum().to_numpy()[-9:]
    np.testing.assert_array_equal(_twelve_month_sums(array, 9), expected)  # bit for bit, NaN where pandas has NaN


def test_a_survey_month_with_no_respondents_is_skipped_in_monthly_rates_and_kept_in_totals():
    """0 of 0 respondents in June 2020: no rate that month (eleven months compared with a year before),
    the totals as they are, and the survey test on the other months."""
    values, dens = [70] * 36, [100] * 36
    values[26], dens[26] = 0, 0  # 2020-06
    values[27] = 80
    facts, _ = facts_of([frame("s", "2018-04", values, dens)], [measure("s", "proportion", None, survey=True, format="percent")])
    assert (facts["s.current_n"], facts["s.baseline_n"]) == (1100, 1200)
    assert facts["s.current"] == pytest.approx(780 / 1100 * 100)
    assert (facts["s.months_higher"], facts["s.months_lower"], facts["s.months_equal"]) == (1, 0, 10)
    assert facts["s.benchmark"].startswith("Newcombe interval for the difference of two survey proportions, 70.9% (n=1,100) v 70.0% (n=1,200)")
