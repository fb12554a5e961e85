"""The ``narrator check`` and ``narrator refresh`` commands: an edited draft kept true to the data.

Contract. :func:`check` and :func:`refresh` read the draft (a .docx Narrator wrote, however
edited since, or a Markdown draft; a web page or PDF is refused: it is built again, not refreshed), load the project as ``build`` does (the folder and period
end that ``narrator.cli`` resolved from ``--data`` and ``--period-end``),
builds what Narrator would write now, and then either prints the check (a table, or JSON
with one record per figure; exit 0 when every figure is current, 1 otherwise) and writes
nothing, or writes the refreshed draft (``--out``, or ``--in-place`` with a backup beside
the draft) atomically, fingerprinted as refreshed, and prints what it did. Every problem
with the input is a :class:`~narrator.errors.InputError` raised before anything is written.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .drafts.check import OpenedDraft, check_draft, check_markdown
from .drafts.files import backup_path, check_overwrite, replace_keeping_backup, stamp, write_atomically, write_draft
from .drafts.refresh import refresh_draft
from .drafts.summary import check_table, markdown_summary, refresh_summary
from .errors import InputError
from .pipeline import build_draft, current_figures, render_files, writer_options
from .project import Project, load_project
from .writers import Rendered

__all__ = ["Build", "check", "refresh"]


@dataclass(frozen=True)
class Build:
    """The project a draft is checked against: its folder, and the period end given (None: report.yaml's)."""

    folder: Path
    period_end: str | None = None
    notify: Callable[[str], None] | None = None  # receives notes that are not errors (record rows set aside)


PUBLISHED = {".html": "a web page", ".htm": "a web page", ".pdf": "a PDF"}  # built from the data, never edited


def _word_or_markdown(path: Path, command: str) -> None:
    """``check`` and ``refresh`` read Word (and Markdown) drafts only: a web page or PDF is published
    from the data as it is, so it is built again, not refreshed."""
    kind = PUBLISHED.get(path.suffix.lower())
    if kind is None and path.is_file():
        with open(path, "rb") as handle:
            kind = "a PDF" if handle.read(5) == b"%PDF-" else None
    if kind is not None:
        raise InputError(
            f"{path}: is {kind}; narrator {command} reads Word drafts (.docx) and Markdown drafts only; "
            f"build {kind} again from the data with narrator build --out {path.name}"
        )


def _read(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: draft not found")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; name the draft file")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None


def _is_word(data: bytes) -> bool:
    return zipfile.is_zipfile(io.BytesIO(data))


def _markdown(data: bytes, path: Path) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: neither a Word draft (.docx) nor a Markdown draft (UTF-8 text)") from None


def _project(build: Build, *, commentary: bool = False) -> Project:
    # A Word draft is compared figure by figure, and the analyst's commentary holds no figures, so
    # it is left out: it may have been written for another period than the one refreshed to.
    # A Markdown draft is compared as a whole, commentary and all, as `build` writes it.
    return load_project(build.folder, build.period_end, commentary=commentary, notify=build.notify)


def _fresh_markdown(build: Build, name: str) -> Rendered:
    project = _project(build, commentary=True)
    return render_files(build_draft(project).document, "md", writer_options(project, name=name))


def check(path: Path, build: Build, *, fmt: str = "table", everything: bool = False) -> int:
    """``narrator check``: print the state of every figure of the draft at ``path`` (``fmt``: table
    or json; ``everything``: the current figures too); 0 when every figure is current, else 1."""
    _word_or_markdown(path, "check")
    data = _read(path)
    if _is_word(data):
        draft = OpenedDraft(data, str(path))  # a draft Narrator cannot read fails before the data are read
        result = check_draft(draft, current_figures(_project(build)))
        if fmt == "json":
            print(json.dumps([figure.record() for figure in result.figures], indent=1, ensure_ascii=False))
        else:
            print(check_table(result, everything=everything))
        return 0 if result.all_current else 1
    _markdown(data, path)
    checked = check_markdown(data, lambda: _fresh_markdown(build, path.stem).main, str(path))
    print(json.dumps([checked.record()], indent=1) if fmt == "json" else markdown_summary(checked))
    return 0 if checked.status == "current" else 1


def refresh(source: Path, build: Build, *, out: Path | None = None, in_place: bool = False) -> int:
    """``narrator refresh``: the draft at ``source`` with its stale figures replaced, written to
    ``out``, or over the draft (``in_place``) with a backup beside it."""
    _word_or_markdown(source, "refresh")
    data = _read(source)
    word = _is_word(data)
    out = source if in_place else out
    if not in_place:
        if out.resolve() == source.resolve():
            raise InputError(f"{out}: is the draft itself; use --in-place to replace it (a backup is kept beside it)")
        wanted = ".docx" if word else ".md"
        if out.suffix.lower() != wanted:
            raise InputError(f"{out}: the refreshed draft of {source} is a {wanted} file; name it so")
        check_overwrite(out)  # before the work: an edited draft at --out is never replaced
    if word:
        draft = OpenedDraft(data, str(source))  # a draft Narrator cannot read fails before the data are read
        current = current_figures(_project(build))
        refreshed = refresh_draft(draft, check_draft(draft, current), current)
        new = stamp(refreshed.data, "docx", refreshed=True)
        backup = None
        if in_place:
            backup = replace_keeping_backup(source, new)
        else:
            check_overwrite(out)
            write_atomically(out, new)
        print(refresh_summary(str(out), refreshed, str(backup) if backup else None))
        return 0
    _markdown(data, source)
    built: list[Rendered] = []

    def fresh() -> bytes:
        built[:] = built or [_fresh_markdown(build, out.stem)]
        return built[0].main

    if check_markdown(data, fresh, str(source)).status == "hand-edited":
        raise InputError(
            f"{source}: edited since Narrator wrote it, and a Markdown draft is refreshed only as a whole; "
            "build a new one with narrator build --out NEW.md and carry your edits over "
            "(a Word draft is refreshed figure by figure)"
        )
    fresh()
    backup = backup_path(source) if in_place else None
    if backup is not None:
        write_atomically(backup, data)
    write_draft(out, built[0].main, "md", attachments=built[0].attachments)
    print(f"wrote {out}: the Markdown draft built again from the current data (it was unchanged since Narrator wrote it)"
          + (f"; the draft as it was is kept in {backup}" if backup else ""))
    return 0
