#!/usr/bin/env python3
"""Generate the ILLUSTRATIVE monthly data of the starter project (narrator/starter/observations.csv).

`narrator init` copies the starter project into a new folder: a small, invented data set with one
measure of each kind (counts, an outcome rate, survey proportions with their respondents, a call
handling rate and a level), 48 months from April 2022 to March 2026, so that a new analyst sees a
complete draft at once and then replaces the data with their own.

    python tools/make_starter_data.py

Each series is a seasonal, trending monthly mean with negative-binomial (counts) or binomial
(rates) noise from a fixed seed, so two runs write the same bytes. The numbers are invented; they
are shaped only to look like a force's figures, not to give any particular judgement.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "narrator" / "starter" / "observations.csv"
SEED = 20260401
MONTHS = [f"{2022 + (i + 3) // 12}-{(i + 3) % 12 + 1:02d}" for i in range(48)]  # 2022-04..2026-03
SEASON = np.array([1.00, 1.04, 1.06, 1.09, 1.05, 1.00, 0.99, 0.97, 0.93, 0.94, 0.93, 0.99])  # Apr..Mar


def count(rng, mean: float, trend: float, dispersion: float = 40.0) -> list[int]:
    """Monthly counts: a mean that grows by ``trend`` a year, the season, negative-binomial noise."""
    months = np.arange(len(MONTHS))
    mu = mean * (1 + trend) ** (months / 12) * np.tile(SEASON, 4)
    return rng.negative_binomial(dispersion, dispersion / (dispersion + mu)).tolist()


def rate(rng, denominators, start: float, end: float) -> list[int]:
    """Monthly numerators: binomial draws on a rate moving from ``start`` to ``end``."""
    p = np.linspace(start, end, len(MONTHS))
    return [int(rng.binomial(n, q)) for n, q in zip(denominators, p)]


def main() -> None:
    rng = np.random.default_rng(SEED)
    rows: list[tuple[str, str, int, int | str]] = []

    def add(measure: str, values, denominators=None) -> None:
        for i, month in enumerate(MONTHS):
            rows.append((measure, month, int(values[i]), "" if denominators is None else int(denominators[i])))

    crime = count(rng, 5200, -0.03)
    add("crime.recorded", crime)
    burglary = count(rng, 310, -0.10)
    add("burglary.recorded", burglary)
    add("burglary.outcome_rate", rate(rng, burglary, 0.052, 0.068), burglary)
    violence = count(rng, 1900, 0.04)
    add("violence.recorded", violence)
    add("violence.outcome_rate", rate(rng, violence, 0.118, 0.112), violence)
    respondents = rng.integers(95, 140, len(MONTHS))
    add("victims.satisfaction", rate(rng, respondents, 0.74, 0.79), respondents)
    surveyed = rng.integers(260, 330, len(MONTHS))
    add("public.confidence", rate(rng, surveyed, 0.61, 0.60), surveyed)
    calls = count(rng, 9800, 0.01, dispersion=200.0)
    add("calls999.answered_10s", rate(rng, calls, 0.88, 0.91), calls)
    minutes = np.round(11.5 * np.tile(SEASON, 4) + rng.normal(0, 0.6, len(MONTHS)) - np.linspace(0, 1.2, len(MONTHS)))
    add("response.urgent_minutes", minutes)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["measure", "month", "value", "denominator"])
        writer.writerows(sorted(rows, key=lambda r: (r[0], r[1])))
    print(f"wrote {OUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
