"""The data cover the periods compared: from the earliest month needed to the period end, every month."""

import pandas as pd
import pytest

from narrator.errors import InputError
from narrator.inputs.coverage import check_coverage
from narrator.settings.catalogue import Measure
from narrator.settings.periods import Period

MEASURES = {"a.recorded": Measure("a.recorded", "Recorded", "offences", "count", "neutral", "poisson")}


def table(first: str, last: str, missing: tuple[str, ...] = ()) -> pd.DataFrame:
    months = [m for m in pd.period_range(first, last, freq="M") if str(m) not in missing]
    return pd.DataFrame({"measure": "a.recorded", "month": months, "value": 1.0, "denominator": float("nan"), "area": ""})


def test_data_covering_both_periods_pass():
    check_coverage(table("2019-04", "2021-03"), MEASURES, Period(pd.Period("2021-03", freq="M")), "--period-end", "data.csv", None)


def test_a_period_end_beyond_the_data():
    with pytest.raises(InputError) as error:
        check_coverage(table("2019-04", "2021-03"), MEASURES, Period(pd.Period("2021-06", freq="M")), "--period-end", "data.csv", None)
    assert str(error.value) == "--period-end 2021-06 needs data from 2019-07 to 2021-06, but data.csv runs from 2019-04 to 2021-03"


def test_a_month_missing_inside_a_period():
    with pytest.raises(InputError) as error:
        check_coverage(table("2019-04", "2021-03", ("2020-02",)), MEASURES, Period(pd.Period("2021-03", freq="M")), "end", "data.csv", None)
    assert str(error.value) == ("data.csv: measure 'a.recorded' has no row for 2020-02 in the baseline period "
                                "(2019-04 to 2020-03); every month of both periods is needed")
