"""The guarded Jinja environment that report templates and rule phrases run in.

:class:`GuardedEnvironment` is Jinja's ``SandboxedEnvironment`` (no Python internals) with two
guards, each a mechanism over every template and phrase, including those written later:

* **Figures come only from facts.** The literal text of a template or phrase (what lies outside
  ``{{ }}``, ``{% %}`` and ``{# #}``) may hold no digit: this is checked as each one is compiled,
  so a branch that never renders is checked too. Every value a template prints passes through
  :func:`finalize`, which lets through a fact, the marked-up words of Narrator's helpers and plain
  words, and refuses anything else that holds a digit (a number, a fact's raw ``.value``, a typed
  ``{{ "12.5%" }}``). No text, literal or printed, may hold a private-use character, so nothing
  but Narrator can write the markers that carry a figure's fact id.
* **A budget.** Every step of every loop and every call counts against :data:`MAX_STEPS`, so
  loops inside loops stop with a message instead of running for minutes; ``*`` and ``**`` may not
  build a value larger than :data:`MAX_SIZE`. Endless recursion (a template that includes itself,
  a macro that calls itself) is Python's RecursionError, which the caller words.

Errors are :class:`TemplateProblem`; the template's file and line are added by the caller, which
finds them in the traceback (:func:`narrator.wording.debug.render_report`).
"""

from __future__ import annotations

import math
import re
from types import CodeType
from collections.abc import Iterable, Iterator

from jinja2 import TemplateSyntaxError, nodes, pass_environment
from jinja2.compiler import CodeGenerator
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateProblem
from ..settings.yamlfiles import PRIVATE_USE, private_use_problem
from . import compiled, markers

MAX_STEPS = 1_000_000  # loop steps and calls in one rendering; a whole report takes a few thousand
MAX_SIZE = 1_000_000  # characters or items that one '*' may build
MAX_DIGITS = 100  # digits of a number that one '**' may build
STEPS_FILTER = "_narrator_steps"
FIGURE = re.compile(r"[^\s]*\d[^\s]*")


class BudgetExceeded(TemplateProblem):
    """A template ran more steps, or built a larger value, than any report needs."""


def private_use(text: str) -> str | None:
    """The first private-use character in ``text`` (Narrator's markers are among them), or None."""
    found = PRIVATE_USE.search(text)
    return found.group() if found else None


def typed_figure(text: str) -> str | None:
    """The first figure (a word holding a digit) in ``text``, without its punctuation, or None."""
    match = FIGURE.search(text)
    return match.group().strip("(),.;:!?'\"") or match.group() if match else None


class FiguresFromFacts(Extension):
    """Refuses digits and private-use characters in the literal text of every template or phrase."""

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        what = "template" if stream.name is not None else "phrase"
        example = "{{ da.recorded.change_pct }}" if what == "template" else "{{ change_pct }}"
        for token in stream:
            if token.type in ("data", "string"):
                char = private_use(token.value)
                if char is not None:
                    raise TemplateSyntaxError(private_use_problem(char), token.lineno, stream.name, stream.filename)
            if token.type == "data":
                figure = typed_figure(token.value)
                if figure is not None:
                    raise TemplateSyntaxError(
                        f"'{figure}' is a figure typed into the {what}; figures come only from facts: print one, "
                        f"such as {example} (narrator facts lists them all)",
                        token.lineno, stream.name, stream.filename,
                    )
            yield token


class Words(str):
    """Text from the analyst's own files (a measure's name, a section's title) as a template
    handles it: it compares and looks up as the text it is, and prints bracketed as words
    (:func:`narrator.wording.markers.words`), so a figure in it is the analyst's, not a typed one."""


