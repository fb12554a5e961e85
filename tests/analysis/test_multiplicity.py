"""The note on multiple testing: Benjamini–Hochberg against statsmodels."""

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from narrator.analysis import multiplicity
from narrator.analysis.benchmarks import BenchmarkResult


@pytest.mark.parametrize("seed", range(5))
def test_the_survivors_are_statsmodels_fdr_bh_rejections(seed):
    rng = np.random.default_rng(seed)
    ps = np.concatenate([rng.uniform(size=30), rng.uniform(0, 0.01, size=seed * 3)])
    assert multiplicity.surviving(list(ps), 0.05) == int(multipletests(ps, alpha=0.05, method="fdr_bh")[0].sum())


def result(direction, p=None, interval=None, kind="significance"):
    return BenchmarkResult("x", direction, kind, None, p, "", None, interval)


def test_counts_take_an_intervals_p_where_the_test_gives_none():
    found = multiplicity.counts([
        result("up", p=0.001), result("none", p=0.4), result("down", interval=(-9.8, -0.2)),
        result("none", kind="control_chart"), result("none", kind="none"),
    ], 0.95)
    assert found == {"run": 3, "flagged": 2, "expected_by_chance": 0.15, "surviving": 1}
    # the interval's p: z = centre 5.0 over (half-width 4.8 / 1.96), 2.04
    assert multiplicity.p_value(result("down", interval=(-9.8, -0.2)), 0.95) == pytest.approx(0.0412, abs=1e-4)
