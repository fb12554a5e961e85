"""Benchmark methods checked against independent computations (hand formulas, scipy, statsmodels)."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from scipy.stats import binomtest
from statsmodels.stats.proportion import proportion_confint, proportions_ztest
from statsmodels.stats.rates import test_poisson_2indep as sm_poisson_2indep

from narrator.analysis.benchmarks import (
    METHODS,
    BenchmarkError,
    BenchmarkResult,
    Comparison,
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


# --------------------------------------------------------------------------- spc

# Baseline 10, 12, 10, 12, 10, 12: CL = 11, MR̄ = 2, limits 11 ± 3·2/1.128 = 11 ± 5.319
# (5.32 with the rounded constant 2.66), so UCL = 16.319, LCL = 5.681.
SPC_BASE = (10, 12, 10, 12, 10, 12)
UCL = 11 + 3 * 2 / 1.128
LCL = 11 - 3 * 2 / 1.128


def spc(current: tuple[float, ...], **params: object) -> BenchmarkResult:
    return judge("spc", params, Comparison("count", current, SPC_BASE))


def test_spc_limits_in_explanation() -> None:
    r = spc((11,) * 6)
    assert r.explanation.startswith(
        f"SPC XmR chart of 6 baseline months (mean 11, limits {LCL:.2f} to {UCL:.2f}):"
    )
    assert r.direction == "none"
    assert (r.statistic, r.p_value, r.tested) == (None, None, True)


def test_spc_run_of_eight_above_mean_is_up() -> None:
    r = spc((12, 13, 12, 12, 14, 12, 13, 12))  # all > 11, all < UCL
    assert r.direction == "up"
    assert "run of 8 months above the baseline mean" in r.explanation
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
    base_v, base_n = (50, 6, 50, 6), (100, 10, 100, 10)
    cur_v, cur_n = (9, 50), (10, 100)  # 0.9 > UCL
    r = judge("spc", {}, Comparison("proportion", cur_v, base_v, cur_n, base_n))
    assert r.direction == "up"
    assert "mean 55.0%" in r.explanation
    ucl = 0.55 + 3 * 0.1 / 1.128
    assert f"to {100 * ucl:.1f}%" in r.explanation
    # 0.8 is inside the limit even though 80 of 100 would be far above a pooled-count chart
    r = judge("spc", {}, Comparison("proportion", (80,), base_v, (100,), base_n))
    assert r.direction == "none"


def test_spc_levels() -> None:
    r = judge("spc", {}, Comparison("level", (7.5,) * 8, (7.0, 7.2, 7.0, 7.2)))
    assert r.direction == "up"


def test_spc_ignores_confidence() -> None:
    a = spc((17,))
    b = judge("spc", {}, Comparison("count", (17,), SPC_BASE), confidence=0.5)
    assert a == b


# --------------------------------------------------------------------------- real cases


def test_knife_crime_is_significant_under_poisson() -> None:
    # The report calls it "Comparable"; under the Poisson test the fall is significant,
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
            "none", "none", False, None, None, "No benchmark test for this measure."
        )


def test_methods_catalogue() -> None:
    assert set(METHODS) == {"poisson", "two_proportion", "ci_current", "spc", "none"}
    assert METHODS["poisson"].kinds == {"count"}
    assert METHODS["poisson"].defaults == {"variant": "normal"}
    assert METHODS["ci_current"].defaults == {"interval": "wald"}
    assert METHODS["spc"].defaults == {"sigma": 3, "run_length": 8}
    assert METHODS["spc"].kinds == {"count", "proportion", "level"}
    assert METHODS["two_proportion"].kinds == {"proportion"}
    with pytest.raises(TypeError):
        METHODS["x"] = METHODS["none"]  # type: ignore[index]


# --------------------------------------------------------------------------- errors

ERRORS = [
    ("poison", {}, "count", "unknown benchmark method 'poison'; did you mean 'poisson'?"),
    ("zzz", {}, "count",
     "unknown benchmark method 'zzz'; expected one of 'ci_current', 'none', 'poisson', 'spc' or 'two_proportion'"),
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
    with pytest.raises(BenchmarkError, match="^spc needs at least 2 baseline months, not 1$"):
        judge("spc", {}, Comparison("count", (1,), (2,)))
    with pytest.raises(BenchmarkError, match="^spc needs a monthly rate, but baseline month 2 has a zero denominator$"):
        judge("spc", {}, Comparison("proportion", (1,), (1, 0, 1), (2,), (2, 0, 2)))
    # levels may be negative (e.g. a change in minutes); counts may not
    judge("spc", {}, Comparison("level", (-1.0,), (-2.0, 0.0)))


def test_scipy_is_imported_lazily() -> None:
    code = (
        "import sys\n"
        "from narrator.analysis.benchmarks import judge, Comparison\n"
        "c = Comparison('proportion', (5,), (6,), (10,), (10,))\n"
        "judge('poisson', {}, Comparison('count', (5,), (6,)))\n"
        "judge('two_proportion', {}, c)\n"
        "judge('ci_current', {'interval': 'wilson'}, c)\n"
        "judge('spc', {}, Comparison('count', (5,), (6, 7)))\n"
        "assert 'scipy' not in sys.modules, 'scipy imported'\n"
        "assert 'numpy' not in sys.modules, 'numpy imported'\n"
        "judge('poisson', {'variant': 'exact'}, Comparison('count', (5,), (6,)))\n"
        "assert 'scipy' in sys.modules\n"
    )
    env = {"PYTHONPATH": str(ROOT), "PATH": ""}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
