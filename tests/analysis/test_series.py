"""analysis/series.py: a measure's months, and the month arithmetic every fact shares, figure for figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from narrator.analysis.series import (
    Grouped, event_months, month_text, monthly_figures, months_to, twelve_month_sums,
)
from narrator.errors import InputError
from narrator.settings.catalogue import Measure


def measure(measure_id: str, kind: str) -> Measure:
    return Measure(measure_id, measure_id, measure_id, kind, "lower_is_better", None)


OBSERVATIONS = pd.DataFrame({
    "measure": ["rate", "count", "rate", "count"],
    "month": pd.PeriodIndex(["2021-01", "2021-01", "2021-03", "2021-02"], freq="M"),
    "value": [3.0, 10.0, 5.0, 12.0],
    "denominator": [10.0, np.nan, 20.0, np.nan],
})


def test_the_observations_split_by_measure_keep_their_order():
    grouped = Grouped(OBSERVATIONS)
    count = grouped.series(measure("count", "count"))
    assert (list(map(str, count.values.index)), list(count.values), count.denominators) == (["2021-01", "2021-02"], [10.0, 12.0], None)
    rate = grouped.series(measure("rate", "proportion"))
    assert list(rate.denominators) == [10.0, 20.0]
    assert list(rate.monthly("proportion")) == [30.0, 25.0]  # the rate (%) month by month
    with pytest.raises(InputError, match="^measure 'other' is in the catalogue but has no rows in the observations$"):
        grouped.series(measure("other", "count"))


def test_a_months_figure_is_the_count_the_rate_or_the_level():
    values, denominators = np.array([3.0, 0.0]), np.array([10.0, 0.0])
    assert list(monthly_figures(values, denominators, "count")) == [3.0, 0.0]
    assert monthly_figures(values, denominators, "proportion")[0] == 30.0 and np.isnan(monthly_figures(values, denominators, "proportion")[1])


def test_twelve_month_sums_are_exact_for_whole_numbers_and_nan_across_a_gap():
    values = np.arange(1.0, 15.0)  # 14 months: 1 … 14
    assert list(twelve_month_sums(values, 3)) == [78.0, 90.0, 102.0]
    values[12] = np.nan
    sums = twelve_month_sums(values, 3)
    assert sums[0] == 78.0 and np.isnan(sums[1]) and np.isnan(sums[2])
    assert twelve_month_sums(np.full(12, 0.1), 1)[0] == pytest.approx(1.2)  # fractions: pandas' running sum


def test_months_and_their_text():
    assert list(map(str, months_to(pd.Period("2021-03", "M"), 3))) == ["2021-01", "2021-02", "2021-03"]
    assert month_text(pd.Period("2021-03", "M").ordinal) == "2021-03"
    assert list(map(str, event_months(("2020-04", "2020-05")))) == ["2020-04", "2020-05"]
