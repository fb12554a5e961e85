"""The "stands out from its peers" test: its estimates against statsmodels, its verdicts, and a
small seeded run of tools/calibration_peers.py (the full run is in docs/benchmarks.md)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from scipy.stats import binomtest
from statsmodels.stats.meta_analysis import combine_effects

from narrator.analysis.funnel import MIN_PEERS, log_change, peer_test, random_effects

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("calibration_peers", ROOT / "tools" / "calibration_peers.py")
calibration = importlib.util.module_from_spec(_spec)
sys.modules["calibration_peers"] = calibration
_spec.loader.exec_module(calibration)

PEERS = [(969, 1343), (3184, 3743), (3209, 3148), (2037, 2300), (1547, 1290), (1506, 1867), (1171, 1577), (1059, 1044)]


def test_random_effects_are_statsmodels_dersimonian_laird():
    changes = [log_change(b, c) for b, c in PEERS]
    ys, vs = [y for y, _ in changes], [v for _, v in changes]
    theta, se2, tau2 = random_effects(ys, vs)
    reference = combine_effects(np.array(ys), np.array(vs), method_re="dl")
    assert reference.tau2 > 0  # statsmodels leaves a negative moment estimate untruncated; here it is positive
    assert tau2 == pytest.approx(reference.tau2, rel=1e-12)
    assert theta == pytest.approx(reference.mean_effect_re, rel=1e-12)
    assert se2 == pytest.approx(reference.sd_eff_w_re ** 2, rel=1e-12)


def test_the_statistic_limits_and_p_follow_from_the_formula():
    force = (1534, 1574)
    result = peer_test(force, PEERS, 0.95)
    changes = [log_change(b, c) for b, c in PEERS]
    theta, se2, tau2 = random_effects([y for y, _ in changes], [v for _, v in changes])
    spread = math.sqrt(1 / 1574 + 1 / 1534 + tau2 + se2)
    t = (math.log(1574 / 1534) - theta) / spread
    assert result.statistic == pytest.approx(t, rel=1e-12) and result.df == 7
    assert result.p == pytest.approx(2 * stats.t.sf(abs(t), 7), rel=1e-12)
    critical = stats.t.ppf(0.975, 7)
    assert result.lower == pytest.approx((math.exp(theta - critical * spread) - 1) * 100, rel=1e-12)
    assert result.upper == pytest.approx((math.exp(theta + critical * spread) - 1) * 100, rel=1e-12)
    assert result.centre == pytest.approx((math.exp(theta) - 1) * 100, rel=1e-12)
    assert result.verdict == "within" and result.lower < (1574 / 1534 - 1) * 100 < result.upper


def test_a_change_far_beyond_the_peers_is_above_or_below():
    alike = [(1000, 1100), (2000, 2190), (1500, 1660), (1200, 1310), (1800, 1990)]
    assert peer_test((1000, 1600), alike, 0.95).verdict == "above"
    assert peer_test((1000, 700), alike, 0.95).verdict == "below"
    assert peer_test((1000, 1100), alike, 0.95).verdict == "within"


def test_too_few_peers_give_no_test_and_a_zero_count_is_corrected():
    assert MIN_PEERS == 3
    assert peer_test((100, 120), [(100, 110), (90, 95)], 0.95) is None
    assert log_change(0, 4) == (math.log(4.5 / 0.5), 1 / 4.5 + 1 / 0.5)
    assert peer_test((0, 3), [(10, 12), (8, 9), (11, 10)], 0.95) is not None


CELLS = [calibration.Cell(5, 1000, 0.1), calibration.Cell(7, 20000, 0.1), calibration.Cell(10, 1000, 0.05, 10.0),
         calibration.Cell(7, 1000, 0.2)]


def test_false_alarms_at_most_7_percent_on_overdispersed_peer_groups():
    runs = 500
    rates = {cell.label(): calibration.flag_rate(cell, runs, 20210413) for cell in CELLS}
    for label, rate in rates.items():  # no cell shown, at the 0.1% level, to lie above 7%
        assert binomtest(round(rate * runs / 100), runs, 0.07, alternative="greater").pvalue > 0.001, rates
    assert sum(rates.values()) / len(rates) <= 7, rates


def test_a_force_moved_by_half_again_is_found():
    assert calibration.flag_rate(calibration.Cell(7, 1000, 0.05, shift=0.5), 200, 20210413) >= 90
