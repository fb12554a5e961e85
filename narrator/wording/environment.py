"""The Jinja environment the report templates run in: sandboxed (:class:`narrator.wording.sandbox.GuardedEnvironment`:
figures only from facts, and a budget), ``StrictUndefined``, templates looked up in the project's
folder and then Narrator's, compiled once (:mod:`.compiled`); and the check of every template's
syntax before any work (:func:`check_templates`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateProblem
from . import compiled, markers
from .arguments import COUNT, TEXT, WORDS, takes
from .facttree import FactRef
from .sandbox import GuardedEnvironment, Words


class _Undefined(StrictUndefined):
    """StrictUndefined that also fails on ``abs`` and ``round`` (Jinja's raises a bare TypeError)."""

    __slots__ = ()
    __abs__ = StrictUndefined._fail_with_undefined_error
    __round__ = StrictUndefined._fail_with_undefined_error


class _FileProblem(TemplateProblem):
    """A template file that cannot be read at all; the message names the file."""


class _Loader(FileSystemLoader):
    """FileSystemLoader whose unreadable files are one message naming the file."""

    def get_source(self, environment, template):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            for folder in self.searchpath:
                path = Path(folder) / template
                if path.is_file():
                    try:
                        path.read_bytes().decode("utf-8")
                    except UnicodeDecodeError as error:
                        raise _FileProblem(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None
            raise


def make_environment(templates: Path | Sequence[Path] | None = None) -> SandboxedEnvironment:
    """The one Jinja configuration used for report templates and rule phrasings.

    ``templates`` is a folder, or folders searched in order (a project's own, then the defaults).
    """
    folders = [templates] if isinstance(templates, (str, Path)) else list(templates or ())
    environment = GuardedEnvironment(
        loader=_Loader([str(f) for f in folders]) if folders else None,
        undefined=_Undefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cap"] = takes("name(da.recorded) | cap", text=WORDS)(capitalise_first)
    environment.filters["noun"] = takes("da.recorded.months_higher | noun('month', 'months')", count=COUNT, singular=TEXT, plural=TEXT)(noun_for)
    return environment


def check_templates(folders: Sequence[Path], name: str) -> None:
    """Compile the report template ``name`` and every template it includes or imports by a name
    written in it, so that a syntax error, a figure typed into one or a template that does not
    exist is found (with its file and line) before any figure is computed. Names worked out as
    the template runs, and templates that include themselves, are found when it runs."""
    environment = make_environment(folders)
    seen: set[str] = set()
    waiting = [name]
    while waiting:
        current = waiting.pop()
        if current in seen:
            continue
        seen.add(current)
        source, filename, _ = environment.loader.get_source(environment, current)
        for target, line, optional in _included(environment, source, current, filename):
            if environment.loader is not None and not _exists(environment, target):
                if optional:
                    continue
                raise TemplateProblem(f"{filename}, line {line}: {_no_template(target, environment)}")
            waiting.append(target)


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


def noun_for(count: object, singular: str, plural: str) -> str:
    """``singular`` when ``count`` (a fact or a number) is one, else ``plural``."""
    value = count.value if isinstance(count, FactRef) else count
    return singular if value == 1 else plural


def capitalise_first(text: object) -> str:
    """The text with its first visible letter in capitals; the rest (and any fact id) untouched."""
    if isinstance(text, Words):
        return Words(capitalise_first(str(text)))  # still the analyst's words
    text = str(text)
    hidden = False  # inside a marker's fact id or footnote key, which a reader never sees
    for i, char in enumerate(text):
        if char in (markers.FIGURE, markers.FOOTNOTE):
            hidden = True
        elif char in (markers.SEPARATOR, markers.CLOSE):
            hidden = False
        elif char.isalpha() and not hidden:
            return text[:i] + char.upper() + text[i + 1 :]
    return text
