"""wording/aggregation.py: the plan of a paragraph of related measures, each finding said once (issue 18)."""

from __future__ import annotations

from narrator.wording.aggregation import MOST_TOGETHER, Step, runs, together_words


def test_a_run_is_consecutive_measures_with_one_shareable_finding():
    f = ", a rise larger than the usual variation from year to year"
    assert runs([f, f, f], [True, True, True]) == [(0, 2)]
    assert runs([f, f, f, f], [True] * 4) == [(0, 2)]  # three at most: the fourth stands alone
    assert runs([f, "", f, f], [True] * 4) == [(2, 3)]
    assert runs([f, f], [False, True]) == []  # the first says more after its movement: its finding stays with it
    assert runs([f, f], [True, False]) == [(0, 1)]  # the last's extras come after the closing sentence
    assert together_words(2) == "Both" and together_words(3) == "All three"


def test_no_run_without_a_finding_and_none_longer_than_three():
    assert runs(["", ""], [True, True]) == []  # an empty finding (one with figures, or none) is never shared
    assert runs([], []) == []
    f, g = ", a fall", ", a rise"
    assert runs([f, f, g, g, g, g, g], [True] * 7) == [(0, 1), (2, 4), (5, 6)]
    assert MOST_TOGETHER == 3
    assert Step() == Step(quiet=False, closing="")
