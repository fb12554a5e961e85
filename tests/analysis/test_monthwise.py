"""The months compared for many measures at once (narrator.analysis.monthwise) give each measure
the facts it gets alone, bit for bit; and the comparison is the one a plain reading of the months
gives (largest changes in a stable order, the first longest run)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from narrator.analysis import facts as facts_module
from narrator.analysis import monthwise

from .test_facts import PERIOD, VOCABULARY, frame, measure


def seeded_frames(seed: int):
    """Counts, rates and levels over 2016-04 .. 2021-03 with ties, zero months, gaps and fractions."""
    rng = np.random.default_rng(7000 + seed)
    frames, measures = [], []
    for i in range(12):
        kind = ("count", "proportion", "level")[i % 3]
        size = 60
        if kind == "count":
            values = rng.poisson(rng.choice([0.5, 3, 40, 900]), size).astype(float)
            dens = None
        elif kind == "proportion":
            dens = rng.integers(0 if i % 2 else 1, rng.choice([3, 30, 3000]), size).astype(float)
            values = rng.binomial(dens.astype(int), rng.uniform(0.05, 0.95)).astype(float)
        else:
            values = np.round(rng.normal(60, 8, size), int(rng.choice([0, 1, 2])))
            dens = None
        if seed % 3 == 0 and i < 6:
            values[rng.integers(0, size, 2)] = values[0]  # ties
        keep = np.ones(size, bool)
        if seed % 2 and i % 4 == 1:
            keep[rng.integers(0, 36, 2)] = False  # months with no row before the baseline
        identifier = f"m{i}.{kind}"
        rows = frame(identifier, "2016-04", values.tolist(), None if dens is None else dens.tolist())[keep]
        frames.append(rows)
        extra = {"format": "percent", "survey": bool(i % 2)} if kind == "proportion" else {}  # a survey's month may have no respondents
        measures.append(measure(identifier, kind, "none", **extra))
    return pd.concat(frames, ignore_index=True), {m.id: m for m in measures}


@pytest.mark.parametrize("seed", range(40))
def test_facts_of_measures_worked_out_together_are_those_worked_out_alone(seed, monkeypatch) -> None:
    observations, measures = seeded_frames(seed)
    together = facts_module.analyse(observations, measures, PERIOD, VOCABULARY, largest=3)
    monkeypatch.setattr(monthwise, "batch", lambda *args: {})
    alone = facts_module.analyse(observations, measures, PERIOD, VOCABULARY, largest=3)
    assert [(f.id, f.label, repr(f.value), f.unit) for f in together.facts.values()] == \
        [(f.id, f.label, repr(f.value), f.unit) for f in alone.facts.values()]


def plain(now: list[float], before: list[float], largest: int):
    """The comparison read month by month in plain Python."""
    change = [(a - b) / b * 100 if b else float("nan") for a, b in zip(now, before)]
    falls = sorted((i for i, c in enumerate(change) if c < 0), key=lambda i: change[i])[:largest]
    rises = sorted((i for i, c in enumerate(change) if c > 0), key=lambda i: -change[i])[:largest]

    def longest(flags):
        best, start = (0, 0), None
        for i, flag in enumerate(flags + [False]):
            if flag and start is None:
                start = i
            elif not flag and start is not None:
                best = (start, i - start) if i - start > best[1] else best
                start = None
        return best

    return falls, rises, longest([a > b for a, b in zip(now, before)]), longest([a < b for a, b in zip(now, before)])


@pytest.mark.parametrize("seed", range(200))
def test_the_comparison_is_the_plain_reading_of_the_months(seed) -> None:
    rng = np.random.default_rng(seed)
    now = rng.integers(0, 6, (1, 12)).astype(float)
    before = rng.integers(0, 6, (1, 12)).astype(float)
    months = np.arange(600, 612)
    found = monthwise.yearly(now, before, months, np.array([False]), 3)[0]
    falls, rises, rise, fall = plain(now[0].tolist(), before[0].tolist(), 3)
    assert [m for m, _ in found.falls] == [600 + i for i in falls]
    assert [m for m, _ in found.rises] == [600 + i for i in rises]
    for run, got in ((rise, found.longest_rise), (fall, found.longest_fall)):
        assert got == ((600 + run[0], 600 + run[0] + run[1] - 1, run[1]) if run[1] else None)
    assert (found.higher, found.lower, found.equal) == (int((now > before).sum()), int((now < before).sum()), int((now == before).sum()))
