"""The checks that the data cover the periods compared: the months from the earliest needed to
the period end, and every month of both periods for every measure (area by area)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..errors import InputError
from ..settings.catalogue import Measure
from ..settings.periods import Period
from .areas import Areas, area_rows


def check_coverage(observations: pd.DataFrame, measures: Mapping[str, Measure], period: Period, end_name: str,
                   data: object, areas: Areas | None) -> None:
    """The data (``data``, named in messages) run far enough back and up to the period end (named
    ``end_name``), and every measure has every month it needs, in every area."""
    first, last = observations["month"].min(), observations["month"].max()
    earliest = period.baseline[0] if any(m.monthly for m in measures.values()) else period.end - 12
    if period.end > last or earliest < first:
        raise InputError(
            f"{end_name} {period.end} needs data from {earliest} to {period.end}, "
            f"but {data} runs from {first} to {last}"
        )
    if areas is None:
        check_months(observations, measures, period, data)
    for name in (*areas.reported, areas.parent) if areas is not None else ():
        check_months(area_rows(observations, areas, name), measures, period, f"{data} (area '{name}')")


def check_months(observations: pd.DataFrame, measures: Mapping[str, Measure], period: Period, data: object) -> None:
    """Every measure has every month of the current and baseline periods.

    A comparator (a national series) is compared over its latest months up to the period end. A
    rolling-year series needs only its rows at the two period ends (12-month totals).
    """
    months = observations.groupby("measure", sort=False)["month"].agg(lambda s: set(s))
    for measure in measures.values():
        have = months[measure.id]
        current = period.current
        if measure.comparator:
            available = [m for m in have if m <= period.end]
            if available:
                current = pd.period_range(end=max(available), periods=period.months, freq="M")
        for name, wanted in (("current", current), ("baseline", period.baseline)):
            if not measure.monthly:
                wanted = wanted[-1:]
            missing = [m for m in wanted if m not in have]
            if missing and not measure.monthly:
                raise InputError(
                    f"{data}: measure '{measure.id}' has no row for {missing[0]}, the end of the {name} 12 months "
                    f"(a rolling_year series: each row is the 12-month total to its month)"
                )
            if missing:
                listed = ", ".join(str(m) for m in missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
                raise InputError(
                    f"{data}: measure '{measure.id}' has no row for {listed} in the {name} period "
                    f"({wanted[0]} to {wanted[-1]}); every month of both periods is needed"
                )
