"""How many judgements a draft prints, how many chance alone would flag, and how many survive a
false-discovery-rate adjustment (Benjamini & Hochberg 1995).

Report-level facts, for the note on multiple testing:

* ``tests.run``: measures judged by a significance test; ``tests.flagged``: how many found a
  change; ``tests.expected_by_chance``: tests.run × (1 − confidence), the changes chance alone would
  flag if nothing had changed;
* ``tests.surviving``: the flagged changes that survive the Benjamini–Hochberg adjustment with the
  false discovery rate ``tests.false_discovery_rate`` (%) = 1 − confidence;
* ``tests.nested``: tested measures that are part of another tested measure (``part_of``): their
  tests are not independent of their whole's;
* ``charts.run`` / ``charts.signalled``: the same for control charts, whose false-alarm rate is
  not set by the confidence level (docs/benchmarks.md).

A test that gives an interval and no p (Newcombe's) gets the p of the normal approximation to its
interval: the interval's centre over its half-width, times the normal quantile.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

from .benchmarks import BenchmarkResult

_NORMAL = NormalDist()


def p_value(result: BenchmarkResult, confidence: float) -> float | None:
    """The test's p, or the p its interval implies (normal approximation); None without either."""
    if result.p_value is not None:
        return result.p_value
    if result.change_interval is None:
        return None
    low, high = result.change_interval
    half = (high - low) / 2
    if half <= 0:
        return None
    z = abs((low + high) / 2) / (half / _NORMAL.inv_cdf((1 + confidence) / 2))
    return math.erfc(z / math.sqrt(2))


def surviving(p_values: Sequence[float], rate: float) -> int:
    """How many hypotheses the Benjamini–Hochberg step-up procedure rejects at false discovery rate
    ``rate``: the largest k with the k-th smallest p ≤ k × rate / m."""
    ordered = sorted(p_values)
    m = len(ordered)
    passed = [k for k, p in enumerate(ordered, start=1) if p <= k * rate / m]
    return max(passed, default=0)


def counts(results: Sequence[BenchmarkResult], confidence: float) -> dict[str, float]:
    """tests.run, tests.flagged, tests.expected_by_chance, tests.surviving of these results."""
    tested = [r for r in results if r.test_kind == "significance"]
    ps = [p for p in (p_value(r, confidence) for r in tested) if p is not None]
    return {
        "run": len(tested),
        "flagged": sum(r.significant for r in tested),
        "expected_by_chance": round(len(tested) * (1 - confidence), 10),
        "surviving": min(surviving(ps, 1 - confidence), sum(r.significant for r in tested)),
    }
