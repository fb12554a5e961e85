"""Where a project's rules and templates come from: its own, else Narrator's.

Narrator ships defaults: the phrasing rules, judgement words and house style (``rules/``), a
generic template set (``templates/``), a starter project for ``narrator init`` and the reference
example, and the guides (``docs/``, for ``narrator docs``). In the repository they are the
top-level ``rules/``, ``templates/``, ``data/`` and ``docs/``; in an installed wheel they are the
package folders ``narrator/_rules``, ``narrator/_templates``, ``narrator/_example`` and
``narrator/_docs`` (``pyproject.toml`` maps one onto the other).

A project overrides a default by holding a file of the same name in its own ``rules/`` or
``templates/`` folder:

* a template of the same name replaces the default template (Jinja searches the project's
  folder first, then the defaults, so a project's template may still import a default one);
* a rule file is merged over the default, top-level key by top-level key: a project's
  ``style.yaml`` holding only ``decimal_places: 2`` keeps every other default style setting; its
  ``movements.yaml`` replaces the rule sets it names (``movement:``) and inherits the others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
RULE_FILES = ("movements.yaml", "variation.yaml", "judgements.yaml", "style.yaml")


def _shipped(installed: str, source: str) -> Path:
    """A folder of shipped files: inside the installed package, or beside it in the source tree."""
    folder = PACKAGE / installed
    return folder if folder.is_dir() else PACKAGE.parent / source


RULES = _shipped("_rules", "rules")
TEMPLATES = _shipped("_templates", "templates")
DOCS = _shipped("_docs", "docs")  # the guides: narrator docs
STARTER = PACKAGE / "starter"
EXAMPLES = {"cambridgeshire-2020-21": _shipped("_example", "data")}


@dataclass(frozen=True)
class Sources:
    """A project's own ``rules/`` and ``templates/`` folders (``None`` when it has none)."""

    rules: Path | None = None
    templates: Path | None = None

    def rule_layers(self, name: str) -> tuple[Path, ...]:
        """The files whose top-level keys make up rule file ``name``: the default, then the project's."""
        own = self.rules / name if self.rules is not None else None
        # a project's file of that name overrides, whatever it is: a named pipe is refused when read, never skipped
        return (RULES / name, own) if own is not None and os.path.lexists(own) else (RULES / name,)

    def template_folders(self) -> tuple[Path, ...]:
        """Where templates are looked up, in order: the project's folder, then the defaults."""
        return (self.templates, TEMPLATES) if self.templates is not None else (TEMPLATES,)

    def template_file(self, name: str) -> Path | None:
        """The file a template name resolves to, or ``None`` when no folder holds it."""
        return next((folder / name for folder in self.template_folders() if os.path.lexists(folder / name)), None)
