"""One month against the same month a year before: the month-matched models when a period is one month.

A one-month report (``--period 1``) and an April year-to-date report compare one month with the
same month a year before; :func:`judge` is :func:`.benchmarks.judge` with these added (the
analysis calls it). The month-matched models (:mod:`.benchmarks`: quasi-Poisson,
quasi-binomial, linear) estimate their dispersion from the months of each pair of periods, and a
pair of one-month periods has no month left over for it. So the dispersion comes from earlier
pairs of the *same month* a year apart: the month two and three years before, four and five
years before, and so on (up to ``earlier_pairs`` pairs, none overlapping the tested pair), each
pair contributing one degree of freedom:

* counts: Pearson X² = (b − a)² / (a + b) per pair, φ = ΣX²/df, and the quasi-score
  t = (x₁ − x₀) / √(φ (x₁ + x₀)) on df degrees of freedom;
* rates: the 2 × 2 Pearson X² of each pair, φ as above, and t = score / √(φ · information), the
  quasi-score test of the period term at the pooled rate;
* levels: s² = Σ(b − a)² / (2·df) over the pairs' differences, and t = (x₁ − x₀) / √(2 s²).

A trend between the earlier years inflates φ, so the test errs towards "no change". Without an
earlier pair of the same month (fewer than three years of data), there is no test: the judgement
is "-" and the explanation says why. The false-alarm rate is measured in tests/analysis and given
in docs/benchmarks.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from . import benchmarks
from .comparison import (BenchmarkResult, Comparison, _num, _p_text, _pct, _significance, _tested_direction,
                         _two_sided_t)
from .models import _too_regular

__all__ = ["judge", "judge_one_month", "same_month_pairs"]

MODELS = {"quasi_poisson": "Quasi-Poisson", "quasi_binomial": "Quasi-binomial", "linear": "Linear"}


def same_month_pairs(c: Comparison, earlier_pairs: int) -> list[tuple[tuple[float, float], tuple[float, float] | None]]:
    """Earlier pairs (older, newer) of the tested month's calendar month, newest first, each with its denominators."""
    values, dens = c.earlier, c.earlier_denominators
    pairs = []
    newer = len(values) - 12  # the same month two years before the current one: earlier ends the month before the baseline
    while len(pairs) < earlier_pairs and newer - 12 >= 0:
        older = newer - 12
        pairs.append(((values[older], values[newer]), None if dens is None else (dens[older], dens[newer])))
        newer -= 24
    return pairs


def judge(method: str, params: Mapping[str, object] | None, comparison: Comparison, confidence: float = 0.95) -> BenchmarkResult:
    """:func:`.benchmarks.judge`, and a month-matched method on one month (which it refuses) by :func:`judge_one_month`."""
    if method in MODELS and len(comparison.current) == len(comparison.baseline) == 1:
        benchmarks.validate(method, params, comparison.kind, confidence)  # the same checks of method, kind and parameters
        return judge_one_month(method, comparison, {**benchmarks.METHODS[method].defaults, **(params or {})}, confidence)
    return benchmarks.judge(method, params, comparison, confidence)


def judge_one_month(method: str, c: Comparison, params: Mapping[str, object], confidence: float) -> BenchmarkResult:
    """The month-matched ``method`` on a one-month comparison."""
    pairs = same_month_pairs(c, int(params["earlier_pairs"]))  # type: ignore[call-overload]
    return {"quasi_poisson": _counts, "quasi_binomial": _rates, "linear": _levels}[method](c, pairs, confidence)


def _opening(method: str) -> str:
    return f"{MODELS[method]} comparison of one month with the same month a year before"


def _no_pairs(method: str, head: str) -> BenchmarkResult:
    return BenchmarkResult(method, "none", "none", None, None,
                           f"{head}: no earlier pair of the same month a year apart (the data start less than three "
                           "years before) to estimate its variation from, so no test.")


def _dispersion(x2: float, df: int) -> str:
    return f"dispersion {x2 / df:.2f} from {df} earlier {'pair' if df == 1 else 'pairs'} of the same month a year apart"


