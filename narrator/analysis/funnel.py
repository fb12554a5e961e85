"""Does a force's change stand out from its peers'? An over-dispersed funnel-plot test.

Each force's change is the log of its ratio of two 12-month totals, ``y = ln(current / baseline)``,
whose variance from counting alone (Poisson) is ``v = 1/current + 1/baseline``. Forces differ by
more than counting: real between-force variation (recording practice, local events) is allowed
for by an additive random effect, as in Spiegelhalter's over-dispersed funnel plots (Statistics in
Medicine 24, 2005, "Funnel plots for comparing institutional performance", additive
overdispersion): the peers' changes are taken to be ``θ + u_i + e_i``, with ``u_i`` of variance
``τ²`` between forces and ``e_i`` the counting noise.

From the peers alone (never the force itself): ``τ²`` by the DerSimonian–Laird moment estimator
and ``θ`` as the random-effects weighted mean (as statsmodels' ``combine_effects`` gives them).
The force is then one more draw from the same spread, so its standardised difference::

    T = (y_force − θ) / √(v_force + τ² + SE(θ)²)

is referred to Student's t with k − 1 degrees of freedom (k peers), which allows for τ² and θ
being estimated from a handful of forces. The funnel's limits at the force's size are the changes
``exp(θ ± t · √(v_force + τ² + SE(θ)²)) − 1``. A zero count gets half an offence added to both of
its force's totals (the usual continuity correction). With fewer than :data:`MIN_PEERS` peers
there is no test. Its false alarms are calibrated by simulation in tools/calibration_peers.py
(docs/benchmarks.md, "Against its peers").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.special import stdtr, stdtrit  # Student's t from scipy.special: cheap, where scipy.stats is not

__all__ = ["MIN_PEERS", "PeerTest", "log_change", "peer_test", "random_effects"]

MIN_PEERS = 3


@dataclass(frozen=True)
class PeerTest:
    """The force's change against its peers': which side of the funnel it falls, and the funnel."""

    statistic: float  # T
    df: int
    p: float  # two-sided
    centre: float  # θ as a % change: the peers' typical change
    lower: float  # the funnel's limits at the force's size, as % changes
    upper: float
    tau: float  # the between-force standard deviation of the log changes
    verdict: str  # above | below | within


def log_change(baseline: float, current: float) -> tuple[float, float]:
    """``(ln(current / baseline), 1/current + 1/baseline)``, half an offence added to both when either is 0."""
    if baseline <= 0 or current <= 0:
        baseline, current = baseline + 0.5, current + 0.5
    return math.log(current / baseline), 1 / current + 1 / baseline


def random_effects(ys: Sequence[float], vs: Sequence[float]) -> tuple[float, float, float]:
    """``(θ, SE(θ)², τ²)``: the DerSimonian–Laird random-effects mean of ``ys`` with variances ``vs``."""
    w = [1 / v for v in vs]
    total = sum(w)
    fixed = sum(wi * y for wi, y in zip(w, ys)) / total
    q = sum(wi * (y - fixed) ** 2 for wi, y in zip(w, ys))
    tau2 = max(0.0, (q - (len(ys) - 1)) / (total - sum(wi * wi for wi in w) / total))
    star = [1 / (v + tau2) for v in vs]
    theta = sum(s * y for s, y in zip(star, ys)) / sum(star)
    return theta, 1 / sum(star), tau2


def peer_test(force: tuple[float, float], peers: Sequence[tuple[float, float]], confidence: float) -> PeerTest | None:
    """``force`` and each of ``peers`` as (baseline, current) 12-month totals; None with too few peers."""
    if len(peers) < MIN_PEERS:
        return None
    changes = [log_change(b, c) for b, c in peers]
    theta, se2, tau2 = random_effects([y for y, _ in changes], [v for _, v in changes])
    y, v = log_change(*force)
    spread = math.sqrt(v + tau2 + se2)
    df = len(peers) - 1
    statistic = (y - theta) / spread
    p = float(2 * stdtr(df, -abs(statistic)))
    critical = float(stdtrit(df, 1 - (1 - confidence) / 2))
    verdict = "within" if p >= 1 - confidence else "above" if statistic > 0 else "below"
    return PeerTest(statistic, df, p, _pct(theta), _pct(theta - critical * spread), _pct(theta + critical * spread),
                    math.sqrt(tau2), verdict)


def _pct(log_ratio: float) -> float:
    return (math.exp(log_ratio) - 1) * 100
