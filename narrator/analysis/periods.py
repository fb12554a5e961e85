"""The two 12-month periods a report compares."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..inputs.months import parse_month


@dataclass(frozen=True)
class Period:
    """The current period (12 months to ``end``) and the baseline (the 12 before).

    ``current_year`` is the calendar year in which the current period starts, so
    a period ending 2021-03 is the financial year 2020/21.
    """

    end: pd.Period

    @classmethod
    def ending(cls, month: str, *, where: str = "period end") -> "Period":
        return cls(parse_month(month, where=where))

    @property
    def current(self) -> pd.PeriodIndex:
        return pd.period_range(end=self.end, periods=12, freq="M")

    @property
    def baseline(self) -> pd.PeriodIndex:
        return pd.period_range(end=self.end - 12, periods=12, freq="M")

    @property
    def window(self) -> pd.PeriodIndex:
        """Baseline then current: the 24 months the report compares."""
        return pd.period_range(end=self.end, periods=24, freq="M")

    @property
    def current_year(self) -> int:
        return self.current[0].year

    @property
    def baseline_year(self) -> int:
        return self.baseline[0].year
