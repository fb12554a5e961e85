"""The Jinja environment the report templates run in: sandboxed (:class:`narrator.wording.sandbox.GuardedEnvironment`:
figures only from facts, and a budget), ``StrictUndefined``, templates looked up in the project's
folder and then Narrator's, compiled once (:mod:`.compiled`); and the check of every template's
syntax before any work (:func:`check_templates`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jinja2 import (
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateProblem
from . import compiled, markers
from .arguments import COUNT, ITEMS, TEXT, WORDS, takes
from . import grammar
from .grammar import agree, capitalise_first
from .sandbox import GuardedEnvironment, Words
from .templatefiles import TemplateLoader, refuse_circles


class _Undefined(StrictUndefined):
    """StrictUndefined that also fails on ``abs`` and ``round`` (Jinja's raises a bare TypeError)."""

    __slots__ = ()
    __abs__ = StrictUndefined._fail_with_undefined_error
    __round__ = StrictUndefined._fail_with_undefined_error


def make_environment(templates: Path | Sequence[Path] | None = None) -> SandboxedEnvironment:
    """The one Jinja configuration used for report templates and rule phrasings.

    ``templates`` is a folder, or folders searched in order (a project's own, then the defaults).
    """
    folders = [templates] if isinstance(templates, (str, Path)) else list(templates or ())
    environment = GuardedEnvironment(
        loader=TemplateLoader([str(f) for f in folders]) if folders else None,
        undefined=_Undefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cap"] = takes("name(da.recorded) | cap", text=WORDS)(capitalise_first)
    environment.filters["noun"] = takes("da.recorded.months_higher | noun('month', 'months')", count=COUNT, singular=TEXT, plural=TEXT)(agree)
    environment.filters["listed"] = takes("names | listed", items=ITEMS)(grammar.listed)
    environment.filters["singular"] = takes("area.noun | singular", noun=WORDS)(grammar.singular)
    environment.filters["plural"] = takes("'rise' | plural", noun=WORDS)(grammar.plural)
    environment.filters["article"] = takes("'improvement' | article", phrase=WORDS)(grammar.article)
    environment.globals["how_many"] = takes("how_many(r.rises, r.areas, area.noun)", count=COUNT, total=COUNT, noun=WORDS)(grammar.how_many)  # brief=True: the total said
    environment.globals["share"] = takes("share(r.rises, r.areas)", count=COUNT, total=COUNT)(grammar.share)
    environment.globals["rank_words"] = takes("rank_words(r.place, r.place_of)", place=COUNT, of=COUNT, most=TEXT, least=TEXT)(grammar.rank_words)
    environment.globals["small_number"] = takes("small_number(n)", number=COUNT)(grammar.small_number)
    return environment


def check_templates(folders: Sequence[Path], name: str) -> None:
    """Compile the report template ``name`` and every template it includes or imports by a name
    written in it, so that a syntax error, a figure typed into one, a template that does not
    exist, or templates that include each other in a circle are found (with file and line) before
    any figure is computed. Names worked out as the template runs are found when it runs."""
    environment = make_environment(folders)
    edges: dict[str, list[tuple[str, int]]] = {}
    files: dict[str, str] = {}
    waiting = [name]
    while waiting:
        current = waiting.pop()
        if current in edges:
            continue
        edges[current] = []
        source, files[current], _ = environment.loader.get_source(environment, current)
        for target, line, optional in _included(environment, source, current, files[current]):
            if environment.loader is not None and not _exists(environment, target):
                if optional:
                    continue
                raise TemplateProblem(f"{files[current]}, line {line}: {_no_template(target, environment)}")
            edges[current].append((target, line))
            waiting.append(target)
    refuse_circles(name, edges, files)


def _included(environment, source: str, name: str, filename: str) -> tuple[tuple[str, int, bool], ...]:
    """(name, line, ignore missing) of each template that ``source`` extends, includes or imports by a
    name written in it; from the parse (which also finds a syntax error, or a typed figure), or from
    the disk cache of a source that parsed before (narrator.wording.compiled)."""
    found = compiled.load("includes", environment, source)
    if isinstance(found, tuple):
        return found
    try:
        tree = environment.parse(source, name, filename)
    except TemplateSyntaxError as error:
        raise TemplateProblem(f"{error.filename or name}, line {error.lineno}: {error.message}") from None
    found = tuple(
        (statement.template.value, statement.lineno, bool(getattr(statement, "ignore_missing", False)))
        for statement in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport))
        if isinstance(statement.template, nodes.Const) and isinstance(statement.template.value, str)
    )
    compiled.store("includes", environment, source, found)
    return found


def _exists(environment, name: str) -> bool:
    try:
        environment.loader.get_source(environment, name)
    except TemplateNotFound:
        return False
    return True


def _no_template(name: str, environment) -> str:
    folders = " or ".join(str(f) for f in getattr(environment.loader, "searchpath", ())) or "the template folders"
    return (f"no template '{name}' in {folders}; a template may include or import only the templates in those folders, "
            "by a name such as macros.md.j2")
