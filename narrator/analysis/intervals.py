"""The 95% interval of a measure's change, on the scale the report prints it.

Each interval inverts the test that judged the measure, so the interval excludes no change
exactly when the test finds one (docs/benchmarks.md, "Intervals"):

* counts: the ratio of the two totals, from the score test of a ratio R: given the two totals'
  sum N, the current total is binomial with chance R / (1 + R) and variance φ N π (1 − π), so
  the interval for π is Wilson's on N / φ trials and the ratio's is π / (1 − π); printed as a %
  change;
* rates: the difference in percentage points the test compares (month-matched, or the two
  12-month rates), ± the quantile times its standard error;
* levels: the difference of the two means, ± the quantile times its standard error.

Everything is in the units of the change as printed: % for counts, points for rates (× 100),
the measure's own unit for levels.
"""

from __future__ import annotations

import math

Interval = tuple[float, float]


def quantile(confidence: float, df: int | None = None) -> float:
    """The two-sided critical value: Student's t on ``df`` degrees of freedom, or normal."""
    from scipy.special import ndtri, stdtrit  # cheap: scipy.special, not scipy.stats

    upper = (1 + confidence) / 2
    return float(ndtri(upper) if df is None else stdtrit(df, upper))


def ratio_change(x1: float, x0: float, dispersion: float, critical: float) -> Interval | None:
    """The % change of the current total ``x1`` on the baseline ``x0``: the set of ratios the
    (quasi-)Poisson score test t = (x1 − x0) / √(φ (x1 + x0)) does not reject. None when the
    baseline is 0 (no % change) or there are no events."""
    total = x1 + x0
    if x0 <= 0 or total <= 0 or dispersion <= 0:
        return None
    n, share, z2 = total / dispersion, x1 / total, critical * critical
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = critical / (1 + z2 / n) * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n))
    low, high = max(0.0, centre - half), centre + half
    if high >= 1:
        return None  # no upper bound to the ratio: the interval would be unbounded
    return (low / (1 - low) - 1) * 100, (high / (1 - high) - 1) * 100


def exact_ratio_change(x1: int, x0: int, confidence: float) -> Interval | None:
    """The % change from the Clopper–Pearson interval of the current total's share (the exact
    Poisson test's interval). None when the baseline is 0."""
    from scipy.special import betaincinv

    total = x1 + x0
    if x0 <= 0 or total <= 0:
        return None
    alpha = 1 - confidence
    low = 0.0 if x1 == 0 else float(betaincinv(x1, total - x1 + 1, alpha / 2))
    high = 1.0 if x0 == 0 else float(betaincinv(x1 + 1, total - x1, 1 - alpha / 2))
    if high >= 1:
        return None
    return (low / (1 - low) - 1) * 100, (high / (1 - high) - 1) * 100


def around(estimate: float, standard_error: float, critical: float, scale: float = 1.0) -> Interval:
    """estimate ± critical × standard error, times ``scale`` (100 for points)."""
    half = critical * standard_error
    return (estimate - half) * scale, (estimate + half) * scale
