"""The facts' types: a :class:`Fact` (id, label, value, unit), the :class:`FactSet` of a draft,
a measure's :class:`Assessment` and the :class:`Analysis` that holds them; and :class:`Series`, a
measure's monthly values as the analysis reads them.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, Mapping, ValuesView
from dataclasses import dataclass


from ..settings.catalogue import Measure
from ..model import Tone
from ..numbers import Unit
from . import benchmarks
from .series import Series  # noqa: F401 - one measure's months (analysis/series.py), named here as before
from ..settings.periods import Period

# The families of facts that are made from months, which a rolling-year series does not have.

MONTHLY_FACTS = (
    "months_higher", "months_lower", "months_equal", "equal_month", "largest_fall", "largest_rise",
    "longest_rise", "longest_fall", "event", "threshold", "rolling", "record", "month",
)
UNITS = {"count": "count", "proportion": "percent", "level": "minutes"}
CHANGE_UNITS = {"count": "count", "proportion": "points", "level": "minutes"}


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    label: str
    value: object
    unit: Unit


class FactSet(Mapping[str, Fact]):
    """Facts by id, in the order they were made. Ids are unique."""

    def __init__(self, facts: Iterable[Fact] = ()) -> None:
        listed = facts if isinstance(facts, (list, tuple)) else list(facts)
        self._facts: dict[str, Fact] = {fact.id: fact for fact in listed}
        if len(self._facts) != len(listed):  # an id made twice: the first repeat named, as add() names it
            self._facts = {}
            for fact in listed:
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

    def __contains__(self, key: object) -> bool:
        return key in self._facts

    def values(self) -> ValuesView[Fact]:  # the dict's own views: no lookup per fact
        return self._facts.values()

    def items(self) -> ItemsView[str, Fact]:
        return self._facts.items()


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
