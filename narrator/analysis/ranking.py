"""How changes are ranked against each other ("the largest rise was in …"), for the measures of a
group and for the areas of a report.

A percentage change on a small base ranks chance: 2 → 7 is "250.0%". So changes are ranked by
percentage change (points for rates) only when every one of them is on a base the house style
calls large enough (a count's baseline of at least ``small_count_below``, a rate's cases of at
least ``few_cases_below`` in both periods). Otherwise they are ranked by the change against the
variation chance alone would give numbers of that size: for counts (x1 − x0) / √(x1 + x0), the
Poisson z; for rates the two-proportion z. Levels (medians, means) have no such scale and are
ranked by percentage change. The text says which (``ranked_by``: ``percent`` or ``chance``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PERCENT, CHANCE = "percent", "chance"


@dataclass(frozen=True)
class Thresholds:
    """Bases below these are small (house style)."""

    small_count_below: int = 50
    few_cases_below: int = 50


@dataclass(frozen=True)
class Change:
    """One measure's (or one area's) change, as its facts give it."""

    kind: str
    current: float
    baseline: float
    change: float
    change_pct: float | None
    current_n: float = 0.0
    baseline_n: float = 0.0

    @classmethod
    def of(cls, facts: Mapping, prefix: str, kind: str) -> "Change":
        """From the facts ``<prefix>.current``, ``.baseline``, ``.change``, … of a FactSet."""

        def value(suffix: str, default=None):
            fact = facts.get(f"{prefix}.{suffix}")
            return default if fact is None else fact.value

        return cls(kind, value("current"), value("baseline"), value("change"), value("change_pct"),
                   value("current_n", 0.0), value("baseline_n", 0.0))

    def small(self, thresholds: Thresholds) -> bool:
        if self.kind == "count":
            return self.baseline < thresholds.small_count_below
        if self.kind == "proportion":
            return min(self.current_n, self.baseline_n) < thresholds.few_cases_below
        return False

    def relative(self) -> float:
        """The change on its baseline: % for counts and levels, points for rates (0 from a zero base)."""
        if self.kind == "proportion":
            return self.change
        return self.change_pct if self.change_pct is not None else 0.0

    def against_chance(self) -> float:
        """The change over the variation chance alone gives: a Poisson or two-proportion z."""
        if self.kind == "count":
            total = self.current + self.baseline
            return 0.0 if total == 0 else (self.current - self.baseline) / math.sqrt(total)
        if self.kind == "proportion":
            n1, n0 = self.current_n, self.baseline_n
            p1, p0 = self.current / 100, self.baseline / 100
            pooled = (p1 * n1 + p0 * n0) / (n1 + n0)
            se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0)) if 0 < pooled < 1 else 0.0
            return 0.0 if se == 0 else (p1 - p0) / se
        return self.relative()


def ranked_by(changes: Sequence[Change], thresholds: Thresholds) -> str:
    """``percent`` when no change is on a small base, else ``chance``."""
    return CHANCE if any(c.small(thresholds) for c in changes) else PERCENT


def size(change: Change, by: str) -> float:
    """What a change is ranked by."""
    return change.against_chance() if by == CHANCE else change.relative()


def largest(changes: Mapping[str, Change], by: str) -> tuple[str | None, str | None]:
    """The names of the largest rise and the largest fall (the first, in order, of equals)."""
    rises = [n for n, c in changes.items() if c.change > 0]
    falls = [n for n, c in changes.items() if c.change < 0]
    rise = max(rises, key=lambda n: size(changes[n], by), default=None)
    fall = min(falls, key=lambda n: size(changes[n], by), default=None)
    return rise, fall
