"""wording/facttree.py: the fact tree a template walks, its printed figures and its errors, word for word."""

from __future__ import annotations

import pytest

from narrator.analysis.factset import Fact, FactSet
from narrator.errors import TemplateProblem
from narrator.wording import markers
from narrator.wording.facttree import FactNode, FactRef, _index, without_months
from narrator.wording.style import HouseStyle

STYLE = HouseStyle()
FACTS = FactSet([
    Fact("da.recorded.current", "Recorded", 12196, "count"),
    Fact("da.recorded.baseline", "Recorded a year before", 10660, "count"),
    Fact("da.recorded.change", "Change", -1536, "count"),
    Fact("da.recorded.change_pct", "Change %", 14.44, "percent"),
    Fact("hs.recorded.current", "Recorded", 5, "count"),
    Fact("hs.recorded.series", "Series", "rolling_year", "text"),
])


def tree(prefix: str = "da") -> FactNode:
    return FactNode(prefix, FACTS, STYLE, _index(FACTS))


def problem(reach) -> str:
    with pytest.raises(TemplateProblem) as caught:
        reach()
    return str(caught.value)


def test_the_index_maps_each_prefix_to_the_ids_one_level_below():
    assert _index(FACTS) == {
        "da": {"da.recorded"}, "hs": {"hs.recorded"},
        "da.recorded": {"da.recorded.current", "da.recorded.baseline", "da.recorded.change", "da.recorded.change_pct"},
        "hs.recorded": {"hs.recorded.current", "hs.recorded.series"},
    }


def test_a_fact_prints_in_house_style_marked_with_its_id():
    change_pct = tree().recorded.change_pct
    assert str(change_pct) == markers.figure("da.recorded.change_pct", "14.4%")  # half-up, one decimal place
    assert (change_pct.id, change_pct.value) == ("da.recorded.change_pct", 14.44)
    assert str(tree().recorded.change) == markers.figure("da.recorded.change", "−1,536")  # a true minus sign
    assert str(abs(tree().recorded.change)) == markers.figure("da.recorded.change", "1,536")
    assert abs(tree().recorded.change).value == 1536
    assert tree()["recorded"]["current"].value == 12196


def test_a_fact_compares_by_its_value():
    recorded = tree().recorded
    assert recorded.change_pct == 14.44 and recorded.change_pct > 10 and recorded.change_pct < recorded.current
    assert recorded.current == FactRef(FACTS["da.recorded.current"], STYLE)
    assert not FactRef(Fact("z", "z", 0, "count"), STYLE) and hash(recorded.current) == hash("da.recorded.current")


def test_in_asks_whether_a_fact_or_group_exists_and_children_lists_the_facts():
    assert "change_pct" in tree().recorded and "recorded" in tree() and "half_month" not in tree().recorded
    assert sorted(tree().recorded.children()) == ["baseline", "change", "change_pct", "current"]
    assert tree().children() == {}  # da holds a group, no fact


def test_a_misspelt_fact_or_measure_names_the_nearest():
    assert problem(lambda: tree().recorded.chnage_pct) == "no fact 'da.recorded.chnage_pct'; did you mean 'da.recorded.change_pct'?"
    assert problem(lambda: tree().recorde) == "no measure or fact 'da.recorde' in the catalogue or the data; did you mean 'da.recorded'?"
    assert problem(lambda: tree().zzz) == "no measure or fact 'da.zzz' in the catalogue or the data"


def test_a_group_is_not_a_fact_and_a_fact_is_not_a_number():
    assert problem(lambda: str(tree().recorded)) == "'da.recorded' is a group of facts, not a fact; name one of its facts"
    assert problem(lambda: abs(tree().recorded)) == (
        "abs of 'da.recorded', a group of facts: abs applies to a fact, such as da.recorded.change_pct | abs")
    fact = tree().recorded.change_pct
    for operation, call in (("round", round), ("int", int), ("float", float)):
        assert problem(lambda: call(fact)) == (
            f"{operation} of the fact 'da.recorded.change_pct': a fact is printed as it is, already rounded in house style; "
            "to compare it, use da.recorded.change_pct.value in a condition")
    assert problem(lambda: fact.label) == "the fact 'da.recorded.change_pct' has no 'label'; a fact is printed as it is, or compared by its .value"


def test_a_rolling_year_series_has_no_month_facts_and_says_why():
    message = ("no fact 'hs.recorded.months_higher': 'hs.recorded' is a rolling_year series (12-month totals), so it has no "
               "facts made from months; use its current, baseline, change and change_pct")
    assert problem(lambda: tree("hs").recorded.months_higher) == message
    assert without_months("hs.recorded", "months_higher", FACTS) == message
    assert without_months("hs.recorded", "change_pct", FACTS) is None  # not a month fact
    assert without_months("da.recorded", "months_higher", FACTS) is None  # a monthly series
