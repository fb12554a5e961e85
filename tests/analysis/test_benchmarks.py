"""Benchmark methods checked against independent computations (hand formulas, scipy, statsmodels)."""

from __future__ import annotations

import math
import subprocess
import warnings
import sys
from pathlib import Path

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest, fisher_exact
from scipy.stats import f as f_dist
from scipy.stats import norm as normal
from scipy.stats import t as student_t
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest
from statsmodels.stats.rates import test_poisson_2indep as sm_poisson_2indep
from statsmodels.tsa.stattools import acovf
from narrator.analysis.dispersion import inflation
from narrator.analysis.classic import survey_spread

from narrator.analysis.benchmarks import (
    METHODS,
    TEST_KINDS,
    BenchmarkError,
    BenchmarkResult,
    Comparison,
    default_method,
    difference_interval,
    judge,
    proportion_interval,
    validate,
)

ROOT = Path(__file__).resolve().parents[2]


def months(total: int, n: int = 12) -> tuple[int, ...]:
    """``n`` whole monthly values summing to ``total``."""
    q, r = divmod(total, n)
    return tuple([q + 1] * r + [q] * (n - r))


def counts(x1: int, x0: int) -> Comparison:
    return Comparison("count", months(x1), months(x0))


def props(v1: int, n1: int, v0: int, n0: int) -> Comparison:
    return Comparison("proportion", months(v1), months(v0), months(n1), months(n0))


# statsmodels warns dividing by a zero baseline count when it forms the rate ratio.
pytestmark = pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")

PAIRS = [(1372, 1577), (819, 777), (5, 20), (0, 7), (3, 0), (100, 100), (12196, 11500)]


# --------------------------------------------------------------------------- month-matched models

RNG_SEED = 20210413


def noisy(kind: str, years: int, mean: float = 60.0, step: float = 1.0, seed: int = RNG_SEED) -> Comparison:
    """A seasonal series of ``years`` years (the last two compared), negative-binomial-like noise;
    rates carry denominators around ``mean`` and a rate near 30%."""
    rng = np.random.default_rng(seed)
    months_ = 12 * years
    season = 1 + 0.2 * np.sin(2 * np.pi * np.arange(months_) / 12)
    level = mean * season * rng.gamma(25, 1 / 25, months_)
    level[-12:] *= step
    dens = None
    if kind == "count":
        values = rng.poisson(level).astype(float)
    elif kind == "proportion":
        dens = rng.poisson(mean * season).astype(float) + 1
        rate = np.clip(0.3 * rng.gamma(50, 1 / 50, months_) * np.where(np.arange(months_) >= months_ - 12, step, 1), 0, 1)
        values = rng.binomial(dens.astype(int), rate).astype(float)
    else:
        values = level
    cut = months_ - 24

    def part(x, a, b):
        return None if x is None else tuple(float(v) for v in x[a:b])

    return Comparison(kind, part(values, months_ - 12, months_), part(values, cut, months_ - 12),  # type: ignore[arg-type]
                      part(dens, months_ - 12, months_), part(dens, cut, months_ - 12),
                      part(values, 0, cut) or (), part(dens, 0, cut))


def glm_design(pairs: int, length: int = 12) -> np.ndarray:
    """Month-of-year and period dummies for each pair, rows in pair order (tested pair first), older period first."""
    X = np.zeros((2 * length * pairs, (length + 1) * pairs))
    for p in range(pairs):
        rows = slice(2 * length * p, 2 * length * (p + 1))
        X[rows, length * p:length * (p + 1)] = np.vstack([np.eye(length)] * 2)
        X[2 * length * p + length:2 * length * (p + 1), length * pairs + p] = 1
    return X


def stacked(c: Comparison, pairs: int, field: str = "values") -> np.ndarray:
    """The pairs' months in glm_design's row order."""
    if field == "values":
        series = np.array(c.earlier + c.baseline + c.current, float)
    else:
        series = np.array((c.earlier_denominators or ()) + c.baseline_denominators + c.current_denominators, float)
    end, out = len(series), []
    for _ in range(pairs):
        out.append(series[end - 24:end])
        end -= 24
    return np.concatenate(out)


def _year_month_residuals(years: np.ndarray, count: int) -> np.ndarray:
    """Pearson residuals of statsmodels' Poisson GLM with a term per year and per month of the year."""
    design = np.hstack([np.kron(np.eye(count), np.ones((12, 1))), np.vstack([np.eye(12)] * count)[:, 1:]])
    return sm.GLM(years, design, family=sm.families.Poisson()).fit().resid_pearson


def oracle_count_noise(c: Comparison, pairs: int) -> tuple[float, int, float]:
    """(dispersion, df, lag-1 autocorrelation before its bias correction) by statsmodels: the Poisson
    GLM with month-of-year and period terms of each earlier pair (the tested pair alone when there
    are none), its dispersion beyond 1 scaled to the tested pair's level and pooled, and the lag-1 autocorrelation (statsmodels' acf, not demeaned) of the
    Pearson residuals of one Poisson GLM of the same years with a term per year and per month, refitted
    without the year whose residuals' sum of squares is the largest where there are four years or more."""
    used = pairs - 1 or 1
    series = stacked(c, pairs)
    y = series[24:] if pairs > 1 else series
    level = series[:24].mean()  # the tested pair's: each earlier pair's dispersion beyond 1 is scaled to it
    x2 = df = 0
    for p in range(used):
        part = y[24 * p:24 * (p + 1)]
        fit = sm.GLM(part, glm_design(1), family=sm.families.Poisson()).fit()
        x2, df = x2 + fit.df_resid + (fit.pearson_chi2 - fit.df_resid) * level / part.mean(), df + fit.df_resid
    years = np.concatenate([y[24 * p:24 * (p + 1)] for p in reversed(range(used))])  # oldest first
    count = 2 * used
    if count >= 4:
        worst = int(np.argmax((_year_month_residuals(years, count).reshape(count, 12) ** 2).sum(axis=1)))
        years, count = np.delete(years.reshape(count, 12), worst, axis=0).reshape(-1), count - 1
    residuals = _year_month_residuals(years, count)
    return x2 / df, int(df), float(np.divide(*acovf(residuals, demean=False, fft=False, nlag=1)[::-1]))


@pytest.mark.parametrize("years,pairs", [(2, 1), (4, 2), (9, 4), (12, 4)])
def test_quasi_poisson_matches_a_statsmodels_glm(years: int, pairs: int) -> None:
    """Dispersion = Pearson X²/df of the Poisson GLM with month-of-year and period terms per earlier
    pair; t² = the GLM's score statistic for the tested period term / (dispersion × the inflation
    for the lag-1 autocorrelation of the earlier years' residuals); p from t on df."""
    c = noisy("count", years, step=1.15)
    y, X = stacked(c, pairs), glm_design(pairs)
    dispersion, df, raw = oracle_count_noise(c, pairs)
    tested = pairs * 12  # the tested pair's period column
    null = sm.GLM(y, np.delete(X, tested, axis=1), family=sm.families.Poisson()).fit()
    score = float(null.score_test(exog_extra=X[:, [tested]]).statistic[0])
    r = judge("quasi_poisson", {}, c)
    floor = -0.5 * (dispersion - 1) / dispersion if dispersion > 1 else 0.0  # only the variation beyond counting
    rho = min(max((12 * raw + 1) / 8, floor), 0.6) if pairs > 1 else 0.0  # Marriott & Pope's correction, bounded
    assert r.autocorrelation == pytest.approx(rho, rel=1e-8, abs=1e-12)
    decay = min(rho * dispersion / (dispersion - 1), 0.6) if dispersion > 1 and rho > 0 else rho
    factor = inflation(rho, 12, decay)
    assert r.dispersion == pytest.approx(dispersion, rel=1e-8)
    assert r.statistic == pytest.approx(math.copysign(math.sqrt(score / dispersion / factor), sum(c.current) - sum(c.baseline)), rel=1e-8)
    assert r.p_value == pytest.approx(2 * student_t.sf(abs(r.statistic), df), rel=1e-8)
    where = f"{pairs - 1} earlier pair" if pairs > 1 else "the tested pair of years alone"
    assert f"dispersion {dispersion:.2f} from {df} degrees of freedom over {where}" in r.explanation
    assert (r.method, r.test_kind) == ("quasi_poisson", "significance")


