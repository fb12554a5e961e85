"""Statistical benchmark judgements: has a measure moved from its baseline, and which way?

A :class:`Comparison` holds a measure's current and baseline months and, where the series has
them, the months before the baseline; :func:`judge` applies one method from :data:`METHODS`
and returns a :class:`BenchmarkResult`: the direction of a significant movement (or of a
control-chart signal), what kind of result it is (:data:`TEST_KINDS`) and one plain sentence
explaining it. :func:`default_method` is the method a measure gets when its catalogue entry
names none, fixed in advance by the kind of measure. Formulas, assumptions and the measured
false-alarm rates and power of each method are in ``docs/benchmarks.md``.

Contracts:

* ``judge`` and ``validate`` raise :class:`BenchmarkError` (a ``ValueError``) with a
  one-line message for any unusable method, parameter, kind, confidence or data;
  they never raise anything else for bad input.
* ``direction`` is ``"up"`` or ``"down"`` only for a significant movement (or an SPC
  signal); otherwise ``"none"``. The explanation's verdict is written from ``direction``, so
  the two always agree.
* Importing this module is cheap (numpy only). scipy.special (cheap) gives the t and binomial
  tails and the exact tests (``exact.py``); the quasi-binomial model is fitted by ``glm.py``
  (numpy). Neither statsmodels nor scipy.stats is imported.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist
from types import MappingProxyType
from typing import Callable, Literal, Sequence

import numpy as np

from ..errors import suggestion
from . import exact, glm

__all__ = [
    "BenchmarkError",
    "BenchmarkResult",
    "Comparison",
    "KINDS",
    "METHODS",
    "MethodSpec",
    "ParamSpec",
    "TEST_KINDS",
    "default_method",
    "difference_interval",
    "judge",
    "proportion_interval",
    "spc_limits",
    "validate",
]

Kind = Literal["count", "proportion", "level"]
Direction = Literal["up", "down", "none"]
TestKind = Literal["significance", "control_chart", "none"]
KINDS: tuple[str, ...] = ("count", "proportion", "level")
# significance: a test at the report's confidence level; control_chart: an SPC signal, which
# has no confidence level; none: no test (method none, or data a method cannot judge).
TEST_KINDS: tuple[str, ...] = ("significance", "control_chart", "none")

_NORMAL = NormalDist()
_D2 = 1.128  # bias-correction constant for moving ranges of two points: sigma ≈ MR̄ / d2


class BenchmarkError(ValueError):
    """A benchmark method, its parameters, the confidence level or the data are unusable."""


@dataclass(frozen=True)
class Comparison:
    """A measure's current and baseline months, and the months before them.

    ``current`` and ``baseline`` are consecutive periods (normally 12 months each) in month
    order, so ``current[i]`` and ``baseline[i]`` are the same month of the year. ``earlier``
    holds the months before the baseline, oldest first, ending the month before the
    baseline begins (any number; the month-matched models use whole periods of it, the
    control chart its last months). Proportions carry monthly numerators in the value
    fields and denominators alongside; other kinds leave the denominators ``None``.
    """

    kind: Kind
    current: tuple[float, ...]
    baseline: tuple[float, ...]
    current_denominators: tuple[float, ...] | None = None
    baseline_denominators: tuple[float, ...] | None = None
    earlier: tuple[float, ...] = ()
    earlier_denominators: tuple[float, ...] | None = None


@dataclass(frozen=True)
class BenchmarkResult:
    """The verdict of one benchmark method on one comparison."""

    method: str
    direction: Direction
    test_kind: TestKind
    statistic: float | None
    p_value: float | None
    explanation: str
    interval: tuple[float, float] | None = None  # an interval the verdict rests on (a difference, a rate)

    @property
    def tested(self) -> bool:
        """False when nothing was tested (method none, or data the method cannot judge)."""
        return self.test_kind != "none"

    @property
    def significant(self) -> bool:
        """True when the method found a significant movement (or an SPC signal)."""
        return self.direction != "none"


@dataclass(frozen=True)
class ParamSpec:
    """One method parameter: its default and a checker returning a problem or ``None``."""

    default: object
    check: Callable[[object], str | None]
    doc: str


MethodFunction = Callable[["Comparison", Mapping[str, object], float], BenchmarkResult]


@dataclass(frozen=True)
class MethodSpec:
    """A benchmark method: the kinds it accepts, its parameters and its implementation.

    ``short`` names it in a sentence or a table note ("quasi-Poisson model"); ``test_kind``
    is the kind of result it gives when it can judge the data.
    """

    name: str
    kinds: frozenset[str]
    params: Mapping[str, ParamSpec]
    function: MethodFunction
    summary: str
    short: str
    test_kind: TestKind

    @property
    def defaults(self) -> dict[str, object]:
        """Parameter name -> default value."""
        return {name: p.default for name, p in self.params.items()}


# --------------------------------------------------------------------------- formatting


def _or_list(options: Sequence[str]) -> str:
    quoted = [repr(o) for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _num(x: float) -> str:
    """1,372 for whole numbers, otherwise up to two decimals (7.25, 98.1)."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _pct(p: float) -> str:
    return f"{100 * p:.1f}%"


