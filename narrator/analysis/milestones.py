"""Milestones of a count series, stated only by an honest method: the first month above a threshold,
the doubling of its 12-month total (never a trough month against a peak month), and the current
period's highest month against the months before it (a record is never a baseline month).
The facts (``m.threshold.<N>.…``, ``m.record.…``) are listed in :mod:`narrator.analysis.facts`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .series import month_text, months_to, twelve_month_sums

Builder = Any  # facts._MeasureFacts: its series, months and add() (not imported: facts imports this module)


def threshold(builder: Builder, threshold: int) -> None:
    """The first month above ``threshold``, the current months above it, and its doubling."""
    values = builder.series.values[builder.series.values.index <= builder.current_months[-1]]
    over = values[values > threshold]
    first = str(over.index[0]) if len(over) else None
    builder.add(f"threshold.{threshold}.value", "the threshold", threshold, "count")
    builder.add(f"threshold.{threshold}.first_month", f"first month above {threshold}", first, "month")
    builder.add(f"threshold.{threshold}.months_current", f"current months above {threshold}", int((builder.current.array > threshold).sum()), "count")
    if not len(over):
        return
    doubling(builder, threshold, over.index[0])


def doubling(builder: Builder, threshold: int, first: pd.Period) -> None:
    """The 12-month total to the first month above ``threshold`` against the last earlier 12-month
    total at or below half of it: how long the 12-month total took to double. Absent where the
    data hold no such pair of totals: a doubling is never read from two single months."""
    months = months_to(first, first.ordinal - int(builder.series.ordinals[0]) + 1)
    if len(months) < 24:
        return
    sums = twelve_month_sums(builder.series.arrays(months)[0], len(months) - 11)  # sums[i]: the 12 months to months[i + 11]
    total = sums[-1]
    halves = np.flatnonzero(sums[:-12] <= total / 2)  # NaN (a window with a gap) is never at or below
    if np.isnan(total) or not len(halves):
        return
    half = int(halves[-1])
    builder.add(f"threshold.{threshold}.total", f"12-month total to the first month above {threshold}", float(total), "count")
    builder.add(f"threshold.{threshold}.half_month", "last earlier month whose 12-month total was at most half of it", str(months[half + 11]), "month")
    builder.add(f"threshold.{threshold}.half_total", "that 12-month total", float(sums[half]), "count")
    builder.add(f"threshold.{threshold}.doubling_years", "years the 12-month total took to double, to the nearest year",
             round((len(sums) - 1 - half) / 12), "count")


def record(builder: Builder) -> None:
    """The current period's highest month, and the last earlier month at least as high."""
    compared = builder.current_months.asi8  # a record is stated from the current period only
    window = builder.series.at(compared)[0]
    position = int(np.nanargmax(window))  # the first month holding the peak
    peak_month, peak = int(compared[position]), window[position]
    ordinals, values = builder.series.ordinals, builder.series.array
    upto = ordinals <= compared[-1]
    ordinals, values = ordinals[upto], values[upto]
    as_high = ordinals[(ordinals < peak_month) & (values >= peak)]
    builder.add("record.peak_month", "highest month of the current period", month_text(peak_month), "month")
    builder.add("record.peak_value", "value in the highest month of the current period", float(peak), "n")
    builder.add("record.since_month", "last earlier month at least as high (none: the highest in the data)", month_text(as_high[-1]) if len(as_high) else None, "month")
    if len(as_high):  # a record worth stating is one of at least a year: "the highest since" two months before is not
        builder.add("record.since_years", "whole years from that month to the highest", int(peak_month - as_high[-1]) // 12, "count")
    builder.add("record.checked_from", "first month of the data the record was checked against", month_text(ordinals.min()), "month")
    builder.add("record.checked_years", "whole years of data the record was checked against", len(ordinals) // 12, "count")

