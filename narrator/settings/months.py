"""Months as analysts write them in report files: ``YYYY-MM``."""

from __future__ import annotations

import re

import pandas as pd

from ..errors import InputError

MONTH = re.compile(r"(?!0000)\d{4}-(0[1-9]|1[0-2])")  # years 0001 to 9999, as a calendar date has


def month_problem(text: str) -> str:
    """Why ``text`` is not a month, in words that follow it: "is not a month in the form YYYY-MM"."""
    if re.fullmatch(r"0000-(0[1-9]|1[0-2])", text.strip()):
        return "is not a month: there is no year 0000"
    return "is not a month in the form YYYY-MM"


def parse_month(text: str, *, where: str) -> pd.Period:
    """``"2021-03"`` → a monthly Period; anything else is an InputError naming ``where``."""
    if not isinstance(text, str) or not MONTH.fullmatch(text.strip()):
        problem = month_problem(text) if isinstance(text, str) else "is not a month in the form YYYY-MM"
        example = " (for example 2021-03)" if problem.endswith("YYYY-MM") else ""
        raise InputError(f"{where}: month {text!r} {problem}{example}")
    return pd.Period(text.strip(), freq="M")
