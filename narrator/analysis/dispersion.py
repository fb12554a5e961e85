"""How much a count series varies beyond chance, from the months before the tested pair of years.

The quasi-Poisson test of counts (``models._quasi_poisson``) asks whether the tested change is
larger than the series' usual variation from year to year. That variation is estimated here:

* the **dispersion** φ from the earlier pairs of years only, never from the tested pair, so that a
  tested year whose months depart from the usual pattern (the 2020 lockdown dip) does not widen
  its own test and hide its change; the tested pair's own dispersion is reported beside it. Each
  earlier pair's dispersion beyond Poisson is scaled to the tested pair's level (:func:`_at_level`).
  With no usable earlier pair, the tested pair is all there is, and it is used;
* the **lag-1 autocorrelation** ρ of the same earlier years' Pearson residuals in month order,
  less the one year whose months vary most about the fit (:func:`spells`: a year with a lockdown
  dip in it, whose three low months would look like spells): months that run in spells (a busy
  autumn, a quiet winter) make a 12-month total vary more than independent months would, and the
  month-matched residuals hide part of it; months that offset each other (a backlog recorded the
  month after) make it vary less (the rates' test reads its months the same way, from
  :func:`rate_residuals`). The variance is multiplied by the factor the AR(1) process
  implies for a 12-month total compared with what the dispersion estimate sees
  (:func:`inflation`), with ρ corrected for its small-sample bias and bounded to
  [−½ (φ − 1)/φ, :data:`RHO_MAX`]: only the variation beyond counting can be displaced from
  month to month, and a displacement's lag-1 correlation is at least −½.

Formulas and their calibration: docs/benchmarks.md ("quasi_poisson", "Real series").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

RHO_MAX = 0.6  # the largest lag-1 autocorrelation allowed for: beyond it the estimate is mostly trend
RHO_MIN = -0.5  # the smallest: an MA(1) process (one month's excess is the next one's deficit) reaches −½
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


def lag1(table: np.ndarray, floor: float = 0.0) -> float:
    """The lag-1 autocorrelation of a count table's Pearson residuals in time order (rows:
    consecutive periods), bias-corrected and bounded (:func:`lag1_of`)."""
    _, df, residuals = poisson_residuals(table)
    return lag1_of(residuals, floor) if df else 0.0


def lag1_of(residuals: np.ndarray, floor: float = 0.0) -> float:
    """The lag-1 autocorrelation of a table of residuals in time order (rows: consecutive periods,
    each centred on its own level and the months on their pattern), r = Σ eₜ eₜ₊₁ / Σ eₜ², corrected
    for the bias of series centred on each period of L months (Marriott & Pope 1954: E r ≈ ρ − (1 +
    4ρ) / L, so ρ̂ = (L r + 1) / (L − 4)) and bounded to [floor, RHO_MAX]; 0 for periods shorter
    than six months or residuals without variation."""
    length = residuals.shape[1]
    e = residuals.reshape(-1)
    squares = float((e ** 2).sum())
    if squares <= 0 or length < 6:
        return 0.0
    corrected = (length * float((e[:-1] * e[1:]).sum()) / squares + 1) / (length - 4)
    return min(max(corrected, floor), RHO_MAX)


def allowance(table: np.ndarray, residuals: Callable[[np.ndarray], np.ndarray | None],
              phi: float | None) -> tuple[float, float]:
    """(ρ, factor): the months' lag-1 autocorrelation allowed for and the variance factor it implies
    for a period total (:func:`inflation`), from a table of the earlier periods (rows in time order;
    for rates, values and denominators side by side) whose ``residuals`` (None: no information) are
    read less the most variable period (:func:`spells`). ``phi`` is the dispersion beyond sampling
    or counting noise, which is independent from month to month (None: none): only the share
    (φ − 1) / φ beyond it can carry over or be displaced."""
    e = residuals(spells(table, residuals))
    if e is None:
        return 0.0, 1.0
    share = 1.0 if phi is None else max(phi - 1, 0.0) / phi if phi > 0 else 0.0
    rho = lag1_of(e, RHO_MIN * share)
    length = e.shape[1]
    # Only the variation beyond counting carries over, so its own autocorrelation is ρ / share: the
    # months' correlation at lag k is ρ λᵏ⁻¹ with that λ (an AR(1) process plus counting noise); a
    # negative ρ alternates (λ = ρ), as an AR(1) process does.
    decay = min(rho / share, RHO_MAX) if 0 < share < 1 and rho > 0 else rho
    return rho, inflation(rho, length, decay)


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


def spells(table: np.ndarray, residuals: Callable[[np.ndarray], np.ndarray | None] | None = None) -> np.ndarray:
    """The earlier periods' table (rows in time order) the autocorrelation is estimated from: of
    four or more periods, all but the one whose months vary most about the fit (the largest sum of
    squared residuals; Pearson residuals of the Poisson fit unless ``residuals`` are given). A year
    with a dip of a few months (a lockdown) is that year, and its run of low months would otherwise
    pass for spells that every year has; in a year without one, leaving out the most variable period
    changes the estimate little. The periods either side of the one left out are then read as
    neighbours."""
    if table.shape[0] < 4:
        return table
    e = _poisson_only(table) if residuals is None else residuals(table)
    if e is None:
        return table
    return np.delete(table, int(np.argmax((e ** 2).sum(axis=1))), axis=0)


def _poisson_only(table: np.ndarray) -> np.ndarray | None:
    _, df, residuals = poisson_residuals(table)
    return residuals if df else None


def count_noise(tables: Sequence[np.ndarray]) -> Noise:
    """The noise of a count series from its pairs of periods (the tested pair first, then the
    earlier pairs, newest first): from the earlier pairs where any carries information, else
    from the tested pair. The autocorrelation comes from the same earlier months, as one table in
    time order (so that it rests on as many months as there are) less its most variable period
    (:func:`spells`); none without earlier pairs."""
    fits = [_at_level(poisson_residuals(t)[:2], float(t.mean()), float(tables[0].mean())) for t in tables]
    tested = fits[0][0] / fits[0][1] if fits[0][1] > 0 else None
    earlier = _without_outliers([(f, t) for f, t in zip(fits[1:], tables[1:]) if f[1] > 0])
    used = earlier or [(f, t) for f, t in zip(fits[:1], tables[:1]) if f[1] > 0]
    x2, df = math.fsum(f[0] for f, _ in used), sum(f[1] for f, _ in used)
    phi = x2 / df if df else 1.0
    # The tested pair alone (no earlier years) is too short, and may hold the change, to estimate it from.
    rho, factor = allowance(np.vstack([t for _, t in reversed(earlier)]), _poisson_only, phi) if earlier else (0.0, 1.0)
    return Noise(x2, df, len(used), bool(earlier), tested, rho, factor)


def _at_level(fit: tuple[float, int], level: float, tested: float) -> tuple[float, int]:
    """A pair's (X², df) with its dispersion beyond Poisson scaled to the tested pair's level: a count's
    variation beyond counting grows with it (negative binomial, Var = μ + μ²/k, so φ − 1 ∝ μ), and a
    series that grew would otherwise be judged against the smaller variation of its smaller years.
    φ' = 1 + (φ − 1) × level_tested / level_pair."""
    x2, df = fit
    if df == 0 or level <= 0:
        return fit
    return df + (x2 - df) * tested / level, df


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


def rate_residuals(table: np.ndarray) -> np.ndarray | None:
    """Residuals of a table of monthly rates (rows: periods in time order; the months' numerators,
    then their denominators, side by side) about the two-way additive fit period + month-of-year,
    each over its binomial standard error at the table's overall rate; None where a month has no
    cases or the rate is 0% or 100% throughout. A closed form, enough to read the months'
    autocorrelation from (the dispersion itself comes from the quasi-binomial fits)."""
    length = table.shape[1] // 2
    values, cases = table[:, :length], table[:, length:]
    if (cases <= 0).any():
        return None
    rates, overall = values / cases, float(values.sum() / cases.sum())
    if not 0 < overall < 1:
        return None
    fitted = rates.mean(axis=1, keepdims=True) + rates.mean(axis=0) - rates.mean()
    return (rates - fitted) / np.sqrt(overall * (1 - overall) / cases)

