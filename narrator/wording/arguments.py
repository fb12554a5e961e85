"""The arguments of template functions, checked: :func:`takes` gives each function the kinds
it accepts (:class:`Kind`: a measure, a name in quotes, a count…), so that a wrong argument says
which function, what it expects (its usage) and what it was given (:func:`describe_argument`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from jinja2 import (
    Undefined,
)

from ..errors import TemplateProblem
from ..settings.yamlfiles import describe
from . import markers
from .facttree import FactNode, FactRef


def describe_argument(value: object) -> str:
    """A template function's argument as an analyst knows it: "the fact 'da.recorded.current'",
    "the measure 'da.recorded'", "nothing (none)"; else as a YAML value is described
    (:func:`narrator.settings.yamlfiles.describe`)."""
    if isinstance(value, FactRef):
        return f"the fact '{value.id}'"
    if isinstance(value, FactNode):
        kind = "measure" if f"{value.prefix}.current" in value._facts else "group of facts"
        return f"the {kind} '{value.prefix}'"
    if value is None:
        return "nothing (none)"
    if isinstance(value, str):
        return f"the text '{markers.strip(value)}'"
    if isinstance(value, (bool, int, float, list, tuple, Mapping)):
        return describe(list(value) if isinstance(value, tuple) else value)
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


@dataclass(frozen=True)
class Kind:
    """What a template function's argument must be, and how to say so."""

    words: str  # "a measure, such as da.recorded"
    accepts: Callable[[object, object], bool]  # (value, the ReportContext or None) → acceptable


MEASURE = Kind("a measure", lambda value, context: context.is_measure(value) if context else isinstance(value, FactNode))
TEXT = Kind("a name in quotes", lambda value, context: isinstance(value, str))
COUNT = Kind("a fact or a number", lambda value, context: isinstance(value, (FactRef, int, float)) and not isinstance(value, bool))
WORDS = Kind("words or a fact", lambda value, context: isinstance(value, (str, FactRef)))
ITEMS = Kind("a list", lambda value, context: isinstance(value, (list, tuple)))
MEASURES = Kind("a measure, its id in quotes, or a list of them",
                lambda value, context: all(isinstance(v, str) or MEASURE.accepts(v, context) for v in _flat(value)))


def takes(usage: str, **kinds: Kind):
    """Checks a template function's arguments against ``kinds``: a wrong one is a TemplateProblem
    in the analyst's terms ("name() expects a measure, such as name(da.recorded); it was given
    the fact 'da.recorded.current'"). ``usage`` shows the function called rightly."""

    def wrap(function):
        signature = inspect.signature(function)
        if "|" in usage:
            helper = f"the filter {usage.split('|', 1)[1].split('(', 1)[0].strip()}"
        else:
            helper = usage.split("(", 1)[0] + "()"
        is_method = next(iter(signature.parameters), "") == "self"

        @functools.wraps(function)
        def checked(*args, **kwargs):
            context = args[0] if is_method else None
            for value in [*args, *kwargs.values()]:
                if isinstance(value, Undefined):
                    value._fail_with_undefined_error()  # the misspelt name, as Jinja reports it
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError:
                given = len(args) - is_method + len(kwargs)
                raise TemplateProblem(f"{helper} was given {given} value{'s' if given != 1 else ''}; use it as {usage}") from None
            for name, kind in kinds.items():
                if name in bound.arguments and not kind.accepts(bound.arguments[name], context):
                    raise TemplateProblem(f"{helper} expects {kind.words}, such as {usage}; it was given {describe_argument(bound.arguments[name])}")
            return function(*args, **kwargs)

        return checked

    return wrap


def _flat(items: object) -> list[object]:
    """A measure, or a list of them (a section's, perhaps in groups), as one flat list."""
    if isinstance(items, (list, tuple)):
        return [leaf for item in items for leaf in _flat(item)]
    return [items]
