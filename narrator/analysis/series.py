"""One measure's monthly series (its values, and denominators, by month), the observations split
into them once, and the month arithmetic the facts share, made once per run rather than per measure
(a national catalogue has thousands of measures over the same months)."""

from __future__ import annotations

from functools import cached_property, lru_cache

import numpy as np
import pandas as pd

from ..errors import InputError
from ..settings.catalogue import Measure

__all__ = ["Grouped", "Series", "event_months", "month_text", "monthly_figures", "months_to", "twelve_month_sums"]


class Series:
    """One measure's monthly values (and denominators) by month: arrays over the months of its rows
    (as period ordinals, ascending), the pandas Series (``values``, ``denominators``, indexed by
    month) made only when asked. A national catalogue has thousands of measures; most of their
    facts need only the arrays."""

    def __init__(self, ordinals: np.ndarray, values: np.ndarray, denominators: np.ndarray | None,
                 index: pd.PeriodIndex | None = None) -> None:
        self.ordinals = ordinals
        self.array = values
        self.denominator_array = denominators
        self._index = index

    @cached_property
    def index(self) -> pd.PeriodIndex:
        """The months, as a PeriodIndex."""
        if self._index is None:
            return pd.PeriodIndex.from_ordinals(self.ordinals, freq="M", name="month")
        return self._index

    @cached_property
    def values(self) -> pd.Series:
        return pd.Series(self.array, index=self.index, name="value", copy=False)

    @cached_property
    def denominators(self) -> pd.Series | None:
        if self.denominator_array is None:
            return None
        return pd.Series(self.denominator_array, index=self.index, name="denominator", copy=False)

    @cached_property
    def _dense(self) -> tuple[int, np.ndarray, np.ndarray | None]:
        """(first month's ordinal, values, denominators) over every month from the first to the
        last, NaN where there is no row: months() takes from these instead of reindexing."""
        ordinals = self.ordinals
        start = int(ordinals.min()) if len(ordinals) else 0
        size = int(ordinals.max()) - start + 1 if len(ordinals) else 0
        arrays = []
        for array in (self.array, self.denominator_array):
            if array is None:
                arrays.append(None)
                continue
            dense = np.full(size, np.nan)
            dense[ordinals - start] = array
            arrays.append(dense)
        return start, arrays[0], arrays[1]

    def months(self, months: pd.PeriodIndex) -> "Series":
        """The series at ``months`` (NaN where it has no row), as reindexing would give it."""
        values, denominators = self.arrays(months)
        return Series(months.asi8, values, denominators, index=months)

    def arrays(self, months: pd.PeriodIndex) -> tuple[np.ndarray, np.ndarray | None]:
        """The values (and denominators) at ``months`` as arrays, NaN where there is no row."""
        return self.at(months.asi8)

    def at(self, ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """The values (and denominators) at the months of these ordinals, NaN where there is no row."""
        start, values, denominators = self._dense
        positions = ordinals - start
        if len(positions) and positions[0] >= 0 and positions[-1] < len(values) and positions[-1] - positions[0] == len(positions) - 1:
            rows = slice(int(positions[0]), int(positions[-1]) + 1)  # consecutive months within the data: a copy of a slice
            return values[rows].copy(), None if denominators is None else denominators[rows].copy()
        inside = (positions >= 0) & (positions < len(values))

        def take(dense: np.ndarray | None) -> np.ndarray | None:
            if dense is None:
                return None
            taken = np.full(len(positions), np.nan)
            taken[inside] = dense[positions[inside]]
            return taken

        return take(values), take(denominators)

    def figure(self, kind: str) -> float:
        """The period's figure: a total, a rate (%) or a mean level (pandas' sum and mean, in numpy:
        missing months skipped, the same pairwise sums)."""
        values = self.array
        if kind == "count":
            return float(np.nansum(values))
        if kind == "proportion":
            return float(np.nansum(values) / np.nansum(self.denominator_array) * 100)
        return float(np.nanmean(values))

    def monthly(self, kind: str) -> pd.Series:
        """Each month's figure: the count, the rate (%) or the level."""
        return self.values / self.denominators * 100 if kind == "proportion" else self.values

    def monthly_array(self, kind: str) -> np.ndarray:
        """:meth:`monthly` as an array (the same arithmetic, without pandas' overhead)."""
        return monthly_figures(self.array, self.denominator_array, kind)


def monthly_figures(values: np.ndarray, denominators: np.ndarray | None, kind: str) -> np.ndarray:
    """Each month's figure from its arrays: the count, the rate (%) or the level."""
    if kind != "proportion":
        return values
    with np.errstate(divide="ignore", invalid="ignore"):
        return values / denominators * 100


class Grouped:
    """The observations split by measure once (a stable sort, then slices), each measure's series
    made when asked: what ``groupby("measure")`` then ``set_index("month")`` gives, without a
    DataFrame per measure."""

    def __init__(self, observations: pd.DataFrame) -> None:
        codes, names = pd.factorize(observations["measure"], sort=False)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
        self._spans = {str(name): (int(bounds[i]), int(bounds[i + 1])) for i, name in enumerate(names)}
        self._codes = codes[order]
        self._ordinals = pd.PeriodIndex(observations["month"].array, name="month").asi8[order]
        self._values = observations["value"].to_numpy(dtype=float)[order]
        self._denominators = observations["denominator"].to_numpy(dtype=float)[order]

    def series(self, measure: Measure) -> Series:
        span = self._spans.get(measure.id)
        if span is None:
            raise InputError(f"measure '{measure.id}' is in the catalogue but has no rows in the observations")
        rows = slice(*span)
        dens = self._denominators[rows] if measure.kind == "proportion" else None
        return Series(self._ordinals[rows], self._values[rows], dens)


    def __contains__(self, measure_id: object) -> bool:
        return measure_id in self._spans

    def table(self, ids: list[str], first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        """The values and denominators of the measures ``ids`` (a row each) at the months of ordinals
        ``first`` to ``last`` (a column each), NaN where there is no row: as their series give them."""
        width = last - first + 1
        row_of = np.full(len(self._spans), -1)
        codes = {name: i for i, name in enumerate(self._spans)}  # a measure's code is its place among the spans
        row_of[[codes[i] for i in ids]] = np.arange(len(ids))
        rows, columns = row_of[self._codes], self._ordinals - first
        keep = (rows >= 0) & (columns >= 0) & (columns < width)
        tables = []
        for array in (self._values, self._denominators):
            table = np.full((len(ids), width), np.nan)
            table[rows[keep], columns[keep]] = array[keep]
            tables.append(table)
        return tables[0], tables[1]


def twelve_month_sums(values: np.ndarray, n: int) -> np.ndarray:
    """The last ``n`` sums of 12 consecutive months (NaN where a month is missing), as pandas'
    ``rolling(12).sum()`` gives them: as differences of running sums where the months are whole
    numbers (no -0; every sum then exact, whatever the order), by pandas' running sum
    otherwise (its rounding kept)."""
    missing = np.isnan(values)
    known = values[~missing]
    if np.array_equal(known, np.round(known)) and np.abs(known).sum() < 2.0 ** 52 and not np.signbit(known[known == 0]).any():
        # whole numbers: running sums are exact, so each window's sum is the difference of two
        running = np.concatenate(([0.0], np.cumsum(np.where(missing, 0.0, values))))
        gaps = np.concatenate(([0], np.cumsum(missing)))
        sums = running[12:] - running[:-12]
        sums[gaps[12:] != gaps[:-12]] = np.nan
        return sums[-n:]
    return pd.Series(values).rolling(12).sum().to_numpy()[-n:]


@lru_cache(maxsize=4096)
def month_text(ordinal: int) -> str:
    """A month as a fact gives it, 2021-03, from its ordinal (str of a Period, made once per month)."""
    return str(pd.Period(ordinal=int(ordinal), freq="M"))


@lru_cache(maxsize=256)
def months_to(end: pd.Period, count: int) -> pd.PeriodIndex:
    """The ``count`` months ending with ``end`` (the same for most measures: made once)."""
    return pd.period_range(end=end, periods=count, freq="M")


@lru_cache(maxsize=64)
def event_months(months: tuple[str, ...]) -> pd.PeriodIndex:
    """An event's months (the same for every measure: made once)."""
    return pd.PeriodIndex(list(months), freq="M")
