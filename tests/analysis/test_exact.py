"""narrator.analysis.exact against scipy.stats (the oracle): Fisher's exact test and the
conditional binomial test of two Poisson counts, two-sided."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binomtest, fisher_exact

from narrator.analysis.exact import fisher_exact_p, poisson_exact_p


def tables():
    rng = np.random.default_rng(20261207)
    yield from ([[6, 114], [0, 120]], [[0, 0], [0, 5]], [[0, 5], [0, 7]], [[5, 5], [5, 5]], [[1, 0], [0, 1]],
                [[0, 12], [12, 0]], [[3, 3], [6, 6]], [[10, 0], [0, 10]], [[0, 1], [1, 0]], [[2, 7], [8, 2]],
                [[0, 90000], [7, 90000]], [[120, 2880], [95, 2905]])
    for _ in range(300):
        size = int(rng.choice([3, 30, 300, 3000]))
        yield rng.integers(0, size, (2, 2)).tolist()


@pytest.mark.parametrize("table", list(tables()))
def test_fishers_exact_test_matches_scipy(table) -> None:
    assert fisher_exact_p(table) == pytest.approx(fisher_exact(table).pvalue, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("x1,x0", [(0, 0), (0, 1), (5, 0), (3, 3), (4, 3), (10, 11), (50, 80), (1372, 1577), (12196, 10660)])
def test_exact_poisson_test_matches_scipys_binomial_test(x1: int, x0: int) -> None:
    expected = binomtest(x1, x1 + x0, 0.5).pvalue if x1 + x0 else 1.0
    assert poisson_exact_p(x1, x0) == pytest.approx(expected, rel=1e-9, abs=1e-300)  # cephes v boost: 1e-11 apart in far tails


def test_a_negative_cell_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^a 2 × 2 table of counts must not have negative cells, not \(\(1, -1\), \(2, 3\)\)$"):
        fisher_exact_p(((1, -1), (2, 3)))
