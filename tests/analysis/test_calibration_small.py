"""A small seeded run of tools/calibration.py's real-series shapes, in the normal suite: autocorrelated
counts and rates, clustered surveys, counts whose history holds a dip and counts with displaced months
are flagged about 5% of the time when stable, and a dip of the example's lockdown size is found.
tests/analysis/test_calibration.py (slow) runs every shape at larger sizes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from scipy.stats import binomtest

ROOT = Path(__file__).resolve().parents[2]
if "calibration" not in sys.modules:
    _spec = importlib.util.spec_from_file_location("calibration", ROOT / "tools" / "calibration.py")
    sys.modules["calibration"] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules["calibration"])
calibration = sys.modules["calibration"]
SEED = 20210413


@pytest.mark.parametrize("shape,kind,mean,runs", [("autocorrelated", "count", 300, 300), ("clustered survey", "survey", 300, 150),
                                                   ("dip in an earlier year", "count", 300, 300), ("displaced months", "count", 1000, 300),
                                                   ("autocorrelated", "rate", 300, 150)])
def test_a_stable_real_series_is_flagged_about_five_percent_of_the_time(shape, kind, mean, runs):
    hits = round(calibration.shape_rate(shape, kind, mean, runs, SEED) * runs / 100)
    assert binomtest(hits, runs, 0.03, alternative="less").pvalue > 0.001, hits
    assert binomtest(hits, runs, 0.07, alternative="greater").pvalue > 0.001, hits


def test_a_dip_of_the_lockdowns_size_is_found():
    """Three months 25% down on the example's all-crime noise (5,000 a month, dispersion about 4.5)."""
    assert calibration.shape_rate("current dip", "count", 5000, 100, SEED, 0.25, 0.026) >= 95