def _points(d: float) -> str:
    return f"{100 * d:.1f}"


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _level(confidence: float) -> str:
    return f"{confidence * 100:g}%"


def _verdict(direction: Direction, confidence: float) -> str:
    """The verdict words of a significance test, from its direction (so they always agree)."""
    word = "not significant" if direction == "none" else "significant"
    return f"{word} at the {_level(confidence)} confidence level"


def _sign(x: float) -> Direction:
    return "up" if x > 0 else "down" if x < 0 else "none"


def _two_sided_p(z: float) -> float:
    """2·P(Z > |z|), via erfc so that far tails do not round to 0."""
    return math.erfc(abs(z) / math.sqrt(2))


def _two_sided_t(t: float, df: int) -> float:
    """2·P(T_df > |t|), df ≥ 1."""
    from scipy.special import stdtr  # cheap: scipy.special, not scipy.stats

    return float(2 * stdtr(df, -abs(t)))


def _significance(method: str, direction: Direction, statistic: float | None, p: float | None,
                  text: str, confidence: float, interval: tuple[float, float] | None = None) -> BenchmarkResult:
    """A significance test's result; ``text`` is the explanation before its verdict."""
    return BenchmarkResult(method, direction, "significance", statistic, p,
                           f"{text}, {_verdict(direction, confidence)}.", interval)


def _tested_direction(p: float, alpha: float, change: float) -> Direction:
    return _sign(change) if p < alpha else "none"


# --------------------------------------------------------------------------- intervals


def proportion_interval(
    p: float, n: float, confidence: float = 0.95, interval: str = "wald"
) -> tuple[float, float]:
    """Two-sided interval for a rate ``p`` observed on ``n`` trials.

    ``"wald"``: p ± z·√(p(1−p)/n). ``"wilson"``: the Wilson score interval.
    z is the standard normal quantile at (1 + confidence)/2. Bounds are clipped to [0, 1]
    (as statsmodels does), and a Wilson interval at 0% starts exactly at 0 and one at 100%
    ends exactly at 1 (without that, rounding leaves a rate of 0 "outside" its own interval).
    """
    if n <= 0:
        raise BenchmarkError(f"an interval needs a positive number of trials, not {n!r}")
    z = _NORMAL.inv_cdf((1 + confidence) / 2)
    if interval == "wald":
        half = z * math.sqrt(p * (1 - p) / n)
        return max(0.0, p - half), min(1.0, p + half)
    if interval == "wilson":
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z / denom * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
        lo = 0.0 if p <= 0 else max(0.0, centre - half)
        hi = 1.0 if p >= 1 else min(1.0, centre + half)
        return lo, hi
    raise BenchmarkError(f"interval must be 'wald' or 'wilson', not {interval!r}")


