"""What a benchmark test compares and what it returns: a measure's current and baseline months
(:class:`Comparison`), the result (:class:`BenchmarkResult`, or :class:`BenchmarkError`), and the
words and numbers every test's explanation shares (p-values, confidence levels, intervals).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal, Sequence

from ..numbers import round_half_up




Kind = Literal["count", "proportion", "level"]
Direction = Literal["up", "down", "none"]
TestKind = Literal["significance", "control_chart", "none"]
KINDS: tuple[str, ...] = ("count", "proportion", "level")
# significance: a test at the report's confidence level; control_chart: an SPC signal, which
# has no confidence level; none: no test (method none, or data a method cannot judge).
TEST_KINDS: tuple[str, ...] = ("significance", "control_chart", "none")

_NORMAL = NormalDist()
_D2 = 1.128  # bias-correction constant for moving ranges of two points: sigma ≈ MR̄ / d2


class BenchmarkError(ValueError):
    """A benchmark method, its parameters, the confidence level or the data are unusable."""


@dataclass(frozen=True)
class Comparison:
    """A measure's current and baseline months, and the months before them.

    ``current`` and ``baseline`` are consecutive periods (normally 12 months each) in month
    order, so ``current[i]`` and ``baseline[i]`` are the same month of the year. ``earlier``
    holds the months before the baseline, oldest first, ending the month before the
    baseline begins (any number; the month-matched models use whole periods of it, the
    control chart its last months). Proportions carry monthly numerators in the value
    fields and denominators alongside; other kinds leave the denominators ``None``.
    """

    kind: Kind
    current: tuple[float, ...]
    baseline: tuple[float, ...]
    current_denominators: tuple[float, ...] | None = None
    baseline_denominators: tuple[float, ...] | None = None
    earlier: tuple[float, ...] = ()
    earlier_denominators: tuple[float, ...] | None = None
    # A survey's design effect (catalogue key design_effect): the variance of its estimates over
    # a simple random sample's of the same size, from weighting or clustering its months cannot show.
    design_effect: float = 1.0


@dataclass(frozen=True)
class BenchmarkResult:
    """The verdict of one benchmark method on one comparison."""

    method: str
    direction: Direction
    test_kind: TestKind
    statistic: float | None
    p_value: float | None
    explanation: str
    interval: tuple[float, float] | None = None  # an interval the verdict rests on (a difference, a rate)
    # The change's interval at the confidence level, as the report prints the change (% for counts,
    # points for rates, the unit for levels); it excludes no change exactly when the test finds one.
    change_interval: tuple[float, float] | None = None
    # The usual variation the test set the change against, where it estimated one: the dispersion
    # used, the tested pair's own, and the lag-1 autocorrelation allowed for (narrator.analysis.dispersion).
    dispersion: float | None = None
    tested_dispersion: float | None = None
    autocorrelation: float | None = None

    @property
    def tested(self) -> bool:
        """False when nothing was tested (method none, or data the method cannot judge)."""
        return self.test_kind != "none"

    @property
    def significant(self) -> bool:
        """True when the method found a significant movement (or an SPC signal)."""
        return self.direction != "none"



# --------------------------------------------------------------------------- formatting


def _or_list(options: Sequence[str]) -> str:
    quoted = [repr(o) for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _num(x: float) -> str:
    """1,372 for whole numbers, otherwise up to two decimals (7.25, 98.1)."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _pct(p: float) -> str:
    """A rate as the report prints it, to one decimal, halves up (numbers.round_half_up)."""
    return f"{round_half_up(100 * p, 1)}%"


def _printed_difference(p1: float, p0: float) -> str:
    """The difference of two rates in points as the reader works it out from the rates printed
    (``_pct``): one convention for every fact that states it (facts' ``m.change``, the tests' words)."""
    return f"{round_half_up(100 * p1, 1) - round_half_up(100 * p0, 1)}"


def _points(d: float) -> str:
    return f"{100 * d:.1f}"


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _level(confidence: float) -> str:
    return f"{confidence * 100:g}%"


