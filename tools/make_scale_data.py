"""Write a seeded project of many measures (a national analyst's catalogue) to time `narrator facts` at scale.

    python tools/make_scale_data.py OUT_FOLDER [--measures 15000] [--months 60] [--seed 2026]

A third of the measures are counts (seasonal, overdispersed, means from 1 to 5,000 a month),
a third administrative rates (outcomes over crimes, 1% to 95%, on 5 to 5,000 cases a month), a
third survey proportions (satisfaction, 60% to 90%, on 20 to 300 respondents a month); months
end at 2025-03, the period the report.yaml names. Never committed: tools/benchmark.py writes it
under /tmp.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

KINDS = ("count", "rate", "survey")
PERIOD_END = "2025-03"


def months(count: int) -> list[str]:
    year, month = (int(part) for part in PERIOD_END.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def series(kind: str, count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray | None]:
    """One measure's monthly values (and denominators for rates and surveys)."""
    season = 1 + rng.uniform(0, 0.2) * np.sin(2 * np.pi * (np.arange(count) + rng.integers(12)) / 12)
    trend = np.exp(rng.normal(0, 0.03) * np.arange(count) / 12)
    noise = rng.gamma(30, 1 / 30, count)
    if kind == "count":
        mean = np.exp(rng.uniform(0, np.log(5000)))
        return rng.poisson(mean * season * trend * noise).astype(float), None
    if kind == "rate":
        cases = rng.poisson(np.exp(rng.uniform(np.log(5), np.log(5000))) * season * trend) + 1
        rate = np.clip(rng.uniform(0.01, 0.95) * noise, 0, 1)
    else:
        cases = rng.poisson(rng.uniform(20, 300) * trend, count) + 1
        rate = np.full(count, rng.uniform(0.6, 0.9))
    return rng.binomial(cases, rate).astype(float), cases.astype(float)


def catalogue_entry(identifier: str, kind: str) -> str:
    proportion = kind != "count"
    fields = [f"id: {identifier}", f"label: Measure {identifier}", f"name: measure {identifier}",
              f"kind: {'proportion' if proportion else 'count'}",
              f"polarity: {'higher_is_better' if proportion else 'lower_is_better'}"]
    if kind == "survey":
        fields.append("survey: true")
    return "  - {" + ", ".join(fields) + "}\n"


def write(folder: Path, measures: int, count: int, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    labels = months(count)
    catalogue = ["measures:\n"]
    with (folder / "observations.csv").open("w", encoding="utf-8") as out:
        out.write("measure,month,value,denominator\n")
        for i in range(measures):
            kind = KINDS[i % 3]
            identifier = f"m{i:05d}.{kind}"
            catalogue.append(catalogue_entry(identifier, kind))
            values, dens = series(kind, count, rng)
            for j, label in enumerate(labels):
                den = "" if dens is None else f"{dens[j]:.0f}"
                out.write(f"{identifier},{label},{values[j]:.0f},{den}\n")
    (folder / "measures.yaml").write_text("".join(catalogue), encoding="utf-8")
    (folder / "report.yaml").write_text(
        "report: {title: Scale, force: Scale Constabulary}\n"
        f"period_end: {PERIOD_END}\n"
        "inputs: {observations: observations.csv, measures: measures.yaml, commentary: commentary.yaml}\n",
        encoding="utf-8")
    (folder / "commentary.yaml").write_text(f"period_end: {PERIOD_END}\nparagraphs: {{}}\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--measures", type=int, default=15000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write(args.out, args.measures, args.months, args.seed)


if __name__ == "__main__":
    main()
