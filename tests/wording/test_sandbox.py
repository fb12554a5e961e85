"""The guarded environment: figures only from facts, no forged markers, and a budget."""

import pytest
from jinja2 import TemplateSyntaxError

from narrator.analysis.facts import Fact
from narrator.errors import TemplateProblem
from narrator.wording import markers
from narrator.wording.sandbox import MAX_STEPS, BudgetExceeded, GuardedEnvironment, finalize, in_template_terms
from narrator.wording.style import HouseStyle
from narrator.wording.facttree import FactRef
from narrator.wording.environment import make_environment

FIGURE = "figures come only from facts: print one, such as {{ da.recorded.change_pct }} (narrator facts lists them all)"
NOT_A_FACT = "print a fact instead, such as {{ da.recorded.change_pct }} (narrator facts lists them all)"


def fact(value=12196.0, unit="count", fact_id="da.recorded.current"):
    return FactRef(Fact(fact_id, "label", value, unit), HouseStyle())


def render(source, **values):
    environment = make_environment()
    return environment.from_string(source).render(**values)


def compile_error(source, name="report.md.j2"):
    environment = make_environment()
    with pytest.raises(TemplateSyntaxError) as caught:
        environment.parse(source, name, f"templates/{name}")
    return caught.value


# --------------------------------------------------------------------------- typed figures


@pytest.mark.parametrize(
    "source, figure, line",
    [
        ("Recorded crime rose by 12.5% to 88,000 offences.", "12.5%", 1),
        ("# Heading\n\nRose {{ x }} (88,000).", "88,000", 3),
        ("Rose in 2020.", "2020", 1),
        ("{% if x %}a branch that never renders: 7 months{% endif %}", "7", 1),
        ("{% raw %}{{ 5 }}{% endraw %}", "5", 1),
    ],
)
def test_a_figure_typed_into_a_template_is_refused_as_it_compiles(source, figure, line):
    error = compile_error(source)
    assert (error.message, error.lineno, error.filename) == (f"'{figure}' is a figure typed into the template; {FIGURE}", line, "templates/report.md.j2")


def test_figures_inside_tags_and_comments_are_not_text():
    assert render("{# 12 months #}{% if n.value > 12 %}many{% endif %}{% for k in range(1, 3) %}.{% endfor %}", n=fact()) == "many.."


def test_a_figure_typed_into_a_phrase_names_the_phrase():
    with pytest.raises(TemplateSyntaxError) as caught:
        make_environment().from_string("rose by 12 {{ change }}")
    assert caught.value.message == (
        "'12' is a figure typed into the phrase; figures come only from facts: print one, such as {{ change_pct }} "
        "(narrator facts lists them all)"
    )


# --------------------------------------------------------------------------- printed values


@pytest.mark.parametrize(
    "source, message",
    [
        ("{{ '12.5%' }}", f"prints '12.5%', a figure that does not come from a fact; {NOT_A_FACT}"),
        ("{{ 'rose by 12 to ' ~ x }}", f"prints '12', a figure that does not come from a fact; {NOT_A_FACT}"),
        ("{{ x.value }}", "prints the number 12196.0, which is not a fact; a template prints facts, such as "
                          "{{ da.recorded.current }}, never a fact's .value or a number of its own"),
        ("{{ x.value * 2 }}", "prints the number 24392.0, which is not a fact; a template prints facts, such as "
                              "{{ da.recorded.current }}, never a fact's .value or a number of its own"),
        ("{% for m in [x] %}{{ loop.index }}{% endfor %}", "prints the number 1, which is not a fact; a template prints facts, "
                                                           "such as {{ da.recorded.current }}, never a fact's .value or a number of its own"),
        ("{{ [x] }}", "prints a list; print its items one by one"),
        ("{{ {'a': 1} }}", "prints a mapping; print its items one by one"),
    ],
)
def test_a_printed_value_that_is_not_a_fact_is_refused(source, message):
    with pytest.raises(TemplateProblem) as caught:
        render(source, x=fact())
    assert str(caught.value) == message


