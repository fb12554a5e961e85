"""False alarms and power of each default benchmark method, by seeded simulation.

    python tools/calibration.py [--runs 2000] [--seed 20210413] [--power-runs 1000]

Simulates monthly series of every kind of measure, judges each with the default method for its
kind through ``narrator.analysis.benchmarks.judge`` (the code the report uses), and prints
Markdown tables for docs/benchmarks.md: the % of stable series called Higher or Lower (false
alarms, at 95%) and the % of series with a step at the start of the current year that are
called the right way (power). tests/analysis/test_calibration.py runs the same simulation at
smaller sizes.

Each series has a baseline year and a current year and, where "history" says so, six earlier
years (three earlier pairs, which the month-matched models pool into their dispersion).
A stable series has the same expected level in the two years compared:

* monthly means (counts; cases per month for rates; respondents per month for surveys) of 5,
  50, 500 and 5,000;
* noise: Poisson (counts, and the volumes of rates and surveys) or negative binomial (a gamma
  month effect with a coefficient of variation of 10%); for administrative rates, "negative
  binomial" also gives the rate itself a beta-distributed month effect (CV 10%); survey
  respondents answer independently (binomial), as the survey test assumes;
* seasonality: none, or a sine wave of ±15% over the year (and ±3 points in rates);
* trend: none, or 3% a year in the earlier years (in the volumes, for rates and surveys),
  levelling off at the baseline year (a trend that continues into the current year is a real
  change: the third table);
* levels (a monthly median, say) have normal or skewed (gamma) noise with a CV of 10%.

Rolling-year series (published 12-month totals) are the same simulated months added up year by
year (the current, baseline and six earlier years), judged by ``annual_totals``.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from narrator.analysis.benchmarks import Comparison, default_method, judge  # noqa: E402

MEANS = (5, 50, 500, 5000)
KINDS = ("count", "rate", "survey", "level")
NOISES = {"count": ("Poisson", "negative binomial"), "rate": ("binomial", "overdispersed"),
          "survey": ("Poisson volumes", "NB volumes"), "level": ("normal", "skewed")}
EARLIER_YEARS = 6
RATE, SURVEY_RATE = 0.2, 0.7  # the rate of an administrative rate (an outcome rate) and a survey
CV = 0.10  # month-to-month coefficient of variation of the extra noise
SEASON, RATE_SEASON, TREND = 0.15, 0.03, 0.03


@dataclass(frozen=True)
class Scenario:
    kind: str  # count | rate | survey | level
    mean: int
    noise: int  # 0 plain, 1 overdispersed (index into NOISES[kind])
    seasonal: bool
    trend: bool
    history: bool
    step: float = 0.0  # relative change of the current year: 0.1 is +10%
    continuing: bool = False  # the trend goes on into the current year

    @property
    def method(self) -> str:
        measure = "proportion" if self.kind in ("rate", "survey") else self.kind
        return default_method(measure, survey=self.kind == "survey")

    def label(self) -> str:
        parts = [NOISES[self.kind][self.noise]]
        if self.seasonal:
            parts.append("seasonal")
        if self.trend:
            parts.append("trend" + (" continuing" if self.continuing else ""))
        return ", ".join(parts)


def _profile(s: Scenario, months: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per month, oldest first (the current year is the last 12): the level multiplier, the
    seasonal offset of a rate and the step multiplier."""
    t = np.arange(months)
    level = 1 + SEASON * np.sin(2 * np.pi * t / 12) if s.seasonal else np.ones(months)
    rate_offset = RATE_SEASON * np.sin(2 * np.pi * t / 12 + 1) if s.seasonal else np.zeros(months)
    if s.trend:
        years = (t - (months - 24)) / 12  # 0 at the start of the baseline year
        level = level * np.exp(TREND * (years if s.continuing else np.minimum(years, 0)))
    step = np.where(t >= months - 12, 1 + s.step, 1.0)
    return level, rate_offset, step


