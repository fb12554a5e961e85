"""The condition language: grammar, evaluation, clear errors, and rejection of attacks."""

from __future__ import annotations

import builtins
import operator
from typing import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.wording.conditions import (
    MAX_DEPTH,
    Condition,
    ConditionError,
    parse_condition,
)

NAMES = ["kind", "direction", "significant", "abs_change_pct", "polarity", "p_value", "tested", "n"]
FIELDS: dict[str, object] = {
    "kind": "count",
    "direction": "up",
    "significant": False,
    "abs_change_pct": 25.0,
    "polarity": "neutral",
    "p_value": None,
    "tested": False,
    "n": 509,
}


def ev(source: str, **overrides: object) -> bool:
    return parse_condition(source, NAMES).evaluate({**FIELDS, **overrides})


def error(source: str, allowed: list[str] | None = NAMES) -> str:
    with pytest.raises(ConditionError) as exc:
        parse_condition(source, allowed)
    return str(exc.value)


# --------------------------------------------------------------------------- evaluation


def test_examples_from_the_rules() -> None:
    c = parse_condition('kind == "count" and direction == "up" and not significant', NAMES)
    assert isinstance(c, Condition)
    assert c.names == {"kind", "direction", "significant"}
    assert c.evaluate(FIELDS) is True
    assert c.evaluate({**FIELDS, "significant": True}) is False
    c = parse_condition('abs_change_pct >= 20 and polarity in ["lower_is_better", "neutral"]')
    assert c.names == {"abs_change_pct", "polarity"}
    assert c.evaluate(FIELDS) is True
    assert c.evaluate({**FIELDS, "abs_change_pct": 19.9}) is False
    assert c.evaluate({**FIELDS, "polarity": "higher_is_better"}) is False


@pytest.mark.parametrize(
    "source,expected",
    [
        ("significant", False),
        ("not significant", True),
        ("not not significant", False),
        ("true", True),
        ("false or true", True),
        ("True and not False", True),
        ("n > 500", True),
        ("n <= 509 and n >= 509 and n != 510", True),
        ("n < 509", False),
        ("abs_change_pct == 25", True),  # int and float compare as numbers
        ("abs_change_pct > -5.5", True),
        ("abs_change_pct < 1e3", True),
        ("kind == 'count'", True),
        ("kind != \"count\"", False),
        ("kind < 'd'", True),  # strings order alphabetically
        ("kind in ['count', 'level']", True),
        ("kind not in ['count', 'level']", False),
        ("n in [1, 509]", True),
        ("n in ['509']", False),  # different types are never equal
        ("significant == false", True),
        ("significant == 0", False),  # true/false is not a number
        ("p_value == 1", False),
        ("p_value != 1", True),
        ("tested and p_value < 0.05", False),  # short-circuit: p_value None never compared
        ("not tested or p_value < 0.05", True),
        # precedence: not > and > or
        ("true or true and false", True),
        ("(true or true) and false", False),
        ("not true or true", True),
        ("not (true or true)", False),
        ("(kind) == 'count'", True),
        ("(significant) == false", True),
        ("((n > 1)) and ((kind == 'count'))", True),
    ],
)
def test_evaluate(source: str, expected: bool) -> None:
    assert ev(source) is expected


def test_numpy_scalars_are_plain_values() -> None:
    np = pytest.importorskip("numpy")
    c = parse_condition("x > 2 and x < 3")
    assert c.evaluate({"x": np.float64(2.5)}) is True  # a float subclass
    with pytest.raises(ConditionError, match="unsupported type bool"):
        parse_condition("x").evaluate({"x": np.bool_(True)})  # not a bool subclass


def test_field_lists_and_none() -> None:
    assert parse_condition("2 in flags").evaluate({"flags": [1, 2]}) is True
    assert parse_condition("2 in flags").evaluate({"flags": frozenset({3})}) is False
    assert parse_condition("x == [1, 2]").evaluate({"x": (1, 2)}) is True


# --------------------------------------------------------------------------- syntax errors