def test_facts_words_and_helpers_output_print():
    said = render("{{ x }} {{ ', ' }}{{ words }} and {{ more }}", x=fact(), words=markers.words("the 2020/21 plan"),
                  more=f"{markers.figure('a.b', '5')} rose")
    assert markers.strip(said) == "12,196 , the 2020/21 plan and 5 rose"


def test_a_macro_that_prints_facts_passes_whole():
    source = "{% macro m(v) %}up by {{ v }}{% endmacro %}{{ m(x) }} and {{ m(x) | cap }}"
    assert markers.strip(render(source, x=fact(5.0))) == "up by five and Up by five"


@pytest.mark.parametrize("text", ["\ue000a.b 9", "x\ue004"])
def test_a_stray_marker_character_is_refused(text):
    with pytest.raises(TemplateProblem, match="U\\+E00[04] is not allowed"):
        finalize(text)


def test_markers_cannot_be_forged_in_a_string_literal():
    error = compile_error('{{ "\\ue000da.recorded.current\\ue001nine\\ue002" }}')
    assert error.message == "the private-use character U+E000 is not allowed (Narrator marks figures with such characters); remove it"


# --------------------------------------------------------------------------- the budget


def test_loops_inside_loops_stop_with_a_message():
    with pytest.raises(BudgetExceeded) as caught:
        render("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
    assert str(caught.value) == (
        f"stopped after {MAX_STEPS:,} loop steps and calls, far more than any report needs: "
        "a loop inside a loop runs away (over range(), say)"
    )


def test_a_loop_over_a_list_is_counted_and_keeps_its_length():
    environment = make_environment()
    template = environment.from_string("{% for x in items %}{{ loop.revindex }}{% endfor %}")
    with pytest.raises(TemplateProblem, match="prints the number 3"):  # loop.revindex needs the length
        template.render(items=["a", "b", "c"])
    environment.reset_budget()
    environment.from_string("{% for x in items %}{% endfor %}").render(items=list(range(10)))
    assert environment.steps_left == MAX_STEPS - 10


def test_calls_are_counted():
    environment = make_environment()
    environment.from_string("{% macro f() %}{% endmacro %}{{ f() }}{{ f() }}").render()
    assert environment.steps_left == MAX_STEPS - 2


def test_the_budget_starts_again_for_each_report():
    environment = GuardedEnvironment()
    environment.steps_left = 0
    environment.reset_budget()
    assert environment.steps_left == MAX_STEPS


@pytest.mark.parametrize(
    "source, message",
    [
        ("{{ 'x' * 10000000 }}", "'*' would make a value of 10,000,000 characters or items; the limit is 1,000,000"),
        ("{{ [1] * 10000000 }}", "'*' would make a value of 10,000,000 characters or items; the limit is 1,000,000"),
        ("{{ 9 ** 1000000 }}", "'**' would make a number of more than 954,242 digits; no report needs one"),
    ],
)
def test_operators_may_not_build_huge_values(source, message):
    with pytest.raises(BudgetExceeded) as caught:
        render(source)
    assert str(caught.value) == message


# --------------------------------------------------------------------------- Python's words in template terms


@pytest.mark.parametrize(
    "message, worded",
    [
        ("'FactRef' object is not iterable", "a fact is not iterable"),
        ("bad operand type for abs(): 'FactNode'", "bad operand type for abs(): 'measure or group of facts'"),
        ("unsupported operand type(s) for +: 'FactRef' and 'int'", "unsupported operand type(s) for +: 'fact' and 'number'"),
        ("type FactRef doesn't define __round__ method", "a fact doesn't define __round__ method"),
        (f"cannot use {markers.figure('a.b', '12')}", "cannot use 12"),
    ],
)
def test_python_messages_are_worded_in_template_terms(message, worded):
    assert in_template_terms(message) == worded