def simulate(s: Scenario, rng: np.random.Generator) -> Comparison:
    """One simulated series of scenario ``s`` as a Comparison."""
    months = 24 + (12 * EARLIER_YEARS if s.history else 0)
    level, rate_offset, step = _profile(s, months)
    mu = s.mean * level
    extra = rng.gamma(1 / CV**2, CV**2, months) if s.noise else np.ones(months)
    dens = None
    if s.kind == "level":
        noise = rng.standard_normal(months) if s.noise == 0 else (rng.gamma(4.0, 0.5, months) - 2.0)
        values = mu * step * (1 + CV * noise)
    elif s.kind == "count":
        values = rng.poisson(mu * step * extra).astype(float)
    else:
        dens = rng.poisson(mu * extra).astype(float)
        p = np.clip(((RATE if s.kind == "rate" else SURVEY_RATE) + rate_offset) * step, 0, 1)
        if s.kind == "rate" and s.noise:
            concentration = (1 - p) / (p * CV**2) - 1
            p = rng.beta(p * concentration, (1 - p) * concentration)
        values = rng.binomial(dens.astype(np.int64), p).astype(float)
    split = months - 24

    def part(x: np.ndarray | None, a: int, b: int) -> tuple[float, ...] | None:
        return None if x is None else tuple(x[a:b].tolist())

    return Comparison(
        "proportion" if dens is not None else s.kind,  # type: ignore[arg-type]
        part(values, months - 12, months), part(values, split, months - 12),  # type: ignore[arg-type]
        part(dens, months - 12, months), part(dens, split, months - 12),
        part(values, 0, split), part(dens, 0, split),  # type: ignore[arg-type]
    )


def flag_rate(s: Scenario, runs: int, seed: int) -> tuple[float, float]:
    """(% of runs called up or down in the step's direction — or either way when stable, and
    its binomial standard error in points)."""
    rng = np.random.default_rng([seed, KINDS.index(s.kind), int(round(100 * s.mean)), s.noise, s.seasonal, s.trend,
                                 s.history, int(round(1000 * s.step)) % 10_000, s.continuing])
    hits = 0
    for _ in range(runs):
        direction = judge(s.method, {}, simulate(s, rng)).direction
        if s.step == 0 and not s.continuing:
            hits += direction != "none"
        else:
            hits += direction == ("up" if s.step > 0 or (s.step == 0 and s.continuing) else "down")
    rate = hits / runs
    return 100 * rate, 100 * math.sqrt(max(rate * (1 - rate), 1e-12) / runs)


def stable_scenarios(kinds=KINDS, means=MEANS, history=(False, True)) -> list[Scenario]:
    return [Scenario(k, m, n, se, tr, h)
            for k in kinds for h in history for n in (0, 1) for se in (False, True) for tr in (False, True)
            for m in means if not (tr and not h)]  # a trend in the earlier years needs earlier years


def false_alarm_table(runs: int, seed: int) -> str:
    lines = ["| kind (default method) | earlier years | noise | " + " | ".join(f"mean {m:,}" for m in MEANS) + " |",
             "|---|---|---|" + "---|" * len(MEANS)]
    rows: dict[tuple, list[str]] = {}
    for s in stable_scenarios():
        key = (f"{s.kind} (`{s.method}`)", str(EARLIER_YEARS) if s.history else "none", s.label())
        rate, _ = flag_rate(s, runs, seed)
        rows.setdefault(key, []).append(f"{rate:.1f}")
    lines += [f"| {' | '.join(key)} | {' | '.join(cells)} |" for key, cells in rows.items()]
    return "\n".join(lines)


def power_table(runs: int, seed: int) -> str:
    steps = (-0.2, -0.1, 0.1, 0.2)
    lines = ["| kind (default method) | noise | monthly mean | " + " | ".join(f"{100 * x:+.0f}%" for x in steps) + " |",
             "|---|---|---|" + "---|" * len(steps)]
    for kind, noise, mean in itertools.product(KINDS, (0, 1), MEANS):
        if kind == "level" and mean != 500:
            continue  # a level's power depends on its noise, not its size
        cells = []
        for step in steps:
            s = Scenario(kind, mean, noise, True, False, True, step)
            cells.append(f"{flag_rate(s, runs, seed)[0]:.0f}")
        label = f"{kind} (`{Scenario(kind, mean, noise, True, False, True).method}`)"
        lines.append(f"| {label} | {NOISES[kind][noise]}, seasonal | {'any' if kind == 'level' else f'{mean:,}'} | "
                     + " | ".join(cells) + " |")
    return "\n".join(lines)


