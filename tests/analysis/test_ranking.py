"""Ranking changes: by percentage on large bases, against chance when a base is small."""

import math

import pytest

from narrator.analysis.ranking import CHANCE, PERCENT, Change, Thresholds, largest, ranked_by

THRESHOLDS = Thresholds(small_count_below=50, few_cases_below=50)


def count(baseline: float, current: float) -> Change:
    change = current - baseline
    return Change("count", current, baseline, change, change / baseline * 100 if baseline else None)


def test_large_bases_rank_by_percentage_change():
    changes = {"a": count(1000, 1100), "b": count(200, 240), "c": count(500, 400)}
    assert ranked_by(list(changes.values()), THRESHOLDS) == PERCENT
    assert largest(changes, PERCENT) == ("b", "c")  # +20% beats +10%


def test_a_small_base_ranks_everything_against_chance_so_2_to_7_is_not_the_largest_rise():
    changes = {"two to seven": count(2, 7), "big": count(900, 1000), "fall": count(60, 40)}
    by = ranked_by(list(changes.values()), THRESHOLDS)
    assert by == CHANCE
    assert changes["two to seven"].against_chance() == pytest.approx(5 / 3)
    assert changes["big"].against_chance() == pytest.approx(100 / math.sqrt(1900))
    assert largest(changes, by) == ("big", "fall")  # 2.29 against chance beats 1.67, although 250% beats 11.1%
    assert largest(changes, PERCENT)[0] == "two to seven"


def test_rates_rank_by_points_and_against_chance_by_the_two_proportion_z():
    small = Change("proportion", 30.0, 20.0, 10.0, None, current_n=40, baseline_n=40)
    large = Change("proportion", 21.0, 20.0, 1.0, None, current_n=5000, baseline_n=5000)
    assert small.small(THRESHOLDS) and not large.small(THRESHOLDS)
    pooled = 0.25
    assert small.against_chance() == pytest.approx(0.1 / math.sqrt(pooled * (1 - pooled) * (2 / 40)))
    assert largest({"small": small, "large": large}, PERCENT) == ("small", None)
    assert largest({"small": small, "large": large}, CHANCE) == ("large", None)


def test_no_change_and_zero_bases():
    assert count(0, 0).against_chance() == 0.0
    assert count(0, 3).relative() == 0.0  # no percentage from a zero base
    assert largest({"flat": count(10, 10)}, CHANCE) == (None, None)