def difference_interval(
    v1: float, n1: float, v0: float, n0: float, confidence: float = 0.95
) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p1 − p0 (Newcombe 1998, method 10).

    Built from the Wilson intervals (l1, u1) and (l0, u0) of the two rates:
    d − √((p1 − l1)² + (u0 − p0)²) to d + √((u1 − p1)² + (p0 − l0)²), with d = p1 − p0.
    """
    p1, p0 = v1 / n1, v0 / n0
    l1, u1 = proportion_interval(p1, n1, confidence, "wilson")
    l0, u0 = proportion_interval(p0, n0, confidence, "wilson")
    d = p1 - p0
    return d - math.hypot(p1 - l1, u0 - p0), d + math.hypot(u1 - p1, p0 - l0)


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


def _poisson_pair(y: np.ndarray) -> tuple[float, int]:
    """Pearson X² and residual df of the Poisson log-linear model period + month-of-year on a
    2 × L table of counts. Its fitted values have a closed form, row total × column total /
    grand total; months with no events in either period carry no information and are left out."""
    rows, cols = y.sum(axis=1), y.sum(axis=0)
    keep = cols > 0
    if rows.min() <= 0 or keep.sum() < 2:
        return 0.0, 0  # one period has no events: the fit is on the boundary, no information
    fitted = np.outer(rows, cols[keep]) / rows.sum()
    return float(((y[:, keep] - fitted) ** 2 / fitted).sum()), int(keep.sum()) - 1


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
    x2, df, used = _pooled([_poisson_pair(p.values) for p in pairs])
    alpha = 1 - confidence
    if df == 0:
        # No months to estimate the dispersion from: the exact Poisson test (conditional binomial).
        p = exact.poisson_exact_p(int(round(x1)), int(round(x0)))
        return _significance(
            "quasi_poisson", _tested_direction(p, alpha, x1 - x0), None, p,
            f"{head}: no months to estimate the dispersion from, so the exact Poisson test: {_p_text(p)}",
            confidence)
    regular = _too_regular("quasi_poisson", head, x2, df, "Poisson")
    if regular:
        return regular
    t = (x1 - x0) / math.sqrt(x2 / df * (x1 + x0))
    p = _two_sided_t(t, df)
    ratio = f" (ratio {x1 / x0:.2f})" if x0 else ""
    return _significance(
        "quasi_poisson", _tested_direction(p, alpha, t), t, p,
        f"{head}{ratio}; {_dispersion_text(x2, df, used, length)}: t = {t:.2f}, {_p_text(p)}",
        confidence,
    )


def _binomial_keep(y: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Months of a pair that inform a binomial model with month-of-year terms: trials in both
    periods, and neither no successes nor all successes over the two."""
    total, trials = y.sum(axis=0), n.sum(axis=0)
    return (n[0] > 0) & (n[1] > 0) & (total > 0) & (total < trials)


def _binomial_pair(pair: _Pair) -> tuple[float, int]:
    """Pearson X² and residual df of the binomial GLM (logit link) period + month-of-year on
    one pair (``glm.fit``, as statsmodels fits it). Months without information are left out; a
    period with no successes (or all) puts the fit on the boundary, where the pair carries no
    information. Months all-or-nothing in one period fit exactly (quasi-separation): the fit and
    its X² stand."""
    assert pair.denominators is not None
    keep = _binomial_keep(pair.values, pair.denominators)
    y, n = pair.values[:, keep], pair.denominators[:, keep]
    months = int(keep.sum())
    if months < 2 or not all(0 < y[i].sum() < n[i].sum() for i in (0, 1)):
        return 0.0, 0
    design = np.zeros((2 * months, months + 1))
    design[:, :months] = np.vstack([np.eye(months)] * 2)
    design[months:, months] = 1.0
    fitted = glm.fit(design, y.reshape(-1), "binomial", trials=n.reshape(-1))
    # Pearson X² = Σ (y − nπ)² / (nπ(1 − π)) over the months kept.
    return float(fitted.pearson_chi2), months - 1


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
    x2, df, used = _pooled([_binomial_pair(pair) for pair in pairs])
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
    t = score / math.sqrt(x2 / df * information)
    p = _two_sided_t(t, df)
    direction = _tested_direction(p, alpha, t)
    text = f"{head}; {_dispersion_text(x2, df, used, length)}: t = {t:.2f}, {_p_text(p)}"
    if direction != "none" and _sign(p1 - p0) != direction:
        # Month for month the rate moved one way, the 12-month rate (weighted by the months'
        # volumes) the other: no change the report could state consistently.
        text += (f"; but the {length}-month rate moved the other way from its months, "
                 "so there is no consistent change")
        direction = "none"
    return _significance("quasi_binomial", direction, t, p, text, confidence)


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
    )


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
    return _significance(
        "annual_totals", _tested_direction(p, 1 - confidence, change), t, p,
        f"{head}; dispersion {x2 / k:.2f} from the last {k}: t = {t:.2f}, {_p_text(p)}", confidence,
    )


