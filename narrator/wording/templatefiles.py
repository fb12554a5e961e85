"""The template files: read as every file Narrator opens is read, and their includes checked for circles.

:class:`TemplateLoader` is Jinja's file loader over :mod:`narrator.reading`; :func:`refuse_circles`
names a template that includes itself, directly or through others, before anything renders.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping

from jinja2 import FileSystemLoader, TemplateNotFound
from jinja2.loaders import split_template_path

from ..errors import InputError, TemplateProblem
from ..reading import read_text

__all__ = ["FileProblem", "TemplateLoader", "refuse_circles"]


class FileProblem(TemplateProblem):
    """A template file that cannot be read at all; the message names the file."""


class TemplateLoader(FileSystemLoader):
    """FileSystemLoader whose files are read as every file is (narrator.reading: an ordinary file,
    bounded, UTF-8), so a named pipe or a device where a template should be is one message naming
    it, never skipped for the default of the same name, and never waited on."""

    def get_source(self, environment, template):
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.normpath(os.path.join(folder, *pieces))
            try:
                mode = os.stat(filename).st_mode
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError as error:
                raise FileProblem(f"{filename}: cannot be read ({error.strerror or error})") from None
            if stat.S_ISDIR(mode):
                continue
            try:
                source = read_text(filename, expected="a template is an ordinary file")
            except InputError as error:
                raise FileProblem(str(error)) from None
            mtime = os.path.getmtime(filename)

            def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(filename) == mtime
                except OSError:
                    return False

            return source, filename, uptodate
        raise TemplateNotFound(template)


def refuse_circles(name: str, edges: Mapping[str, list[tuple[str, int]]], files: Mapping[str, str]) -> None:
    """A template that includes (extends, imports) itself, directly or through others, is refused
    with the circle named: it would render ever deeper until Python's recursion limit."""
    path: list[str] = []
    done: set[str] = set()

    def visit(current: str) -> None:
        path.append(current)
        for target, line in edges.get(current, ()):
            if target in path:
                circle = " → ".join([*path[path.index(target):], target])
                raise TemplateProblem(
                    f"{files[current]}, line {line}: {target} includes itself without end ({circle}); "
                    "a template may not include itself, directly or through another"
                )
            if target not in done:
                visit(target)
        path.pop()
        done.add(current)

    visit(name)
