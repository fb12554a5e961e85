"""Each default benchmark method's false-alarm rate and power, by seeded simulation.

The simulation is tools/calibration.py's (series of every kind, judged by ``judge`` with the
default method, as in a report), at smaller sizes; the tool prints the same cells at larger
sizes for docs/benchmarks.md. A stable series must be called Higher or Lower 3% to 7% of the
time at 95%, for monthly means from 5 to 5,000, plain and overdispersed noise, with and without
seasonality and a trend in the earlier years.

Counts, surveys and levels are cheap to judge, so every cell runs 2,000 series and its rate must
lie within 3–7% (a cell truly at 5% stays inside with four standard errors to spare).
Administrative rates fit a binomial GLM per pair of years (a few milliseconds each), so they run
eight cells (plain binomial noise with no history, and overdispersed seasonal series with a trend
in six earlier years, at each mean) of 250 series: their pooled rate must lie within 4–6%, and no
cell may be shown, by an exact binomial test at the 0.1% level, to lie outside 3–7%.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from scipy.stats import binomtest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("calibration", ROOT / "tools" / "calibration.py")
calibration = importlib.util.module_from_spec(_spec)
sys.modules["calibration"] = calibration
_spec.loader.exec_module(calibration)
Scenario = calibration.Scenario

pytestmark = pytest.mark.slow  # thousands of simulated series per test
SEED = 20210413
MEANS = calibration.MEANS


def cells(kind: str) -> list[Scenario]:
    """Plain series with no history, and seasonal series with a trend in six earlier years."""
    return [Scenario(kind, mean, noise, seasonal, seasonal, seasonal)
            for mean in MEANS for noise in (0, 1) for seasonal in (False, True)]


@pytest.mark.parametrize("kind", ["count", "survey", "level"])
def test_false_alarms_within_3_to_7_percent(kind: str) -> None:
    """Surveys of independent respondents may be cautious down to 2% at 5 and 50 a month: the test
    allows for a dispersion of the months above 1 (with its t quantile), never below."""
    rates = {s.label() + f", mean {s.mean}": calibration.flag_rate(s, 2000, SEED)[0] for s in cells(kind)}
    low = {cell: 2 if kind == "survey" and cell.endswith((", mean 5", ", mean 50")) else 3 for cell in rates}
    outside = {cell: rate for cell, rate in rates.items() if not low[cell] <= rate <= 7}
    assert outside == {}, rates


def test_administrative_rate_false_alarms() -> None:
    runs, flagged = 250, {}
    for s in [Scenario("rate", mean, 0, False, False, False) for mean in MEANS] + [
            Scenario("rate", mean, 1, True, True, True) for mean in MEANS]:
        flagged[s.label() + f", mean {s.mean}"] = round(calibration.flag_rate(s, runs, SEED)[0] * runs / 100)
    pooled = 100 * sum(flagged.values()) / (runs * len(flagged))
    assert 4 <= pooled <= 6, flagged
    for cell, hits in flagged.items():
        assert binomtest(hits, runs, 0.03, alternative="less").pvalue > 0.001, (cell, hits)
        assert binomtest(hits, runs, 0.07, alternative="greater").pvalue > 0.001, (cell, hits)


# (kind, noise, monthly mean, step, at least this % called the right way); docs/benchmarks.md has them all.
POWER = [
    ("count", 1, 500, 0.2, 95), ("count", 1, 500, -0.2, 95), ("count", 1, 500, 0.1, 50),
    ("count", 0, 50, 0.2, 80), ("count", 1, 5000, 0.2, 95),
    ("survey", 0, 50, 0.2, 95), ("survey", 0, 50, -0.1, 60), ("survey", 1, 500, 0.1, 95),
    ("level", 0, 500, 0.2, 95), ("level", 1, 500, -0.2, 95), ("level", 0, 500, 0.1, 50),
    ("rate", 1, 500, 0.2, 85), ("rate", 0, 5000, -0.1, 95),
]


@pytest.mark.parametrize("kind,noise,mean,step,least", POWER)
def test_power_for_steps(kind: str, noise: int, mean: int, step: float, least: float) -> None:
    """Seasonal series with six earlier years and a step at the start of the current year."""
    runs = 100 if kind == "rate" else 400
    power, _ = calibration.flag_rate(Scenario(kind, mean, noise, True, False, True, step), runs, SEED)
    assert power >= least


def test_power_is_low_for_small_counts() -> None:
    """Five events a month: a 20% step is found less than a third of the time (no test could do much better)."""
    power, _ = calibration.flag_rate(Scenario("count", 5, 0, True, False, True, 0.2), 400, SEED)
    assert 5 < power < 33


def test_spc_false_alarms_are_not_five_percent() -> None:
    """A control chart's false alarms are set by its rules, not the confidence level: about 12–17%
    for a stable, non-seasonal count with 24 baseline months (docs/benchmarks.md)."""
    s = Scenario("count", 50, 0, False, False, True)
    rng = calibration.np.random.default_rng(SEED)
    signals = sum(calibration.judge("spc", {}, calibration.simulate(s, rng)).direction != "none" for _ in range(1000))
    assert 90 <= signals <= 200


def test_rolling_year_false_alarms() -> None:
    """annual_totals on 12-month totals: 3–7% for stable series; a trend in the earlier years that
    stops at the baseline only makes it stricter (the earlier changes count as usual variation)."""
    rates = {}
    for kind, noise, trend in [(k, n, t) for k in ("count", "rate") for n in (0, 1) for t in (False, True)]:
        for mean in MEANS:
            s = Scenario(kind, mean, noise, True, trend, True)
            rates[s.label() + f", {kind}, mean {mean}"] = (trend, calibration.annual_rate(s, 2000 if not trend else 500, SEED))
    assert {cell: rate for cell, (trend, rate) in rates.items() if not trend and not 3 <= rate <= 7} == {}, rates
    assert {cell: rate for cell, (trend, rate) in rates.items() if trend and rate > 7} == {}, rates


# --------------------------------------------------------------------------- real series (issue 16)

SHAPE_CELLS = [(shape, kind, mean) for shape in calibration.SHAPES for kind in calibration.SHAPE_KINDS[shape]
               for mean in ((100, 1000) if kind != "level" else (300,))]


@pytest.mark.parametrize("shape,kind,mean", SHAPE_CELLS)
def test_real_series_shapes_are_not_shown_outside_3_to_7_percent(shape: str, kind: str, mean: int) -> None:
    """Clustered surveys, autocorrelated counts, a dip in an earlier year, a plateau, displaced months:
    no cell may be shown, by an exact binomial test at the 0.1% level, to lie outside 3–7% (600 series)."""
    runs = 600
    hits = round(calibration.shape_rate(shape, kind, mean, runs, SEED) * runs / 100)
    if (shape, kind) != ("autocorrelated", "level"):  # no allowance for a level's spells: docs/benchmarks.md
        assert binomtest(hits, runs, 0.07, alternative="greater").pvalue > 0.001, hits
    assert binomtest(hits, runs, 0.03, alternative="less").pvalue > 0.001, hits


def test_power_for_a_rise_of_a_fifth_at_a_hundred_a_month() -> None:
    assert calibration.flag_rate(Scenario("count", 100, 1, True, False, True, 0.2), 400, SEED)[0] >= 75


@pytest.mark.parametrize("mean", [1000, 5000])
def test_power_for_a_dip_of_the_lockdowns_size(mean: int) -> None:
    assert calibration.shape_rate("current dip", "count", mean, 300, SEED, 0.25, 0.026) >= 88
