"""The names of the periods a report compares, in house style.

* 12 months ending in March, or the year to date ending in March: the financial year, "2020/21";
* 12 months ending in another month: "the year to June 2021";
* three months ending at the end of a financial quarter: "Q3 2020/21" (Q1 is April to June);
* the year to date: "April to December 2020", "April 2020 to January 2021", "April 2020";
* one month: the month, "March 2021";
* any other number of months: "the three months to November 2020".
"""

from __future__ import annotations

import pandas as pd

from ..settings.periods import Period
from .style import HouseStyle


def period_name(period: Period, end: pd.Period, style: HouseStyle) -> str:
    """The name of the period of ``period``'s length that ends in month ``end``."""
    months = period.months
    financial_year = style.financial_year(end.year if end.month >= 4 else end.year - 1)
    if months == 12 and end.month == 3:
        return financial_year
    if period.year_to_date:
        return period_span(pd.period_range(end=end, periods=months, freq="M"), style)
    if months == 12:
        return f"the year to {style.month(str(end))}"
    if months == 1:
        return style.month(str(end))
    if months == 3 and end.month % 3 == 0:
        quarter = (end.month - 4) % 12 // 3 + 1
        return style.quarter_format.format(quarter=quarter, year=financial_year)
    return f"the {style.count(months, words=True)} months to {style.month(str(end))}"


def period_span(months: pd.PeriodIndex, style: HouseStyle) -> str:
    """The months from first to last: "April to December 2020", "April 2020 to January 2021", "April 2020"."""
    start, end = months[0], months[-1]
    if start == end:
        return style.month(str(end))
    first = style.month_name(start.month) if start.year == end.year else style.month(str(start))
    return f"{first} to {style.month(str(end))}"
