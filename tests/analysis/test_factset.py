"""analysis/factset.py: the facts of a draft by id, in the order they were made, each id once."""

from __future__ import annotations

import dataclasses

import pytest

from narrator.analysis.factset import Fact, FactSet


def test_facts_are_kept_by_id_in_the_order_they_were_made():
    facts = FactSet([Fact("b.current", "Current", 2, "count"), Fact("a.current", "Current", 1, "count")])
    facts.add(Fact("a.change_pct", "Change", 14.4, "percent"))
    assert list(facts) == ["b.current", "a.current", "a.change_pct"] and len(facts) == 3
    assert facts["a.change_pct"].value == 14.4 and "a.baseline" not in facts and facts.get("a.baseline") is None


def test_an_id_made_twice_is_a_bug_said_plainly():
    facts = FactSet([Fact("a.current", "Current", 1, "count")])
    with pytest.raises(ValueError, match="^fact id 'a.current' made twice$"):
        facts.add(Fact("a.current", "Again", 2, "count"))


def test_a_fact_is_immutable():
    fact = Fact("a.current", "Current", 1, "count")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.value = 2  # type: ignore[misc]
    assert fact == Fact("a.current", "Current", 1, "count")