SYNTAX = [
    ("kind = 1", "condition 'kind = 1': unexpected '=' at column 6; did you mean '=='?"),
    ('directon == "up"',
     """condition 'directon == "up"': unknown name 'directon' at column 1; did you mean 'direction'?"""),
    ("zzz == 1", "condition 'zzz == 1': unknown name 'zzz' at column 1"),
    ("", "condition '': condition is empty"),
    ("   ", "condition '   ': condition is empty"),
    ("(kind == 1", "condition '(kind == 1': unclosed '(' at column 1"),
    ("kind == 1)", "condition 'kind == 1)': unexpected ')' at column 10; there is no matching '('"),
    ("(kind == 1))", "condition '(kind == 1))': unexpected ')' at column 12; there is no matching '('"),
    ("kind == 1 n", "condition 'kind == 1 n': unexpected 'n' at column 11; expected 'and', 'or' or the end of the condition"),
    ("(kind == 1 n)", "condition '(kind == 1 n)': unexpected 'n' at column 12; expected ')'"),
    ("kind == 1 == 2",
     "condition 'kind == 1 == 2': unexpected '==' at column 11; comparisons cannot be chained, join them with 'and'"),
    ("kind ==", "condition 'kind ==': unexpected end of condition at column 8; expected a value"),
    ("kind == == 1", "condition 'kind == == 1': unexpected '==' at column 9; expected a value"),
    ("and kind", "condition 'and kind': unexpected 'and' at column 1; expected a value"),
    ("3", "condition '3': 3 at column 1 is not a condition on its own; compare it with something"),
    ("significant and 'x'",
     """condition "significant and 'x'": 'x' at column 17 is not a condition on its own; compare it with something"""),
    ("[1, 2]", "condition '[1, 2]': [1, 2] at column 1 is not a condition on its own; compare it with something"),
    ("a && b", "condition 'a && b': unexpected '&' at column 3; did you mean 'and'?"),
    ("a || b", "condition 'a || b': unexpected '|' at column 3; did you mean 'or'?"),
    ("!significant", "condition '!significant': unexpected '!' at column 1; did you mean '!=' or 'not'?"),
    ('kind == "count', """condition 'kind == "count': unterminated string starting at column 9"""),
    ("kind == .5", "condition 'kind == .5': unexpected '.' at column 9; write numbers with a digit before the decimal point, e.g. 0.5"),
    ("kind == -n", "condition 'kind == -n': '-' at column 9 must be followed by a number"),
    ("kind in [1, 2", "condition 'kind in [1, 2': unclosed '[' at column 9"),
    ("kind in []", "condition 'kind in []': unexpected ']' at column 10; expected a number, string or true/false in the list"),
    ("kind in [1 2]", "condition 'kind in [1 2]': unexpected '2' at column 12; expected ',' or ']'"),
    ("kind == \u201cup\u201d", "condition 'kind == \u201cup\u201d': unexpected '\u201c' at column 9; use straight quotes"),
    ("kind not significant",
     "condition 'kind not significant': unexpected 'not' at column 6; expected 'and', 'or' or the end of the condition"),
]


@pytest.mark.parametrize("source,message", SYNTAX)
def test_syntax_errors(source: str, message: str) -> None:
    assert error(source) == message


def test_condition_error_is_value_error() -> None:
    assert issubclass(ConditionError, ValueError)


def test_non_string_condition() -> None:
    with pytest.raises(ConditionError, match="^a condition must be a string, not bool True$"):
        parse_condition(True)  # type: ignore[arg-type]


def test_without_allowed_names_any_name_parses() -> None:
    assert parse_condition("anything == 1").names == {"anything"}


# --------------------------------------------------------------------------- evaluation errors


@pytest.mark.parametrize(
    "source,fields,message",
    [
        ("kind < 3", {"kind": "count"},
         "condition 'kind < 3': cannot compare kind (a string) with 3 (a number) using '<'; "
         "'<' needs two numbers or two strings"),
        ("p_value < 0.05", {"p_value": None},
         "condition 'p_value < 0.05': cannot compare p_value (None) with 0.05 (a number) using '<'; "
         "'<' needs two numbers or two strings"),
        ("significant >= 1", {"significant": True},
         "condition 'significant >= 1': cannot compare significant (a true/false value) with 1 (a number) "
         "using '>='; '>=' needs two numbers or two strings"),
        ("kind", {"kind": "count"},
         "condition 'kind': kind is a string ('count'), not true/false; compare it with something"),
        ("n and true", {"n": 0},
         "condition 'n and true': n is a number (0), not true/false; compare it with something"),
        ("kind in 'count'", {"kind": "c"},
         "condition \"kind in 'count'\": 'in' needs a list on the right, but 'count' is a string"),
        ("kind not in n", {"kind": "c", "n": 3},
         "condition 'kind not in n': 'not in' needs a list on the right, but n is a number"),
        ("direction == 'up'", {"directon": "up"},
         "condition \"direction == 'up'\": no field named 'direction'; did you mean 'directon'?"),
        ("x == 1", {"x": 1 + 2j},
         "condition 'x == 1': field 'x' has unsupported type complex; "
         "use true/false, a number, a string, None or a list of those"),
        ("x == 1", {"x": [[1]]},
         "condition 'x == 1': field 'x' has unsupported type list; "
         "use true/false, a number, a string, None or a list of those"),
    ],
)
def test_evaluation_errors(source: str, fields: dict, message: str) -> None:
    c = parse_condition(source)
    with pytest.raises(ConditionError) as exc:
        c.evaluate(fields)
    assert str(exc.value) == message


