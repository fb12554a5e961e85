"""Ground floor: the units a fact's value is in, and the one rounding rule.

Analysis (which computes "the difference of two rates as printed") and wording (which prints)
both need these, so they live below both.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

__all__ = ["LARGEST", "SMALLEST", "Unit", "round_half_up"]

# Every figure read from the data is below LARGEST, so the sum of up to 9,007 months stays below
# 2**53, where a float holds every whole number exactly; and every figure other than 0 is at least
# SMALLEST, so a percentage change on it still prints (a 28-digit decimal holds it).
LARGEST = 10**12
SMALLEST = 1e-6

Unit = Literal[
    "count",  # a number of things: 12,196; "six" in running text
    "ordinal",  # a place in a ranking: "fifth" in running text, 12th
    "n",  # a sample size or other figure that is never written in words
    "percent",  # a rate or a % change, already ×100: 14.4%
    "points",  # the difference of two rates: 1.2 percentage points
    "minutes",  # a time: 85 minutes
    "month",  # "YYYY-MM": April 2020
    "date",  # "YYYY-MM-DD": 13 April 2021
    "year",  # a financial year's first calendar year: 2020 → 2020/21
    "text",  # a word, printed as it is (judgements: Higher, Improved)
]


def round_half_up(value: object, places: int) -> Decimal:
    """``value`` to ``places`` decimals, halves away from zero (14.45 → 14.5), as a reader rounds."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
