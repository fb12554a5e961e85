"""Each current month against the same month a year before, and the run of rises or falls in the
rolling 12-month figure, worked out for many measures at once (a row each): a national catalogue
has thousands of measures over the same months, and arithmetic on a table of them costs little
more than on one. The results are what one measure's arrays give alone, bit for bit (the same
element-wise arithmetic, the same stable order of ties); :mod:`narrator.analysis.facts` states them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..numbers import round_half_up
from ..settings.catalogue import Measure
from ..settings.periods import Period
from .series import Grouped, months_to, twelve_month_sums

__all__ = ["Yearly", "batch", "rolling_runs", "yearly"]


@dataclass(frozen=True)
class Yearly:
    """One measure's current months against the same months a year before (months as ordinals)."""

    higher: int
    lower: int
    equal: int
    equal_months: list[int]
    falls: list[tuple[int, float]]  # the largest falls, largest first: (month, change)
    rises: list[tuple[int, float]]
    longest_rise: tuple[int, int, int] | None  # (first month, last month, length) of the first longest run
    longest_fall: tuple[int, int, int] | None


def yearly(now: np.ndarray, before: np.ndarray, months: np.ndarray, proportion: np.ndarray, largest: int) -> list[Yearly]:
    """Rows of this month's figures (``now``) and a year before's (``before``), no month missing, at
    the months of ``months`` (ordinals, a row each or one row for all): a rate's change in points, a
    count's or level's in % (none where the year before is 0)."""
    months = np.broadcast_to(months, now.shape)
    if not now.shape[1]:  # no month to compare
        return [Yearly(0, 0, 0, [], [], [], None, None) for _ in range(len(now))]
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = (now - before) / np.where(before != 0, before, np.nan) * 100
    change = np.where(proportion[:, None], now - before, pct)
    higher, lower, equal = now > before, now < before, now == before
    counts = [m.sum(axis=1).tolist() for m in (higher, lower, equal)]
    falls = _extremes(change, change < 0, change, months, largest)
    rises = _extremes(change, change > 0, -change, months, largest)
    runs = [_longest(mask, months) for mask in (higher, lower)]
    found = []
    for i in range(len(now)):
        equal_months = months[i][equal[i]].tolist() if counts[2][i] else []
        found.append(Yearly(counts[0][i], counts[1][i], counts[2][i], equal_months, falls[i], rises[i], runs[0][i], runs[1][i]))
    return found


def _extremes(change: np.ndarray, mask: np.ndarray, key: np.ndarray, months: np.ndarray, largest: int) -> list[list[tuple[int, float]]]:
    """Each row's ``largest`` months where ``mask`` holds, by ``key`` ascending, the first of equal
    keys first (a stable sort: as pandas' nsmallest and nlargest keep them)."""
    order = np.argsort(np.where(mask, key, np.inf), axis=1, kind="stable")[:, :largest]
    taken = np.minimum(mask.sum(axis=1), largest).tolist()
    rows = np.arange(len(change))[:, None]
    picked_months, picked = months[rows, order].tolist(), change[rows, order].tolist()
    return [list(zip(picked_months[i][:k], picked[i][:k])) for i, k in enumerate(taken)]


def _longest(mask: np.ndarray, months: np.ndarray) -> list[tuple[int, int, int] | None]:
    """Each row's first longest run of True: (first month, last month, length), or None."""
    rows = len(mask)
    run = np.zeros(rows, dtype=int)
    best = np.zeros(rows, dtype=int)
    end = np.zeros(rows, dtype=int)
    for j in range(mask.shape[1]):
        run = np.where(mask[:, j], run + 1, 0)
        longer = run > best  # only a strictly longer run replaces the first longest
        best = np.where(longer, run, best)
        end = np.where(longer, j, end)
    index = np.arange(rows)
    first, last = months[index, np.where(best > 0, end - best + 1, 0)].tolist(), months[index, end].tolist()
    return [(first[i], last[i], length) if length else None for i, length in enumerate(best.tolist())]


