"""The two periods a report compares: the last N months, and the same N months a year before.

N is 12 (the default: the 12 months to the period end), any other number of months from 1 to 12
(3 for a quarterly report), or the financial year to date (April to the period end, so a period
ending in December is the nine months April to December).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import InputError
from .months import parse_month

YEAR_TO_DATE = "year_to_date"
LENGTH_NAMES = {"year": 12, "quarter": 3, YEAR_TO_DATE: YEAR_TO_DATE}  # report.yaml's words for a length


@dataclass(frozen=True)
class Period:
    """The current period (``length`` months to ``end``) and the baseline (the same months a year
    before). ``length`` is a number of months from 1 to 12, or ``"year_to_date"``.
    """

    end: pd.Period
    length: int | str = 12

    def __post_init__(self) -> None:
        if self.length != YEAR_TO_DATE and not (isinstance(self.length, int) and 1 <= self.length <= 12):
            raise ValueError(f"a period is 1 to 12 months or {YEAR_TO_DATE}, not {self.length!r}")

    @classmethod
    def ending(cls, month: str, length: int | str = 12, *, where: str = "period end") -> "Period":
        return cls(parse_month(month, where=where), length)

    @property
    def months(self) -> int:
        """How many months each period holds (the year to date: April to the end)."""
        if self.length == YEAR_TO_DATE:
            return (self.end.month - 4) % 12 + 1
        return int(self.length)

    @property
    def year_to_date(self) -> bool:
        return self.length == YEAR_TO_DATE

    @property
    def current(self) -> pd.PeriodIndex:
        return pd.period_range(end=self.end, periods=self.months, freq="M")

    @property
    def baseline(self) -> pd.PeriodIndex:
        return pd.period_range(end=self.end - 12, periods=self.months, freq="M")


def read_length(value: object, where: str) -> int | str:
    """report.yaml's ``period`` (or ``--period``): year, quarter, year_to_date or 1 to 12 months."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, str) and value.strip().replace("-", "_") in LENGTH_NAMES:
        return LENGTH_NAMES[value.strip().replace("-", "_")]
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12:
        return value
    raise InputError(f"{where}: the period must be year (12 months), quarter (3 months), year_to_date or a number of months from 1 to 12, found {value!r}")