# --------------------------------------------------------------------------- survey proportions


def _rates(c: Comparison) -> tuple[float, float, float, float, float, float]:
    """(v1, n1, v0, n0, p1, p0): period numerators, denominators and pooled rates."""
    assert c.current_denominators is not None and c.baseline_denominators is not None
    v1, v0 = math.fsum(c.current), math.fsum(c.baseline)
    n1, n0 = math.fsum(c.current_denominators), math.fsum(c.baseline_denominators)
    return v1, n1, v0, n0, v1 / n1, v0 / n0


def _newcombe(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    v1, n1, v0, n0, p1, p0 = _rates(c)
    lo, hi = difference_interval(v1, n1, v0, n0, confidence)
    direction: Direction = "up" if lo > 0 else "down" if hi < 0 else "none"
    return _significance(
        "newcombe", direction, None, None,
        f"Newcombe interval for the difference of two survey proportions, {_pct(p1)} (n={_num(n1)}) v "
        f"{_pct(p0)} (n={_num(n0)}): difference {_points(p1 - p0)} percentage points, {_level(confidence)} "
        f"interval {_points(lo)} to {_points(hi)}, which {'includes' if direction == 'none' else 'excludes'} 0",
        confidence, (lo, hi),
    )


# --------------------------------------------------------------------------- simple tests (opt-in)


def _poisson(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    if len(c.current) != len(c.baseline):
        raise BenchmarkError(
            f"poisson assumes equal exposure, but current has {len(c.current)} months "
            f"and baseline {len(c.baseline)}"
        )
    months = len(c.current)
    x1, x0 = math.fsum(c.current), math.fsum(c.baseline)
    totals = f"{months}-month totals ({_num(x1)} v {_num(x0)})"
    alpha = 1 - confidence
    if x1 + x0 == 0:
        return _significance("poisson", "none", None, None,
                             f"Poisson test on {months}-month totals: no events in either period, "
                             "so no change to test", confidence)
    if params["variant"] == "exact":
        if x1 != round(x1) or x0 != round(x0):
            raise BenchmarkError(
                f"the exact poisson test needs whole-number totals, not {_num(x1)} and {_num(x0)}"
            )
        p = exact.poisson_exact_p(int(round(x1)), int(round(x0)))
        return _significance("poisson", _tested_direction(p, alpha, x1 - x0), None, p,
                             f"Exact Poisson test (conditional binomial) on {totals}: {_p_text(p)}", confidence)
    z = (x1 - x0) / math.sqrt(x1 + x0)
    p = _two_sided_p(z)
    return _significance("poisson", _tested_direction(p, alpha, z), z, p,
                         f"Poisson test on {totals}: z = {z:.2f}, {_p_text(p)}", confidence)


def _two_proportion(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    _, n1, _, n0, p1, p0 = _rates(c)
    rates = f"({_pct(p1)} (n={_num(n1)}) v {_pct(p0)} (n={_num(n0)}))"
    pooled = (p1 * n1 + p0 * n0) / (n1 + n0)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    if se == 0:
        return _significance("two_proportion", "none", None, None,
                             f"Two-proportion z-test on period rates {rates}: both rates are {_pct(p1)}, "
                             "so there is no difference to test", confidence)
    z = (p1 - p0) / se
    p = _two_sided_p(z)
    return _significance("two_proportion", _tested_direction(p, 1 - confidence, z), z, p,
                         f"Two-proportion z-test on period rates {rates}: z = {z:.2f}, {_p_text(p)}", confidence)


def _ci_current(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    _, n1, _, _, p1, p0 = _rates(c)
    kind = str(params["interval"])
    opening = "The"
    if kind == "wald" and p1 in (0.0, 1.0):
        # The Wald interval has no width at 0% or 100%: any other baseline would lie outside it.
        opening = f"The Wald interval has no width at {_pct(p1)}, so the Wilson interval is used: the"
        kind = "wilson"
    lo, hi = proportion_interval(p1, n1, confidence, kind)
    outside = p0 < lo or p0 > hi
    direction = _sign(p1 - p0) if outside else "none"
    where = "below" if p0 < lo else "above" if p0 > hi else "inside"
    statistic: float | None = None
    z_text = ""
    if kind == "wald":
        se = math.sqrt(p1 * (1 - p1) / n1)
        statistic = (p1 - p0) / se
        z_text = f" (z = {statistic:.2f})"
    return _significance(
        "ci_current", direction, statistic, None,
        f"{opening} {_level(confidence)} {kind.capitalize()} interval for the current rate {_pct(p1)} (n={_num(n1)}) "
        f"is {_pct(lo)} to {_pct(hi)}; the baseline rate {_pct(p0)} lies {where} it{z_text}",
        confidence, (lo, hi),
    )


# --------------------------------------------------------------------------- control chart (opt-in)


def _longest_run(xs: Sequence[float], beyond: Callable[[float], bool]) -> int:
    best = run = 0
    for x in xs:
        run = run + 1 if beyond(x) else 0
        best = max(best, run)
    return best


def _months(k: int) -> str:
    return f"{k} month" if k == 1 else f"{k} months"


def _monthly_points(label: str, values: Sequence[float], dens: Sequence[float] | None) -> list[float]:
    if dens is None:
        return [float(v) for v in values]
    for i, d in enumerate(dens, 1):
        if d == 0:
            raise BenchmarkError(f"spc needs a monthly rate, but {label} month {i} has a zero denominator")
    return [v / d for v, d in zip(values, dens)]


def spc_limits(baseline: Sequence[float], sigma: float) -> tuple[float, float, float]:
    """An XmR chart's (mean, lower limit, upper limit) from the baseline months: mean ± sigma·MR̄/d2."""
    cl = math.fsum(baseline) / len(baseline)
    mr_bar = math.fsum(abs(b - a) for a, b in zip(baseline, baseline[1:])) / (len(baseline) - 1)
    return cl, cl - sigma * mr_bar / _D2, cl + sigma * mr_bar / _D2


def _spc(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    wanted = int(params["baseline_months"])  # type: ignore[call-overload]
    history = tuple(c.earlier) + tuple(c.baseline)
    if len(history) < wanted:
        raise BenchmarkError(
            f"spc needs {wanted} baseline months (the baseline period and the months before it), "
            f"but the series has {len(history)}"
        )
    proportion = c.kind == "proportion"
    if proportion:
        dens = tuple(c.earlier_denominators or ()) + tuple(c.baseline_denominators or ())
        base = _monthly_points("baseline", history[-wanted:], dens[-wanted:])
        cur = _monthly_points("current", c.current, c.current_denominators)
    else:
        base, cur = [float(v) for v in history[-wanted:]], [float(v) for v in c.current]
    fmt = _pct if proportion else _num
    sigma = float(params["sigma"])  # type: ignore[arg-type]
    run_length = int(params["run_length"])  # type: ignore[call-overload]
    cl, lcl, ucl = spc_limits(base, sigma)
    if lcl == ucl:
        return BenchmarkResult(
            "spc", "none", "none", None, None,
            f"SPC XmR chart of {len(base)} baseline months: every baseline month is {fmt(base[0])}, "
            "so the chart has no width and cannot judge a change; no test.")

    def signals(beyond_limit: Callable[[float], bool], beyond_cl: Callable[[float], bool],
                side: str, limit: str) -> list[str]:
        found = []
        points = sum(1 for x in cur if beyond_limit(x))
        if points:
            found.append(f"{_months(points)} {side} the {limit} control limit")
        run = _longest_run(cur, beyond_cl)
        if run >= run_length:
            found.append(f"run of {run} months {side} the baseline mean")
        return found

    above = signals(lambda x: x > ucl, lambda x: x > cl, "above", "upper")
    below = signals(lambda x: x < lcl, lambda x: x < cl, "below", "lower")
    chart = (
        f"SPC XmR chart of {len(base)} baseline months (mean {fmt(cl)}, "
        f"limits {fmt(lcl)} to {fmt(ucl)})"
    )
    if above and below:
        direction: Direction = "none"
        text = f"signals in both directions ({' and '.join(above + below)}), so no consistent shift"
    elif above:
        direction, text = "up", f"{' and '.join(above)}, a control-chart signal of an upward shift"
    elif below:
        direction, text = "down", f"{' and '.join(below)}, a control-chart signal of a downward shift"
    else:
        direction = "none"
        text = (
            f"no current month beyond the limits and no run of {run_length} or more "
            "on one side of the mean, so no signal"
        )
    return BenchmarkResult("spc", direction, "control_chart", None, None, f"{chart}: {text}.")


def _none(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    return BenchmarkResult("none", "none", "none", None, None, "No benchmark test for this measure.")


# --------------------------------------------------------------------------- catalogue


def _choice(method: str, name: str, options: tuple[str, ...]) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if value in options:
            return None
        return (
            f"{method} parameter {name!r} must be {_or_list(options)}, not {value!r}"
            + suggestion(value, options)
        )

    return check


def _is_real(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _whole(method: str, name: str, low: int, high: int | None = None) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value and (high is None or value <= high):
            return None
        bounds = f"of at least {low}" if high is None else f"from {low} to {high}"
        return f"{method} parameter {name!r} must be a whole number {bounds}, not {value!r}"

    return check


def _check_sigma(value: object) -> str | None:
    if _is_real(value) and value > 0:  # type: ignore[operator]
        return None
    return f"spc parameter 'sigma' must be a positive number, not {value!r}"


def _earlier_pairs(method: str) -> Mapping[str, ParamSpec]:
    return MappingProxyType({"earlier_pairs": ParamSpec(
        3, _whole(method, "earlier_pairs", 0, 10),
        "earlier pairs of years pooled into the dispersion estimate, where the series has them")})


_ALL_KINDS = frozenset(KINDS)

METHODS: Mapping[str, MethodSpec] = MappingProxyType({
    "quasi_poisson": MethodSpec(
        "quasi_poisson", frozenset({"count"}), _earlier_pairs("quasi_poisson"), _quasi_poisson,
        "Quasi-Poisson model of the monthly counts with month-of-year and period terms.",
        "quasi-Poisson model", "significance",
    ),
    "quasi_binomial": MethodSpec(
        "quasi_binomial", frozenset({"proportion"}), _earlier_pairs("quasi_binomial"), _quasi_binomial,
        "Quasi-binomial model of the monthly rates with month-of-year and period terms.",
        "quasi-binomial model", "significance",
    ),
    "newcombe": MethodSpec(
        "newcombe", frozenset({"proportion"}), MappingProxyType({}), _newcombe,
        "Newcombe's interval for the difference of two independent survey proportions.",
        "Newcombe interval", "significance",
    ),
    "linear": MethodSpec(
        "linear", frozenset({"level"}), _earlier_pairs("linear"), _linear,
        "Linear model of the monthly values with month-of-year and period terms.",
        "linear model", "significance",
    ),
    "annual_totals": MethodSpec(
        "annual_totals", frozenset({"count", "proportion"}),
        MappingProxyType({"earlier_years": ParamSpec(
            5, _whole("annual_totals", "earlier_years", ANNUAL_MINIMUM, 20),
            "earlier year-on-year changes (at the same time of year) the dispersion is estimated from")}),
        _annual_totals, "12-month totals tested against the year-on-year changes of earlier period ends (rolling-year series).",
        "test of 12-month totals", "significance",
    ),
    "poisson": MethodSpec(
        "poisson", frozenset({"count"}),
        MappingProxyType({"variant": ParamSpec(
            "normal", _choice("poisson", "variant", ("normal", "exact")),
            "'normal' (z-test) or 'exact' (conditional binomial test)")}),
        _poisson, "Two-sample Poisson test on period totals (equal exposure).",
        "Poisson test", "significance",
    ),
    "two_proportion": MethodSpec(
        "two_proportion", frozenset({"proportion"}), MappingProxyType({}),
        _two_proportion, "Pooled two-proportion z-test on the period rates.",
        "two-proportion z-test", "significance",
    ),
    "ci_current": MethodSpec(
        "ci_current", frozenset({"proportion"}),
        MappingProxyType({"interval": ParamSpec(
            "wald", _choice("ci_current", "interval", ("wald", "wilson")),
            "'wald' or 'wilson' interval for the current rate")}),
        _ci_current, "Is the baseline rate outside the current rate's confidence interval?",
        "interval for the current rate", "significance",
    ),
    "spc": MethodSpec(
        "spc", _ALL_KINDS,
        MappingProxyType({
            "sigma": ParamSpec(3, _check_sigma, "width of the control limits in sigmas"),
            "run_length": ParamSpec(8, _whole("spc", "run_length", 2), "months in a row on one side of the mean"),
            "baseline_months": ParamSpec(24, _whole("spc", "baseline_months", 24),
                                         "months before the current period the limits are set from"),
        }),
        _spc, "XmR control chart of the baseline months; signals in the current months.",
        "control chart", "control_chart",
    ),
    "none": MethodSpec(
        "none", _ALL_KINDS, MappingProxyType({}), _none, "No test.", "no test", "none",
    ),
})


def default_method(kind: str, *, survey: bool = False, comparator: bool = False, series: str = "monthly") -> str:
    """The method a measure gets when its catalogue entry names none, fixed by its kind.

    counts → ``quasi_poisson``; administrative rates (outcomes per crime, calls answered) →
    ``quasi_binomial``; survey proportions (``survey``: the denominator is respondents) →
    ``newcombe``; levels → ``linear``; comparators (national or peer series, context for the
    force's own figure, whose latest months may overlap the baseline) → ``none``. Further kinds
    of series get their own entry here: a rolling-year series (published 12-month totals) →
    ``annual_totals`` for counts and rates, ``none`` for levels.
    """
    if comparator:
        return "none"
    if series == "rolling_year":
        return "annual_totals" if kind in ("count", "proportion") else "none"
    if kind == "proportion":
        return "newcombe" if survey else "quasi_binomial"
    return {"count": "quasi_poisson", "level": "linear"}.get(kind, "none")


# --------------------------------------------------------------------------- entry points


def _resolve(
    method: object, params: Mapping[str, object] | None, kind: object, confidence: object
) -> tuple[MethodSpec, dict[str, object]]:
    """Check everything that does not need data; return the spec and full parameters."""
    if not isinstance(method, str) or method not in METHODS:
        raise BenchmarkError(f"unknown benchmark method {method!r}" + (
            suggestion(method, list(METHODS)) or f"; expected one of {_or_list(sorted(METHODS))}"))
    spec = METHODS[method]
    if kind not in KINDS:
        raise BenchmarkError(f"unknown measure kind {kind!r}; expected {_or_list(KINDS)}" + suggestion(kind, KINDS))
    if kind not in spec.kinds:
        wanted = " or ".join(k for k in KINDS if k in spec.kinds)
        raise BenchmarkError(f"{method} needs a {wanted} measure, not {kind}")
    if params is not None and not isinstance(params, Mapping):
        raise BenchmarkError(
            f"parameters for benchmark method {method!r} must be a mapping, not {type(params).__name__}"
        )
    resolved = spec.defaults
    for name, value in (params or {}).items():
        if name not in spec.params:
            hint = suggestion(name, list(spec.params)) or (
                f"; {method} takes {_or_list(list(spec.params))}" if spec.params
                else f"; {method} takes no parameters")
            raise BenchmarkError(f"unknown parameter {name!r} for benchmark method {method!r}{hint}")
        problem = spec.params[name].check(value)
        if problem:
            raise BenchmarkError(problem)
        resolved[name] = value
    if not (_is_real(confidence) and 0 < confidence < 1):  # type: ignore[operator]
        raise BenchmarkError(f"confidence must be between 0 and 1 (exclusive), not {confidence!r}")
    return spec, resolved


def validate(
    method: str, params: Mapping[str, object] | None, kind: str, confidence: float = 0.95
) -> None:
    """Raise :class:`BenchmarkError` if ``method`` with ``params`` cannot judge a ``kind`` measure."""
    _resolve(method, params, kind, confidence)


def _check_series(label: str, values: object, min_value: float | None, allow_empty: bool = False) -> None:
    if not isinstance(values, (tuple, list)) or (not values and not allow_empty):
        raise BenchmarkError(f"{label} needs at least one month, not {values!r}")
    for i, v in enumerate(values, 1):
        if not _is_real(v):
            raise BenchmarkError(f"{label} month {i} is not a finite number: {v!r}")
        if min_value is not None and v < min_value:
            raise BenchmarkError(f"{label} month {i} is negative: {v!r}")


def _check_data(c: Comparison) -> None:
    low = None if c.kind == "level" else 0.0
    _check_series("current", c.current, low)
    _check_series("baseline", c.baseline, low)
    _check_series("earlier", c.earlier, low, allow_empty=True)
    if c.kind != "proportion":
        return
    if c.current_denominators is None or c.baseline_denominators is None:
        raise BenchmarkError(
            "a proportion measure needs current_denominators and baseline_denominators"
        )
    if c.earlier and c.earlier_denominators is None:
        raise BenchmarkError("a proportion measure with earlier months needs earlier_denominators")
    for label, vals, dens in (
        ("current", c.current, c.current_denominators),
        ("baseline", c.baseline, c.baseline_denominators),
        ("earlier", c.earlier, c.earlier_denominators or ()),
    ):
        _check_series(f"{label}_denominators", dens, 0.0, allow_empty=label == "earlier")
        if len(dens) != len(vals):
            raise BenchmarkError(
                f"{label}_denominators has {len(dens)} months but {label} has {len(vals)}"
            )
        for i, (v, d) in enumerate(zip(vals, dens), 1):
            if v > d:
                raise BenchmarkError(f"{label} month {i} has value {_num(v)} above its denominator {_num(d)}")
        if label != "earlier" and math.fsum(dens) == 0:
            raise BenchmarkError(f"a proportion measure needs a positive total denominator in the {label} period")


_MONTH_MATCHED = ("quasi_poisson", "quasi_binomial", "linear")


def judge(
    method: str,
    params: Mapping[str, object] | None,
    comparison: Comparison,
    confidence: float = 0.95,
) -> BenchmarkResult:
    """Judge ``comparison`` with benchmark ``method``; significant means p < 1 − confidence.

    Raises :class:`BenchmarkError` for an unusable method, parameter, kind, confidence or data.
    """
    spec, resolved = _resolve(method, params, comparison.kind, confidence)
    if spec.name == "none":
        return _none(comparison, resolved, confidence)
    _check_data(comparison)
    if spec.name in _MONTH_MATCHED:
        current, baseline = len(comparison.current), len(comparison.baseline)
        if current != baseline or current < 2:
            raise BenchmarkError(
                f"{spec.name} compares the same months of the year, so current and baseline need the same "
                f"number of months (at least 2), not {current} and {baseline}"
            )
    return spec.function(comparison, resolved, confidence)
