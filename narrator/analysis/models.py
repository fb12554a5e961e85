"""The month-matched models (quasi-Poisson, quasi-binomial, linear) that compare each month with
the same month a year before, their dispersion estimated from earlier pairs of years; and the
test of 12-month totals as published (``annual_totals``). Formulas: ``docs/benchmarks.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from . import binomialpairs, dispersion, exact, intervals


from .comparison import (
    BenchmarkError,
    BenchmarkResult,
    Comparison,
    _num,
    _p_text,
    _pct,
    _sign,
    _significance,
    _tested_direction,
    _two_sided_t,
)


# --------------------------------------------------------------------------- periods in pairs


@dataclass(frozen=True)
class _Pair:
    """Two consecutive periods, month by month: rows (older, newer) × months of the year."""

    values: np.ndarray
    denominators: np.ndarray | None


def _pairs(c: Comparison, earlier_pairs: int) -> list[_Pair]:
    """The tested pair (baseline, current) first, then up to ``earlier_pairs`` earlier pairs of
    whole periods, newest first: the periods before the baseline, taken two by two."""
    length = len(c.current)
    values = np.asarray(tuple(c.earlier) + tuple(c.baseline) + tuple(c.current), dtype=float)
    dens = None
    if c.kind == "proportion":
        dens = np.asarray(tuple(c.earlier_denominators or ()) + tuple(c.baseline_denominators or ())
                          + tuple(c.current_denominators or ()), dtype=float)
    pairs = []
    end = len(values)
    while len(pairs) <= earlier_pairs and end - 2 * length >= 0:
        rows = slice(end - 2 * length, end)
        pairs.append(_Pair(values[rows].reshape(2, length), None if dens is None else dens[rows].reshape(2, length)))
        end -= 2 * length
    return pairs


def _pooled(parts: Sequence[tuple[float, int]]) -> tuple[float, int, int]:
    """(Pearson X² or residual sum of squares, degrees of freedom, pairs contributing)."""
    used = [(x, df) for x, df in parts if df > 0]
    return math.fsum(x for x, _ in used), sum(df for _, df in used), len(used)


def _pairs_text(pairs: int, length: int) -> str:
    unit = "year" if length == 12 else f"{length}-month period"
    return f"{pairs} pair{'' if pairs == 1 else 's'} of {unit}s"


def _dispersion_text(x2: float, df: int, pairs: int, length: int) -> str:
    return f"dispersion {x2 / df:.2f} from {df} degrees of freedom over {_pairs_text(pairs, length)}"


UNDERDISPERSED = 0.001  # below this chance of months so even, the data look spread from a total


def _too_regular(method: str, head: str, x2: float, df: int, family: str) -> BenchmarkResult | None:
    """No test when the months vary far less than independent events can (Pearson X² in the
    lower 0.1% tail of its chi-squared distribution): figures spread evenly from a total, say,
    which would make any change look significant."""
    from scipy.special import chdtr  # cheap: scipy.special, not scipy.stats

    chance = float(chdtr(df, x2))
    if chance >= UNDERDISPERSED:
        return None
    return BenchmarkResult(
        method, "none", "none", None, None,
        f"{head}: the months vary far less than {family} counts can (dispersion {x2 / df:.2f} from {df} "
        f"degrees of freedom, a chance below {UNDERDISPERSED:g}), as if spread evenly from a total, so no test.")


# --------------------------------------------------------------------------- month-matched models


def _month_matched(c: Comparison, params: Mapping[str, object], model: str) -> tuple[int, list[_Pair], str]:
    """The period length, the pairs of periods and the explanation's opening for ``model``."""
    length = len(c.current)
    return length, _pairs(c, int(params["earlier_pairs"])), (  # type: ignore[call-overload]
        f"{model} (month-of-year and period terms), {length}-month")


