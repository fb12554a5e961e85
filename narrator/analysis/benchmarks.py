"""Statistical benchmark judgements: has a measure moved significantly from its baseline?

A :class:`Comparison` holds a measure's current and baseline months; :func:`judge`
applies one named method from :data:`METHODS` and returns a :class:`BenchmarkResult`
saying whether the movement is significant, which way, and one plain sentence
explaining the test. Formulas, assumptions and when to use each method are in
``docs/benchmarks.md``.

Contracts:

* ``judge`` and ``validate`` raise :class:`BenchmarkError` (a ``ValueError``) with a
  one-line message for any unusable method, parameter, kind, confidence or data;
  they never raise anything else for bad input.
* ``direction`` is ``"up"`` or ``"down"`` only for a significant movement (or an SPC
  signal); otherwise ``"none"``.
* scipy is imported only by the exact Poisson test; everything else uses
  :class:`statistics.NormalDist`, so importing this module is cheap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist
from types import MappingProxyType
from typing import Callable, Literal, Sequence

from ..errors import suggestion

__all__ = [
    "BenchmarkError",
    "BenchmarkResult",
    "Comparison",
    "KINDS",
    "METHODS",
    "MethodSpec",
    "ParamSpec",
    "judge",
    "proportion_interval",
    "validate",
]

Kind = Literal["count", "proportion", "level"]
Direction = Literal["up", "down", "none"]
KINDS: tuple[str, ...] = ("count", "proportion", "level")

_NORMAL = NormalDist()
_D2 = 1.128  # bias-correction constant for moving ranges of two points: sigma ≈ MR̄ / d2


class BenchmarkError(ValueError):
    """A benchmark method, its parameters, the confidence level or the data are unusable."""


@dataclass(frozen=True)
class Comparison:
    """A measure's current and baseline months (normally 12 each, in month order).

    Proportions carry monthly numerators in ``current``/``baseline`` and monthly
    denominators alongside; other kinds leave the denominators ``None``.
    """

    kind: Kind
    current: tuple[float, ...]
    baseline: tuple[float, ...]
    current_denominators: tuple[float, ...] | None = None
    baseline_denominators: tuple[float, ...] | None = None


@dataclass(frozen=True)
class BenchmarkResult:
    """The verdict of one benchmark method on one comparison."""

    method: str
    direction: Direction
    tested: bool
    statistic: float | None
    p_value: float | None
    explanation: str

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


MethodFunction = Callable[[Comparison, Mapping[str, object], float], BenchmarkResult]


@dataclass(frozen=True)
class MethodSpec:
    """A benchmark method: the kinds it accepts, its parameters and its implementation."""

    name: str
    kinds: frozenset[str]
    params: Mapping[str, ParamSpec]
    function: MethodFunction
    summary: str

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


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _verdict(significant: bool, confidence: float) -> str:
    level = f"{confidence * 100:g}%"
    return f"{'significant' if significant else 'not significant'} at the {level} confidence level"


def _sign(x: float) -> Direction:
    return "up" if x > 0 else "down" if x < 0 else "none"


def _two_sided_p(z: float) -> float:
    """2·P(Z > |z|), via erfc so that far tails do not round to 0."""
    return math.erfc(abs(z) / math.sqrt(2))


# --------------------------------------------------------------------------- intervals


def proportion_interval(
    p: float, n: float, confidence: float = 0.95, interval: str = "wald"
) -> tuple[float, float]:
    """Two-sided interval for a rate ``p`` observed on ``n`` trials.

    ``"wald"``: p ± z·√(p(1−p)/n). ``"wilson"``: the Wilson score interval.
    z is the standard normal quantile at (1 + confidence)/2. Bounds are clipped to [0, 1]
    (as statsmodels does); clipping never changes whether a rate in [0, 1] lies outside.
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
        return centre - half, centre + half
    raise BenchmarkError(f"interval must be 'wald' or 'wilson', not {interval!r}")