def test_the_autocorrelation_inflation_is_the_variance_of_an_ar1_total() -> None:
    """The factor is Var(a 12-month total) over L × the dispersion a pair's residuals estimate, for
    AR(1) months: checked against the exact covariance matrix, and against (1 + ρ)/(1 − ρ) for long periods."""
    for rho in (-0.3, 0.2, 0.5):  # a negative ρ (months that offset each other) makes a total vary less
        lags = np.abs(np.subtract.outer(np.arange(12), np.arange(12)))
        sigma = rho ** lags
        total = sigma.sum()
        centred = np.eye(12) - 1 / 12
        seen = np.trace(centred @ sigma @ centred) / 11  # E of a month's variance estimated about the mean
        assert inflation(rho, 12) == pytest.approx(total / 12 / seen, rel=1e-12)
        assert inflation(rho, 2000) == pytest.approx((1 + rho) / (1 - rho), rel=0.01)
    assert inflation(0.0, 12) == 1.0


def test_a_tested_year_that_departs_from_its_pattern_does_not_hide_its_change() -> None:
    """A dip in three months of the current year inflates the tested pair's own dispersion; the
    dispersion comes from the earlier pairs, and both are reported."""
    rng = np.random.default_rng(7)
    months = 96
    y = rng.poisson(5000 * (1 + 0.15 * np.sin(2 * np.pi * np.arange(months) / 12))).astype(float)
    y[-12:-9] *= 0.7  # April to June of the current year 30% down
    c = Comparison("count", tuple(y[-12:]), tuple(y[-24:-12]), earlier=tuple(y[:-24]))
    r = judge("quasi_poisson", {}, c)
    assert r.direction == "down"
    assert r.tested_dispersion > 20 * r.dispersion
    assert f"(the tested pair's own: {r.tested_dispersion:.2f})" in r.explanation
    assert "over 3 earlier pairs of years" in r.explanation


def test_an_earlier_pair_with_a_dip_is_left_out_of_the_dispersion() -> None:
    """Of three earlier pairs, one holding a lockdown-like dip is an outlier against the other two
    (one-sided F test of its X²/df over theirs, scipy's F tail below 0.001) and is left out."""
    rng = np.random.default_rng(11)
    y = rng.poisson(2000 * (1 + 0.15 * np.sin(2 * np.pi * np.arange(96) / 12))).astype(float)
    y[14:17] *= 0.7  # three months of the oldest earlier pair
    c = Comparison("count", tuple(y[-12:]), tuple(y[-24:-12]), earlier=tuple(y[:-24]))
    tables = [y[end - 24:end].reshape(2, 12) for end in (96, 72, 48, 24)]
    parts = [sm.GLM(t.reshape(-1), glm_design(1), family=sm.families.Poisson()).fit() for t in tables[1:]]
    x2 = [11 + (f.pearson_chi2 - 11) * tables[0].mean() / t.mean() for f, t in zip(parts, tables[1:])]  # at the tested level
    others = (x2[0] + x2[1]) / 22
    assert f_dist.sf(x2[2] / 11 / others, 11, 22) < 0.001
    r = judge("quasi_poisson", {}, c)
    assert r.dispersion == pytest.approx(others, rel=1e-8)
    assert "over 2 earlier pairs of years" in r.explanation


def test_months_that_offset_each_other_are_allowed_for() -> None:
    """A backlog recorded the month after makes neighbouring months move against each other: a negative
    lag-1 autocorrelation, and a 12-month total that varies less than its months suggest. It is allowed
    for down to −½ (φ − 1)/φ (only the variation beyond counting can be displaced), from the earlier years
    less the most variable one, as statsmodels' GLM residuals and acovf give it."""
    rng = np.random.default_rng(5)
    y = rng.poisson(1000 * (1 + 0.15 * np.sin(2 * np.pi * np.arange(96) / 12))).astype(float)
    moved = np.round(rng.normal(0, 100, 96))  # recorded a month late: one month's deficit is the next one's excess
    y = y - moved + np.concatenate([[0.0], moved[:-1]])
    c = Comparison("count", tuple(y[-12:]), tuple(y[-24:-12]), earlier=tuple(y[:-24]))
    dispersion, _, raw = oracle_count_noise(c, 4)
    rho = max((12 * raw + 1) / 8, -0.5 * (dispersion - 1) / dispersion)
    assert rho < -0.2
    r = judge("quasi_poisson", {}, c)
    assert r.autocorrelation == pytest.approx(rho, rel=1e-8)
    factor = inflation(rho, 12)
    assert factor < 0.7
    assert f"times {factor:.2f} for the months' lag-1 autocorrelation {rho:.2f}:" in r.explanation


def test_a_dip_in_an_earlier_year_does_not_pass_for_spells() -> None:
    """Three low months in one earlier year look, at lag 1, like the spells of an autocorrelated series;
    the autocorrelation is estimated without the year whose months vary most (the dip's year)."""
    rng = np.random.default_rng(3)
    y = rng.poisson(2000 * rng.gamma(100, 0.01, 96) * (1 + 0.15 * np.sin(2 * np.pi * np.arange(96) / 12))).astype(float)
    y[27:30] *= 0.7  # April to June of the second earlier year
    c = Comparison("count", tuple(y[-12:]), tuple(y[-24:-12]), earlier=tuple(y[:-24]))
    years = y[:72]
    worst = int(np.argmax((_year_month_residuals(years, 6).reshape(6, 12) ** 2).sum(axis=1)))
    assert worst == 2
    e = _year_month_residuals(years, 6)
    with_dip = (12 * float(np.divide(*acovf(e, demean=False, fft=False, nlag=1)[::-1])) + 1) / 8
    r = judge("quasi_poisson", {}, c)
    assert r.autocorrelation == pytest.approx(oracle_count_noise(c, 4)[2] * 12 / 8 + 1 / 8, rel=1e-8)
    assert with_dip > r.autocorrelation + 0.1  # 0.18 with the dip's year, 0.07 without


def test_quasi_poisson_explanation() -> None:
    r = judge("quasi_poisson", {}, noisy("count", 9, step=1.15))
    assert r.explanation == (
        "Quasi-Poisson model of the monthly counts (month-of-year and period terms), 12-month totals 814 v 715 "
        "(ratio 1.14); dispersion 3.75 from 33 degrees of freedom over 3 earlier pairs of years (the tested pair's "
        "own: 4.96), times 1.58 for the months' lag-1 autocorrelation 0.21: t = 1.04, p = 0.307, "
        "not significant at the 95% confidence level."
    )


def test_quasi_poisson_pools_at_most_the_pairs_asked_for() -> None:
    c = noisy("count", 12)
    assert "over 3 earlier pairs of years" in judge("quasi_poisson", {}, c).explanation  # 3 earlier pairs by default
    assert "from 11 degrees of freedom over the tested pair of years alone" in judge("quasi_poisson", {"earlier_pairs": 0}, c).explanation
    assert "over 5 earlier pairs of years" in judge("quasi_poisson", {"earlier_pairs": 5}, c).explanation
    # an odd earlier year is left out: pairs are whole
    assert "over 1 earlier pair of years" in judge("quasi_poisson", {}, noisy("count", 5)).explanation


def test_quasi_poisson_skips_a_pair_with_an_empty_year() -> None:
    """A power that did not exist yet (zero every month) says nothing about the dispersion."""
    c = noisy("count", 4)
    empty = Comparison("count", c.current, c.baseline, earlier=(0.0,) * 12 + c.earlier[12:])
    assert "from 11 degrees of freedom over the tested pair of years alone" in judge("quasi_poisson", {}, empty).explanation


def test_quasi_poisson_with_no_events() -> None:
    r = judge("quasi_poisson", {}, Comparison("count", (0,) * 12, (0,) * 12))
    assert (r.direction, r.test_kind, r.statistic, r.p_value) == ("none", "significance", None, None)
    assert r.explanation == (
        "Quasi-Poisson model of the monthly counts (month-of-year and period terms), 12-month totals 0 v 0: "
        "no events in either period, so no change to test, not significant at the 95% confidence level."
    )


@pytest.mark.parametrize("current,baseline", [((0,) * 11 + (5,), (0,) * 12), ((1,) + (0,) * 11, (0,) * 12),
                                              ((3,) + (0,) * 11, (2,) + (0,) * 11)])
def test_quasi_poisson_without_dispersion_uses_the_exact_test(current, baseline) -> None:
    """No month to estimate a dispersion from (a year without events, or events in one month only)."""
    r = judge("quasi_poisson", {}, Comparison("count", current, baseline))
    x1, x0 = sum(current), sum(baseline)
    assert r.p_value == pytest.approx(binomtest(x1, x1 + x0, 0.5).pvalue, rel=1e-12)
    assert r.direction == "none"  # 5 v 0: p = 0.0625
    assert "no months to estimate the dispersion from, so the exact Poisson test" in r.explanation


def test_quasi_poisson_refuses_counts_spread_evenly_from_a_total() -> None:
    """Months that vary far less than events can (12 equal months, say) would make any change significant."""
    r = judge("quasi_poisson", {}, counts(1372, 1577))
    assert (r.direction, r.test_kind, r.p_value) == ("none", "none", None)
    assert "the months vary far less than Poisson counts can (dispersion 0.00 from 11 degrees of freedom" in r.explanation
    assert r.explanation.endswith("as if spread evenly from a total, so no test.")