def test_missing_field_is_an_error_even_in_an_unevaluated_branch() -> None:
    with pytest.raises(ConditionError, match="no field named 'p_value'"):
        parse_condition("false and p_value < 1").evaluate({})


# --------------------------------------------------------------------------- attacks

ATTACKS = [
    ("__import__('os').system('echo hi')",
     """condition "__import__('os').system('echo hi')": invalid name '__import__' at column 1; names must start with a letter"""),
    ("().__class__", "condition '().__class__': unexpected '.' at column 3; attribute access is not allowed"),
    ("kind.__class__", "condition 'kind.__class__': unexpected '.' at column 5; attribute access is not allowed"),
    ("open('x')", """condition "open('x')": unexpected '(' at column 5; function calls are not allowed"""),
    ("kind('x')", """condition "kind('x')": unexpected '(' at column 5; function calls are not allowed"""),
    ("'x'('y')", """condition "'x'('y')": unexpected '(' at column 4; function calls are not allowed"""),
    ("kind[0]", "condition 'kind[0]': unexpected '[' at column 5; indexing is not allowed"),
    ("lambda: 1", "condition 'lambda: 1': unexpected ':' at column 7"),
    ("[x for x in y]",
     "condition '[x for x in y]': list items must be numbers, strings or true/false, not the name 'x' (column 2)"),
    ("_private == 1", "condition '_private == 1': invalid name '_private' at column 1; names must start with a letter"),
    ("kind == 1; import os", "condition 'kind == 1; import os': unexpected ';' at column 10"),
    ("f'{kind}' == 1",
     """condition "f'{kind}' == 1": unexpected "'{kind}'" at column 2; expected 'and', 'or' or the end of the condition"""),
]


@pytest.mark.parametrize("source,message", ATTACKS)
def test_attacks_are_rejected(source: str, message: str) -> None:
    # rejected with or without a list of allowed names
    assert error(source, None) == message
    with pytest.raises(ConditionError):
        parse_condition(source, NAMES)


def test_deep_nesting_is_a_condition_error_not_recursion_error() -> None:
    deep = "(" * 10_000 + "significant" + ")" * 10_000
    assert error(deep).endswith(f"nesting deeper than {MAX_DEPTH} levels at column {MAX_DEPTH + 1}")
    nots = "not " * 10_000 + "significant"
    assert error(nots).endswith(f"nesting deeper than {MAX_DEPTH} levels at column {4 * MAX_DEPTH + 1}")
    # and the message quotes a shortened condition
    assert len(error(deep)) < 200


def test_nesting_up_to_the_limit_is_fine() -> None:
    ok = "(" * MAX_DEPTH + "significant" + ")" * MAX_DEPTH
    assert ev(ok) is False
    assert ev("not " * MAX_DEPTH + "significant") is False  # even count of nots


def test_long_flat_chains_are_fine() -> None:
    assert ev(" and ".join(["n > 1"] * 5_000)) is True
    assert ev(" or ".join(["n < 1"] * 5_000)) is False


def test_no_eval_exec_or_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec/compile called")

    for name in ("eval", "exec", "compile", "__import__"):
        monkeypatch.setattr(builtins, name, forbidden)
    c = parse_condition('kind == "count" and (n > 3 or not significant) and polarity in ["neutral"]', NAMES)
    assert c.evaluate(FIELDS) is True


def test_evaluation_never_calls_field_values() -> None:
    calls: list[str] = []

    class Sneaky:
        def __call__(self) -> str:
            calls.append("call")
            return "count"

        def __eq__(self, other: object) -> bool:
            calls.append("eq")
            return True

        def __bool__(self) -> bool:
            calls.append("bool")
            return True

        def __lt__(self, other: object) -> bool:
            calls.append("lt")
            return True

        __hash__ = object.__hash__

    class SneakyStr(str):
        def __eq__(self, other: object) -> bool:
            calls.append("str-eq")
            return True

        __hash__ = str.__hash__

    def func() -> str:
        calls.append("func")
        return "count"

    class SneakyFloat(float):  # like numpy.float64, a float subclass
        def __float__(self) -> float:
            calls.append("float")
            return 0.0

        def __gt__(self, other: object) -> bool:
            calls.append("float-gt")
            return False

    for value in (Sneaky(), func, [Sneaky()], print):
        for source in ("kind == 'count'", "kind", "kind < 1", "kind in [1]", "1 in kind"):
            with pytest.raises(ConditionError, match="unsupported type"):
                parse_condition(source).evaluate({"kind": value})
    # subclasses of the plain types are read as their plain value, without their methods
    assert parse_condition("kind == 'x' and n > 2").evaluate({"kind": SneakyStr("x"), "n": SneakyFloat(2.5)})
    assert parse_condition("'x' in kind").evaluate({"kind": [SneakyStr("x")]})
    assert parse_condition("kind == 'y'").evaluate({"kind": SneakyStr("x")}) is False
    assert calls == []


