"""House style read from ``rules/style.yaml`` (Narrator's, then the project's over it), checked
once per run: every setting of the right type and range, every format string with only its names.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from ..errors import InputError
from ..settings.yamlfiles import check_keys, read_yaml, suggestion
from .style import HouseStyle

# Style settings that are whole numbers, with the range that makes sense for each.
STYLE_RANGES = {
    "decimal_places": (0, 4), "numbers_in_words_below": (0, 100),
    "small_change_percent": (0, 100), "small_change_points": (0, 100),
    "low_count_below": (0, 10**9), "small_count_below": (0, 10**9), "few_cases_below": (0, 10**9), "small_sample_below": (0, 10**9),
}
# Style settings that are format strings, with the names each may use.
STYLE_FIELDS = {
    "month_format": ("month", "year"),
    "date_format": ("day", "month", "year"),
    "financial_year_format": ("start", "end", "end_short"),
    "quarter_format": ("quarter", "year"),
}


def load_style(layers: tuple[Path, ...]) -> HouseStyle:
    """House style: Narrator's defaults, then each layer's settings over them."""
    settings: dict[str, object] = {}
    for path in layers:
        data = read_yaml(path) or {}
        check_keys(data, where=str(path), allowed=HouseStyle.keys())
        for key, value in data.items():
            _style_setting(key, value, path)
        if "chart_colours" in data:  # a project may recolour one line and keep the others
            data = {**data, "chart_colours": {**settings.get("chart_colours", {}), **data["chart_colours"]}}
        settings.update(data)
    return HouseStyle(**settings)


def _style_setting(key: str, value: object, path: Path) -> None:
    if key in ("tone_colours", "chart_colours"):
        _colours(value, f"{path}: {key}", tuple(getattr(HouseStyle(), key)))
        return
    expected = type(getattr(HouseStyle(), key))
    accepted = (int, float) if expected is float else expected  # 3 is as good a number as 3.0
    if not isinstance(value, accepted) or isinstance(value, bool):
        what = {int: "a whole number", float: "a number"}.get(expected, "text")
        raise InputError(f"{path}: {key} must be {what}, found {value!r}")
    if key in STYLE_RANGES:
        low, high = STYLE_RANGES[key]
        if not low <= value <= high:
            raise InputError(f"{path}: {key} must be a whole number from {low} to {high}, found {value}")
    if key in STYLE_FIELDS:
        _format_string(value, STYLE_FIELDS[key], f"{path}: {key}")


def _format_string(text: str, names: tuple[str, ...], where: str) -> None:
    """A style format such as "{month} {year}" may use only ``names``, in braces."""
    allowed = ", ".join("{" + n + "}" for n in names)
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as error:
        raise InputError(f"{where}: {text!r} is not a format ({error}); use {allowed}") from None
    for field in fields:
        if field not in names:
            hint = suggestion(field, names, show="{{{}}}")
            raise InputError(f"{where}: {{{field}}} is not one of {allowed}{hint}")
    try:
        text.format(**{n: 1 for n in names})
    except (ValueError, IndexError, KeyError) as error:
        raise InputError(f"{where}: {text!r} is not a format ({error}); use {allowed}") from None


def _colours(value: object, where: str, names: tuple[str, ...]) -> None:
    colours = check_keys(value, where=where, allowed=names)
    for tone, colour in colours.items():
        if not isinstance(colour, str) or not re.fullmatch(r"([0-9A-Fa-f]{6})?", colour):
            raise InputError(f"{where}.{tone}: expected a colour as six hex digits such as C6EFCE, or \"\" for none, found {colour!r}")
