"""Narrator's guides (the repository's docs/, installed as narrator/_docs): listed, found by name, read.

``narrator docs`` lists them with their titles and the folder they are in; ``narrator docs data``
prints one, and ``--path`` gives its file instead, so an analyst with only the installed package
can read what report.yaml's keys mean, how to start, and what each message says.
"""

from __future__ import annotations

from pathlib import Path

from .defaults import DOCS
from .errors import InputError, suggestion

__all__ = ["guide", "guides", "listing"]


def guides() -> dict[str, Path]:
    """Each guide's name (its file name without .md) and file, in alphabetical order."""
    return {path.stem: path for path in sorted(DOCS.glob("*.md"))}


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def listing() -> str:
    """What ``narrator docs`` prints: the folder, every guide's name and title, and how to read one."""
    found = guides()
    width = max(len(name) for name in found)
    lines = [f"Narrator's guides, in {DOCS}:"]
    lines += [f"  {name:<{width}}  {_title(path)}" for name, path in found.items()]
    lines.append("Read one with: narrator docs NAME (narrator docs NAME --path gives its file)")
    return "\n".join(lines)


def guide(name: str) -> Path:
    """The file of the guide ``name`` ("data", or "data.md")."""
    found = guides()
    stem = name.removesuffix(".md")
    if stem not in found:
        raise InputError(f"no guide '{name}'{suggestion(stem, found)}; the guides: {', '.join(found)}")
    return found[stem]