def finalize(value: object) -> object:
    """What ``{{ value }}`` prints: refused if it is a number or holds a figure no fact made."""
    if isinstance(value, Words):
        return markers.words(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise TemplateProblem(
            f"prints the number {value!r}, which is not a fact; a template prints facts, such as "
            "{{ da.recorded.current }}, never a fact's .value or a number of its own"
        )
    if isinstance(value, (list, tuple, dict, set)):
        raise TemplateProblem(f"prints a {'mapping' if isinstance(value, dict) else 'list'}; print its items one by one")
    outside = markers.unmarked(str(value))
    char = private_use(outside)
    if char is not None:
        raise TemplateProblem(f"prints text in which {private_use_problem(char)}")
    figure = typed_figure(outside)
    if figure is not None:
        raise TemplateProblem(
            f"prints '{figure}', a figure that does not come from a fact; print a fact instead, "
            "such as {{ da.recorded.change_pct }} (narrator facts lists them all)"
        )
    return value


class _Counted:
    """An iterable whose every step is charged to an environment's budget (its length is kept)."""

    def __init__(self, iterable: Iterable, environment: "GuardedEnvironment") -> None:
        self._iterable = iterable
        self._environment = environment

    def __iter__(self) -> Iterator:
        for item in self._iterable:
            self._environment.spend()
            yield item

    def __len__(self) -> int:
        return len(self._iterable)  # a TypeError here makes Jinja's loop count by itself


@pass_environment
def _counted(environment: "GuardedEnvironment", iterable: Iterable) -> _Counted:
    return _Counted(iterable, environment)


class _CountingCode(CodeGenerator):
    """Compiles every ``{% for %}`` over its iterable passed through the step-counting filter."""

    def visit_Template(self, node: nodes.Template, frame=None) -> None:
        for loop in node.find_all(nodes.For):
            counted = nodes.Filter(loop.iter, STEPS_FILTER, [], [], None, None, lineno=loop.iter.lineno)
            counted.set_environment(self.environment)
            loop.iter = counted
        super().visit_Template(node, frame)


class GuardedEnvironment(SandboxedEnvironment):
    """The sandbox with the figure guard and a budget; see the module docstring."""

    code_generator_class = _CountingCode
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options) -> None:
        options.setdefault("extensions", []).append(FiguresFromFacts)
        options.setdefault("bytecode_cache", compiled.bytecode_cache())  # file templates compiled once (compiled.py)
        super().__init__(finalize=finalize, **options)
        self.filters[STEPS_FILTER] = _counted
        self.steps_left = MAX_STEPS

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        """Jinja's compile; a phrase (a string with no template name) from the disk cache when it
        compiled before (compiled.py). Only code that compiled, guards and all, is stored."""
        if name is not None or raw or defer_init or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)
        code = compiled.load("phrase", self, source)
        if not isinstance(code, CodeType):
            code = super().compile(source)
            compiled.store("phrase", self, source, code)
        return code

    def reset_budget(self) -> None:
        self.steps_left = MAX_STEPS

    def spend(self) -> None:
        self.steps_left -= 1
        if self.steps_left < 0:
            raise BudgetExceeded(
                f"stopped after {MAX_STEPS:,} loop steps and calls, far more than any report needs: "
                "a loop inside a loop runs away (over range(), say)"
            )

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        __self.spend()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context, operator: str, left: object, right: object) -> object:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) and len(sequence) * times > MAX_SIZE:
                    raise BudgetExceeded(f"'*' would make a value of {len(sequence) * times:,} characters or items; the limit is {MAX_SIZE:,}")
        if operator == "**" and all(isinstance(v, (int, float)) for v in (left, right)):
            if abs(left) > 1 and right > 0 and right * math.log10(abs(left)) > MAX_DIGITS:
                raise BudgetExceeded(f"'**' would make a number of more than {int(right * math.log10(abs(left))):,} digits; no report needs one")
        return super().call_binop(context, operator, left, right)


# Python's names for the values templates handle, and what an analyst calls them
TEMPLATE_TERMS = {
    "FactRef": "fact", "FactNode": "measure or group of facts", "str": "text", "int": "number", "float": "number",
    "NoneType": "nothing", "dict": "mapping", "list": "list", "StrictUndefined": "undefined name", "_Undefined": "undefined name",
}


def in_template_terms(message: str) -> str:
    """A Python error message with its type names in template terms and no invisible markers."""
    def term(match: "re.Match[str]") -> str:
        name = match.group(1) or match.group(2) or match.group(3)
        if name not in TEMPLATE_TERMS:
            return match.group(0)
        return f"'{TEMPLATE_TERMS[name]}'" if match.group(2) else f"a {TEMPLATE_TERMS[name]}"

    return re.sub(r"'(\w+)' object|'(\w+)'|\btype (FactRef|FactNode)\b", term, markers.strip(message))
