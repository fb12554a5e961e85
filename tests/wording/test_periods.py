"""Period names in house style."""

import pytest

from narrator.settings.periods import Period
from narrator.wording.periods import period_name, period_span
from narrator.wording.style import HouseStyle

STYLE = HouseStyle()


@pytest.mark.parametrize("end, length, current, baseline", [
    ("2021-03", 12, "2020/21", "2019/20"),
    ("2021-06", 12, "the year to June 2021", "the year to June 2020"),
    ("2020-12", 3, "Q3 2020/21", "Q3 2019/20"),
    ("2021-03", 3, "Q4 2020/21", "Q4 2019/20"),
    ("2020-06", 3, "Q1 2020/21", "Q1 2019/20"),
    ("2020-11", 3, "the three months to November 2020", "the three months to November 2019"),
    ("2020-12", "year_to_date", "April to December 2020", "April to December 2019"),
    ("2021-01", "year_to_date", "April 2020 to January 2021", "April 2019 to January 2020"),
    ("2020-04", "year_to_date", "April 2020", "April 2019"),
    ("2021-03", "year_to_date", "2020/21", "2019/20"),
    ("2020-09", 6, "the six months to September 2020", "the six months to September 2019"),
    ("2021-03", 1, "March 2021", "March 2020"),  # one month is named as the month, never "the one months"
])
def test_each_period_is_named_as_a_reader_expects(end, length, current, baseline):
    period = Period.ending(end, length)
    assert period_name(period, period.current[-1], STYLE) == current
    assert period_name(period, period.baseline[-1], STYLE) == baseline


def test_a_house_quarter_format():
    period = Period.ending("2020-12", 3)
    assert period_name(period, period.end, HouseStyle(quarter_format="{year} Q{quarter}")) == "2020/21 Q3"


def test_a_span_names_its_first_and_last_months():
    assert period_span(Period.ending("2020-12", 3).current, STYLE) == "October to December 2020"
    assert period_span(Period.ending("2021-03").current, STYLE) == "April 2020 to March 2021"
