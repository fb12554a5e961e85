"""House style: how a value is printed, from ``rules/style.yaml``.

The contract: every figure in a draft is printed by :meth:`HouseStyle.format`, so one
value always reads the same way. Rounding is half-up (14.45 → 14.5), as a reader
checking by hand would round.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from num2words import num2words

from ..numbers import Unit, round_half_up

Context = Literal["text", "table"]
# A chart line's colour by what it shows (see narrator.model.ChartSeries.role).
CHART_COLOURS = {
    "current": "1F4E79", "previous": "A6A6A6", "monthly": "9DC3E6", "rolling": "1F4E79",
    "mean": "595959", "limit": "7F7F7F", "threshold": "C00000",
    "peer": "7F7F7F", "force": "C00000", "national": "1F4E79",  # a dot chart of the force against its peers
}


@dataclass(frozen=True)
class HouseStyle:
    thousands_separator: str = ","
    decimal_places: int = 1
    point_change_unit: str = "percentage points"
    point_change_unit_singular: str = "percentage point"
    numbers_in_words_below: int = 10
    month_format: str = "{month} {year}"
    date_format: str = "{day} {month} {year}"
    financial_year_format: str = "{start}/{end_short}"
    quarter_format: str = "Q{quarter} {year}"  # a financial quarter: Q3 2020/21 (Q1 is April to June)
    minutes_unit: str = "minutes"
    minus_sign: str = "\u2212"  # a true minus (−), not a hyphen, before a negative figure
    # What a reader calls a small change, a low volume or a small sample: the rules word these
    # plainly ("remained stable", a caveat on the sample; low_volume is a field a project's rule may test).
    small_change_percent: float = 3.0  # a count or level changing by less than this % is "stable"
    small_change_points: float = 1.0  # a rate changing by less than this many points is "small"
    # "Stable" is an equivalence statement: the change's whole 95% interval lies inside ± this margin.
    # Counts and levels: a % of the baseline; rates: these points, or this % of the baseline rate
    # where that is narrower (a rate near 0%: 4.1% to 3.5% is a fall of 15%, not "stable").
    stable_margin_percent: float = 10.0
    stable_margin_points: float = 1.0
    low_count_below: int = 100  # a count below this in both years is low_volume (no default rule words it: "relatively low" said nothing)
    small_count_below: int = 50  # a baseline count below this gets its two numbers, never a %
    few_cases_below: int = 50  # a rate on fewer cases than this gets its n and a caution
    small_sample_below: int = 200  # a survey with fewer respondents than this gets a caveat
    tone_colours: Mapping[str, str] = field(default_factory=lambda: {"good": "C6EFCE", "bad": "FFC7CE", "neutral": ""})
    tone_legend: str = ""
    chart_colours: Mapping[str, str] = field(default_factory=lambda: dict(CHART_COLOURS))
    chart_font: str = ""

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def format(self, value: object, unit: Unit, context: Context = "text") -> str:
        """``value`` printed in house style; ``context`` "table" never uses words or units."""
        if value is None:
            return "-"
        match unit:
            case "count":
                return self.count(value, words=context == "text")
            case "n":
                return self.count(value, words=False)
            case "ordinal":
                return self.ordinal(int(value), words=context == "text")
            case "percent":
                return self.decimal(value) + "%"
            case "points":
                if context == "table":
                    return self.decimal(value)
                word = self.point_change_unit_singular if self.rounded(value) in (1, -1) else self.point_change_unit
                return f"{self.decimal(value)} {word}"
            case "minutes":
                figure = self.count(value, words=False)
                return figure if context == "table" else f"{figure} {self.minutes_unit}"
            case "month":
                return self.month(str(value))
            case "date":
                return self.date(str(value))
            case "year":
                return self.financial_year(int(value))
            case _:
                return str(value)

    def stable(self, kind: str, baseline: float, interval: tuple[float, float] | None) -> bool:
        """Whether a change's interval (% for counts, points for rates, the unit for levels) lies
        wholly inside the stable margin: a change small enough to call the measure stable."""
        if interval is None or not baseline:
            return False
        low, high = interval
        if kind == "level":  # the interval in the level's unit, the margin a % of the baseline
            low, high = low / abs(baseline) * 100, high / abs(baseline) * 100
        margin = self.stable_margin_percent
        if kind == "proportion":
            margin = min(self.stable_margin_points, self.stable_margin_percent / 100 * min(baseline, 100 - baseline))
        return -margin < low and high < margin

    def rounded(self, value: object) -> Decimal:
        return round_half_up(value, self.decimal_places)

    def decimal(self, value: object) -> str:
        """1 dp, half-up, with separators and a true minus: 1,234.5, −3.2; -0.0 prints as 0.0."""
        number = self.rounded(value)
        if number == 0:
            number = abs(number)
        text = f"{number:,.{self.decimal_places}f}"
        return self._signed(text.replace(",", self.thousands_separator))

    def count(self, value: object, *, words: bool) -> str:
        number = int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if words and 0 <= number < self.numbers_in_words_below:
            return num2words(number, lang="en")
        return self._signed(f"{number:,}".replace(",", self.thousands_separator))

    def ordinal(self, number: int, *, words: bool) -> str:
        """1 → "first" (in words below numbers_in_words_below, in running text), 12 → "12th"."""
        if words and 0 < number < self.numbers_in_words_below:
            return num2words(number, lang="en", to="ordinal")
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number:,}".replace(",", self.thousands_separator) + suffix

    def _signed(self, text: str) -> str:
        """A negative figure with the house minus sign."""
        return self.minus_sign + text[1:] if text.startswith("-") else text

    def month(self, month: str) -> str:
        year, number = (int(part) for part in month.split("-")[:2])
        return self.month_format.format(month=calendar.month_name[number], year=year)

    def month_name(self, number: int) -> str:
        """A month's name alone: "April"."""
        return calendar.month_name[number]

    def date(self, iso: str) -> str:
        day = dt.date.fromisoformat(iso)
        return self.date_format.format(day=day.day, month=calendar.month_name[day.month], year=day.year)

    def financial_year(self, start: int) -> str:
        end = start + 1
        return self.financial_year_format.format(start=start, end=end, end_short=f"{end % 100:02d}")
