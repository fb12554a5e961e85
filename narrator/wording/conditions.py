"""A tiny, safe expression language for the ``when:`` conditions of phrasing rules.

Conditions such as ``kind == "count" and direction == "up" and not significant`` are
parsed as data by a hand-written tokenizer and recursive-descent parser; nothing is
ever passed to ``eval``, ``exec``, ``compile`` or ``ast``. Grammar::

    expr       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand ((== | != | < | <= | > | >= | in | not in) operand)?
    operand    := NUMBER | STRING | true | false | NAME | "(" expr ")"   (also True, False)
                | "[" literal ("," literal)* "]"

Contracts:

* Every problem is a :class:`ConditionError` (a ``ValueError``) whose message quotes
  the condition and, for syntax errors, gives a 1-based column.
* Names are ``[A-Za-z][A-Za-z0-9_]*``: no leading underscore, attribute access,
  calls or indexing. Nesting of parentheses and ``not`` is capped at
  :data:`MAX_DEPTH`, so hostile input cannot exhaust the stack.
* Evaluation never calls anything from the condition or the fields. Field values
  must be ``bool``, ``int``, ``float``, ``str``, ``None`` or a list/tuple/set of
  those (subclasses such as ``numpy.float64`` are read as the plain value, without
  running their methods); anything else is an error.
* ``and``/``or``/``not`` and a bare operand need true/false values (no Python
  "truthiness"); ``and``/``or`` short-circuit, so ``tested and p_value < 0.05`` is
  safe when ``p_value`` is ``None``. ``==`` is false between different types
  (``true == 1`` is false); ``<``-style comparisons need two numbers or two strings;
  ``in`` needs a list on the right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Collection, Mapping, Union

from ..errors import suggestion

__all__ = ["Condition", "ConditionError", "MAX_DEPTH", "parse_condition"]

MAX_DEPTH = 50

Value = Union[bool, int, float, str, None, tuple]


class ConditionError(ValueError):
    """A condition cannot be parsed or evaluated; the message says what and where."""


def _quote(source: str) -> str:
    shown = source if len(source) <= 60 else source[:57] + "..."
    return repr(shown)


def _error(source: str, message: str) -> ConditionError:
    return ConditionError(f"condition {_quote(source)}: {message}")


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Token:
    kind: str  # NUMBER, STRING, NAME, KEYWORD, OP, END
    value: object
    col: int  # 1-based
    text: str


_KEYWORDS = {"and", "or", "not", "in", "true", "false", "True", "False"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_WORD = re.compile(r"[A-Za-z0-9_]+")
_OPS = ("==", "!=", "<=", ">=", "<", ">", "(", ")", "[", "]", ",", "-")
_HINTS = {
    "=": "did you mean '=='?",
    "!": "did you mean '!=' or 'not'?",
    "&": "did you mean 'and'?",
    "|": "did you mean 'or'?",
    ".": "attribute access is not allowed",
    "\u2018": "use straight quotes",
    "\u2019": "use straight quotes",
    "\u201c": "use straight quotes",
    "\u201d": "use straight quotes",
}


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(source)
    while i < n:
        ch, col = source[i], i + 1
        if ch.isspace():
            i += 1
            continue
        if ch.isdigit():
            m = _NUMBER.match(source, i)
            assert m
            text = m.group()
            value: object = float(text) if any(c in text for c in ".eE") else int(text)
            tokens.append(_Token("NUMBER", value, col, text))
            i = m.end()
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            m = _WORD.match(source, i)
            assert m
            word = m.group()
            if word[0] == "_":
                raise _error(source, f"invalid name {word!r} at column {col}; names must start with a letter")
            kind = "KEYWORD" if word in _KEYWORDS else "NAME"
            tokens.append(_Token(kind, word, col, word))
            i = m.end()
        elif ch in "'\"":
            end = source.find(ch, i + 1)
            if end < 0:
                raise _error(source, f"unterminated string starting at column {col}")
            tokens.append(_Token("STRING", source[i + 1:end], col, source[i:end + 1]))
            i = end + 1
        else:
            op = next((o for o in _OPS if source.startswith(o, i)), None)
            if op is None:
                hint = _HINTS.get(ch)
                if ch == "." and i + 1 < n and source[i + 1].isdigit():
                    hint = "write numbers with a digit before the decimal point, e.g. 0.5"
                raise _error(source, f"unexpected {ch!r} at column {col}" + (f"; {hint}" if hint else ""))
            tokens.append(_Token("OP", op, col, op))
            i += len(op)
    tokens.append(_Token("END", None, n + 1, "end of condition"))
    return tokens


# --------------------------------------------------------------------------- tree


@dataclass(frozen=True)
class _Literal:
    value: Value
    text: str
    col: int


@dataclass(frozen=True)
class _Name:
    name: str


@dataclass(frozen=True)
class _Not:
    operand: "_Node"


@dataclass(frozen=True)
class _BoolOp:
    op: str  # "and" | "or"
    operands: tuple["_Node", ...]


@dataclass(frozen=True)
class _Compare:
    op: str
    left: "_Node"
    right: "_Node"


_Node = Union[_Literal, _Name, _Not, _BoolOp, _Compare]
_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


class _Parser:
    def __init__(self, source: str, allowed: Collection[str] | None) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.pos = 0
        self.depth = 0
        self.allowed = None if allowed is None else sorted(set(allowed))
        self.names: set[str] = set()

    # helpers
    @property
    def tok(self) -> _Token:
        return self.tokens[self.pos]

    def peek(self, offset: int = 1) -> _Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def is_(self, kind: str, value: object = None) -> bool:
        return self.tok.kind == kind and (value is None or self.tok.value == value)

    def advance(self) -> _Token:
        tok = self.tok
        self.pos += 1
        return tok

    def fail(self, message: str) -> ConditionError:
        return _error(self.source, message)

    def unexpected(self, expected: str) -> ConditionError:
        tok = self.tok
        if tok.kind == "END":
            return self.fail(f"unexpected end of condition at column {tok.col}; expected {expected}")
        where = f"unexpected {tok.text!r} at column {tok.col}"
        if expected == "a value":
            return self.fail(f"{where}; expected {expected}")
        prev = self.tokens[self.pos - 1] if self.pos else None
        after_value = prev is not None and (prev.kind in ("NAME", "STRING", "NUMBER") or prev.text in (")", "]"))
        if tok.text == "(" and after_value:
            return self.fail(f"{where}; function calls are not allowed")
        if tok.text == "[" and after_value:
            return self.fail(f"{where}; indexing is not allowed")
        if tok.text in _COMPARISONS or tok.text == "in":
            return self.fail(f"{where}; comparisons cannot be chained, join them with 'and'")
        if tok.text == ")":
            return self.fail(f"{where}; there is no matching '('")
        return self.fail(f"{where}; expected {expected}")

    def enter(self, col: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"nesting deeper than {MAX_DEPTH} levels at column {col}")

    def condition(self, node: _Node) -> _Node:
        """``node`` used where true/false is needed: a number, string or list cannot be."""
        if isinstance(node, _Literal) and not isinstance(node.value, bool):
            raise self.fail(
                f"{node.text} at column {node.col} is not a condition on its own; compare it with something"
            )
        return node

    # grammar
    def parse(self) -> _Node:
        if self.tok.kind == "END":
            raise self.fail("condition is empty")
        node = self.or_expr()
        if not self.is_("END"):
            raise self.unexpected("'and', 'or' or the end of the condition")
        return self.condition(node)

    def or_expr(self) -> _Node:
        items = [self.and_expr()]
        while self.is_("KEYWORD", "or"):
            self.advance()
            items.append(self.and_expr())
        if len(items) == 1:
            return items[0]
        return _BoolOp("or", tuple(self.condition(i) for i in items))

    def and_expr(self) -> _Node:
        items = [self.not_expr()]
        while self.is_("KEYWORD", "and"):
            self.advance()
            items.append(self.not_expr())
        if len(items) == 1:
            return items[0]
        return _BoolOp("and", tuple(self.condition(i) for i in items))

    def not_expr(self) -> _Node:
        if self.is_("KEYWORD", "not"):
            col = self.advance().col
            self.enter(col)
            node = _Not(self.condition(self.not_expr()))
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> _Node:
        left = self.operand()
        op = None
        if self.tok.kind == "OP" and self.tok.value in _COMPARISONS:
            op = str(self.advance().value)
        elif self.is_("KEYWORD", "in"):
            op = str(self.advance().value)
        elif self.is_("KEYWORD", "not") and self.peek().kind == "KEYWORD" and self.peek().value == "in":
            self.advance()
            self.advance()
            op = "not in"
        if op is not None:
            return _Compare(op, left, self.operand())
        return left

    def literal(self) -> _Literal | None:
        tok = self.tok
        if tok.kind in ("NUMBER", "STRING"):
            self.advance()
            return _Literal(tok.value, tok.text, tok.col)  # type: ignore[arg-type]
        if tok.kind == "KEYWORD" and tok.value in ("true", "false", "True", "False"):
            self.advance()
            return _Literal(tok.value in ("true", "True"), tok.text, tok.col)
        if tok.text == "-" and self.peek().kind == "NUMBER":
            self.advance()
            num = self.advance()
            return _Literal(-num.value, "-" + num.text, tok.col)  # type: ignore[operator]
        if tok.text == "-":
            raise self.fail(f"'-' at column {tok.col} must be followed by a number")
        return None

    def operand(self) -> _Node:
        lit = self.literal()
        if lit is not None:
            return lit
        tok = self.tok
        if tok.kind == "NAME":
            self.advance()
            if self.tok.text in ("(", "["):
                raise self.unexpected("")
            name = str(tok.value)
            if self.allowed is not None and name not in self.allowed:
                raise self.fail(f"unknown name {name!r} at column {tok.col}" + suggestion(name, self.allowed))
            self.names.add(name)
            return _Name(name)
        if tok.text == "(":
            self.advance()
            self.enter(tok.col)
            node = self.or_expr()
            if self.is_("END"):
                raise self.fail(f"unclosed '(' at column {tok.col}")
            if self.tok.text != ")":
                raise self.unexpected("')'")
            self.advance()
            self.depth -= 1
            return node
        if tok.text == "[":
            self.advance()
            items: list[Value] = []
            while True:
                item = self.literal()
                if item is None:
                    if self.tok.kind == "NAME":
                        raise self.fail(
                            f"list items must be numbers, strings or true/false, "
                            f"not the name {self.tok.value!r} (column {self.tok.col})"
                        )
                    if self.is_("END"):
                        raise self.fail(f"unclosed '[' at column {tok.col}")
                    raise self.unexpected("a number, string or true/false in the list")
                items.append(item.value)
                if self.tok.text == ",":
                    self.advance()
                    continue
                if self.tok.text == "]":
                    end = self.advance().col
                    return _Literal(tuple(items), self.source[tok.col - 1:end], tok.col)
                if self.is_("END"):
                    raise self.fail(f"unclosed '[' at column {tok.col}")
                raise self.unexpected("',' or ']'")
        raise self.unexpected("a value")


# --------------------------------------------------------------------------- evaluation

# Base-type slot functions: copy a subclass instance (numpy.float64, a str subclass)
# to the plain type without running any method the subclass defines.
_PLAIN = ((bool, bool), (int, int.__int__), (float, float.__float__), (str, str.__str__))
_UNSUPPORTED = object()


def _plain(value: object) -> object:
    """``value`` as a plain bool/int/float/str/None, or ``_UNSUPPORTED``."""
    if value is None:
        return None
    for base, copy in _PLAIN:
        if isinstance(value, base):
            return copy(value)  # type: ignore[operator]
    return _UNSUPPORTED


def _family(v: Value) -> str:
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if v is None:
        return "none"
    return "list"


def _clean(name: str, value: object, source: str) -> Value:
    """The field value as a plain Value; no method of the value's own class is run."""
    plain = _plain(value)
    if plain is not _UNSUPPORTED:
        return plain  # type: ignore[return-value]
    if type(value) in (list, tuple, set, frozenset):
        items = tuple(_plain(i) for i in value)  # type: ignore[attr-defined]
        if _UNSUPPORTED not in items:
            return items
    raise _error(
        source,
        f"field {name!r} has unsupported type {type(value).__name__}; "
        "use true/false, a number, a string, None or a list of those",
    )