@pytest.mark.parametrize("years,pairs", [(2, 1), (9, 4)])
def test_quasi_binomial_matches_a_statsmodels_glm(years: int, pairs: int) -> None:
    c = noisy("proportion", years, mean=300, step=1.1)
    y, n, X = stacked(c, pairs), stacked(c, pairs, "denominators"), glm_design(pairs)
    endog = np.column_stack([y, n - y])
    full = sm.GLM(endog, X, family=sm.families.Binomial()).fit()
    dispersion = full.pearson_chi2 / full.df_resid
    tested = pairs * 12
    null = sm.GLM(endog, np.delete(X, tested, axis=1), family=sm.families.Binomial()).fit()
    score = float(null.score_test(exog_extra=X[:, [tested]]).statistic[0])
    r = judge("quasi_binomial", {}, c)
    rho, factor = oracle_rate_allowance(c, dispersion)
    assert r.autocorrelation == (pytest.approx(rho, rel=1e-8, abs=1e-12) if years > 2 else None)
    assert r.statistic ** 2 == pytest.approx(score / dispersion / factor, rel=1e-6)
    assert r.p_value == pytest.approx(2 * student_t.sf(abs(r.statistic), full.df_resid), rel=1e-6)
    assert f"dispersion {dispersion:.2f} from {int(full.df_resid)} degrees of freedom" in r.explanation


def _rate_residuals(rates: np.ndarray, cases: np.ndarray) -> np.ndarray:
    """statsmodels' OLS of the monthly rates on a term per year and per month of the year: its
    residuals, each over its binomial standard error at the table's overall rate."""
    years = rates.shape[0]
    design = np.hstack([np.kron(np.eye(years), np.ones((12, 1))), np.vstack([np.eye(12)] * years)[:, 1:]])
    residuals = sm.OLS(rates.reshape(-1), design).fit().resid.reshape(years, 12)
    overall = (rates * cases).sum() / cases.sum()
    return residuals / np.sqrt(overall * (1 - overall) / cases)