def batch(grouped: Grouped, measures: Iterable[Measure], period: Period, largest: int,
          places: int) -> dict[str, tuple[Yearly | None, tuple[int, int]]]:
    """The year-on-year comparison and the rolling runs of every monthly measure judged over the
    period's own months (not a comparator, which keeps its own), by id; a measure with a month
    missing in either year is left out of the comparison (None: facts compares its months alone)."""
    chosen = [m for m in measures if m.monthly and not m.comparator and m.id in grouped]
    n = period.months
    current = months_to(period.end, n).asi8
    window = months_to(period.end, n + 11).asi8
    first = int(min(window[0], current[0] - 12))
    values, dens = grouped.table([m.id for m in chosen], first, int(current[-1]))
    proportion = np.array([m.kind == "proportion" for m in chosen], dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        figures = np.where(proportion[:, None], values / dens * 100, values)
    now, before = figures[:, current - first], figures[:, current - 12 - first]
    whole = ~(np.isnan(now) | np.isnan(before)).any(axis=1)
    compared = iter(yearly(now[whole], before[whole], current, proportion[whole], largest))
    found: dict[str, list] = {m.id: [next(compared) if whole[i] else None, None] for i, m in enumerate(chosen)}
    for kind in ("count", "proportion", "level"):
        rows = np.flatnonzero([m.kind == kind for m in chosen])
        if len(rows):
            runs = rolling_runs(values[rows][:, window - first], dens[rows][:, window - first] if kind == "proportion" else None,
                                kind, places, n)
            for row, run in zip(rows.tolist(), runs):
                found[chosen[row].id][1] = run
    return {key: (pair[0], pair[1]) for key, pair in found.items()}


def rolling_runs(values: np.ndarray, denominators: np.ndarray | None, kind: str, places: int, n: int) -> list[tuple[int, int]]:
    """Rows of the ``n + 11`` months up to the period end, of one kind of measure: for each, the months
    in the run of rises and of falls in the rolling 12-month figure (a count's total, a level's
    mean, a rate's rate as printed: a rise the reader cannot see is none) that ends at the period end."""
    sums = _sums(values, n)
    if kind == "proportion":
        rates = (sums / _sums(denominators, n) * 100).tolist()
        figures = np.array([[float(round_half_up(f, places)) for f in row] for row in rates]).reshape(sums.shape)
    else:
        figures = sums / 12 if kind == "level" else sums
    steps = np.diff(figures, axis=1)
    rises = np.cumprod((steps > 0)[:, ::-1], axis=1).sum(axis=1).tolist()
    falls = np.cumprod((steps < 0)[:, ::-1], axis=1).sum(axis=1).tolist()
    return list(zip(rises, falls))


def _sums(values: np.ndarray, n: int) -> np.ndarray:
    """Each row's last ``n`` twelve-month sums, as :func:`series.twelve_month_sums` gives them: rows
    of whole numbers at once, as differences of running sums (exact), any other row by that function."""
    missing = np.isnan(values)
    filled = np.where(missing, 0.0, values)
    whole = ((filled == np.round(filled)).all(axis=1) & (np.abs(filled).sum(axis=1) < 2.0 ** 52)
             & ~((filled == 0) & ~missing & np.signbit(filled)).any(axis=1))
    running = np.concatenate((np.zeros((len(values), 1)), np.cumsum(filled, axis=1)), axis=1)
    gaps = np.concatenate((np.zeros((len(values), 1), dtype=int), np.cumsum(missing, axis=1)), axis=1)
    sums = running[:, 12:] - running[:, :-12]
    sums[gaps[:, 12:] != gaps[:, :-12]] = np.nan
    sums = sums[:, -n:]
    for i in np.flatnonzero(~whole):
        sums[i] = twelve_month_sums(values[i], n)
    return sums
