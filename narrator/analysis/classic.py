"""The tests that compare the two periods directly: survey proportions (Newcombe's interval),
the opt-in simple tests (Poisson, two proportions, the current rate's interval), the control
chart (SPC) and ``none``. Formulas: ``docs/benchmarks.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Callable, Sequence


from . import binomialpairs, exact, intervals
from .models import _pairs


from .comparison import (
    BenchmarkError,
    BenchmarkResult,
    Comparison,
    Direction,
    _D2,
    _level,
    _num,
    _p_text,
    _pct,
    _points,
    _printed_difference,
    _sign,
    _significance,
    _tested_direction,
    _two_sided_p,
    difference_interval,
    proportion_interval,
)


# --------------------------------------------------------------------------- survey proportions


def _rates(c: Comparison) -> tuple[float, float, float, float, float, float]:
    """(v1, n1, v0, n0, p1, p0): period numerators, denominators and pooled rates."""
    assert c.current_denominators is not None and c.baseline_denominators is not None
    v1, v0 = math.fsum(c.current), math.fsum(c.baseline)
    n1, n0 = math.fsum(c.current_denominators), math.fsum(c.baseline_denominators)
    return v1, n1, v0, n0, v1 / n1, v0 / n0


def survey_spread(c: Comparison, earlier_pairs: int = 3) -> tuple[float, int]:
    """How much a survey's monthly results vary beyond sampling: the quasi-binomial dispersion of the
    month-matched pairs of years (the tested pair and up to ``earlier_pairs`` before it, as for
    administrative rates: ``binomialpairs.pearson``) and its degrees of freedom; (1, 0) where the
    months cannot show it (periods of unequal length, a single month, no informative pair).
    Months with no respondents carry no information and are left out."""
    parts = [binomialpairs.pearson(y, n) for y, n in survey_pairs(c, earlier_pairs)]
    x2, df = math.fsum(x for x, _ in parts), sum(d for _, d in parts)
    return (x2 / df, df) if df else (1.0, 0)


def survey_pairs(c: Comparison, earlier_pairs: int = 3) -> list[tuple[object, object]]:
    """The month-matched pairs of years whose dispersion :func:`survey_spread` pools (successes,
    respondents), none where the months cannot show it: what ``benchmarks.prefit`` fits ahead."""
    if len(c.current) != len(c.baseline) or len(c.current) < 2:
        return []
    return [(p.values, p.denominators) for p in _pairs(c, earlier_pairs)]


def _newcombe(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    v1, n1, v0, n0, p1, p0 = _rates(c)
    spread, df = survey_spread(c)
    # The samples count as n / (φ × design effect) independent respondents: φ the dispersion the
    # months show (never below 1: sampling alone), the design effect what they cannot (weighting).
    factor = max(spread, 1.0) * c.design_effect
    critical = intervals.quantile(confidence, df) if spread > 1 else None  # an estimated dispersion: its t quantile
    lo, hi = difference_interval(v1 / factor, n1 / factor, v0 / factor, n0 / factor, confidence, critical)
    direction: Direction = "up" if lo > 0 else "down" if hi < 0 else "none"
    allowed = []
    if spread > 1:
        allowed.append(f"the months' dispersion {spread:.2f} from {df} degrees of freedom")
    if c.design_effect > 1:
        allowed.append(f"the design effect {_num(c.design_effect)}")
    sizes = (f"; allowing for {' and '.join(allowed)}, each respondent counts as {1 / factor:.2f} of an "
             "independent one" if allowed else "")
    return _significance(
        "newcombe", direction, None, None,
        f"Newcombe interval for the difference of two survey proportions, {_pct(p1)} (n={_num(n1)}) v "
        f"{_pct(p0)} (n={_num(n0)}){sizes}: difference {_printed_difference(p1, p0)} percentage points, {_level(confidence)} "
        f"interval {_points(lo)} to {_points(hi)}, which {'includes' if direction == 'none' else 'excludes'} 0",
        confidence, (lo, hi), (lo * 100, hi * 100), noise=_SurveyNoise(max(spread, 1.0) if df else None, None),
    )


@dataclass(frozen=True)
class _SurveyNoise:
    dispersion: float | None
    tested: float | None
    rho: float | None = None


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
                             f"Exact Poisson test (conditional binomial) on {totals}: {_p_text(p)}", confidence,
                             change=intervals.exact_ratio_change(int(round(x1)), int(round(x0)), confidence))
    z = (x1 - x0) / math.sqrt(x1 + x0)
    p = _two_sided_p(z)
    return _significance("poisson", _tested_direction(p, alpha, z), z, p,
                         f"Poisson test on {totals}: z = {z:.2f}, {_p_text(p)}", confidence,
                         change=intervals.ratio_change(x1, x0, 1.0, intervals.quantile(confidence)))


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
                         f"Two-proportion z-test on period rates {rates}: z = {z:.2f}, {_p_text(p)}", confidence,
                         change=intervals.around(p1 - p0, se, intervals.quantile(confidence), 100))


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
        confidence, (lo, hi), ((lo - p0) * 100, (hi - p0) * 100),
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
