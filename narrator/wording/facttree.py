"""The fact tree templates see: ``{{ da.recorded.change_pct }}`` prints fact
``da.recorded.change_pct`` in house style, marked with its id (:class:`FactRef`); ``| abs``
drops the sign; ``.value`` is the raw value for conditions; ``'half_month' in node`` asks
whether a fact exists (:class:`FactNode`). A missing fact is one error naming the nearest.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from functools import total_ordering

from ..analysis.facts import MONTHLY_FACTS, Fact, FactSet
from ..errors import TemplateProblem
from . import markers
from .style import HouseStyle


@total_ordering
class FactRef:
    """A fact as a template sees it: prints as a marked figure, compares by value."""

    def __init__(self, fact: Fact, style: HouseStyle, absolute: bool = False, bare: bool = False) -> None:
        self.fact = fact
        self._style = style
        self._absolute = absolute
        self._bare = bare  # printed without its unit's word, as a table prints it: the low end of a range

    @property
    def value(self) -> object:
        value = self.fact.value
        return abs(value) if self._absolute and isinstance(value, (int, float)) else value

    @property
    def id(self) -> str:
        return self.fact.id

    def __str__(self) -> str:
        return markers.figure(self.fact.id, self._style.format(self.value, self.fact.unit, "table" if self._bare else "text"))

    def __abs__(self) -> "FactRef":
        return FactRef(self.fact, self._style, absolute=True)

    def __round__(self, places: int = 0) -> "FactRef":
        raise self._not_a_number("round")

    def __int__(self) -> int:
        raise self._not_a_number("int")

    def __float__(self) -> float:
        raise self._not_a_number("float")

    def _not_a_number(self, operation: str) -> TemplateProblem:
        return TemplateProblem(
            f"{operation} of the fact '{self.id}': a fact is printed as it is, already rounded in house style; "
            f"to compare it, use {self.id}.value in a condition"
        )

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(name)
        raise TemplateProblem(f"the fact '{self.fact.id}' has no '{name}'; a fact is printed as it is, or compared by its .value")

    def __eq__(self, other: object) -> bool:
        return self.value == (other.value if isinstance(other, FactRef) else other)

    def __lt__(self, other: object) -> bool:
        return self.value < (other.value if isinstance(other, FactRef) else other)

    def __hash__(self) -> int:
        return hash(self.fact.id)

    def __bool__(self) -> bool:
        return bool(self.value)


class FactNode:
    """A prefix of fact ids (``da``, ``da.recorded``); attribute access walks down the tree."""

    def __init__(self, prefix: str, facts: FactSet, style: HouseStyle, index: Mapping[str, set[str]]) -> None:
        self.prefix = prefix
        self._facts = facts
        self._style = style
        self._index = index

    def _child(self, name: str) -> "FactRef | FactNode":
        key = f"{self.prefix}.{name}"
        if key in self._facts:
            return FactRef(self._facts[key], self._style)
        if key in self._index:
            return FactNode(key, self._facts, self._style, self._index)
        hint = _nearest_child(key, self._index.get(self.prefix, ()))
        if f"{self.prefix}.current" in self._facts:  # self is a measure: key is one of its facts
            absent = without_months(self.prefix, name, self._facts)
            if absent:
                raise TemplateProblem(absent)
            raise TemplateProblem(f"no fact '{key}'{hint}")
        raise TemplateProblem(f"no measure or fact '{key}' in the catalogue or the data{hint}")

    def __getattr__(self, name: str) -> "FactRef | FactNode":
        if name.startswith("_"):
            raise AttributeError(name)
        return self._child(name)

    def __getitem__(self, name: object) -> "FactRef | FactNode":
        return self._child(str(name))

    def __contains__(self, name: object) -> bool:
        """``{% if 'half_month' in over %}``: whether a fact (or group of facts) exists below this one."""
        key = f"{self.prefix}.{name}"
        return key in self._facts or key in self._index

    def children(self) -> dict[str, FactRef]:
        """The facts directly under this prefix, by their last id segment."""
        return {
            key[len(self.prefix) + 1 :]: FactRef(self._facts[key], self._style)
            for key in self._index.get(self.prefix, ())
            if key in self._facts
        }

    def __str__(self) -> str:
        raise TemplateProblem(f"'{self.prefix}' is a group of facts, not a fact; name one of its facts")

    def __abs__(self) -> "FactNode":
        raise TemplateProblem(f"abs of '{self.prefix}', a group of facts: abs applies to a fact, such as {self.prefix}.change_pct | abs")


def without_months(measure: str, name: str, facts: FactSet) -> str | None:
    """Why fact ``name`` of ``measure`` does not exist, when it is one made from months and the
    measure is a rolling-year series (12-month totals); else None."""
    series = facts.get(f"{measure}.series")
    if series is None or series.value != "rolling_year" or name not in MONTHLY_FACTS:
        return None
    return (
        f"no fact '{measure}.{name}': '{measure}' is a rolling_year series (12-month totals), so it has no "
        "facts made from months; use its current, baseline, change and change_pct"
    )


class _WithoutMonths:
    """What a phrase sees for a month fact of a rolling-year series: printing it is an error."""

    def __init__(self, message: str) -> None:
        self.message = message

    def _fail(self, *args, **kwargs):
        raise TemplateProblem(self.message)

    __str__ = __bool__ = __abs__ = __eq__ = __lt__ = __gt__ = __le__ = __ge__ = _fail
    __hash__ = None


def _nearest_child(key: str, siblings) -> str:
    """"; did you mean 'da.recorded.change_pct'?" for the sibling whose last part is nearest."""
    by_last = {sibling.rsplit(".", 1)[-1]: sibling for sibling in sorted(siblings)}
    close = difflib.get_close_matches(key.rsplit(".", 1)[-1], sorted(by_last), n=1, cutoff=0.6)
    return f"; did you mean '{by_last[close[0]]}'?" if close else ""


def _index(facts: FactSet) -> dict[str, set[str]]:
    """Each prefix → the ids one level below it (facts and sub-prefixes)."""
    index: dict[str, set[str]] = {}
    for fact_id in facts:
        for prefix, child in _steps(fact_id):
            index.setdefault(prefix, set()).add(child)
    return index


@functools.lru_cache(maxsize=1 << 16)
def _steps(fact_id: str) -> tuple[tuple[str, str], ...]:
    """(prefix, the id one level below it) down to ``fact_id``: "a.b.c" → (a, a.b), (a.b, a.b.c).
    Kept, since the drafts of a batch share most of their fact ids."""
    parts = fact_id.split(".")
    return tuple((".".join(parts[:i]), ".".join(parts[: i + 1])) for i in range(1, len(parts)))


# --------------------------------------------------------------------------- the arguments of template functions