def _counts(c: Comparison, pairs: list, confidence: float) -> BenchmarkResult:
    x1, x0 = float(c.current[0]), float(c.baseline[0])
    head = f"{_opening('quasi_poisson')}, {_num(x1)} v {_num(x0)}"
    if x1 + x0 == 0:
        return _significance("quasi_poisson", "none", None, None, f"{head}: no events in either month, so no change to test", confidence)
    parts = [(b - a) ** 2 / (a + b) for (a, b), _ in pairs if a + b > 0]
    if not parts:
        return _no_pairs("quasi_poisson", head)
    return _quasi_t("quasi_poisson", head, parts, x1 - x0, x1 + x0, confidence)


def _quasi_t(method: str, head: str, parts: list[float], score: float, information: float, confidence: float) -> BenchmarkResult:
    """The quasi-score t of ``score`` with the dispersion the earlier pairs' X² (``parts``) give, one df each."""
    x2, df = math.fsum(parts), len(parts)
    regular = _too_regular(method, head, x2, df, "Poisson" if method == "quasi_poisson" else "binomial")
    if regular:
        return regular
    t = score / math.sqrt(x2 / df * information)
    p = _two_sided_t(t, df)
    return _significance(method, _tested_direction(p, 1 - confidence, t), t, p,
                         f"{head}; {_dispersion(x2, df)}: t = {t:.2f}, {_p_text(p)}", confidence)


def _score(v: tuple[float, float], n: tuple[float, float]) -> tuple[float, float]:
    """The score (newer's successes less expected at the pooled rate) and its information, for one pair."""
    (v0, v1), (n0, n1) = v, n
    if n0 <= 0 or n1 <= 0:
        return 0.0, 0.0
    pooled = (v0 + v1) / (n0 + n1)
    return v1 - n1 * pooled, pooled * (1 - pooled) * n1 * n0 / (n0 + n1)


def _rates(c: Comparison, pairs: list, confidence: float) -> BenchmarkResult:
    assert c.current_denominators is not None and c.baseline_denominators is not None
    v, n = (float(c.baseline[0]), float(c.current[0])), (float(c.baseline_denominators[0]), float(c.current_denominators[0]))
    head = f"{_opening('quasi_binomial')}, {_pct(v[1] / n[1])} (n={_num(n[1])}) v {_pct(v[0] / n[0])} (n={_num(n[0])})"
    score, information = _score(v, n)
    if information <= 0:
        return _significance("quasi_binomial", "none", None, None,
                             f"{head}: the rate is 0% or 100% in both months, so there is no difference to test", confidence)
    parts = [s * s / i for s, i in (_score(values, dens) for values, dens in pairs) if i > 0]
    if not parts:
        return _no_pairs("quasi_binomial", head)
    return _quasi_t("quasi_binomial", head, parts, score, information, confidence)


def _levels(c: Comparison, pairs: list, confidence: float) -> BenchmarkResult:
    x1, x0 = float(c.current[0]), float(c.baseline[0])
    head = f"{_opening('linear')}, {_num(x1)} v {_num(x0)}"
    if not pairs:
        return _no_pairs("linear", head)
    df = len(pairs)
    variance = math.fsum((b - a) ** 2 for (a, b), _ in pairs) / (2 * df)
    if variance <= 0:
        return BenchmarkResult("linear", "none", "none", None, None,
                               f"{head}: the same month does not vary from year to year, so there is no variation "
                               "to test a change against; no test.")
    sd = math.sqrt(variance)
    t = (x1 - x0) / (sd * math.sqrt(2))
    p = _two_sided_t(t, df)
    return _significance("linear", _tested_direction(p, 1 - confidence, t), t, p,
                         f"{head}; standard deviation {sd:.2f} from {df} earlier {'pair' if df == 1 else 'pairs'} of the same "
                         f"month a year apart: t = {t:.2f}, {_p_text(p)}", confidence)
