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
                   data: object, areas: Areas | None, own: str | None = None) -> None:
    """The data (``data``, named in messages) run far enough back and up to the period end (named
    ``end_name``), and every measure has every month it needs, in every area (the draft's own area,
    ``own``, checked first, so that a message names it)."""
    first, last = observations["month"].min(), observations["month"].max()
    earliest = period.baseline[0] if any(m.monthly for m in measures.values()) else period.end - 12
    if period.end > last or earliest < first:
        raise InputError(
            f"{end_name} {period.end} needs data from {earliest} to {period.end}, "
            f"but {data} runs from {first} to {last}"
        )
    if areas is None:
        check_months(observations, measures, period, data)
    for name in dict.fromkeys((own or areas.parent, areas.parent, *areas.reported)) if areas is not None else ():
        check_months(area_rows(observations, areas, name), measures, period, f"{data} (area '{name}')")


def _complete(observations: pd.DataFrame, wanted: pd.PeriodIndex) -> dict[str, bool]:
    """Whether each measure has a row for every month of ``wanted`` (a measure may have other months too)."""
    rows = observations.loc[observations["month"].isin(wanted), ["measure", "month"]].drop_duplicates()
    counts = rows.groupby("measure", sort=False).size()
    return {str(measure): int(count) == len(wanted) for measure, count in counts.items()}


def check_months(observations: pd.DataFrame, measures: Mapping[str, Measure], period: Period, data: object) -> None:
    """Every measure has every month of the current and baseline periods.

    A comparator (a national series) is compared over its latest months up to the period end. A
    rolling-year series needs only its rows at the two period ends (12-month totals).
    """
    every_current, baseline = period.current, period.baseline  # each made once, not per measure
    complete = _complete(observations, every_current.union(baseline))
    months: pd.Series | None = None
    for measure in measures.values():
        if measure.monthly and not measure.comparator and complete.get(measure.id, False):
            continue  # every month it needs (most measures: counted at once, above)
        if months is None:  # the months of each measure, as sets, for what is left
            months = observations.groupby("measure", sort=False)["month"].agg(lambda s: set(s))
        have = months[measure.id]
        current = every_current
        if measure.comparator:
            available = [m for m in have if m <= period.end]
            if available:
                current = pd.period_range(end=max(available), periods=period.months, freq="M")
        for name, wanted in (("current", current), ("baseline", baseline)):
            if not measure.monthly:
                wanted = wanted[-1:]
            missing = [m for m in wanted if m not in have]
            if missing and not measure.monthly:
                raise InputError(
                    f"{data}: measure '{measure.id}' has no row for {missing[0]}, the end of the {name} 12 months "
                    f"(a rolling_year series: each row is the 12-month total to its month); {_held(have)}"
                )
            if missing:
                listed = ", ".join(str(m) for m in missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
                raise InputError(
                    f"{data}: measure '{measure.id}' has no row for {listed} in the {name} period "
                    f"({wanted[0]} to {wanted[-1]}); every month of both periods is needed"
                )


def _held(months: set) -> str:
    """Which months a series has rows for, for a message: "its rows are for 2003-03 to 2018-12, every 3 months from 2007-03 …"."""
    have = sorted(months)
    if len(have) < 2:
        return f"its only row is for {have[0]}; give --period-end that month" if have else "it has no rows"
    gaps = [b.ordinal - a.ordinal for a, b in zip(have, have[1:])]
    start = len(gaps)
    while start > 0 and gaps[start - 1] == gaps[-1]:
        start -= 1
    step = "every month" if gaps[-1] == 1 else f"every {gaps[-1]} months"
    since = "" if start == 0 else f" from {have[start]} (before that less often)"
    return f"its rows are for {have[0]} to {have[-1]}, {step}{since}; give --period-end one of those months, such as {have[-1]}"
