"""The one rounding rule and the bounds on figures (numbers.py)."""

from decimal import Decimal

import pytest

from narrator.numbers import LARGEST, SMALLEST, round_half_up


@pytest.mark.parametrize("value, places, rounded", [
    (14.45, 1, "14.5"), (-14.45, 1, "-14.5"),  # halves away from zero, as a reader rounds
    (2.675, 2, "2.68"),  # the float 2.675 is 2.67499999…; its shortest repr is what was meant
    (0.5, 0, "1"), (1.5, 0, "2"), (2.5, 0, "3"),  # never to even (Python's round gives 2 for 2.5)
    (12196, 0, "12196"), (8.36, 1, "8.4"), (0.04999, 1, "0.0"),
])
def test_halves_go_away_from_zero(value, places, rounded):
    assert round_half_up(value, places) == Decimal(rounded)
    assert str(round_half_up(value, places)) == rounded


def test_the_bounds_keep_sums_exact_and_small_figures_printable():
    assert 9_007 * LARGEST < 2**53  # 9,007 months of the largest figure still add up exactly in a float
    assert float(9_007 * (LARGEST - 1)) == 9_007 * (LARGEST - 1)
    assert round_half_up(SMALLEST * 100 / SMALLEST, 1) == Decimal("100.0")
