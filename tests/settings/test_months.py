"""Months as analysts write them (settings/months.py)."""

import pandas as pd
import pytest

from narrator.errors import InputError
from narrator.settings.months import MONTH, month_problem, parse_month


def test_a_month_in_the_form_yyyy_mm():
    assert parse_month("2021-03", where="report.yaml: period_end") == pd.Period("2021-03", freq="M")
    assert parse_month(" 2021-03 ", where="x") == pd.Period("2021-03", freq="M")  # spaces around are forgiven
    assert MONTH.fullmatch("9999-12") and not MONTH.fullmatch("2021-13") and not MONTH.fullmatch("21-03")


@pytest.mark.parametrize("given, message", [
    ("2021-3", "x: month '2021-3' is not a month in the form YYYY-MM (for example 2021-03)"),
    ("March 2021", "x: month 'March 2021' is not a month in the form YYYY-MM (for example 2021-03)"),
    ("0000-01", "x: month '0000-01' is not a month: there is no year 0000"),
    (202103, "x: month 202103 is not a month in the form YYYY-MM (for example 2021-03)"),
])
def test_anything_else_names_where_and_what(given, message):
    with pytest.raises(InputError) as raised:
        parse_month(given, where="x")
    assert str(raised.value) == message


def test_the_problem_reads_after_the_text():
    assert month_problem("2021-00") == "is not a month in the form YYYY-MM"
