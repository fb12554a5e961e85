"""The facts' types: a :class:`Fact` (id, label, value, unit), the :class:`FactSet` of a draft,
a measure's :class:`Assessment` and the :class:`Analysis` that holds them; and :class:`Series`, a
measure's monthly values as the analysis reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..settings.catalogue import Measure
from ..model import Tone
from ..numbers import Unit
from . import benchmarks
from ..settings.periods import Period

# The families of facts that are made from months, which a rolling-year series does not have.

MONTHLY_FACTS = (
    "months_higher", "months_lower", "months_equal", "equal_month", "largest_fall", "largest_rise",
    "longest_rise", "longest_fall", "event", "threshold", "rolling", "record", "month",
)
UNITS = {"count": "count", "proportion": "percent", "level": "minutes"}
CHANGE_UNITS = {"count": "count", "proportion": "points", "level": "minutes"}


@dataclass(frozen=True)
class Fact:
    id: str
    label: str
    value: object
    unit: Unit


class FactSet(Mapping[str, Fact]):
    """Facts by id, in the order they were made. Ids are unique."""

    def __init__(self, facts: Iterable[Fact] = ()) -> None:
        self._facts: dict[str, Fact] = {}
        for fact in facts:
            self.add(fact)

    def add(self, fact: Fact) -> None:
        if fact.id in self._facts:
            raise ValueError(f"fact id {fact.id!r} made twice")
        self._facts[fact.id] = fact

    def __getitem__(self, key: str) -> Fact:
        return self._facts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)


@dataclass(frozen=True)
class Assessment:
    """A measure's benchmark verdict, in the words of the vocabulary."""

    measure: Measure
    result: benchmarks.BenchmarkResult
    judgement: str
    tone: Tone | None


@dataclass(frozen=True)
class Analysis:
    period: Period
    facts: FactSet
    assessments: dict[str, Assessment]


@dataclass(frozen=True)
class Series:
    """One measure's monthly values (and denominators), indexed by month."""

    values: pd.Series
    denominators: pd.Series | None

    @cached_property
    def _dense(self) -> tuple[int, np.ndarray, np.ndarray | None]:
        """(first month's ordinal, values, denominators) over every month from the first to the
        last, NaN where there is no row: months() takes from these instead of reindexing."""
        ordinals = self.values.index.asi8
        start = int(ordinals.min()) if len(ordinals) else 0
        size = int(ordinals.max()) - start + 1 if len(ordinals) else 0
        arrays = []
        for series in (self.values, self.denominators):
            if series is None:
                arrays.append(None)
                continue
            dense = np.full(size, np.nan)
            dense[ordinals - start] = series.to_numpy(dtype=float)
            arrays.append(dense)
        return start, arrays[0], arrays[1]

    def months(self, months: pd.PeriodIndex) -> "Series":
        """The series at ``months`` (NaN where it has no row), as reindexing would give it."""
        values, denominators = self.arrays(months)
        return Series(pd.Series(values, index=months, name=self.values.name, copy=False),
                      None if denominators is None else pd.Series(denominators, index=months, name=self.denominators.name, copy=False))

    def arrays(self, months: pd.PeriodIndex) -> tuple[np.ndarray, np.ndarray | None]:
        """The values (and denominators) at ``months`` as arrays, NaN where there is no row."""
        start, values, denominators = self._dense
        positions = months.asi8 - start
        inside = (positions >= 0) & (positions < len(values))

        def take(dense: np.ndarray | None) -> np.ndarray | None:
            if dense is None:
                return None
            taken = np.full(len(months), np.nan)
            taken[inside] = dense[positions[inside]]
            return taken

        return take(values), take(denominators)

    def present(self, ordinal: int, *, denominators: bool = False) -> bool:
        """Whether the month ``ordinal`` has a value (and, asked, a denominator)."""
        start, values, dens = self._dense
        position = ordinal - start
        if not 0 <= position < len(values) or np.isnan(values[position]):
            return False
        return not (denominators and dens is not None and np.isnan(dens[position]))

    def figure(self, kind: str) -> float:
        """The period's figure: a total, a rate (%) or a mean level."""
        if kind == "count":
            return float(self.values.sum())
        if kind == "proportion":
            return float(self.values.sum() / self.denominators.sum() * 100)
        return float(self.values.mean())

    def monthly(self, kind: str) -> pd.Series:
        """Each month's figure: the count, the rate (%) or the level."""
        return self.values / self.denominators * 100 if kind == "proportion" else self.values