# --------------------------------------------------------------------------- methods


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
        return BenchmarkResult(
            "poisson", "none", True, None, None,
            f"Poisson test on {months}-month totals: no events in either period, so no change to test.",
        )
    if params["variant"] == "exact":
        if x1 != round(x1) or x0 != round(x0):
            raise BenchmarkError(
                f"the exact poisson test needs whole-number totals, not {_num(x1)} and {_num(x0)}"
            )
        from scipy.stats import binomtest  # lazy: scipy costs ~0.5 s to import

        p = float(binomtest(int(round(x1)), int(round(x1 + x0)), 0.5).pvalue)
        significant = p < alpha
        return BenchmarkResult(
            "poisson", _sign(x1 - x0) if significant else "none", True, None, p,
            f"Exact Poisson test (conditional binomial) on {totals}: "
            f"{_p_text(p)}, {_verdict(significant, confidence)}.",
        )
    z = (x1 - x0) / math.sqrt(x1 + x0)
    p = _two_sided_p(z)
    significant = p < alpha
    return BenchmarkResult(
        "poisson", _sign(z) if significant else "none", True, z, p,
        f"Poisson test on {totals}: z = {z:.2f}, {_p_text(p)}, {_verdict(significant, confidence)}.",
    )


def _rates(c: Comparison) -> tuple[float, float, float, float]:
    """(p1, n1, p0, n0): pooled current and baseline rates and their denominators."""
    assert c.current_denominators is not None and c.baseline_denominators is not None
    n1, n0 = math.fsum(c.current_denominators), math.fsum(c.baseline_denominators)
    return math.fsum(c.current) / n1, n1, math.fsum(c.baseline) / n0, n0


