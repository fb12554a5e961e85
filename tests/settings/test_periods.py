"""The periods compared: the last N months against the same N months a year before."""

import pytest

from narrator.settings.periods import Period, read_length
from narrator.errors import InputError


def months(index) -> list[str]:
    return [str(m) for m in index]


def test_twelve_months_by_default():
    period = Period.ending("2021-03")
    assert period.months == 12
    assert (months(period.current)[0], months(period.current)[-1]) == ("2020-04", "2021-03")
    assert (months(period.baseline)[0], months(period.baseline)[-1]) == ("2019-04", "2020-03")


def test_a_quarter_against_the_same_quarter_a_year_before():
    period = Period.ending("2020-12", 3)
    assert months(period.current) == ["2020-10", "2020-11", "2020-12"]
    assert months(period.baseline) == ["2019-10", "2019-11", "2019-12"]


@pytest.mark.parametrize("end, first, count", [("2020-04", "2020-04", 1), ("2020-12", "2020-04", 9), ("2021-02", "2020-04", 11), ("2021-03", "2020-04", 12)])
def test_the_year_to_date_runs_from_april(end, first, count):
    period = Period.ending(end, "year_to_date")
    assert period.months == count
    assert months(period.current)[0] == first and months(period.current)[-1] == end
    assert months(period.baseline)[0] == f"{int(first[:4]) - 1}{first[4:]}"


@pytest.mark.parametrize("given, length", [("year", 12), ("quarter", 3), ("year_to_date", "year_to_date"), ("year-to-date", "year_to_date"), (6, 6), ("3", 3)])
def test_lengths_as_report_yaml_or_the_command_line_give_them(given, length):
    assert read_length(given, "report.yaml: period") == length


@pytest.mark.parametrize("given", [0, 13, "fortnight", True, 2.5])
def test_other_lengths_are_refused(given):
    with pytest.raises(InputError) as error:
        read_length(given, "report.yaml: period")
    assert str(error.value) == (
        "report.yaml: period: the period must be year (12 months), quarter (3 months), year_to_date "
        f"or a number of months from 1 to 12, found {given!r}"
    )
