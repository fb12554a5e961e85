"""How much a count series varies beyond chance, from the months before the tested pair of years.

The quasi-Poisson test of counts (``models._quasi_poisson``) asks whether the tested change is
larger than the series' usual variation from year to year. That variation is estimated here:

* the **dispersion** φ from the earlier pairs of years only, never from the tested pair, so that a
  tested year whose months depart from the usual pattern (the 2020 lockdown dip) does not widen
  its own test and hide its change; the tested pair's own dispersion is reported beside it. With
  no usable earlier pair, the tested pair is all there is, and it is used;
* the **lag-1 autocorrelation** ρ of the same pairs' Pearson residuals in month order: months
  that run in spells (a busy autumn, a quiet winter) make a 12-month total vary more than
  independent months would, and the month-matched residuals hide part of it. The variance is
  inflated by the factor the AR(1) process implies for a 12-month total compared with what the
  dispersion estimate sees (:func:`inflation`), with ρ corrected for its small-sample bias and
  bounded to [0, :data:`RHO_MAX`].

Formulas and their calibration: docs/benchmarks.md ("quasi_poisson", "Real series").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

RHO_MAX = 0.6  # the largest lag-1 autocorrelation allowed for: beyond it the estimate is mostly trend
RHO_MIN = 0.0  # no negative correlation is allowed for: its estimate's noise would make the test too ready (7% not 5%)
OUTLIER = 0.001  # an earlier pair whose dispersion the others' make this unlikely (F test) is left out


@dataclass(frozen=True)
class Noise:
    """The usual variation a count test is set against."""

    x2: float  # Pearson X² of the pairs used
    df: int  # its degrees of freedom
    pairs: int  # pairs of periods contributing
    earlier: bool  # True when the pairs are the earlier ones (not the tested pair)
    tested: float | None  # the tested pair's own dispersion (None without information)
    rho: float  # lag-1 autocorrelation allowed for (0 when none)
    factor: float  # variance inflation for autocorrelation (1 when none)

    @property
    def dispersion(self) -> float:
        """φ̂ = X² / df of the pairs used."""
        return self.x2 / self.df


def poisson_residuals(y: np.ndarray) -> tuple[float, int, np.ndarray]:
    """Pearson X², residual df and Pearson residuals (0 where a month carries no information) of
    the Poisson log-linear model period + month-of-year on a table of counts (rows: periods in
    time order; columns: months of the period). Its fitted values have a closed form, row total ×
    column total / grand total; months with no events in any period are left out."""
    rows, cols = y.sum(axis=1), y.sum(axis=0)
    keep = cols > 0
    residuals = np.zeros_like(y, dtype=float)
    if rows.min() <= 0 or keep.sum() < 2:
        return 0.0, 0, residuals  # a period has no events: the fit is on the boundary, no information
    fitted = np.outer(rows, cols[keep]) / rows.sum()
    residuals[:, keep] = (y[:, keep] - fitted) / np.sqrt(fitted)
    return float((residuals ** 2).sum()), (int(keep.sum()) - 1) * (len(rows) - 1), residuals


def lag1(table: np.ndarray, floor: float = RHO_MIN) -> float:
    """The lag-1 autocorrelation of a table's Pearson residuals in time order (rows: consecutive
    periods), r = Σ eₜ eₜ₊₁ / Σ eₜ², corrected for the bias of series centred on each period of L
    months (Marriott & Pope 1954: E r ≈ ρ − (1 + 4ρ) / L, so ρ̂ = (L r + 1) / (L − 4)) and
    bounded to [floor, RHO_MAX]; 0 for periods shorter than six months or a table without
    information."""
    length = table.shape[1]
    _, df, residuals = poisson_residuals(table)
    e = residuals.reshape(-1)
    squares = float((e ** 2).sum())
    if df == 0 or squares <= 0 or length < 6:
        return 0.0
    corrected = (length * float((e[:-1] * e[1:]).sum()) / squares + 1) / (length - 4)
    return min(max(corrected, floor), RHO_MAX)


def inflation(rho: float, length: int, decay: float | None = None) -> float:
    """How much more a period total varies, when its months are correlated, than the month-matched
    dispersion estimate allows for. The months' correlation at lag k is ρ λᵏ⁻¹ (λ = ``decay``, ρ
    itself for an AR(1) process). With S = L + 2 Σₖ (L − k) ρ λᵏ⁻¹, a total's variance is φ S (not
    φ L), and the dispersion of a pair estimates φ (L − S / L) / (L − 1); the factor is their
    ratio, S (L − 1) / (L² − S): 1 at ρ = 0, about (1 + ρ) / (1 − ρ) for an AR(1) over long periods."""
    if rho == 0 or length < 2:
        return 1.0
    decay = rho if decay is None else decay
    s = length + 2 * math.fsum((length - k) * rho * decay ** (k - 1) for k in range(1, length))
    return s * (length - 1) / (length * length - s)


def count_noise(tables: Sequence[np.ndarray]) -> Noise:
    """The noise of a count series from its pairs of periods (the tested pair first, then the
    earlier pairs, newest first): from the earlier pairs where any carries information, else
    from the tested pair. The autocorrelation comes from the same earlier months, as one table in
    time order (so that it rests on as many months as there are); none without earlier pairs."""
    fits = [poisson_residuals(t)[:2] for t in tables]
    tested = fits[0][0] / fits[0][1] if fits[0][1] > 0 else None
    earlier = _without_outliers([(f, t) for f, t in zip(fits[1:], tables[1:]) if f[1] > 0])
    used = earlier or [(f, t) for f, t in zip(fits[:1], tables[:1]) if f[1] > 0]
    x2, df = math.fsum(f[0] for f, _ in used), sum(f[1] for f, _ in used)
    # The tested pair alone (no earlier years) is too short, and may hold the change, to estimate it from.
    rho = lag1(np.vstack([t for _, t in reversed(earlier)])) if earlier else 0.0
    length = tables[0].shape[1]
    # Counting (Poisson) noise is independent from month to month; only the variation beyond it,
    # a share (φ − 1) / φ of the whole, can carry over, so its own autocorrelation is ρ φ / (φ − 1):
    # the months' correlation at lag k is ρ λᵏ⁻¹ with that λ (an AR(1) process plus counting noise).
    phi = x2 / df if df else 1.0
    decay = min(rho * phi / (phi - 1), RHO_MAX) if phi > 1 and rho > 0 else rho
    return Noise(x2, df, len(used), bool(earlier), tested, rho, inflation(rho, length, decay))


def _without_outliers(pairs: list) -> list:
    """The earlier pairs less any one whose dispersion is an outlier against the others' (its X² / df
    over theirs, an F test, one-sided p < OUTLIER): a year with a lockdown in it, say, which would
    make every later test cautious. At most one pair is left out, and only with two others beside it."""
    if len(pairs) < 3:
        return pairs
    from scipy.special import fdtrc  # cheap: scipy.special, not scipy.stats

    x2, df = math.fsum(f[0] for f, _ in pairs), sum(f[1] for f, _ in pairs)
    chances = []
    for (own_x2, own_df), _ in pairs:
        rest_x2, rest_df = x2 - own_x2, df - own_df
        ratio = (own_x2 / own_df) / (rest_x2 / rest_df) if rest_x2 > 0 else math.inf
        chances.append(float(fdtrc(own_df, rest_df, ratio)) if math.isfinite(ratio) else 0.0)
    worst = int(np.argmin(chances))
    return [p for i, p in enumerate(pairs) if i != worst] if chances[worst] < OUTLIER else pairs