def _two_proportion(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    p1, n1, p0, n0 = _rates(c)
    rates = f"({_pct(p1)} (n={_num(n1)}) v {_pct(p0)} (n={_num(n0)}))"
    pooled = (p1 * n1 + p0 * n0) / (n1 + n0)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    if se == 0:
        return BenchmarkResult(
            "two_proportion", "none", True, None, None,
            f"Two-proportion z-test on period rates {rates}: both rates are {_pct(p1)}, "
            "so there is no difference to test.",
        )
    z = (p1 - p0) / se
    p = _two_sided_p(z)
    significant = p < 1 - confidence
    return BenchmarkResult(
        "two_proportion", _sign(z) if significant else "none", True, z, p,
        f"Two-proportion z-test on period rates {rates}: z = {z:.2f}, {_p_text(p)}, "
        f"{_verdict(significant, confidence)}.",
    )


def _ci_current(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    p1, n1, p0, _ = _rates(c)
    kind = str(params["interval"])
    lo, hi = proportion_interval(p1, n1, confidence, kind)
    significant = p0 < lo or p0 > hi
    where = "below" if p0 < lo else "above" if p0 > hi else "inside"
    statistic: float | None = None
    z_text = ""
    if kind == "wald":
        se = math.sqrt(p1 * (1 - p1) / n1)
        if se > 0:
            statistic = (p1 - p0) / se
            z_text = f" (z = {statistic:.2f})"
    level = f"{confidence * 100:g}%"
    return BenchmarkResult(
        "ci_current", _sign(p1 - p0) if significant else "none", True, statistic, None,
        f"The {level} {kind.capitalize()} interval for the current rate {_pct(p1)} (n={_num(n1)}) "
        f"is {_pct(lo)} to {_pct(hi)}; the baseline rate {_pct(p0)} lies {where} it{z_text}, "
        f"{_verdict(significant, confidence)}.",
    )


def _longest_run(xs: Sequence[float], beyond: Callable[[float], bool]) -> int:
    best = run = 0
    for x in xs:
        run = run + 1 if beyond(x) else 0
        best = max(best, run)
    return best


def _months(k: int) -> str:
    return f"{k} month" if k == 1 else f"{k} months"


def spc_limits(baseline: Sequence[float], sigma: float) -> tuple[float, float, float]:
    """An XmR chart's (mean, lower limit, upper limit) from the baseline months: mean ± sigma·MR̄/d2."""
    cl = math.fsum(baseline) / len(baseline)
    mr_bar = math.fsum(abs(b - a) for a, b in zip(baseline, baseline[1:])) / (len(baseline) - 1)
    return cl, cl - sigma * mr_bar / _D2, cl + sigma * mr_bar / _D2


def _spc(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    if c.kind == "proportion":
        assert c.current_denominators is not None and c.baseline_denominators is not None
        for label, dens in (("current", c.current_denominators), ("baseline", c.baseline_denominators)):
            for i, d in enumerate(dens, 1):
                if d == 0:
                    raise BenchmarkError(f"spc needs a monthly rate, but {label} month {i} has a zero denominator")
        cur = [v / d for v, d in zip(c.current, c.current_denominators)]
        base = [v / d for v, d in zip(c.baseline, c.baseline_denominators)]
        fmt = _pct
    else:
        cur, base, fmt = list(c.current), list(c.baseline), _num
    if len(base) < 2:
        raise BenchmarkError(f"spc needs at least 2 baseline months, not {len(base)}")
    sigma = float(params["sigma"])  # type: ignore[arg-type]
    run_length = int(params["run_length"])  # type: ignore[call-overload]
    cl, lcl, ucl = spc_limits(base, sigma)

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
        direction, text = "up", f"{' and '.join(above)}, a signal of an upward shift"
    elif below:
        direction, text = "down", f"{' and '.join(below)}, a signal of a downward shift"
    else:
        direction = "none"
        text = (
            f"no current month beyond the limits and no run of {run_length} or more "
            "on one side of the mean, so no signal"
        )
    return BenchmarkResult("spc", direction, True, None, None, f"{chart}: {text}.")


def _none(c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    return BenchmarkResult("none", "none", False, None, None, "No benchmark test for this measure.")


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


def _check_sigma(value: object) -> str | None:
    if _is_real(value) and value > 0:  # type: ignore[operator]
        return None
    return f"spc parameter 'sigma' must be a positive number, not {value!r}"


def _check_run_length(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 2:
        return None
    return f"spc parameter 'run_length' must be a whole number of at least 2, not {value!r}"


_ALL_KINDS = frozenset(KINDS)

METHODS: Mapping[str, MethodSpec] = MappingProxyType({
    "poisson": MethodSpec(
        "poisson", frozenset({"count"}),
        MappingProxyType({"variant": ParamSpec(
            "normal", _choice("poisson", "variant", ("normal", "exact")),
            "'normal' (z-test) or 'exact' (conditional binomial test)")}),
        _poisson, "Two-sample Poisson test on period totals (equal exposure).",
    ),
    "two_proportion": MethodSpec(
        "two_proportion", frozenset({"proportion"}), MappingProxyType({}),
        _two_proportion, "Pooled two-proportion z-test on the period rates.",
    ),
    "ci_current": MethodSpec(
        "ci_current", frozenset({"proportion"}),
        MappingProxyType({"interval": ParamSpec(
            "wald", _choice("ci_current", "interval", ("wald", "wilson")),
            "'wald' or 'wilson' interval for the current rate")}),
        _ci_current, "Is the baseline rate outside the current rate's confidence interval?",
    ),
    "spc": MethodSpec(
        "spc", _ALL_KINDS,
        MappingProxyType({
            "sigma": ParamSpec(3, _check_sigma, "width of the control limits in sigmas"),
            "run_length": ParamSpec(8, _check_run_length, "months in a row on one side of the mean"),
        }),
        _spc, "XmR control chart of the baseline months; signals in the current months.",
    ),
    "none": MethodSpec(
        "none", _ALL_KINDS, MappingProxyType({}), _none, "No test.",
    ),
})


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


def _check_series(label: str, values: object, min_value: float | None) -> None:
    if not isinstance(values, (tuple, list)) or not values:
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
    if c.kind != "proportion":
        return
    if c.current_denominators is None or c.baseline_denominators is None:
        raise BenchmarkError(
            "a proportion measure needs current_denominators and baseline_denominators"
        )
    for label, vals, dens in (
        ("current", c.current, c.current_denominators),
        ("baseline", c.baseline, c.baseline_denominators),
    ):
        _check_series(f"{label}_denominators", dens, 0.0)
        if len(dens) != len(vals):
            raise BenchmarkError(
                f"{label}_denominators has {len(dens)} months but {label} has {len(vals)}"
            )
        for i, (v, d) in enumerate(zip(vals, dens), 1):
            if v > d:
                raise BenchmarkError(f"{label} month {i} has value {_num(v)} above its denominator {_num(d)}")
        if math.fsum(dens) == 0:
            raise BenchmarkError(f"a proportion measure needs a positive total denominator in the {label} period")


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
    return spec.function(comparison, resolved, confidence)