def trend_table(runs: int, seed: int) -> str:
    lines = ["| kind | noise | " + " | ".join(f"mean {m:,}" for m in MEANS) + " |", "|---|---|" + "---|" * len(MEANS)]
    for kind in ("count", "rate"):
        for noise in (0, 1):
            cells = [f"{flag_rate(Scenario(kind, m, noise, True, True, True, 0.0, True), runs, seed)[0]:.0f}" for m in MEANS]
            lines.append(f"| {kind} | {NOISES[kind][noise]}, seasonal | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def spc_false_alarms(runs: int, seed: int) -> str:
    """% of stable count series with an SPC signal (24 baseline months, 3 sigma, runs of 8)."""
    lines = ["| noise | seasonal | " + " | ".join(f"mean {m:,}" for m in MEANS) + " |", "|---|---|" + "---|" * len(MEANS)]
    for noise, seasonal in itertools.product((0, 1), (False, True)):
        cells = []
        for mean in MEANS:
            s = Scenario("count", mean, noise, seasonal, False, True)
            rng = np.random.default_rng([seed, 99, mean, noise, seasonal])
            hits = sum(judge("spc", {}, simulate(s, rng)).direction != "none" for _ in range(runs))
            cells.append(f"{100 * hits / runs:.1f}")
        lines.append(f"| {NOISES['count'][noise]} | {'yes' if seasonal else 'no'} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def annual(c: Comparison) -> Comparison:
    """The simulated months as a rolling-year series publishes them: the 12-month total (and
    denominator) of each year, the current and baseline years and the earlier years before them."""
    def totals(xs: tuple[float, ...] | None) -> tuple[float, ...] | None:
        return None if xs is None else tuple(math.fsum(xs[i:i + 12]) for i in range(0, len(xs), 12))

    return Comparison(c.kind, totals(c.current), totals(c.baseline), totals(c.current_denominators),  # type: ignore[arg-type]
                      totals(c.baseline_denominators), totals(c.earlier) or (), totals(c.earlier_denominators))


def annual_rate(s: Scenario, runs: int, seed: int) -> float:
    """% of runs of scenario ``s``, published as 12-month totals, that ``annual_totals`` calls up or
    down (either way when stable; the step's way otherwise)."""
    rng = np.random.default_rng([seed, 7, KINDS.index(s.kind), s.mean, s.noise, s.trend, int(round(1000 * s.step)) % 10_000])
    hits = 0
    for _ in range(runs):
        direction = judge("annual_totals", {}, annual(simulate(s, rng))).direction
        hits += direction != "none" if s.step == 0 else direction == ("up" if s.step > 0 else "down")
    return 100 * hits / runs


def annual_table(runs: int, power_runs: int, seed: int) -> str:
    """False alarms and power of ``annual_totals`` on rolling-year series (six earlier years, seasonal)."""
    lines = ["| kind | noise | trend in the earlier years | " + " | ".join(f"mean {m:,}" for m in MEANS) + " |",
             "|---|---|---|" + "---|" * len(MEANS)]
    for kind, noise, trend in itertools.product(("count", "rate"), (0, 1), (False, True)):
        cells = [f"{annual_rate(Scenario(kind, m, noise, True, trend, True), runs, seed):.1f}" for m in MEANS]
        lines.append(f"| {kind} | {NOISES[kind][noise]} | {'3% a year' if trend else 'none'} | " + " | ".join(cells) + " |")
    lines += ["", "| kind | noise | step | " + " | ".join(f"mean {m:,}" for m in MEANS) + " |", "|---|---|---|" + "---|" * len(MEANS)]
    for kind, step in itertools.product(("count", "rate"), (-0.2, 0.1, 0.2)):
        cells = [f"{annual_rate(Scenario(kind, m, 1, True, False, True, step), power_runs, seed):.0f}" for m in MEANS]
        lines.append(f"| {kind} | {NOISES[kind][1]} | {100 * step:+.0f}% | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- real series (issue 16)
#
# Shapes of real series the tests above never tried, each simulated with seasonality (±15%) and six
# earlier years, its parameters drawn per series from the ranges given:
#
# * clustered surveys: respondents answer in clusters, so a month's count varies as a binomial's
#   times a design effect of 1.3–2.5 (beta-binomial: ICC (deff − 1) / (n − 1)); 70% satisfied;
# * autocorrelated months: a month effect on the log scale, AR(1) with lag-1 correlation 0.2–0.5 and a
#   standard deviation of 10%, on Poisson counts, on a level, and on an administrative rate itself (the
#   rate times the effect; its cases a month have the usual 10% gamma month effect);
# * a dip in three months of an earlier year (three consecutive months 25–35% down, in one of the six
#   earlier years): the dispersion's history holds a lockdown;
# * plateau: a rise of 8% a year through the earlier years that levels off (logistically) by the
#   baseline year;
# * displaced months: 0–30% of each month's events are recorded in the next month (a backlog), so
#   neighbouring months move against each other while the year's total stands;
#
# and for power, a dip in three months of the current year of the example's lockdown size (three
# consecutive months 25% down, as all crime's April 2020 and January–February 2021), on series with
# the example's all-crime noise (5,000 a month, dispersion about 4.5 as its earlier pairs show) and
# on noisier ones.

SHAPES = ("clustered survey", "autocorrelated", "dip in an earlier year", "plateau", "displaced months")
SHAPE_KINDS = {"clustered survey": ("survey",), "autocorrelated": ("count", "rate", "level"), "dip in an earlier year": ("count", "rate", "level"),
               "plateau": ("count", "rate", "level"), "displaced months": ("count", "rate")}
SHAPE_MEANS = (50, 100, 300, 1000, 5000)


def _ar1(rng: np.random.Generator, months: int, rho: float) -> np.ndarray:
    e = np.empty(months)
    e[0] = rng.standard_normal()
    shocks = rng.standard_normal(months) * math.sqrt(1 - rho * rho)
    for i in range(1, months):
        e[i] = rho * e[i - 1] + shocks[i]
    return e


def shape_series(shape: str, kind: str, mean: float, rng: np.random.Generator, dip: float = 0.0,
                 extra_cv: float = CV) -> Comparison:
    """One simulated series of ``shape`` (SHAPES, or "current dip" for power) of ``kind``."""
    months = 24 + 12 * EARLIER_YEARS
    t = np.arange(months)
    level = 1 + SEASON * np.sin(2 * np.pi * t / 12)
    effect = rng.gamma(1 / extra_cv ** 2, extra_cv ** 2, months) if extra_cv else np.ones(months)
    rate_effect = np.ones(months)
    if shape == "autocorrelated":
        spells = np.exp(0.1 * _ar1(rng, months, rng.uniform(0.2, 0.5)) - 0.005)
        if kind == "rate":
            rate_effect = spells
        else:
            effect = spells
    elif shape == "dip in an earlier year":
        start = int(rng.integers(0, 12 * EARLIER_YEARS - 3))
        effect[start:start + 3] *= 1 - rng.uniform(0.25, 0.35)
    elif shape == "plateau":
        years = (t - (months - 24)) / 12  # 0 at the start of the baseline year
        level = level * np.exp(0.08 * -np.log1p(np.exp(-4 * (years + 0.5))) / 4)  # 8% a year, level by the baseline
    elif shape == "current dip":
        start = months - 12 + int(rng.integers(0, 10))
        effect[start:start + 3] *= 1 - dip
    mu = mean * level * effect
    dens = None
    if kind == "count":
        values = rng.poisson(mu).astype(float)
    elif kind == "level":
        values = mu * (1 + CV * rng.standard_normal(months))
    else:
        dens = rng.poisson(mu).astype(float)
        p = np.full(months, RATE if kind == "rate" else SURVEY_RATE) * rate_effect
        if shape == "clustered survey":
            deff = rng.uniform(1.3, 2.5)
            n = np.maximum(dens, 2)
            icc = (deff - 1) / (n - 1)
            concentration = np.maximum(1 / np.maximum(icc, 1e-9) - 1, 1e-6)
            p = rng.beta(p * concentration, (1 - p) * concentration)
        values = rng.binomial(dens.astype(np.int64), p).astype(float)
    if shape == "displaced months":  # each event (case) recorded in the next month with chance 0–30%
        share = rng.uniform(0, 0.3, months)
        if dens is None:
            moved = rng.binomial(values.astype(np.int64), share).astype(float)
        else:
            moved_n = rng.binomial(dens.astype(np.int64), share)
            moved = rng.hypergeometric(values.astype(np.int64), (dens - values).astype(np.int64) + 0, moved_n).astype(float) \
                if (dens > 0).all() else np.minimum(values, moved_n).astype(float)
            dens = dens - moved_n + np.concatenate([[0.0], moved_n[:-1]])
        values = values - moved + np.concatenate([[0.0], moved[:-1]])
    split = months - 24

    def part(x: np.ndarray | None, a: int, b: int) -> tuple[float, ...] | None:
        return None if x is None else tuple(x[a:b].tolist())

    return Comparison("proportion" if dens is not None else kind,  # type: ignore[arg-type]
                      part(values, months - 12, months), part(values, split, months - 12),  # type: ignore[arg-type]
                      part(dens, months - 12, months), part(dens, split, months - 12),
                      part(values, 0, split), part(dens, 0, split))  # type: ignore[arg-type]


def _method(kind: str) -> str:
    return default_method("proportion" if kind in ("rate", "survey") else kind, survey=kind == "survey")


def shape_rate(shape: str, kind: str, mean: float, runs: int, seed: int, dip: float = 0.0, extra_cv: float = CV) -> float:
    """% of ``runs`` series called Higher or Lower (stable shapes), or Lower (a dip in the current year)."""
    rng = np.random.default_rng([seed, 16, SHAPES.index(shape) if shape in SHAPES else 9, KINDS.index(kind),
                                 int(mean), int(round(1000 * dip)), int(round(1000 * extra_cv))])
    hits = 0
    for _ in range(runs):
        direction = judge(_method(kind), {}, shape_series(shape, kind, mean, rng, dip, extra_cv)).direction
        hits += direction == "down" if dip else direction != "none"
    return 100 * hits / runs


def shapes_table(runs: int, seed: int) -> str:
    """False alarms (% of stable series called Higher or Lower) per shape, kind and monthly mean."""
    lines = ["| shape | kind (default method) | " + " | ".join(f"mean {m:,}" for m in SHAPE_MEANS) + " |",
             "|---|---|" + "---|" * len(SHAPE_MEANS)]
    for shape in SHAPES:
        for kind in SHAPE_KINDS[shape]:
            means = SHAPE_MEANS if kind != "level" else (300,)
            cells = [f"{shape_rate(shape, kind, m, runs, seed):.1f}" if m in means else "" for m in SHAPE_MEANS]
            lines.append(f"| {shape} | {kind} (`{_method(kind)}`) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def shape_power_table(runs: int, seed: int) -> str:
    """Power: a +20% step on overdispersed and autocorrelated counts, and a dip of the example's lockdown size."""
    lines = ["| change | noise | " + " | ".join(f"mean {m:,}" for m in SHAPE_MEANS) + " |", "|---|---|" + "---|" * len(SHAPE_MEANS)]
    cells = [f"{flag_rate(Scenario('count', m, 1, True, False, True, 0.2), runs, seed)[0]:.0f}" for m in SHAPE_MEANS]
    lines.append("| +20% | negative binomial (10% month effect) | " + " | ".join(cells) + " |")
    for cv, label in ((0.026, "the example's all crime (2.6% month effect: dispersion 4.5 at 5,000)"), (0.05, "5% month effect")):
        cells = [f"{shape_rate('current dip', 'count', m, runs, seed, 0.25, cv):.0f}" for m in SHAPE_MEANS]
        lines.append(f"| three months 25% down | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="simulated stable series per cell")
    parser.add_argument("--power-runs", type=int, default=1000, help="simulated shifted series per cell")
    parser.add_argument("--seed", type=int, default=20210413)
    parser.add_argument("--shapes", action="store_true", help="only the real-series shapes (issue 16)")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.shapes:
        print(shapes_table(args.runs, args.seed), "\n")
        print(shape_power_table(args.power_runs, args.seed))
        print(f"\n(seed {args.seed}; {time.perf_counter() - start:.0f} s)")
        return
    print(f"False alarms: % of stable series called Higher or Lower at 95% ({args.runs:,} series a cell)\n")
    print(false_alarm_table(args.runs, args.seed))
    print(f"\nPower: % of series with a step at the current year called the right way at 95% "
          f"(six earlier years; {args.power_runs:,} series a cell)\n")
    print(power_table(args.power_runs, args.seed))
    print(f"\nA 3% a year trend continuing into the current year: % called Higher ({args.power_runs:,} a cell)\n")
    print(trend_table(args.power_runs, args.seed))
    print(f"\nSPC (opt-in): % of stable count series with a signal in the current 12 months ({args.runs:,} a cell)\n")
    print(spc_false_alarms(args.runs, args.seed))
    print(f"\nRolling-year series (12-month totals, `annual_totals`): % of stable series called Higher or Lower "
          f"({args.runs:,} a cell), then % of stepped series called the right way ({args.power_runs:,} a cell)\n")
    print(annual_table(args.runs, args.power_runs, args.seed))
    print(f"\nReal series: % of stable series called Higher or Lower at 95% ({args.runs:,} a cell)\n")
    print(shapes_table(args.runs, args.seed))
    print(f"\nReal series, power: % called the right way ({args.power_runs:,} a cell)\n")
    print(shape_power_table(args.power_runs, args.seed))
    print(f"\n(seed {args.seed}; {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
