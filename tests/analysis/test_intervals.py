"""The change's interval inverts the test that judged it, checked against statsmodels and scipy."""

import math

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint

from narrator.analysis import intervals
from narrator.analysis.benchmarks import Comparison, judge


def as_ratio(low, high):
    return (low / (1 - low) - 1) * 100, (high / (1 - high) - 1) * 100


@pytest.mark.parametrize("x1, x0", [(91, 68), (1242, 2058), (5, 3), (0, 7)])
def test_a_poisson_ratio_interval_is_wilsons_for_the_current_share(x1, x0):
    expected = as_ratio(*proportion_confint(x1, x1 + x0, alpha=0.05, method="wilson"))
    assert intervals.ratio_change(x1, x0, 1.0, intervals.quantile(0.95)) == pytest.approx(expected, abs=1e-9)


def test_overdispersion_widens_it_as_n_over_the_dispersion_trials():
    # φ = 2: the Wilson interval on half the trials (the same share)
    expected = as_ratio(*proportion_confint(45.5, 79.5, alpha=0.05, method="wilson"))
    assert intervals.ratio_change(91, 68, 2.0, intervals.quantile(0.95)) == pytest.approx(expected, abs=1e-9)


def test_the_exact_ratio_interval_is_clopper_pearsons():
    expected = as_ratio(*proportion_confint(9, 12, alpha=0.05, method="beta"))
    assert intervals.exact_ratio_change(9, 3, 0.95) == pytest.approx(expected, abs=1e-9)
    assert intervals.ratio_change(5, 0, 1.0, 1.96) is None and intervals.exact_ratio_change(5, 0, 0.95) is None


def test_the_quantile_is_students_t_or_normal():
    from scipy import stats

    assert intervals.quantile(0.95, 11) == pytest.approx(stats.t.ppf(0.975, 11))
    assert intervals.quantile(0.9) == pytest.approx(stats.norm.ppf(0.95))


def seasonal(rng, level, years, kind):
    months = np.tile(1 + 0.3 * np.sin(np.arange(12) / 12 * 2 * math.pi), years) * level
    values = rng.negative_binomial(20, 20 / (20 + months)).astype(float)
    if kind == "count":
        return values, None
    dens = values + 100
    return rng.binomial(dens.astype(int), 0.3).astype(float), dens


@pytest.mark.parametrize("kind, method", [("count", "quasi_poisson"), ("proportion", "quasi_binomial"),
                                          ("count", "poisson"), ("proportion", "two_proportion"),
                                          ("proportion", "newcombe"), ("level", "linear")])
def test_the_interval_excludes_no_change_exactly_when_the_test_finds_one(kind, method):
    rng = np.random.default_rng(16)
    for trial in range(60):
        values, dens = seasonal(rng, 200, 8, "count" if kind == "level" else kind)
        values[-12:] *= 1 + 0.05 * (trial % 5)
        values = np.round(values) if kind != "proportion" else np.minimum(np.round(values), dens)
        d = (lambda a, b: tuple(dens[a:b])) if dens is not None else (lambda a, b: None)
        c = Comparison(kind, tuple(values[-12:]), tuple(values[-24:-12]), d(-12, None), d(-24, -12),
                       tuple(values[:-24]), d(0, -24))
        r = judge(method, {}, c, 0.95)
        low, high = r.change_interval
        assert (low > 0 or high < 0) == r.significant, (trial, r.explanation, r.change_interval)
        if r.significant:
            assert (low > 0) == (r.direction == "up")
