"""Figure bookmark names: what Word accepts, deterministic, unique."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrator.word.bookmarks import FigureBookmarks, bookmark_name

VALID = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


def test_a_short_fact_id_reads_as_itself():
    assert bookmark_name("da.recorded.change_pct") == "F_da_recorded_change_pct"
    assert bookmark_name("da.recorded.change_pct", 2) == "F_da_recorded_change_pct__2"


def test_a_long_fact_id_is_cut_and_ends_in_a_digest():
    name = bookmark_name("drugs.trafficking.recorded.record.since_month")
    assert len(name) <= 40 and VALID.fullmatch(name)
    assert name.startswith("F_drugs_trafficking_recorded_")
    assert re.search(r"_[0-9a-f]{6}$", name)
    assert bookmark_name("drugs.trafficking.recorded.record.since_month", 12).endswith("__12")
    assert len(bookmark_name("drugs.trafficking.recorded.record.since_month", 12)) <= 40
    # two long ids with the same start differ by their digest
    assert bookmark_name("drugs.trafficking.recorded.record.since_month") != bookmark_name(
        "drugs.trafficking.recorded.record.peak_value"
    )


def test_any_character_and_a_leading_digit_are_allowed_for():
    assert bookmark_name("999.calls (answered) %") == "F_999_calls_answered"


def test_names_are_the_same_on_every_run():
    assert bookmark_name("a.b") == bookmark_name("a.b")


def test_facts_whose_ids_make_the_same_name_still_get_distinct_names():
    marks = FigureBookmarks(iter(range(1, 100)))
    names = [marks.name(fact) for fact in ("a.b", "a_b", "A.B", "a.b")]
    assert names[0] == "F_a_b" and names[3] == "F_a_b__2"
    assert len({n.casefold() for n in names}) == 4  # Word compares names without case
    assert all(VALID.fullmatch(n) for n in names)


@pytest.mark.slow  # hypothesis, 100 examples
@given(st.lists(st.tuples(st.text(min_size=1, max_size=80), st.integers(1, 3)), max_size=30))
def test_every_name_is_valid_and_unique(figures):
    marks = FigureBookmarks(iter(range(1, 1000)))
    names = []
    for fact_id, times in figures:
        names += [marks.name(fact_id) for _ in range(times)]
    assert all(VALID.fullmatch(name) for name in names)
    assert len({name.casefold() for name in names}) == len(names)
