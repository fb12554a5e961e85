"""One month against the same month a year before (analysis/single_month.py): figures checked with
scipy, the pairs it takes, what it says without them, and its false-alarm rate by seeded simulation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from narrator.analysis.benchmarks import Comparison
from narrator.analysis.single_month import judge, same_month_pairs

METHOD = {"count": "quasi_poisson", "proportion": "quasi_binomial", "level": "linear"}


def one_month(kind: str, values, dens=None) -> Comparison:
    """The last value is the current month, the one 12 before it the baseline, the rest before that."""
    values = [float(v) for v in values]
    dens = None if dens is None else [float(d) for d in dens]
    return Comparison(kind, (values[-1],), (values[-13],), None if dens is None else (dens[-1],),
                      None if dens is None else (dens[-13],), tuple(values[:-13]), None if dens is None else tuple(dens[:-13]))


def test_the_pairs_are_the_same_month_a_year_apart_newest_first_never_overlapping():
    months = list(range(12 * 7 + 1))  # value = month number; the current month is 84, the baseline 72
    c = one_month("count", months)
    assert same_month_pairs(c, 10) == [((48.0, 60.0), None), ((24.0, 36.0), None), ((0.0, 12.0), None)]
    assert same_month_pairs(c, 1) == [((48.0, 60.0), None)]


def test_counts_agree_with_scipy():
    rng = np.random.default_rng(3)
    values = rng.poisson(200, 12 * 7 + 1)
    c = one_month("count", values)
    result = judge("quasi_poisson", {}, c)
    pairs = [(values[48], values[60]), (values[24], values[36]), (values[0], values[12])]
    x2 = sum(stats.chisquare([a, b]).statistic for a, b in pairs)
    t = (values[-1] - values[-13]) / np.sqrt(x2 / 3 * (values[-1] + values[-13]))
    assert result.statistic == pytest.approx(t, rel=1e-12)
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(t), 3), rel=1e-10)
    assert result.test_kind == "significance"


def test_rates_agree_with_scipys_two_by_two_chi_squared():
    rng = np.random.default_rng(4)
    dens = rng.poisson(300, 12 * 7 + 1)
    values = rng.binomial(dens, 0.2)
    result = judge("quasi_binomial", {}, one_month("proportion", values, dens))
    x2 = sum(stats.chi2_contingency([[values[i], dens[i] - values[i]], [values[i + 12], dens[i + 12] - values[i + 12]]],
                                    correction=False).statistic for i in (48, 24, 0))
    table = [[values[-13], dens[-13] - values[-13]], [values[-1], dens[-1] - values[-1]]]
    chi2_now = stats.chi2_contingency(table, correction=False).statistic
    assert result.statistic ** 2 == pytest.approx(chi2_now / (x2 / 3), rel=1e-10)
    assert np.sign(result.statistic) == np.sign(values[-1] / dens[-1] - values[-13] / dens[-13])


def test_levels_agree_with_a_paired_t():
    values = [10.0] * (12 * 7 + 1)
    values[48], values[60], values[24], values[36], values[-13], values[-1] = 9, 12, 11, 10, 10, 16
    result = judge("linear", {}, one_month("level", values))
    sd = np.sqrt(((12 - 9) ** 2 + (10 - 11) ** 2 + 0) / 6)  # the third pair (months 0 and 12) does not differ
    assert result.statistic == pytest.approx(6 / (sd * np.sqrt(2)), rel=1e-12)
    assert result.p_value == pytest.approx(2 * stats.t.sf(6 / (sd * np.sqrt(2)), 3), rel=1e-10)


def test_without_an_earlier_pair_of_the_month_there_is_no_test_and_it_says_why():
    result = judge("quasi_poisson", {}, one_month("count", [100] * 20 + [120]))
    assert (result.direction, result.test_kind) == ("none", "none")
    assert result.explanation == (
        "Quasi-Poisson comparison of one month with the same month a year before, 120 v 100: no earlier pair of the same "
        "month a year apart (the data start less than three years before) to estimate its variation from, so no test.")


@pytest.mark.parametrize("kind, low, high", [("count", 0.03, 0.07), ("proportion", 0.03, 0.07), ("level", 0.03, 0.07)])
def test_the_false_alarm_rate_is_about_five_percent(kind, low, high):
    """Seeded: 1,000 series with no change (seasonal, overdispersed counts; rates varying beyond binomial; noisy
    levels), 73 months each, judged at 95%: the share found significant (docs/benchmarks.md gives 4,000-run figures)."""
    rng = np.random.default_rng(17)
    alarms, runs = 0, 1000
    season = np.sin(np.arange(73) * 2 * np.pi / 12)
    for _ in range(runs):
        dens = None
        if kind == "count":
            mu = 300 * (1 + 0.3 * season)
            values = rng.negative_binomial(20, 20 / (20 + mu))
        elif kind == "proportion":
            dens = rng.poisson(400, 73)
            values = rng.binomial(dens, rng.beta(30, 170, 73))
        else:
            values = rng.normal(100 + 10 * season, 8)
        alarms += judge(METHOD[kind], {}, one_month(kind, values, dens)).direction != "none"
    assert low <= alarms / runs <= high
