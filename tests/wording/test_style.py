import pytest

from narrator.wording.style import HouseStyle

STYLE = HouseStyle()


@pytest.mark.parametrize(
    ("value", "unit", "context", "expected"),
    [
        (12196, "count", "text", "12,196"),
        (6, "count", "text", "six"),
        (0, "count", "text", "zero"),
        (6, "count", "table", "6"),
        (10, "count", "text", "10"),
        (98, "n", "text", "98"),
        (5, "n", "text", "5"),  # a sample size is never a word
        (14.449, "percent", "text", "14.4%"),
        (14.45, "percent", "text", "14.5%"),  # half-up, as a reader rounds
        (-20, "percent", "table", "\u221220.0%"),
        (-1.25, "points", "text", "\u22121.3 percentage points"),
        (-1234, "count", "text", "\u22121,234"),
        (-0.04, "percent", "text", "0.0%"),  # no negative zero
        (1.2, "points", "text", "1.2 percentage points"),
        (1.0, "points", "text", "1.0 percentage point"),
        (3, "points", "table", "3.0"),
        (85, "minutes", "text", "85 minutes"),
        (85, "minutes", "table", "85"),
        ("2020-04", "month", "text", "April 2020"),
        ("2021-04-13", "date", "text", "13 April 2021"),
        (2020, "year", "text", "2020/21"),
        (1999, "year", "text", "1999/00"),
        ("Improved", "text", "table", "Improved"),
        (None, "percent", "table", "-"),
    ],
)
def test_format(value, unit, context, expected):
    assert STYLE.format(value, unit, context) == expected


def test_short_style_and_separator():
    style = HouseStyle(point_change_unit="ppts", point_change_unit_singular="ppt", thousands_separator=" ")
    assert style.format(2.2, "points") == "2.2 ppts"
    assert style.format(1234567, "count") == "1 234 567"
    assert style.format(1234.56, "percent") == "1 234.6%"


@pytest.mark.parametrize("kind, baseline, interval, stable", [
    ("count", 1620, (-9.6, 6.4), True),  # inside ±10%
    ("count", 1330, (-5.2, 11.6), False),  # a rise of 10% is inside the interval
    ("count", 1330, None, False),  # no interval, no claim
    ("proportion", 50.0, (-0.9, 0.8), True),  # inside ±1 point
    ("proportion", 4.1, (-0.9, 0.5), False),  # a low rate: the margin is 10% of 4.1%, 0.41 points
    ("proportion", 4.1, (-0.3, 0.4), True),
    ("proportion", 97.0, (-0.5, 0.2), False),  # near 100%: 10% of the 3% left
    ("level", 200.0, (-15.0, 19.0), True),  # minutes: ±10% of 200 is ±20
    ("level", 200.0, (-25.0, 5.0), False),
])
def test_stable_only_where_the_interval_lies_inside_the_margin(kind, baseline, interval, stable):
    assert HouseStyle().stable(kind, baseline, interval) is stable
