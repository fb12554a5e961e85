"""Months as analysts write them in report files: ``YYYY-MM``."""

from __future__ import annotations

import re

import pandas as pd

from ..errors import InputError

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def parse_month(text: str, *, where: str) -> pd.Period:
    """``"2021-03"`` → a monthly Period; anything else is an InputError naming ``where``."""
    if not isinstance(text, str) or not MONTH.match(text.strip()):
        raise InputError(f"{where}: month {text!r} is not a month in the form YYYY-MM (for example 2021-03)")
    return pd.Period(text.strip(), freq="M")