def oracle_rate_allowance(c: Comparison, dispersion: float, pairs: int = 3) -> tuple[float, float]:
    """(ρ, factor) of the quasi-binomial test by statsmodels: the earlier pairs' years (at most
    ``pairs``), the most variable left out (the largest sum of squared residuals, four years or
    more), the lag-1 autocorrelation of the rest's residuals by acovf, corrected and bounded as for
    counts, and the factor for a 12-month total (dispersion.inflation, checked against the AR(1)
    covariance below)."""
    count = 2 * min(pairs, len(c.earlier) // 24)
    if count == 0:
        return 0.0, 1.0
    values = np.array(c.earlier[len(c.earlier) - 12 * count:], float).reshape(count, 12)
    cases = np.array(c.earlier_denominators[len(c.earlier) - 12 * count:], float).reshape(count, 12)
    if (cases <= 0).any() or not 0 < values.sum() / cases.sum() < 1:
        return 0.0, 1.0
    rates = values / cases
    if count >= 4:
        worst = int(np.argmax((_rate_residuals(rates, cases) ** 2).sum(axis=1)))
        rates, cases = np.delete(rates, worst, axis=0), np.delete(cases, worst, axis=0)
    e = _rate_residuals(rates, cases).reshape(-1)
    raw = float(np.divide(*acovf(e, demean=False, fft=False, nlag=1)[::-1]))
    share = max(dispersion - 1, 0) / dispersion
    rho = min(max((12 * raw + 1) / 8, -0.5 * share), 0.6)
    decay = min(rho / share, 0.6) if 0 < share < 1 and rho > 0 else rho
    return rho, inflation(rho, 12, decay)


def oracle_binomial_dispersion(c: Comparison, pairs: int = 3) -> tuple[float, int, int]:
    """Pooled Pearson X², df and pairs used, each pair fitted by statsmodels' GLM (two-column
    binomial), months kept as docs/benchmarks.md says: cases in both years, and some successes
    and some failures over the two; a pair counts when both its years have successes and failures."""
    values = np.array(c.earlier + c.baseline + c.current, float)
    dens = np.array((c.earlier_denominators or ()) + c.baseline_denominators + c.current_denominators, float)
    x2, df, used, end = 0.0, 0, 0, len(values)
    for _ in range(pairs + 1):
        if end < 24:
            break
        y, n = values[end - 24:end].reshape(2, 12), dens[end - 24:end].reshape(2, 12)
        end -= 24
        keep = (n[0] > 0) & (n[1] > 0) & (y.sum(0) > 0) & (y.sum(0) < n.sum(0))
        y, n, months = y[:, keep], n[:, keep], int(keep.sum())
        if months < 2 or not all(0 < y[i].sum() < n[i].sum() for i in (0, 1)):
            continue
        X = np.zeros((2 * months, months + 1))
        X[:, :months] = np.vstack([np.eye(months)] * 2)
        X[months:, months] = 1
        endog = np.column_stack([y.reshape(-1), (n - y).reshape(-1)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = sm.GLM(endog, X, family=sm.families.Binomial()).fit()
        x2, df, used = x2 + fit.pearson_chi2, df + months - 1, used + 1
    return x2, df, used


def swept_rates(seed: int) -> Comparison:
    """Rates of every size and shape: 0.5% to 99.5%, 1 to 5,000 cases a month, 2 to 9 years,
    months at 0% or 100%, months with no cases, steps and overdispersion."""
    rng = np.random.default_rng(7000 + seed)
    years = int(rng.integers(2, 10))
    size = years * 12
    dens = rng.integers(0 if seed % 7 == 0 else 1, int(rng.choice([3, 30, 300, 5000])), size).astype(float)
    rate = float(rng.choice([0.005, 0.05, 0.3, 0.7, 0.95, 0.995]))
    p = np.clip(rate * rng.gamma(30, 1 / 30, size) * np.where(np.arange(size) >= size - 12, rng.choice([0.8, 1, 1.25]), 1), 0, 1)
    values = rng.binomial(dens.astype(int), p).astype(float)
    values[-12:] = np.minimum(values[-12:], dens[-12:])
    dens[-24:] = np.maximum(dens[-24:], 1)  # each compared period needs cases
    values = np.minimum(values, dens)

    def part(x, a, b):
        return tuple(float(v) for v in x[a:b])

    return Comparison("proportion", part(values, size - 12, size), part(values, size - 24, size - 12),
                      part(dens, size - 12, size), part(dens, size - 24, size - 12),
                      part(values, 0, size - 24), part(dens, 0, size - 24))


@pytest.mark.parametrize("seed", range(200))
def test_quasi_binomial_dispersion_t_and_p_are_statsmodels_own(seed: int) -> None:
    """The numpy fit gives every judgement statsmodels' fit would: the same X², t and p (to 1e-8)
    and so the same printed explanation."""
    c = swept_rates(seed)
    r = judge("quasi_binomial", {}, c)
    x2, df, used = oracle_binomial_dispersion(c)
    if r.statistic is None:  # nothing to test, Fisher's test, or months too regular
        assert df == 0 or "no difference to test" in r.explanation or "vary far less" in r.explanation
        if "vary far less" in r.explanation:
            assert f"(dispersion {x2 / df:.2f} from {df} degrees of freedom" in r.explanation
        return
    y, n = np.array([c.baseline, c.current]), np.array([c.baseline_denominators, c.current_denominators])
    both = (n[0] > 0) & (n[1] > 0)
    pooled = y[:, both].sum(0) / n[:, both].sum(0)
    score = (y[1, both] - n[1, both] * pooled).sum()
    information = (pooled * (1 - pooled) * n[1, both] * n[0, both] / n[:, both].sum(0)).sum()
    _, factor = oracle_rate_allowance(c, x2 / df)
    t = score / math.sqrt(x2 / df * factor * information)
    p = 2 * student_t.sf(abs(t), df)
    assert r.statistic == pytest.approx(t, rel=1e-8)
    assert r.p_value == pytest.approx(p, rel=1e-8)
    printed = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    assert f"dispersion {x2 / df:.2f} from {df} degrees of freedom over {used} pair" in r.explanation
    assert f"t = {t:.2f}, {printed}" in r.explanation


def test_quasi_binomial_explanation() -> None:
    r = judge("quasi_binomial", {}, noisy("proportion", 9, mean=300, step=1.1))
    assert r.explanation == (
        "Quasi-binomial model of the monthly rates (month-of-year and period terms), 12-month rates 34.4% "
        "(n=3,610) v 27.4% (n=3,635); dispersion 3.93 from 44 degrees of freedom over 4 pairs of years, times 0.73 "
        "for the months' lag-1 autocorrelation -0.16: t = 3.88, p < 0.001, significant at the 95% confidence level."
    )


def test_quasi_binomial_at_zero_percent() -> None:
    r = judge("quasi_binomial", {}, Comparison("proportion", (0,) * 12, (0,) * 12, (5,) * 12, (7,) * 12))
    assert (r.direction, r.test_kind, r.p_value) == ("none", "significance", None)
    assert "so there is no difference to test, not significant" in r.explanation


def test_quasi_binomial_without_dispersion_uses_fishers_test() -> None:
    c = Comparison("proportion", (1,) * 6 + (0,) * 6, (0,) * 12, (10,) * 12, (10,) * 12)
    r = judge("quasi_binomial", {}, c)
    assert r.p_value == pytest.approx(fisher_exact([[6, 114], [0, 120]]).pvalue, rel=1e-9)
    assert r.direction == "up"
    assert "Fisher's exact test on the 12-month totals: p = 0.029" in r.explanation


def test_quasi_binomial_needs_the_months_and_the_year_to_agree() -> None:
    """Month for month the rate fell, but volumes moved to the high-rate months, so the 12-month rate rose."""
    rng = np.random.default_rng(1)
    base_n = np.array([100] * 6 + [1000] * 6, float)
    cur_n = base_n[::-1].copy()
    rates = np.array([0.8] * 6 + [0.2] * 6)
    base_v = rng.binomial(base_n.astype(int), rates)
    cur_v = rng.binomial(cur_n.astype(int), rates * 0.9)
    c = Comparison("proportion", tuple(cur_v.astype(float)), tuple(base_v.astype(float)),
                   tuple(cur_n), tuple(base_n))
    r = judge("quasi_binomial", {}, c)
    assert sum(cur_v) / sum(cur_n) > sum(base_v) / sum(base_n)
    assert r.statistic is not None and r.statistic < -1.96
    assert r.direction == "none"
    assert r.explanation.endswith(
        "but the 12-month rate moved the other way from its months, so there is no consistent change, "
        "not significant at the 95% confidence level."
    )


@pytest.mark.parametrize("years", [2, 9])
def test_linear_model_matches_statsmodels_least_squares(years: int) -> None:
    """Levels below zero pool as they are; the period term's t is OLS's."""
    c = noisy("level", years, mean=-50.0)
    pairs = min(4, years // 2)
    y, X = stacked(c, pairs), glm_design(pairs)
    fit = sm.OLS(y, X).fit()
    r = judge("linear", {}, c)
    assert r.statistic == pytest.approx(fit.tvalues[pairs * 12], rel=1e-9)
    assert r.p_value == pytest.approx(fit.pvalues[pairs * 12], rel=1e-9)


def test_linear_model_scales_earlier_pairs_to_the_tested_level() -> None:
    """Positive levels: each earlier pair's spread is taken in proportion to its level (weighted least squares)."""
    c = noisy("level", 9, mean=200.0)
    y, X = stacked(c, 4), glm_design(4)
    levels = y.reshape(4, 24).mean(axis=1)
    fit = sm.WLS(y, X, weights=np.repeat((levels[0] / levels) ** 2, 24)).fit()
    r = judge("linear", {}, c)
    assert r.statistic == pytest.approx(fit.tvalues[48], rel=1e-9)
    assert r.explanation.startswith("Linear model of the monthly values (month-of-year and period terms), 12-month means ")


def test_linear_model_with_no_variation_is_no_test() -> None:
    r = judge("linear", {}, Comparison("level", (8.0,) * 12, (7.0,) * 12))
    assert (r.direction, r.test_kind) == ("none", "none")
    assert r.explanation.endswith("so there is no variation to test a change against; no test.")


@pytest.mark.parametrize("method", ["quasi_poisson", "quasi_binomial", "linear"])
def test_month_matched_models_need_matching_periods(method: str) -> None:
    kind = METHODS[method].kinds
    kind = next(iter(kind))
    c = Comparison(kind, (1.0,) * 11, (1.0,) * 12, (2.0,) * 11 if kind == "proportion" else None,
                   (2.0,) * 12 if kind == "proportion" else None)
    with pytest.raises(BenchmarkError) as exc:
        judge(method, {}, c)
    assert str(exc.value) == (
        f"{method} compares the same months of the year, so current and baseline need the same number of "
        "months (at least 2), not 11 and 12"
    )


# --------------------------------------------------------------------------- newcombe


@pytest.mark.parametrize("v1,n1,v0,n0", [(460, 509, 468, 544), (145, 198, 80, 98), (0, 5, 1, 100),
                                         (0, 40, 0, 50), (40, 40, 50, 50), (2461, 3791, 878, 1557), (1, 3, 2, 2)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_newcombe_interval_matches_statsmodels(v1: int, n1: int, v0: int, n0: int, confidence: float) -> None:
    lo, hi = difference_interval(v1, n1, v0, n0, confidence)
    sm_lo, sm_hi = confint_proportions_2indep(v1, n1, v0, n0, method="newcomb", compare="diff", alpha=1 - confidence)
    assert (lo, hi) == (pytest.approx(sm_lo, abs=1e-12), pytest.approx(sm_hi, abs=1e-12))
    r = judge("newcombe", {}, props(v1, n1, v0, n0), confidence)
    assert r.interval == (lo, hi)
    assert r.direction == ("up" if lo > 0 else "down" if hi < 0 else "none")


def test_newcombe_explanation() -> None:
    assert judge("newcombe", {}, props(460, 509, 468, 544)).explanation == (
        "Newcombe interval for the difference of two survey proportions, 90.4% (n=509) v 86.0% (n=544): "
        "difference 4.4 percentage points, 95% interval 0.4 to 8.2, which excludes 0, significant at the 95% confidence level."
    )
    assert judge("newcombe", {}, props(145, 198, 80, 98)).explanation == (
        "Newcombe interval for the difference of two survey proportions, 73.2% (n=198) v 81.6% (n=98): "
        "difference -8.4 percentage points, 95% interval -17.6 to 2.1, which includes 0, not significant at the 95% confidence level."
    )


@pytest.mark.parametrize("v1,n1,v0,n0", [(0, 5, 1, 100), (0, 40, 0, 50), (40, 40, 50, 50), (5, 5, 99, 100)])
def test_newcombe_at_the_edges_is_not_significant(v1: int, n1: int, v0: int, n0: int) -> None:
    r = judge("newcombe", {}, props(v1, n1, v0, n0))
    assert r.direction == "none" and "which includes 0, not significant" in r.explanation


@pytest.mark.parametrize("years,design_effect", [(2, 1.0), (9, 1.0), (9, 1.6), (4, 2.5)])
def test_a_survey_allows_for_the_dispersion_of_its_months(years: int, design_effect: float) -> None:
    """The survey's months, month-matched, give the quasi-binomial dispersion of its pairs of years
    (statsmodels' GLM per pair, as for administrative rates), floored at 1; with the catalogue's
    design effect, each respondent counts as 1 / (dispersion × design effect) of an independent one,
    and Newcombe's interval on those numbers uses the t quantile on the dispersion's df (statsmodels'
    newcomb interval at the matching alpha)."""
    c = noisy("proportion", years, mean=120, step=1.15, seed=RNG_SEED + years)
    c = Comparison(c.kind, c.current, c.baseline, c.current_denominators, c.baseline_denominators,
                   c.earlier, c.earlier_denominators, design_effect)
    x2, df, _ = oracle_binomial_dispersion(c)
    spread = x2 / df
    factor = max(spread, 1.0) * design_effect
    alpha = 2 * normal.sf(student_t.ppf(0.975, df)) if spread > 1 else 0.05
    v1, n1, v0, n0 = sum(c.current), sum(c.current_denominators), sum(c.baseline), sum(c.baseline_denominators)
    sm_lo, sm_hi = confint_proportions_2indep(v1 / factor, n1 / factor, v0 / factor, n0 / factor, method="newcomb",
                                              compare="diff", alpha=alpha)
    r = judge("newcombe", {}, c)
    assert r.interval == (pytest.approx(sm_lo, abs=1e-12), pytest.approx(sm_hi, abs=1e-12))
    assert r.dispersion == pytest.approx(max(spread, 1.0), rel=1e-6)
    assert f"each respondent counts as {1 / factor:.2f} of an independent one" in r.explanation
    if spread > 1:
        assert f"the months' dispersion {spread:.2f} from {df} degrees of freedom" in r.explanation
    if design_effect > 1:
        assert f"the design effect {design_effect:g}" in r.explanation


def test_a_survey_with_a_month_of_no_respondents() -> None:
    """A month with no respondents has no rate: it informs no pair, and counts in the totals as 0 of 0."""
    c = noisy("proportion", 4, mean=60)
    current, dens = list(c.current), list(c.current_denominators)
    current[4], dens[4] = 0.0, 0.0
    gap = Comparison(c.kind, tuple(current), c.baseline, tuple(dens), c.baseline_denominators, c.earlier, c.earlier_denominators)
    r = judge("newcombe", {}, gap)
    assert f"31.3% (n={sum(dens):,.0f}) v 26.3% (n=772)" in r.explanation
    assert survey_spread(gap)[1] == survey_spread(c)[1] - 1 == 21  # two pairs of years, the tested one a month short


# --------------------------------------------------------------------------- defaults


def test_defaults_by_kind_of_measure() -> None:
    assert default_method("count") == "quasi_poisson"
    assert default_method("proportion") == "quasi_binomial"
    assert default_method("proportion", survey=True) == "newcombe"
    assert default_method("level") == "linear"
    assert default_method("count", series="rolling_year") == default_method("proportion", series="rolling_year") == "annual_totals"
    assert default_method("level", series="rolling_year") == "none"
    for kind in ("count", "proportion", "level"):
        assert default_method(kind, comparator=True) == "none"


# --------------------------------------------------------------------------- poisson


@pytest.mark.parametrize("x1,x0", PAIRS)
def test_poisson_normal_matches_hand_formula_and_statsmodels(x1: int, x0: int) -> None:
    r = judge("poisson", {}, counts(x1, x0))
    z = (x1 - x0) / math.sqrt(x1 + x0)
    p = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))
    assert r.statistic == pytest.approx(z, rel=1e-12)
    assert r.p_value == pytest.approx(p, rel=1e-9, abs=1e-15)
    # With equal exposure and a null ratio of 1 the statsmodels 'wald' and 'score'
    # statistics both reduce to (x1 - x0)/sqrt(x1 + x0); both match.
    for method in ("wald", "score"):
        sm = sm_poisson_2indep(x1, 1, x0, 1, method=method)
        assert r.statistic == pytest.approx(float(sm.statistic), rel=1e-12)
        assert r.p_value == pytest.approx(float(sm.pvalue), rel=1e-9)
    assert r.direction == ("none" if p >= 0.05 else "up" if x1 > x0 else "down")
    assert r.tested and r.method == "poisson"


def test_poisson_wald_and_score_differ_only_with_unequal_exposure() -> None:
    """Why both match above: with unequal exposure the two statsmodels variants diverge."""
    wald = sm_poisson_2indep(30, 1, 10, 2, method="wald").statistic
    score = sm_poisson_2indep(30, 1, 10, 2, method="score").statistic
    assert wald != pytest.approx(score)


@pytest.mark.parametrize("x1,x0", PAIRS)
def test_poisson_exact_matches_binomtest(x1: int, x0: int) -> None:
    r = judge("poisson", {"variant": "exact"}, counts(x1, x0))
    expected = binomtest(x1, x1 + x0, 0.5).pvalue
    assert r.p_value == pytest.approx(expected, rel=1e-12)
    assert r.p_value == pytest.approx(
        float(sm_poisson_2indep(x1, 1, x0, 1, method="exact-cond").pvalue), rel=1e-9
    )
    assert r.statistic is None
    assert r.direction == ("none" if expected >= 0.05 else "up" if x1 > x0 else "down")
    assert r.explanation.startswith("Exact Poisson test (conditional binomial)")


@pytest.mark.parametrize("variant", ["normal", "exact"])
def test_poisson_both_zero_is_not_significant(variant: str) -> None:
    r = judge("poisson", {"variant": variant}, counts(0, 0))
    assert (r.direction, r.statistic, r.p_value, r.tested) == ("none", None, None, True)
    assert "no events in either period" in r.explanation


def test_poisson_confidence_changes_the_verdict() -> None:
    c = counts(240, 190)  # z = 50/sqrt(430) = 2.41, p = 0.016: significant at 95%, not at 99%
    assert judge("poisson", {}, c, confidence=0.95).direction == "up"
    assert judge("poisson", {}, c, confidence=0.99).direction == "none"
    assert "99% confidence level" in judge("poisson", {}, c, confidence=0.99).explanation


def test_poisson_explanation() -> None:
    r = judge("poisson", {}, counts(1372, 1577))
    assert r.explanation == (
        "Poisson test on 12-month totals (1,372 v 1,577): z = -3.77, p < 0.001, "
        "significant at the 95% confidence level."
    )


# --------------------------------------------------------------------------- two_proportion


@pytest.mark.parametrize(
    "v1,n1,v0,n0",
    [(145, 198, 80, 98), (94500, 100000, 92600, 100000), (460, 509, 468, 544), (3, 40, 9, 41)],
)
def test_two_proportion_matches_statsmodels(v1: int, n1: int, v0: int, n0: int) -> None:
    r = judge("two_proportion", {}, props(v1, n1, v0, n0))
    z, p = proportions_ztest([v1, v0], [n1, n0])
    assert r.statistic == pytest.approx(float(z), rel=1e-10)
    assert r.p_value == pytest.approx(float(p), rel=1e-8)
    # and the hand formula
    p1, p0, pooled = v1 / n1, v0 / n0, (v1 + v0) / (n1 + n0)
    assert r.statistic == pytest.approx(
        (p1 - p0) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0)), rel=1e-12
    )


def test_two_proportion_identical_extreme_rates() -> None:
    r = judge("two_proportion", {}, props(0, 120, 0, 120))
    assert (r.direction, r.statistic, r.p_value) == ("none", None, None)


# --------------------------------------------------------------------------- ci_current


@pytest.mark.parametrize("interval,sm_method", [("wald", "normal"), ("wilson", "wilson")])
@pytest.mark.parametrize("v,n", [(145, 198), (80, 98), (460, 509), (1, 30), (29, 30)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_proportion_interval_matches_statsmodels(
    interval: str, sm_method: str, v: int, n: int, confidence: float
) -> None:
    lo, hi = proportion_interval(v / n, n, confidence, interval)
    sm_lo, sm_hi = proportion_confint(v, n, alpha=1 - confidence, method=sm_method)
    assert (lo, hi) == (pytest.approx(sm_lo, abs=1e-12), pytest.approx(sm_hi, abs=1e-12))


@pytest.mark.parametrize("interval,sm_method", [("wald", "normal"), ("wilson", "wilson")])
def test_ci_current_decision_flips_at_the_statsmodels_bounds(interval: str, sm_method: str) -> None:
    """The baseline rate just inside / just outside statsmodels' interval for the current rate."""
    lo, hi = proportion_confint(145, 198, alpha=0.05, method=sm_method)
    n0 = 1_000_000
    for rate, expected in [(lo + 1e-6, "none"), (lo - 1e-6, "up"), (hi - 1e-6, "none"), (hi + 1e-6, "down")]:
        c = Comparison("proportion", months(145), (rate * n0,), months(198), (float(n0),))
        r = judge("ci_current", {"interval": interval}, c)
        assert r.direction == expected, (rate, r)
        assert r.p_value is None


def test_ci_current_wald_statistic() -> None:
    r = judge("ci_current", {}, props(145, 198, 80, 98))
    p1, p0 = 145 / 198, 80 / 98
    assert r.statistic == pytest.approx((p1 - p0) / math.sqrt(p1 * (1 - p1) / 198), rel=1e-12)
    assert judge("ci_current", {"interval": "wilson"}, props(145, 198, 80, 98)).statistic is None
    assert r.explanation == (
        "The 95% Wald interval for the current rate 73.2% (n=198) is 67.1% to 79.4%; "
        "the baseline rate 81.6% lies above it (z = -2.67), significant at the 95% confidence level."
    )


@pytest.mark.parametrize("n", [5, 198, 1_000_000])
def test_wilson_interval_is_exact_at_0_and_100_percent_and_clipped(n: int) -> None:
    """statsmodels leaves a lower bound of about 4e-22 at 0 of a million: enough to put a baseline
    of 0% "outside" its own interval."""
    assert proportion_interval(0.0, n, 0.95, "wilson")[0] == 0.0
    assert proportion_interval(1.0, n, 0.95, "wilson")[1] == 1.0
    for p in (0.0, 1e-9, 0.5, 1 - 1e-9, 1.0):
        lo, hi = proportion_interval(p, n, 0.95, "wilson")
        assert 0.0 <= lo <= p <= hi <= 1.0


@pytest.mark.parametrize("interval", ["wald", "wilson"])
@pytest.mark.parametrize("v1,n1,v0,n0", [(0, 120, 0, 120), (0, 1_000_000, 0, 1_000_000), (120, 120, 80, 80),
                                         (1_000_000, 1_000_000, 5, 5)])
def test_ci_current_with_both_rates_at_0_or_100_percent(interval: str, v1: int, n1: int, v0: int, n0: int) -> None:
    r = judge("ci_current", {"interval": interval}, props(v1, n1, v0, n0))
    assert r.direction == "none"
    assert "lies inside it" in r.explanation and r.explanation.endswith("not significant at the 95% confidence level.")


def test_wald_at_0_percent_uses_the_wilson_interval() -> None:
    """0 of 5 against 1 of 100: the Wald interval for 0% is the point 0, which would call this significant."""
    r = judge("ci_current", {}, props(0, 5, 1, 100))
    assert r.direction == "none"
    assert r.explanation == (
        "The Wald interval has no width at 0.0%, so the Wilson interval is used: the 95% Wilson interval for the "
        "current rate 0.0% (n=5) is 0.0% to 43.4%; the baseline rate 1.0% lies inside it, not significant at the "
        "95% confidence level."
    )
    assert proportions_ztest([0, 1], [5, 100])[1] == pytest.approx(0.82, abs=0.005)


# --------------------------------------------------------------------------- explanation agrees with direction


def _agrees(r: BenchmarkResult, confidence: float) -> bool:
    """The explanation states the verdict the direction gives (the table's word comes from the direction)."""
    level = f"{confidence * 100:g}%"
    if r.test_kind == "significance":
        verdict = "not significant" if r.direction == "none" else "significant"
        return r.explanation.endswith(f", {verdict} at the {level} confidence level.") and (
            ("not significant" in r.explanation) == (r.direction == "none"))
    if r.test_kind == "control_chart":
        if r.direction == "none":
            return r.explanation.endswith(("so no signal.", "so no consistent shift."))
        return r.explanation.endswith(f"a control-chart signal of {'an upward' if r.direction == 'up' else 'a downward'} shift.")
    return r.direction == "none" and r.explanation.endswith(("no test.", "No benchmark test for this measure."))


EDGE_COUNTS = st.sampled_from([0, 1, 2, 5, 40, 1000])


@st.composite
def edge_comparisons(draw):
    kind = draw(st.sampled_from(["count", "proportion", "level"]))
    months_ = draw(st.sampled_from([1, 2, 12]))  # 1: a rolling-year series' two 12-month totals
    earlier = draw(st.sampled_from([0, 12, 24, 48])) if months_ == 12 else draw(st.sampled_from([0, 2, 3, 6])) if months_ == 1 else 0
    total = 2 * months_ + earlier
    if kind == "level":
        base = draw(st.sampled_from([0.0, -5.0, 7.0, 250.0]))
        values = [base + draw(st.sampled_from([0.0, 0.0, 1.0, -3.0, 40.0])) for _ in range(total)]
        dens = None
    else:
        shape = draw(st.sampled_from(["zeros", "ones", "flat", "spike", "any"]))
        high = draw(EDGE_COUNTS)
        if shape == "zeros":
            values = [0] * total
        elif shape == "flat":
            values = [high] * total
        elif shape == "spike":
            values = [0] * (total - 1) + [max(high, 1)]
        elif shape == "ones":
            values = [1] * total
        else:
            values = [draw(st.integers(0, high)) for _ in range(total)]
        dens = None
        if kind == "proportion":
            share = draw(st.sampled_from(["none", "all", "same", "some"]))
            dens = [max(v, draw(st.sampled_from([1, 5, 100]))) for v in values]
            if share == "none":
                values = [0] * total
            elif share == "all":
                values = list(dens)
            elif share == "same":
                values = [d // 2 for d in dens]
    cut = earlier
    part = lambda xs, a, b: None if xs is None else tuple(float(x) for x in xs[a:b])  # noqa: E731
    return Comparison(kind, part(values, cut + months_, total), part(values, cut, cut + months_),
                      part(dens, cut + months_, total), part(dens, cut, cut + months_),
                      part(values, 0, cut), part(dens, 0, cut) if dens is not None else None)


@pytest.mark.slow  # hypothesis, 400 examples of every method
@settings(max_examples=400, deadline=None)
@given(edge_comparisons(), st.sampled_from([0.9, 0.95, 0.99]))
def test_every_explanation_agrees_with_its_direction(c: Comparison, confidence: float) -> None:
    """Across edge cases (all zeros, 0% and 100%, one event, flat months, tiny samples), every method's
    explanation says what its direction says: so `<m>.benchmark` always agrees with `<m>.judgement`."""
    for name, spec in METHODS.items():
        if c.kind not in spec.kinds:
            continue
        try:
            r = judge(name, {}, c, confidence)
        except BenchmarkError as error:  # data the method refuses (too few months for a chart, say)
            assert str(error).startswith(("spc needs", "a proportion measure needs a positive total",
                                          "annual_totals compares two 12-month totals", f"{name} compares the same months")), error
            continue
        assert r.test_kind in TEST_KINDS
        assert _agrees(r, confidence), (name, r)
        if name == "newcombe":
            lo, hi = r.interval
            assert r.direction == ("up" if lo > 0 else "down" if hi < 0 else "none")


# --------------------------------------------------------------------------- spc

# 24 baseline months 10, 12, 10, 12, …: CL = 11, MR̄ = 2, limits 11 ± 3·2/1.128 = 11 ± 5.319
# (5.32 with the rounded constant 2.66), so UCL = 16.319, LCL = 5.681. The chart's baseline is
# the baseline year and the year before it.
SPC_BASE = (10, 12) * 6
SPC_EARLIER = (10, 12) * 6
UCL = 11 + 3 * 2 / 1.128
LCL = 11 - 3 * 2 / 1.128


def spc(current: tuple[float, ...], **params: object) -> BenchmarkResult:
    return judge("spc", params, Comparison("count", current, SPC_BASE, earlier=SPC_EARLIER))


def test_spc_limits_in_explanation() -> None:
    r = spc((11,) * 6)
    assert r.explanation == (
        f"SPC XmR chart of 24 baseline months (mean 11, limits {LCL:.2f} to {UCL:.2f}): no current month beyond "
        "the limits and no run of 8 or more on one side of the mean, so no signal."
    )
    assert r.direction == "none"
    assert (r.statistic, r.p_value, r.test_kind) == (None, None, "control_chart")


def test_spc_needs_24_baseline_months() -> None:
    with pytest.raises(BenchmarkError) as exc:
        judge("spc", {}, Comparison("count", (11,) * 12, SPC_BASE, earlier=SPC_EARLIER[:11]))
    assert str(exc.value) == (
        "spc needs 24 baseline months (the baseline period and the months before it), but the series has 23"
    )
    r = judge("spc", {"baseline_months": 36}, Comparison("count", (11,) * 12, SPC_BASE, earlier=(1, 2) * 6 + SPC_EARLIER))
    assert r.explanation.startswith("SPC XmR chart of 36 baseline months")


@pytest.mark.parametrize("flat", [0, 7])
def test_spc_on_a_flat_baseline_is_no_test(flat: int) -> None:
    """A chart whose baseline months are all the same has no width: one crime more is not a signal."""
    r = judge("spc", {}, Comparison("count", (0,) * 11 + (1,), (flat,) * 12, earlier=(flat,) * 12))
    assert (r.direction, r.test_kind) == ("none", "none")
    assert r.explanation == (
        f"SPC XmR chart of 24 baseline months: every baseline month is {flat}, so the chart has no width "
        "and cannot judge a change; no test."
    )


def test_spc_run_of_eight_above_mean_is_up() -> None:
    r = spc((12, 13, 12, 12, 14, 12, 13, 12))  # all > 11, all < UCL
    assert r.direction == "up"
    assert r.explanation.endswith("run of 8 months above the baseline mean, a control-chart signal of an upward shift.")
    assert "control limit" not in r.explanation


def test_spc_run_of_seven_is_not_enough() -> None:
    assert spc((12, 13, 12, 12, 14, 12, 13, 10)).direction == "none"
    assert spc((12, 13, 12, 12, 14, 12, 13), run_length=7).direction == "up"


def test_spc_one_point_beyond_ucl_is_up() -> None:
    r = spc((10, 12, 17, 10, 12))  # 17 > 16.319
    assert r.direction == "up"
    assert "1 month above the upper control limit" in r.explanation
    assert spc((10, 12, 16.3, 10, 12)).direction == "none"  # just inside


def test_spc_point_below_lcl_is_down() -> None:
    r = spc((10, 5, 12))
    assert r.direction == "down"
    assert "1 month below the lower control limit" in r.explanation


def test_spc_both_signals_is_none() -> None:
    r = spc((17, 10, 10, 10, 10, 10, 10, 10, 10))  # above UCL, then 8 below the mean
    assert r.direction == "none"
    assert "signals in both directions" in r.explanation
    assert "above the upper control limit" in r.explanation
    assert "run of 8 months below the baseline mean" in r.explanation


def test_spc_point_equal_to_mean_breaks_a_run() -> None:
    r = spc((12, 12, 12, 12, 11, 12, 12, 12, 12))  # 4 + 4 above, broken by 11 == CL
    assert r.direction == "none"
    assert "no run of 8 or more" in r.explanation


def test_spc_sigma_parameter() -> None:
    assert spc((15,)).direction == "none"  # 15 < 16.319
    assert spc((15,), sigma=2).direction == "up"  # 2-sigma UCL = 11 + 2·2/1.128 = 14.55


def test_spc_proportions_use_monthly_rates() -> None:
    # Baseline monthly rates 0.5, 0.6, 0.5, 0.6 -> CL 0.55 (the mean of the monthly rates;
    # the pooled rate 112/220 = 0.509 would differ), MR̄ 0.1, UCL 0.55 + 3·0.1/1.128 = 0.816.
    base_v, base_n = (50, 6) * 12, (100, 10) * 12
    cur_v, cur_n = (9, 50), (10, 100)  # 0.9 > UCL
    r = judge("spc", {}, Comparison("proportion", cur_v, base_v, cur_n, base_n))
    assert r.direction == "up"
    assert "mean 55.0%" in r.explanation
    ucl = 0.55 + 3 * 0.1 / 1.128
    assert f"to {100 * ucl:.1f}%" in r.explanation
    # 0.8 is inside the limit even though 80 of 100 would be far above a pooled-count chart
    r = judge("spc", {}, Comparison("proportion", (80,), base_v, (100,), base_n))
    assert r.direction == "none"
    # the chart's earlier months are rates too
    r = judge("spc", {}, Comparison("proportion", cur_v, base_v[:12], cur_n, base_n[:12], base_v[:12], base_n[:12]))
    assert "mean 55.0%" in r.explanation


def test_spc_levels() -> None:
    r = judge("spc", {}, Comparison("level", (7.5,) * 8, (7.0, 7.2) * 12))
    assert r.direction == "up"


def test_spc_ignores_confidence() -> None:
    a = spc((17,))
    b = judge("spc", {}, Comparison("count", (17,), SPC_BASE, earlier=SPC_EARLIER), confidence=0.5)
    assert a == b


# --------------------------------------------------------------------------- real cases


def test_knife_crime_is_significant_under_poisson() -> None:
    # The report calls it "Within usual variation"; under the Poisson test the fall is significant,
    # so the catalogue needs another method (e.g. spc) to reproduce the report's wording.
    r = judge("poisson", {}, counts(1372, 1577))
    assert r.direction == "down"


def test_rape_is_not_significant_under_poisson() -> None:
    assert judge("poisson", {}, counts(819, 777)).direction == "none"


def test_hate_crime_satisfaction() -> None:
    c = props(145, 198, 80, 98)
    assert judge("two_proportion", {}, c).direction == "none"
    assert judge("ci_current", {}, c).direction == "down"


def test_999_calls_answered_in_time() -> None:
    c = props(94500, 100000, 92600, 100000)
    r = judge("two_proportion", {}, c)
    assert r.direction == "up"
    assert r.p_value is not None and 0 < r.p_value < 1e-60


# --------------------------------------------------------------------------- none, catalogue


def test_none_method() -> None:
    for c in (counts(1, 2), props(1, 2, 1, 2), Comparison("level", (1.0,), (2.0,))):
        assert judge("none", {}, c) == BenchmarkResult(
            "none", "none", "none", None, None, "No benchmark test for this measure."
        )
        assert not judge("none", {}, c).tested


def test_methods_catalogue() -> None:
    assert set(METHODS) == {"quasi_poisson", "quasi_binomial", "newcombe", "linear", "annual_totals",
                            "poisson", "two_proportion", "ci_current", "spc", "none"}
    assert METHODS["annual_totals"].kinds == {"count", "proportion"} and METHODS["annual_totals"].defaults == {"earlier_years": 5}
    assert METHODS["poisson"].kinds == {"count"}
    assert METHODS["poisson"].defaults == {"variant": "normal"}
    assert METHODS["ci_current"].defaults == {"interval": "wald"}
    assert METHODS["spc"].defaults == {"sigma": 3, "run_length": 8, "baseline_months": 24}
    assert METHODS["quasi_poisson"].defaults == METHODS["linear"].defaults == {"earlier_pairs": 3}
    assert {m.name: m.test_kind for m in METHODS.values() if m.test_kind != "significance"} == {
        "spc": "control_chart", "none": "none"}
    assert {m.test_kind for m in METHODS.values()} == set(TEST_KINDS)
    assert {m.name: m.short for m in METHODS.values()} == {
        "quasi_poisson": "quasi-Poisson model", "quasi_binomial": "quasi-binomial model",
        "newcombe": "Newcombe interval", "linear": "linear model", "poisson": "Poisson test",
        "two_proportion": "two-proportion z-test", "ci_current": "interval for the current rate",
        "spc": "control chart", "none": "no test", "annual_totals": "test of 12-month totals"}
    assert METHODS["spc"].kinds == {"count", "proportion", "level"}
    assert METHODS["two_proportion"].kinds == {"proportion"}
    with pytest.raises(TypeError):
        METHODS["x"] = METHODS["none"]  # type: ignore[index]


# --------------------------------------------------------------------------- errors

ERRORS = [
    ("poison", {}, "count", "unknown benchmark method 'poison'; did you mean 'poisson'?"),
    ("zzz", {}, "count",
     "unknown benchmark method 'zzz'; expected one of 'annual_totals', 'ci_current', 'linear', 'newcombe', 'none', 'poisson', "
     "'quasi_binomial', 'quasi_poisson', 'spc' or 'two_proportion'"),
    ("quasi_poisson", {"earlier_pairs": 11}, "count",
     "quasi_poisson parameter 'earlier_pairs' must be a whole number from 0 to 10, not 11"),
    ("newcombe", {}, "count", "newcombe needs a proportion measure, not count"),
    ("linear", {}, "proportion", "linear needs a level measure, not proportion"),
    ("spc", {"baseline_months": 12}, "count",
     "spc parameter 'baseline_months' must be a whole number of at least 24, not 12"),
    ("poisson", {"varient": "exact"}, "count",
     "unknown parameter 'varient' for benchmark method 'poisson'; did you mean 'variant'?"),
    ("poisson", {"zzz": 1}, "count",
     "unknown parameter 'zzz' for benchmark method 'poisson'; poisson takes 'variant'"),
    ("two_proportion", {"variant": "exact"}, "proportion",
     "unknown parameter 'variant' for benchmark method 'two_proportion'; two_proportion takes no parameters"),
    ("two_proportion", {}, "count", "two_proportion needs a proportion measure, not count"),
    ("poisson", {}, "level", "poisson needs a count measure, not level"),
    ("ci_current", {}, "count", "ci_current needs a proportion measure, not count"),
    ("poisson", {}, "rate", "unknown measure kind 'rate'; expected 'count', 'proportion' or 'level'"),
    ("poisson", {"variant": "exakt"}, "count",
     "poisson parameter 'variant' must be 'normal' or 'exact', not 'exakt'; did you mean 'exact'?"),
    ("ci_current", {"interval": "clopper"}, "proportion",
     "ci_current parameter 'interval' must be 'wald' or 'wilson', not 'clopper'"),
    ("spc", {"sigma": -1}, "count", "spc parameter 'sigma' must be a positive number, not -1"),
    ("spc", {"sigma": "3"}, "count", "spc parameter 'sigma' must be a positive number, not '3'"),
    ("spc", {"run_length": 1}, "count",
     "spc parameter 'run_length' must be a whole number of at least 2, not 1"),
    ("spc", {"run_length": 7.5}, "count",
     "spc parameter 'run_length' must be a whole number of at least 2, not 7.5"),
    ("spc", {"run_length": True}, "count",
     "spc parameter 'run_length' must be a whole number of at least 2, not True"),
]


@pytest.mark.parametrize("method,params,kind,message", ERRORS)
def test_validate_errors(method: str, params: dict, kind: str, message: str) -> None:
    with pytest.raises(BenchmarkError) as exc:
        validate(method, params, kind)
    assert str(exc.value) == message


@pytest.mark.parametrize("method,params,kind,message", [e for e in ERRORS if e[2] in ("count", "proportion")])
def test_judge_errors_match_validate(method: str, params: dict, kind: str, message: str) -> None:
    c = counts(5, 6) if kind == "count" else props(5, 10, 6, 10)
    with pytest.raises(BenchmarkError) as exc:
        judge(method, params, c)
    assert str(exc.value) == message


def test_benchmark_error_is_value_error() -> None:
    assert issubclass(BenchmarkError, ValueError)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5, float("nan"), True, "0.95"])
def test_bad_confidence(confidence: object) -> None:
    with pytest.raises(BenchmarkError) as exc:
        judge("poisson", {}, counts(5, 6), confidence=confidence)  # type: ignore[arg-type]
    assert str(exc.value) == f"confidence must be between 0 and 1 (exclusive), not {confidence!r}"
    with pytest.raises(BenchmarkError):
        validate("poisson", {}, "count", confidence=confidence)  # type: ignore[arg-type]


def test_params_must_be_a_mapping() -> None:
    with pytest.raises(BenchmarkError) as exc:
        validate("spc", ["sigma", 2], "count")  # type: ignore[arg-type]
    assert str(exc.value) == "parameters for benchmark method 'spc' must be a mapping, not list"


def test_validate_accepts_good_specs() -> None:
    validate("poisson", {"variant": "exact"}, "count")
    validate("spc", {"sigma": 2.5, "run_length": 6}, "proportion")
    validate("ci_current", {"interval": "wilson"}, "proportion", confidence=0.9)
    validate("none", {}, "level")
    validate("spc", None, "level")


@pytest.mark.parametrize(
    "comparison,message",
    [
        (Comparison("proportion", months(5), months(6)),
         "a proportion measure needs current_denominators and baseline_denominators"),
        (Comparison("proportion", months(5), months(6), months(10), None),
         "a proportion measure needs current_denominators and baseline_denominators"),
        (Comparison("proportion", months(5), months(6), months(10)[:11], months(10)),
         "current_denominators has 11 months but current has 12"),
        (Comparison("proportion", (5,), (6,), (4,), (10,)),
         "current month 1 has value 5 above its denominator 4"),
        (Comparison("proportion", (0,), (6,), (0,), (10,)),
         "a proportion measure needs a positive total denominator in the current period"),
        (Comparison("count", (), (1,)), "current needs at least one month, not ()"),
        (Comparison("count", (1, float("nan")), (1, 2)), "current month 2 is not a finite number: nan"),
        (Comparison("count", (1, 2), (1, -2)), "baseline month 2 is negative: -2"),
        (Comparison("count", months(5), months(6, 11)),
         "poisson assumes equal exposure, but current has 12 months and baseline 11"),
    ],
)
def test_data_errors(comparison: Comparison, message: str) -> None:
    method = "two_proportion" if comparison.kind == "proportion" else "poisson"
    with pytest.raises(BenchmarkError) as exc:
        judge(method, {}, comparison)
    assert str(exc.value) == message


def test_other_data_errors() -> None:
    with pytest.raises(BenchmarkError, match="^the exact poisson test needs whole-number totals"):
        judge("poisson", {"variant": "exact"}, Comparison("count", (1.5,), (2.0,)))
    with pytest.raises(BenchmarkError, match="^spc needs a monthly rate, but baseline month 2 has a zero denominator$"):
        judge("spc", {}, Comparison("proportion", (1,), (1, 0) + (1,) * 22, (2,), (2, 0) + (2,) * 22))
    with pytest.raises(BenchmarkError, match="^a proportion measure with earlier months needs earlier_denominators$"):
        judge("quasi_binomial", {}, Comparison("proportion", (1, 1), (1, 1), (2, 2), (2, 2), (1, 1)))
    with pytest.raises(BenchmarkError, match="^earlier month 1 is negative: -1$"):
        judge("quasi_poisson", {}, Comparison("count", (1, 1), (1, 1), earlier=(-1, 1)))
    # levels may be negative (e.g. a change in minutes); counts may not
    judge("spc", {}, Comparison("level", (-1.0,), (-2.0, 0.0) * 12))


def test_no_method_imports_statsmodels_or_scipy_stats() -> None:
    """Every method, the exact fallbacks too, on numpy and scipy.special alone (each heavy library
    costs about half a second to import); the build-level check is in tests/test_pipeline.py."""
    code = (
        "import sys\n"
        "from narrator.analysis.benchmarks import judge, Comparison\n"
        "c = Comparison('proportion', (5, 6), (6, 5), (10, 10), (10, 10))\n"
        "counts = Comparison('count', (5, 9, 3), (6, 2, 8), earlier=(4, 5, 6, 7, 3, 5))\n"
        "judge('quasi_poisson', {}, counts)\n"
        "judge('quasi_poisson', {}, Comparison('count', (5, 0, 3), (0, 0, 0)))\n"
        "judge('linear', {}, Comparison('level', (5.0, 9.0), (6.0, 2.0)))\n"
        "judge('newcombe', {}, c)\n"
        "judge('poisson', {}, counts)\n"
        "judge('poisson', {'variant': 'exact'}, counts)\n"
        "judge('two_proportion', {}, c)\n"
        "judge('ci_current', {'interval': 'wilson'}, c)\n"
        "judge('spc', {}, Comparison('count', (5,), (6, 7) * 12))\n"
        "judge('quasi_binomial', {}, Comparison('proportion', (5, 6, 4), (6, 5, 5), (10, 10, 10), (10, 10, 10)))\n"
        "judge('quasi_binomial', {}, Comparison('proportion', (1,) * 6 + (0,) * 6, (0,) * 12, (10,) * 12, (10,) * 12))\n"
        "judge('annual_totals', {}, Comparison('count', (900.0,), (1050.0,), earlier=(1000.0, 1040.0, 990.0, 1010.0)))\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] == 'statsmodels' or m.startswith('scipy.stats'))\n"
        "assert not heavy, heavy\n"
    )
    env = {"PYTHONPATH": str(ROOT), "PATH": ""}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)


# --------------------------------------------------------------------------- annual_totals (rolling-year series)


def test_annual_totals_against_the_year_on_year_changes_of_earlier_period_ends() -> None:
    earlier = (1000.0, 1040.0, 990.0, 1010.0, 1080.0)  # oldest first, a year apart, before the baseline
    c = Comparison("count", (900.0,), (1050.0,), earlier=earlier)
    r = judge("annual_totals", {}, c)
    history = earlier + (1050.0,)
    d = [(b - a) / math.sqrt(a + b) for a, b in zip(history, history[1:])]
    phi = sum(x * x for x in d) / 5
    t = (900 - 1050) / math.sqrt(phi * 1950)
    p = 2 * student_t.sf(abs(t), 5)
    assert (round(phi, 4), round(t, 4), round(p, 4)) == (0.9966, -3.4027, 0.0192)  # the fall is significant
    assert r.statistic == pytest.approx(t)
    assert r.p_value == pytest.approx(p)
    assert r.direction == "down"
    assert r.explanation == ("Test of the 12-month totals 900 v 1,050 against the year-on-year changes of earlier period ends; "
                             "dispersion 1.00 from the last 5: t = -3.40, p = 0.019, significant at the 95% confidence level.")


def test_annual_totals_of_rates_use_the_two_proportion_scale() -> None:
    c = Comparison("proportion", (300.0,), (250.0,), (1000.0,), (1000.0,), earlier=(240.0, 260.0, 255.0), earlier_denominators=(1000.0,) * 3)
    r = judge("annual_totals", {}, c)
    rates = [(240, 1000), (260, 1000), (255, 1000), (250, 1000)]

    def z(new, old):
        pooled = (new[0] + old[0]) / (new[1] + old[1])
        return (new[0] / new[1] - old[0] / old[1]) / math.sqrt(pooled * (1 - pooled) * (1 / new[1] + 1 / old[1]))

    phi = sum(z(b, a) ** 2 for a, b in zip(rates, rates[1:])) / 3
    assert r.statistic == pytest.approx(z((300, 1000), (250, 1000)) / math.sqrt(phi))
    assert r.explanation.startswith("Test of the 12-month rates 30.0% (n=1,000) v 25.0% (n=1,000) against the year-on-year changes")


def test_annual_totals_need_three_earlier_changes_and_real_variation() -> None:
    few = judge("annual_totals", {}, Comparison("count", (900.0,), (1050.0,), earlier=(1000.0, 1040.0)))
    assert (few.direction, few.test_kind) == ("none", "none")
    assert few.explanation == (
        "Test of the 12-month totals 900 v 1,050 against the year-on-year changes of earlier period ends: the series has "
        "2 earlier year-on-year changes at this time of year, fewer than the 3 needed to estimate how much its 12-month "
        "figures vary from year to year; no test.")
    flat = judge("annual_totals", {}, Comparison("count", (900.0,), (1000.0,), earlier=(1000.0,) * 5))
    assert flat.test_kind == "none" and "vary far less from year to year than chance alone makes them" in flat.explanation
    with pytest.raises(BenchmarkError) as error:
        judge("annual_totals", {}, Comparison("count", (1.0, 2.0), (1.0, 2.0)))
    assert str(error.value) == "annual_totals compares two 12-month totals (a rolling-year series), not 2 and 2 months"
