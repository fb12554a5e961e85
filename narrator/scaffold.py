"""``narrator init``: a new report project, written into a new or empty folder.

The starter project (``narrator/starter``) builds at once: a report.yaml, a measures catalogue
with one measure of each kind and their sections, 48 months of clearly illustrative data, a
commentary file and a README saying what to edit first. ``--example NAME`` writes a full worked
example instead (the reference Cambridgeshire report, with its own templates).

Nothing is ever written into a folder that holds anything: the project is assembled in a
temporary folder beside the target and moved into place, so a failure leaves no half project.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .defaults import EXAMPLES, STARTER
from .errors import InputError, suggestion

IGNORED = ("__pycache__", "__init__.py", "*.pyc")  # package files that are not part of a project


def init_project(folder: Path, example: str | None = None) -> list[Path]:
    """Write the starter project (or the example ``example``) into ``folder``; return the files written."""
    folder = Path(folder)
    if example is not None and example not in EXAMPLES:
        hint = suggestion(example, EXAMPLES) or f"; the examples are {', '.join(EXAMPLES)}"
        raise InputError(f"--example {example}: no such example{hint}")
    source = STARTER if example is None else EXAMPLES[example]
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is a file; narrator init writes a new project into a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise InputError(f"{folder}: not empty; narrator init writes a new project into a new or empty folder, so nothing of yours is overwritten")
    parent = folder.resolve().parent
    if not parent.is_dir():
        raise InputError(f"{folder}: folder {parent} does not exist")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    except OSError as error:
        raise InputError(f"{folder}: cannot write in {parent} ({error.strerror or error})") from None
    try:
        project = staging / "project"
        shutil.copytree(source, project, ignore=shutil.ignore_patterns(*IGNORED))
        os.chmod(project, 0o777 & ~_umask())
        written = sorted(p.relative_to(project) for p in project.rglob("*") if p.is_file())
        if folder.is_dir():  # empty: fill it, keeping the folder the analyst made
            for item in project.iterdir():
                shutil.move(str(item), folder / item.name)
        else:
            os.replace(project, folder)
    except OSError as error:
        raise InputError(f"{folder}: could not be written ({error.strerror or error})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for name in written]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
