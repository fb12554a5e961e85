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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable

import numpy as np

from ..errors import suggestion
from . import binomialpairs


from .comparison import (
    BenchmarkError,
    BenchmarkResult,
    Comparison,
    KINDS,
    TEST_KINDS,
    TestKind,
    _num,
    _or_list,
    difference_interval,
    proportion_interval,
)
from .models import (
    ANNUAL_MINIMUM,
    _annual_totals,
    _pairs,
    _linear,
    _quasi_binomial,
    _quasi_poisson,
)
from .classic import (
    _ci_current,
    _newcombe,
    _none,
    _poisson,
    _spc,
    _two_proportion,
    spc_limits,
    survey_pairs,
)

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
    "prefit",
    "proportion_interval",
    "spc_limits",
    "validate",
]

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


_NUMBER_TYPES = {float, int}


def _check_series(label: str, values: object, min_value: float | None, allow_empty: bool = False) -> None:
    if not isinstance(values, (tuple, list)) or (not values and not allow_empty):
        raise BenchmarkError(f"{label} needs at least one month, not {values!r}")
    if values and set(map(type, values)) <= _NUMBER_TYPES:  # the usual case, checked at once
        array = np.asarray(values)
        if array.dtype.kind in "fi" and np.isfinite(array).all() and (min_value is None or array.min() >= min_value):
            return
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
        above = np.flatnonzero(np.asarray(vals, dtype=float) > np.asarray(dens, dtype=float))
        if len(above):
            i = int(above[0])
            raise BenchmarkError(f"{label} month {i + 1} has value {_num(vals[i])} above its denominator {_num(dens[i])}")
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


def prefit(items: Iterable[tuple[str, Mapping[str, object] | None, Comparison]]) -> None:
    """Fit at once the models that ``judge`` will fit for these (method, params, comparison)
    items, so that judging them one by one finds them fitted: the quasi-binomial pairs of every
    comparison, and the survey pairs whose dispersion Newcombe's interval allows for
    (``binomialpairs.prefit``). Items ``judge`` would refuse are left for it to refuse."""
    pairs = []
    for method, params, comparison in items:
        if method not in ("quasi_binomial", "newcombe"):
            continue
        try:
            _, resolved = _resolve(method, params, comparison.kind, 0.5)
            _check_data(comparison)
        except BenchmarkError:
            continue
        if method == "newcombe":
            pairs += survey_pairs(comparison)
            continue
        if len(comparison.current) != len(comparison.baseline) or len(comparison.current) < 2:
            continue
        pairs += [(pair.values, pair.denominators) for pair in _pairs(comparison, int(resolved["earlier_pairs"]))]  # type: ignore[call-overload]
    binomialpairs.prefit(pairs)  # type: ignore[arg-type]
