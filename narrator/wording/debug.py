"""Rendering the report template, and every error on the way translated into one
:class:`~narrator.errors.TemplateProblem` naming the template file and line, in template terms
(a missing fact, a wrong argument, a loop that never ends, an include of itself).
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping
from pathlib import Path

from jinja2 import (
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment

from ..errors import NarratorError, TemplateProblem, suggestion
from . import markers
from .context import ReportContext
from .environment import _FileProblem, _no_template
from .sandbox import GuardedEnvironment, in_template_terms


def render_report(environment: SandboxedEnvironment, template_name: str, context: ReportContext) -> str:
    """The report template rendered to block markup, or one TemplateProblem with file and line."""
    namespace = context.namespace()
    if isinstance(environment, GuardedEnvironment):
        environment.reset_budget()
    try:
        template = environment.get_template(template_name)
        return template.render(namespace)
    except _FileProblem:
        raise
    except Exception as error:
        raise _translated(error, environment, template_name, namespace) from (None if isinstance(error, NarratorError) else error)


def _translated(error: Exception, environment, template_name: str, namespace: Mapping[str, object]) -> NarratorError:
    """Any error raised while rendering, worded for the analyst: the template's file and line,
    then what went wrong in the terms of templates (facts, measures, functions), never Python's."""
    if isinstance(error, TemplateSyntaxError):
        return TemplateProblem(f"{error.filename or template_name}, line {error.lineno}: {error.message}")
    where = _template_line(error, template_name)
    if isinstance(error, NarratorError):
        return type(error)(f"{where}{markers.strip(str(error))}")
    if isinstance(error, RecursionError):
        return TemplateProblem(f"{_template_line(error, template_name, outermost=True)}{_cycle(error)}")
    if isinstance(error, TemplateNotFound):
        return TemplateProblem(f"{where}{_no_template(error.name, environment)}")
    if isinstance(error, UndefinedError):
        name = re.fullmatch(r"'(\w+)' is undefined", str(error))
        if name:
            known = [*namespace, *environment.globals]
            return TemplateProblem(f"{where}'{name.group(1)}' is not a measure, fact or function a template can use{suggestion(name.group(1), known)}")
        return TemplateProblem(f"{where}{in_template_terms(str(error))}")
    if isinstance(error, TemplateError):
        return TemplateProblem(f"{where}{in_template_terms(str(error))}")
    # Anything else raised inside a template (1/0, a filter given the wrong thing) is the
    # template's problem, named by its line; outside a template it is a bug and propagates.
    if not _template_line(error, ""):
        raise error
    return TemplateProblem(f"{where}{in_template_terms(f'{type(error).__name__}: {error}')}")


def _cycle(error: RecursionError) -> str:
    """What repeats without end: a template that includes itself, or a macro that calls itself."""
    frames = [(Path(frame.f_code.co_filename).name, frame.f_code.co_name, line) for frame, line in traceback.walk_tb(error.__traceback__)
              if frame.f_code.co_filename.endswith((".j2", ".jinja"))]
    top = ("root", "top-level template code")  # a template's own code, as compiled and as Jinja's traceback names it
    includes = [name for name, function, _ in frames if function in top]
    if len(includes) > len(set(includes)):
        first = next(name for name in includes if includes.count(name) > 1)
        chain = " → ".join([*dict.fromkeys(includes), first])
        return f"{first} includes itself without end ({chain}); a template may not include itself, directly or through another"
    macros = [f"{name}, line {line}" for name, function, line in frames if function not in top]
    repeated = next((m for m in macros if macros.count(m) > 1), "a macro")
    return f"a macro calls itself without end (at {repeated}); a macro may not call itself"


def _template_line(error: BaseException, fallback: str, *, outermost: bool = False) -> str:
    """'templates/x.md.j2, line 12: ' from the innermost (or outermost) template frame of the traceback."""
    found = ""
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith(".jinja"):
            found = f"{filename}, line {line}: "
            if outermost:
                break
    return found or (f"{fallback}: " if fallback else "")