def _quasi_poisson(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    length, pairs, opening = _month_matched(c, params, "Quasi-Poisson model of the monthly counts")
    x0, x1 = (float(v) for v in pairs[0].values.sum(axis=1))
    head = f"{opening} totals {_num(x1)} v {_num(x0)}"
    if x1 + x0 == 0:
        return _significance("quasi_poisson", "none", None, None,
                             f"{head}: no events in either period, so no change to test", confidence)
    noise = dispersion.count_noise([p.values for p in pairs])
    x2, df = noise.x2, noise.df
    alpha = 1 - confidence
    if df == 0:
        # No months to estimate the dispersion from: the exact Poisson test (conditional binomial).
        p = exact.poisson_exact_p(int(round(x1)), int(round(x0)))
        return _significance(
            "quasi_poisson", _tested_direction(p, alpha, x1 - x0), None, p,
            f"{head}: no months to estimate the dispersion from, so the exact Poisson test: {_p_text(p)}",
            confidence, change=intervals.exact_ratio_change(int(round(x1)), int(round(x0)), confidence))
    regular = _too_regular("quasi_poisson", head, x2, df, "Poisson")
    if regular:
        return regular
    scale = noise.dispersion * noise.factor  # the variance of a total, per event
    t = (x1 - x0) / math.sqrt(scale * (x1 + x0))
    p = _two_sided_t(t, df)
    ratio = f" (ratio {x1 / x0:.2f})" if x0 else ""
    return _significance(
        "quasi_poisson", _tested_direction(p, alpha, t), t, p,
        f"{head}{ratio}; {_noise_text(noise, length)}: t = {t:.2f}, {_p_text(p)}",
        confidence, change=intervals.ratio_change(x1, x0, scale, intervals.quantile(confidence, df)),
        noise=noise,
    )


def _noise_text(noise: dispersion.Noise, length: int) -> str:
    """The dispersion used, where it comes from, the tested pair's own, and the autocorrelation."""
    unit = "year" if length == 12 else f"{length}-month period"
    where = (f"{noise.pairs} earlier pair{'' if noise.pairs == 1 else 's'} of {unit}s" if noise.earlier
             else f"the tested pair of {unit}s alone")
    text = f"dispersion {noise.dispersion:.2f} from {noise.df} degrees of freedom over {where}"
    if noise.earlier and noise.tested is not None:
        text += f" (the tested pair's own: {noise.tested:.2f})"
    if noise.factor != 1:
        text += f", times {noise.factor:.2f} for the months' lag-1 autocorrelation {noise.rho:.2f}"
    return text


def _quasi_binomial(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    length, pairs, opening = _month_matched(c, params, "Quasi-binomial model of the monthly rates")
    y, n = pairs[0].values, pairs[0].denominators
    assert n is not None
    (v0, v1), (n0, n1) = y.sum(axis=1), n.sum(axis=1)
    p1, p0 = v1 / n1, v0 / n0
    head = f"{opening} rates {_pct(p1)} (n={_num(n1)}) v {_pct(p0)} (n={_num(n0)})"
    # Score test for the period term, at the null fit (each month's rate pooled over the two periods).
    both = (n[0] > 0) & (n[1] > 0)
    pooled = y[:, both].sum(axis=0) / n[:, both].sum(axis=0)
    score = float((y[1, both] - n[1, both] * pooled).sum())
    information = float((pooled * (1 - pooled) * n[1, both] * n[0, both] / n[:, both].sum(axis=0)).sum())
    if information <= 0:
        return _significance("quasi_binomial", "none", None, None,
                             f"{head}: the rates do not vary between 0% and 100% in any month common to "
                             "both periods, so there is no difference to test", confidence)
    alpha = 1 - confidence
    x2, df, used = _pooled([binomialpairs.pearson(pair.values, pair.denominators) for pair in pairs])  # type: ignore[arg-type]
    if df == 0:
        table = [[int(round(v1)), int(round(n1 - v1))], [int(round(v0)), int(round(n0 - v0))]]
        p = exact.fisher_exact_p(table)
        direction = _tested_direction(p, alpha, p1 - p0)
        return _significance("quasi_binomial", direction, None, p,
                             f"{head}: no months to estimate the dispersion from, so Fisher's exact test "
                             f"on the {length}-month totals: {_p_text(p)}", confidence)
    regular = _too_regular("quasi_binomial", head, x2, df, "binomial")
    if regular:
        return regular
    spells = _rate_spells(pairs, x2 / df)
    scale = x2 / df * spells.factor
    t = score / math.sqrt(scale * information)
    p = _two_sided_t(t, df)
    direction = _tested_direction(p, alpha, t)
    # The month-matched difference the score test compares, U / W, and its standard error.
    weight = float((n[1, both] * n[0, both] / n[:, both].sum(axis=0)).sum())
    change = intervals.around(score / weight, math.sqrt(scale * information) / weight,
                              intervals.quantile(confidence, df), 100)
    text = f"{head}; {_dispersion_text(x2, df, used, length)}{spells.text}: t = {t:.2f}, {_p_text(p)}"
    if direction != "none" and _sign(p1 - p0) != direction:
        # Month for month the rate moved one way, the 12-month rate (weighted by the months'
        # volumes) the other: no change the report could state consistently.
        text += (f"; but the {length}-month rate moved the other way from its months, "
                 "so there is no consistent change")
        direction = "none"
        change = None  # an interval of the month-matched difference would contradict the 12-month rates
    return _significance("quasi_binomial", direction, t, p, text, confidence, change=change, noise=spells if pairs[1:] else None)


def _linear_pair(y: np.ndarray, scale: float) -> tuple[float, int]:
    """Residual sum of squares (times ``scale``²) and df of the two-way additive model
    period + month-of-year."""
    residuals = y - y.mean(axis=1, keepdims=True) - y.mean(axis=0) + y.mean()
    return float((residuals ** 2).sum()) * scale * scale, y.shape[1] - 1


def _linear(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    length, pairs, opening = _month_matched(c, params, "Linear model of the monthly values")
    m0, m1 = (float(v) for v in pairs[0].values.mean(axis=1))
    head = f"{opening} means {_num(m1)} v {_num(m0)}"
    # A level's spread grows with it (a response time, say): where every pair of years has a
    # positive mean, each earlier pair's residuals are scaled to the tested pair's level before
    # pooling (a constant coefficient of variation across pairs); otherwise they pool as they are.
    levels = [float(p.values.mean()) for p in pairs]
    scales = [levels[0] / level for level in levels] if min(levels) > 0 else [1.0] * len(pairs)
    ss, df, used = _pooled([_linear_pair(p.values, k) for p, k in zip(pairs, scales)])
    if ss <= 0:
        return BenchmarkResult(
            "linear", "none", "none", None, None,
            f"{head}: the months do not vary about their month-of-year pattern, so there is no "
            "variation to test a change against; no test.")
    sd = math.sqrt(ss / df)
    t = (m1 - m0) / (sd * math.sqrt(2 / length))
    p = _two_sided_t(t, df)
    return _significance(
        "linear", _tested_direction(p, 1 - confidence, t), t, p,
        f"{head} (difference {_num(round(m1 - m0, 2))}); residual standard deviation {sd:.2f} from {df} "
        f"degrees of freedom over {_pairs_text(used, length)}: t = {t:.2f}, {_p_text(p)}", confidence,
        change=intervals.around(m1 - m0, sd * math.sqrt(2 / length), intervals.quantile(confidence, df)),
    )


@dataclass(frozen=True)
class _Spells:
    """The months' autocorrelation a rate's test allows for (as for counts: dispersion.allowance),
    its variance factor, and the words and the result's fields for it (``rho``; no dispersion of its own)."""

    rho: float = 0.0
    factor: float = 1.0

    @property
    def text(self) -> str:
        return f", times {self.factor:.2f} for the months' lag-1 autocorrelation {self.rho:.2f}" if self.factor != 1 else ""

    @property
    def dispersion(self) -> None:  # read by _significance as the noise reported: the rate's ρ only
        return None

    tested = dispersion


def _rate_spells(pairs: Sequence[_Pair], phi: float) -> _Spells:
    """From the earlier pairs' monthly rates (none without earlier pairs)."""
    if len(pairs) < 2:
        return _Spells()
    table = np.vstack([np.hstack([p.values, p.denominators]) for p in reversed(pairs[1:])])  # type: ignore[list-item]
    return _Spells(*dispersion.allowance(table, dispersion.rate_residuals, phi))


# --------------------------------------------------------------------------- 12-month totals as published

ANNUAL_MINIMUM = 3  # earlier year-on-year changes needed to estimate how much the totals vary


def _standardised(kind: str, newer: tuple[float, float | None], older: tuple[float, float | None]) -> float | None:
    """A change of one 12-month total (or rate) on another, over its chance variation: for counts
    (x1 − x0) / √(x1 + x0), for rates the two-proportion z; None where chance gives no variation."""
    (v1, n1), (v0, n0) = newer, older
    if kind == "count":
        return None if v1 + v0 <= 0 else (v1 - v0) / math.sqrt(v1 + v0)
    assert n1 is not None and n0 is not None
    pooled = (v1 + v0) / (n1 + n0)
    if not 0 < pooled < 1:
        return None
    return (v1 / n1 - v0 / n0) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))


def _annual_totals(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    if len(c.current) != 1 or len(c.baseline) != 1:
        raise BenchmarkError(
            f"annual_totals compares two 12-month totals (a rolling-year series), not {len(c.current)} and {len(c.baseline)} months")
    proportion = c.kind == "proportion"
    dens = (tuple(c.earlier_denominators or ()), tuple(c.baseline_denominators or ()), tuple(c.current_denominators or ()))
    totals = list(zip(c.earlier, dens[0] if proportion else [None] * len(c.earlier)))
    totals += [(c.baseline[0], dens[1][0] if proportion else None), (c.current[0], dens[2][0] if proportion else None)]
    if proportion:
        head = (f"Test of the 12-month rates {_pct(c.current[0] / dens[2][0])} (n={_num(dens[2][0])}) v "
                f"{_pct(c.baseline[0] / dens[1][0])} (n={_num(dens[1][0])})")
    else:
        head = f"Test of the 12-month totals {_num(c.current[0])} v {_num(c.baseline[0])}"
    head += " against the year-on-year changes of earlier period ends"
    tested = _standardised(c.kind, totals[-1], totals[-2])
    changes = [_standardised(c.kind, b, a) for a, b in zip(totals[:-2], totals[1:-1])]
    changes = [d for d in changes if d is not None][-int(params["earlier_years"]):]  # type: ignore[call-overload]
    k = len(changes)
    if k < ANNUAL_MINIMUM:
        return BenchmarkResult(
            "annual_totals", "none", "none", None, None,
            f"{head}: the series has {k} earlier year-on-year {'change' if k == 1 else 'changes'} at this time of year, "
            f"fewer than the {ANNUAL_MINIMUM} needed to estimate how much its 12-month figures vary from year to year; no test.")
    if tested is None:
        return _significance("annual_totals", "none", None, None, f"{head}: no events in either period, so no change to test", confidence)
    x2 = math.fsum(d * d for d in changes)
    from scipy.special import chdtr  # cheap: scipy.special, not scipy.stats

    if float(chdtr(k, x2)) < UNDERDISPERSED:
        return BenchmarkResult(
            "annual_totals", "none", "none", None, None,
            f"{head}: the earlier 12-month figures vary far less from year to year than chance alone makes them "
            f"(dispersion {x2 / k:.2f} from {k}, a chance below {UNDERDISPERSED:g}), as if they were not independent counts; no test.")
    t = tested / math.sqrt(x2 / k)
    p = _two_sided_t(t, k)
    change = c.current[0] / dens[2][0] - c.baseline[0] / dens[1][0] if proportion else c.current[0] - c.baseline[0]
    critical = intervals.quantile(confidence, k)
    if proportion:  # the tested z is the difference over its pooled standard error: invert that
        (v1, n1), (v0, n0) = totals[-1], totals[-2]
        pooled = (v1 + v0) / (n1 + n0)
        se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0) * x2 / k)
        span = intervals.around(change, se, critical, 100)
    else:
        span = intervals.ratio_change(c.current[0], c.baseline[0], x2 / k, critical)
    return _significance(
        "annual_totals", _tested_direction(p, 1 - confidence, change), t, p,
        f"{head}; dispersion {x2 / k:.2f} from the last {k}: t = {t:.2f}, {_p_text(p)}", confidence, change=span,
    )


