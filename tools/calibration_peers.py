"""False alarms and power of the "stands out from its peers" test (narrator.analysis.funnel), by seeded simulation.

    python tools/calibration_peers.py            # the full table in docs/benchmarks.md ("Against its peers")
    python tools/calibration_peers.py --runs 500 # quicker

A simulated peer group: k peers and the force, each with a baseline 12-month total drawn around a
typical size (log-normal, SD 0.5: forces of one group differ in size about two-fold), a common change
of +10%, and a force effect: additive between-force variation ``u ~ N(0, τ²)`` on the log change
(Spiegelhalter's additive overdispersion), or multiplicative (negative binomial counts, each total's
variance φ times its mean). The force is drawn like its peers, so every flag is a false alarm. For
power, the force's change is moved by a further +20%, +50% or +100% on top.

A cell's false-alarm rate must be at most 7% (tests/analysis/test_funnel.py runs a few cells
small); the table also shows the pooled rate.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from narrator.analysis.funnel import peer_test  # noqa: E402

PEERS = (3, 5, 7, 10)
SIZES = (100, 1000, 20000)  # a typical force's baseline 12-month total
TAUS = (0.0, 0.05, 0.1, 0.2)  # between-force SD of the log change (0.1: forces differ by about ±10%)
PHIS = (2.0, 10.0)  # multiplicative overdispersion of each total (negative binomial)
COMMON = 0.10  # every force's expected change


@dataclass(frozen=True)
class Cell:
    peers: int
    size: int
    tau: float = 0.0
    phi: float = 1.0  # 1: Poisson counts
    shift: float = 0.0  # the force's own extra change (0: a false alarm when flagged)

    def label(self) -> str:
        noise = f"τ {self.tau:g}" if self.phi == 1 else f"φ {self.phi:g}, τ {self.tau:g}"
        return f"{self.peers} peers, size {self.size:,}, {noise}" + (f", force +{self.shift:.0%}" if self.shift else "")


def _counts(rng: np.random.Generator, mean: np.ndarray, phi: float) -> np.ndarray:
    if phi == 1:
        return rng.poisson(mean)
    shape = mean / (phi - 1)  # negative binomial: variance = phi × mean
    return rng.poisson(rng.gamma(shape, (phi - 1)))


def flag_rate(cell: Cell, runs: int, seed: int, confidence: float = 0.95) -> float:
    """% of ``runs`` simulated groups in which the force is flagged above or below its peers."""
    rng = np.random.default_rng([seed, cell.peers, cell.size, int(cell.tau * 1000), int(cell.phi * 10), int(cell.shift * 100)])
    flagged = 0
    for _ in range(runs):
        size = cell.size * np.exp(rng.normal(0, 0.5, cell.peers + 1))
        change = COMMON + rng.normal(0, cell.tau, cell.peers + 1)
        change[0] += np.log1p(cell.shift)
        baseline = _counts(rng, size, cell.phi)
        current = _counts(rng, size * np.exp(change), cell.phi)
        result = peer_test((baseline[0], current[0]), list(zip(baseline[1:], current[1:])), confidence)
        flagged += result is not None and result.verdict != "within"
    return 100 * flagged / runs


def cells() -> list[Cell]:
    plain = [Cell(k, n, tau) for k in PEERS for n in SIZES for tau in TAUS]
    multiplicative = [Cell(k, n, 0.05, phi) for k in PEERS for n in SIZES[1:] for phi in PHIS]
    return plain + multiplicative


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=20210413)
    args = parser.parse_args(argv)
    rates = []
    print("| peer group | false alarms |")
    print("| --- | ---: |")
    for cell in cells():
        rate = flag_rate(cell, args.runs, args.seed)
        rates.append(rate)
        print(f"| {cell.label()} | {rate:.1f}% |")
    print(f"\npooled: {np.mean(rates):.1f}%, highest: {max(rates):.1f}%\n")
    print("| power (7 peers, τ 0.05) | size 1,000 | size 20,000 |")
    print("| --- | ---: | ---: |")
    for shift in (0.2, 0.5, 1.0):
        row = [flag_rate(Cell(7, n, 0.05, shift=shift), args.runs, args.seed) for n in (1000, 20000)]
        print(f"| force +{shift:.0%} more than its peers | {row[0]:.1f}% | {row[1]:.1f}% |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