def _verdict(direction: Direction, confidence: float) -> str:
    """The verdict words of a significance test, from its direction (so they always agree)."""
    word = "not significant" if direction == "none" else "significant"
    return f"{word} at the {_level(confidence)} confidence level"


def _sign(x: float) -> Direction:
    return "up" if x > 0 else "down" if x < 0 else "none"


def _two_sided_p(z: float) -> float:
    """2·P(Z > |z|), via erfc so that far tails do not round to 0."""
    return math.erfc(abs(z) / math.sqrt(2))


def _two_sided_t(t: float, df: int) -> float:
    """2·P(T_df > |t|), df ≥ 1."""
    from scipy.special import stdtr  # cheap: scipy.special, not scipy.stats

    return float(2 * stdtr(df, -abs(t)))


def _significance(method: str, direction: Direction, statistic: float | None, p: float | None,
                  text: str, confidence: float, interval: tuple[float, float] | None = None,
                  change: tuple[float, float] | None = None, noise: object = None) -> BenchmarkResult:
    """A significance test's result; ``text`` is the explanation before its verdict, ``change``
    the change's interval (narrator.analysis.intervals), ``noise`` what it was set against (any
    object with ``dispersion``, ``tested`` and ``rho``: narrator.analysis.dispersion.Noise)."""
    spread = (None, None, None) if noise is None else (
        getattr(noise, "dispersion"), getattr(noise, "tested"), getattr(noise, "rho"))
    return BenchmarkResult(method, direction, "significance", statistic, p,
                           f"{text}, {_verdict(direction, confidence)}.", interval, change, *spread)


def _tested_direction(p: float, alpha: float, change: float) -> Direction:
    return _sign(change) if p < alpha else "none"


# --------------------------------------------------------------------------- intervals


def proportion_interval(
    p: float, n: float, confidence: float = 0.95, interval: str = "wald", critical: float | None = None
) -> tuple[float, float]:
    """Two-sided interval for a rate ``p`` observed on ``n`` trials.

    ``"wald"``: p ± z·√(p(1−p)/n). ``"wilson"``: the Wilson score interval.
    z is the standard normal quantile at (1 + confidence)/2, or ``critical`` where given. Bounds are clipped to [0, 1]
    (as statsmodels does), and a Wilson interval at 0% starts exactly at 0 and one at 100%
    ends exactly at 1 (without that, rounding leaves a rate of 0 "outside" its own interval).
    """
    if n <= 0:
        raise BenchmarkError(f"an interval needs a positive number of trials, not {n!r}")
    z = _NORMAL.inv_cdf((1 + confidence) / 2) if critical is None else critical
    if interval == "wald":
        half = z * math.sqrt(p * (1 - p) / n)
        return max(0.0, p - half), min(1.0, p + half)
    if interval == "wilson":
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z / denom * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
        lo = 0.0 if p <= 0 else max(0.0, centre - half)
        hi = 1.0 if p >= 1 else min(1.0, centre + half)
        return lo, hi
    raise BenchmarkError(f"interval must be 'wald' or 'wilson', not {interval!r}")


def difference_interval(
    v1: float, n1: float, v0: float, n0: float, confidence: float = 0.95, critical: float | None = None
) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p1 − p0 (Newcombe 1998, method 10).

    Built from the Wilson intervals (l1, u1) and (l0, u0) of the two rates:
    d − √((p1 − l1)² + (u0 − p0)²) to d + √((u1 − p1)² + (p0 − l0)²), with d = p1 − p0.
    ``critical`` replaces the normal quantile (a t quantile, where a dispersion is estimated).
    """
    p1, p0 = v1 / n1, v0 / n0
    l1, u1 = proportion_interval(p1, n1, confidence, "wilson", critical)
    l0, u0 = proportion_interval(p0, n0, confidence, "wilson", critical)
    d = p1 - p0
    return d - math.hypot(p1 - l1, u0 - p0), d + math.hypot(u1 - p1, p0 - l0)
