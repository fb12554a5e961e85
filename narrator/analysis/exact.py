"""Exact tests of two totals, from ``scipy.special`` and numpy (never scipy.stats, which takes about
half a second to import): the conditional binomial test of two Poisson counts and Fisher's exact
test of a 2 × 2 table, both two-sided. ``tests/analysis/test_exact.py`` checks them against
scipy.stats' ``binomtest`` and ``fisher_exact``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["fisher_exact_p", "poisson_exact_p"]

# Outcomes as likely as the one observed count as "as extreme" within this relative tolerance
# (R's fisher.test uses the same), so that exact ties computed in floating point stay ties.
_TIES = 1e-7


def poisson_exact_p(x1: int, x0: int) -> float:
    """Two-sided p of x1 against x0 events in equal exposure: conditional on the total,
    x1 ~ Binomial(x1 + x0, ½), whose two tails are equal (scipy's ``binomtest(x1, x1 + x0)``)."""
    from scipy.special import bdtr  # cheap: scipy.special, not scipy.stats

    return min(1.0, float(2 * bdtr(min(x1, x0), x1 + x0, 0.5)))


def fisher_exact_p(table: tuple[tuple[int, int], tuple[int, int]]) -> float:
    """Two-sided p of Fisher's exact test on ``((a, b), (c, d))``: the probability, given the
    margins, of the tables no more likely than the one observed (scipy's ``fisher_exact``)."""
    from scipy.special import gammaln  # cheap: scipy.special, not scipy.stats

    (a, b), (c, d) = table
    if min(a, b, c, d) < 0:
        raise ValueError(f"a 2 × 2 table of counts must not have negative cells, not {table!r}")
    row, other, column = a + b, c + d, a + c
    if 0 in (row, other, column, b + d):
        return 1.0
    x = np.arange(max(0, column - other), min(column, row) + 1, dtype=float)
    # log C(row, x) + log C(other, column − x), less what does not depend on x
    log_pmf = -(gammaln(x + 1) + gammaln(row - x + 1) + gammaln(column - x + 1) + gammaln(other - column + x + 1))
    pmf = np.exp(log_pmf - log_pmf.max())
    observed = pmf[a - int(x[0])]
    return min(1.0, float(pmf[pmf <= observed * (1 + _TIES)].sum() / pmf.sum()))
