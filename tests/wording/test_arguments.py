"""wording/arguments.py: a template function given the wrong argument says which, what it expects and what it got."""

from __future__ import annotations

import pytest
from jinja2 import Environment, UndefinedError

from narrator.analysis.factset import Fact, FactSet
from narrator.errors import TemplateProblem
from narrator.wording import markers
from narrator.wording.arguments import COUNT, ITEMS, MEASURE, MEASURES, TEXT, WORDS, describe_argument, takes
from narrator.wording.facttree import FactNode, _index
from narrator.wording.style import HouseStyle

FACTS = FactSet([Fact("da.recorded.current", "Recorded", 12196, "count"), Fact("da.x.y", "y", 1, "count")])
DA = FactNode("da", FACTS, HouseStyle(), _index(FACTS))


@takes("name(da.recorded)", measure=MEASURE)
def name(measure):
    return "named"


@takes("name(da.recorded) | cap", text=WORDS)
def cap(text):
    return "capitalised"


@takes("how_many(count, total, 'forces')", count=COUNT, total=COUNT, noun=TEXT)
def how_many(count, total, noun, brief=False):
    return "counted"


class Context:
    """A ReportContext as a method's check sees it: it decides what a measure is."""

    def is_measure(self, value):
        return value == "da.recorded"

    @takes("say(da.recorded)", m=MEASURE)
    def say(self, m):
        return "said"


def problem(call) -> str:
    with pytest.raises(TemplateProblem) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize(("value", "described"), [
    (DA.recorded.current, "the fact 'da.recorded.current'"),
    (DA.recorded, "the measure 'da.recorded'"),
    (DA.x, "the group of facts 'da.x'"),
    (None, "nothing (none)"),
    (markers.figure("da.recorded.current", "12,196") + " crimes", "the text '12,196 crimes'"),
    (True, "true"), (3, "the number 3"), (2.5, "the number 2.5"), ([1], "a list"), ((1, 2), "a list"), ({"a": 1}, "a mapping"),
    (object(), "an object"), (range(2), "a range"),
])
def test_an_argument_is_described_in_the_analysts_terms(value, described):
    assert describe_argument(value) == described


def test_a_right_argument_passes_through():
    assert name(DA.recorded) == "named" and cap("words") == "capitalised" and cap(DA.recorded.current) == "capitalised"
    assert how_many(DA.recorded.current, 44, "forces") == "counted" and how_many(1, 3, "forces", True) == "counted"


def test_a_wrong_argument_names_the_function_what_it_expects_and_what_it_was_given():
    assert problem(lambda: name(DA.recorded.current)) == (
        "name() expects a measure, such as name(da.recorded); it was given the fact 'da.recorded.current'")
    assert problem(lambda: cap(3)) == "the filter cap expects words or a fact, such as name(da.recorded) | cap; it was given the number 3"
    assert problem(lambda: how_many(True, 3, "forces")) == (
        "how_many() expects a fact or a number, such as how_many(count, total, 'forces'); it was given true")
    assert problem(lambda: how_many(1, 3, 4)) == (
        "how_many() expects a name in quotes, such as how_many(count, total, 'forces'); it was given the number 4")


def test_the_wrong_number_of_arguments_says_how_to_call_it():
    assert problem(lambda: name()) == "name() was given 0 values; use it as name(da.recorded)"
    assert problem(lambda: name(1, 2)) == "name() was given 2 values; use it as name(da.recorded)"
    assert problem(lambda: Context().say()) == "say() was given 0 values; use it as say(da.recorded)"  # self is not counted


def test_a_method_asks_its_context_what_a_measure_is():
    assert Context().say("da.recorded") == "said"
    assert problem(lambda: Context().say(DA.recorded)) == (
        "say() expects a measure, such as say(da.recorded); it was given the measure 'da.recorded'")


def test_an_undefined_name_fails_as_jinja_reports_it():
    with pytest.raises(UndefinedError, match="^'da' is undefined$"):
        name(Environment().undefined(name="da"))


def test_the_kinds():
    assert MEASURES.accepts([["da.recorded", DA.recorded], DA.recorded], None)
    assert not MEASURES.accepts([DA.recorded.current], None)
    assert ITEMS.accepts((1,), None) and not ITEMS.accepts("a", None)
    assert COUNT.accepts(2.5, None) and not COUNT.accepts(False, None) and not COUNT.accepts("3", None)
    assert TEXT.words == "a name in quotes" and MEASURE.words == "a measure"