# --------------------------------------------------------------------------- property test

# Fields with fixed types; hypothesis draws their values and random comparisons on them.
TYPES = {"a": "number", "b": "number", "s": "string", "t": "string", "flag": "bool"}
OPS: dict[str, Callable[[object, object], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
numbers = st.one_of(
    st.integers(-1000, 1000),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)
strings = st.text(alphabet="abcxyz _0", max_size=4)


def number_src(x: float) -> str:
    return repr(x)  # repr of ints and finite floats: -3, 2.5, 1e-05, 1e+16


@st.composite
def field_values(draw: st.DrawFn) -> dict[str, object]:
    return {
        "a": draw(numbers), "b": draw(numbers),
        "s": draw(strings), "t": draw(strings), "flag": draw(st.booleans()),
    }


@st.composite
def leaf(draw: st.DrawFn, fields: dict[str, object]) -> tuple[str, bool, int]:
    """(source, expected truth value, precedence) for one random comparison."""
    name = draw(st.sampled_from(sorted(TYPES)))
    value = fields[name]
    if TYPES[name] == "bool":
        choice = draw(st.sampled_from(["bare", "==", "!="]))
        if choice == "bare":
            return name, bool(value), 4
        lit = draw(st.booleans())
        return f"{name} {choice} {'true' if lit else 'false'}", OPS[choice](value, lit), 4
    lits = numbers if TYPES[name] == "number" else strings
    to_src = number_src if TYPES[name] == "number" else (lambda s: f'"{s}"')
    form = draw(st.sampled_from(["op", "in", "not in", "field"]))
    if form in ("in", "not in"):
        items = draw(st.lists(lits, min_size=1, max_size=4))
        if draw(st.booleans()):
            items.append(value)
        found = value in items
        src = f"{name} {form} [{', '.join(to_src(i) for i in items)}]"
        return src, found if form == "in" else not found, 4
    op = draw(st.sampled_from(sorted(OPS)))
    if form == "field":  # compare two fields of the same type
        other = "b" if name in ("a", "b") else "t" if name in ("s", "t") else name
        return f"{name} {op} {other}", OPS[op](value, fields[other]), 4
    lit = draw(lits)
    if draw(st.booleans()):  # literal on the left sometimes
        return f"{to_src(lit)} {op} {name}", OPS[op](lit, value), 4
    return f"{name} {op} {to_src(lit)}", OPS[op](value, lit), 4


def wrap(part: tuple[str, bool, int], needed: int, force: bool) -> str:
    src, _, prec = part
    return f"({src})" if force or prec < needed else src


@st.composite
def expression(draw: st.DrawFn, fields: dict[str, object], depth: int = 0) -> tuple[str, bool, int]:
    """Random and/or/not trees with parentheses only where precedence needs them (or at random)."""
    if depth >= 4 or draw(st.integers(0, 2)) == 0:
        return draw(leaf(fields))
    kind = draw(st.sampled_from(["and", "or", "not"]))
    if kind == "not":
        child = draw(expression(fields, depth + 1))
        return f"not {wrap(child, 3, draw(st.booleans()))}", not child[1], 3
    children = draw(st.lists(expression(fields, depth + 1), min_size=2, max_size=3))
    prec = 2 if kind == "and" else 1
    src = f" {kind} ".join(wrap(c, prec, draw(st.booleans())) for c in children)
    value = all(c[1] for c in children) if kind == "and" else any(c[1] for c in children)
    return src, value, prec


@pytest.mark.slow  # hypothesis, 300 examples
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_random_conditions_match_python(data: st.DataObject) -> None:
    fields = data.draw(field_values())
    src, expected, _ = data.draw(expression(fields))
    condition = parse_condition(src, list(TYPES))
    assert condition.evaluate(fields) is expected, src
    assert condition.names <= set(TYPES)