_PHRASES = {"true/false": "a true/false value", "number": "a number", "string": "a string",
            "none": "None", "list": "a list"}


def _a(v: Value) -> str:
    """'a number', 'a string', 'None', ... for messages."""
    return _PHRASES[_family(v)]


def _equal(a: Value, b: Value) -> bool:
    if _family(a) != _family(b):
        return False
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return a == b


def _describe(node: _Node) -> str:
    if isinstance(node, _Name):
        return node.name
    if isinstance(node, _Literal):
        return node.text
    return "a sub-condition"


@dataclass(frozen=True)
class Condition:
    """A parsed condition: its source, the field names it reads, and :meth:`evaluate`."""

    source: str
    names: frozenset[str]
    _tree: _Node = field(repr=False, compare=False)

    def evaluate(self, fields: Mapping[str, object]) -> bool:
        """True or False for ``fields``; every name in :attr:`names` must be present."""
        missing = sorted(self.names - set(fields))
        if missing:
            raise _error(self.source, f"no field named {missing[0]!r}" + suggestion(missing[0], sorted(fields)))
        values = {name: _clean(name, fields[name], self.source) for name in self.names}
        return self._truth(self._tree, values)

    def _value(self, node: _Node, values: Mapping[str, Value]) -> Value:
        if isinstance(node, _Literal):
            return node.value
        if isinstance(node, _Name):
            return values[node.name]
        return self._truth(node, values)

    def _truth(self, node: _Node, values: Mapping[str, Value]) -> bool:
        if isinstance(node, _BoolOp):
            if node.op == "and":
                return all(self._truth(n, values) for n in node.operands)
            return any(self._truth(n, values) for n in node.operands)
        if isinstance(node, _Not):
            return not self._truth(node.operand, values)
        if isinstance(node, _Compare):
            return self._compare(node, values)
        value = self._value(node, values)
        if not isinstance(value, bool):
            raise _error(
                self.source,
                f"{_describe(node)} is {_a(value)} ({value!r}), not true/false; "
                "compare it with something",
            )
        return value

    def _compare(self, node: _Compare, values: Mapping[str, Value]) -> bool:
        a, b = self._value(node.left, values), self._value(node.right, values)
        op = node.op
        if op == "==":
            return _equal(a, b)
        if op == "!=":
            return not _equal(a, b)
        if op in ("in", "not in"):
            if not isinstance(b, tuple):
                raise _error(
                    self.source,
                    f"'{op}' needs a list on the right, but {_describe(node.right)} is {_a(b)}",
                )
            found = any(_equal(a, item) for item in b)
            return found if op == "in" else not found
        fa, fb = _family(a), _family(b)
        if fa != fb or fa not in ("number", "string"):
            raise _error(
                self.source,
                f"cannot compare {_describe(node.left)} ({_a(a)}) with {_describe(node.right)} "
                f"({_a(b)}) using '{op}'; '{op}' needs two numbers or two strings",
            )
        if op == "<":
            return a < b  # type: ignore[operator]
        if op == "<=":
            return a <= b  # type: ignore[operator]
        if op == ">":
            return a > b  # type: ignore[operator]
        return a >= b  # type: ignore[operator]


def parse_condition(source: str, allowed_names: Collection[str] | None = None) -> Condition:
    """Parse ``source``; with ``allowed_names``, any other name is an error now, not later.

    Raises :class:`ConditionError` with the column of the problem.
    """
    if not isinstance(source, str):
        raise ConditionError(f"a condition must be a string, not {type(source).__name__} {source!r}")
    parser = _Parser(source, allowed_names)
    tree = parser.parse()
    return Condition(source, frozenset(parser.names), tree)
