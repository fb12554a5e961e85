"""The direction of a change as printed: one rule for the words, the parent's and the record."""

import pytest

from narrator.wording.movement import printed_change, printed_direction
from narrator.wording.style import HouseStyle

STYLE = HouseStyle()  # one decimal place


@pytest.mark.parametrize("change, kind, direction", [
    (0.3, "level", "flat"),  # +0.3 minutes: "no change" in the text
    (-0.4, "level", "flat"),
    (0.5, "level", "up"),  # half-up, as printed
    (-0.6, "level", "down"),
    (0.04, "proportion", "flat"),  # prints 0.0 percentage points
    (0.05, "proportion", "up"),
    (-0.05, "proportion", "down"),
    (0.3, "count", "up"),  # a count is never rounded away
    (0.0, "count", "flat"),
])
def test_a_change_reads_as_its_printed_figure(change, kind, direction):
    assert printed_direction(change, kind, STYLE) == direction


def test_a_rate_follows_the_house_styles_decimal_places():
    two = HouseStyle(decimal_places=2)
    assert printed_direction(0.04, "proportion", two) == "up"
    assert float(printed_change(0.044, "proportion", two)) == 0.04
