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

import json
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .drafts.check import OpenedDraft, check_draft, check_markdown
from .drafts.provenance import check_same, read_markdown_provenance, read_provenance
from .drafts.record import read_states
from .drafts.files import backup_path, check_overwrite, replace_keeping_backup, stamp, write_atomically, write_draft
from .drafts.refresh import refresh_draft
from .drafts.sound import refuse_unsound, word_kind
from .drafts.summary import check_table, markdown_summary, refresh_summary
from .errors import InputError
from .output import EXIT_OK, EXIT_UPDATE, say
from .pipeline import build_draft, current_figures, provenance_of, render_draft, writer_options
from .project import Project, load_project
from .reading import read_bytes
from .writers import Rendered

__all__ = ["Build", "check", "refresh"]


@dataclass(frozen=True)
class Build:
    """The project a draft is checked against: its folder, and the period end given (None: report.yaml's);
    the area and period length given (None: the draft's own, else report.yaml's); ``other_project``: a
    draft another project made may be checked or refreshed from this one (drafts/provenance.py)."""

    folder: Path
    period_end: str | None = None
    notify: Callable[[str], None] | None = None  # receives notes that are not errors (record rows set aside)
    area: str | None = None
    length: str | None = None
    other_project: bool = False


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
    if not path.exists() and not path.is_symlink():
        raise InputError(f"{path}: draft not found")
    return read_bytes(path, expected="name the draft file")  # never a pipe or device; bounded (reading.py)


def _is_word(data: bytes, source: Path) -> bool:
    """Whether ``data`` is a Word draft (a zip); a compound file (a password-protected .docx, a .doc) is refused."""
    kind = word_kind(data)
    if kind == "ole":
        refuse_unsound(data, str(source))
    return kind == "docx"


def _refuse_read_only(path: Path, what: str) -> None:
    """Refuse to replace a read-only file, as Word refuses to save over one (before any work)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) and not mode & 0o222:
        advice = "use --out NEW.docx to write the refreshed draft elsewhere" if what == "the draft" else "choose another --out"
        raise InputError(f"{path}: is read-only, so it was not replaced (Word, too, saves a read-only file only "
                         f"under another name); {advice}, or make it writable first")


def _notes(draft: OpenedDraft, build: Build) -> None:
    """What the analyst should know about how the draft was read (a map read from its copy, say)."""
    for note in draft.notes:
        if build.notify is not None:
            build.notify(f"{draft.source}: {note}")


def _markdown(data: bytes, path: Path) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: neither a Word draft (.docx) nor a Markdown draft (UTF-8 text)") from None


def _project(build: Build, *, commentary: bool = False, draft: OpenedDraft | None = None, command: str = "check",
             markdown: tuple[bytes, str] | None = None) -> Project:
    # A Word draft is compared figure by figure, and the analyst's commentary holds no figures, so
    # it is left out: it may have been written for another period than the one refreshed to.
    # A Markdown draft (``markdown``: its bytes and name) is compared as a whole, commentary and
    # all, as `build` writes it. A draft's own area and period length are kept unless --area or
    # --period say otherwise, and a draft another project made is refused (drafts/provenance.py).
    if draft is not None:
        recorded, drafted, source = read_provenance(draft.map.states), set(read_states(draft.map)), draft.source
    elif markdown is not None:
        recorded, drafted, source = read_markdown_provenance(markdown[0]), set(), markdown[1]
    else:
        recorded, drafted, source = None, set(), ""
    area = build.area if build.area is not None else (recorded.area or None) if recorded is not None else None
    length = build.length if build.length is not None else recorded.period if recorded is not None else None
    try:
        project = load_project(build.folder, build.period_end, commentary=commentary, notify=build.notify, area=area, length=length)
    except InputError:
        if recorded is None or build.area is not None or not recorded.area:
            raise
        # the draft's area is not an area of this project: another project, said as such below
        project = load_project(build.folder, build.period_end, commentary=commentary, notify=build.notify, length=length)
    if source:
        check_same(recorded, provenance_of(project), drafted, set(project.measures), source=source,
                   command=command, other_project=build.other_project, notify=build.notify)
    return project


def _fresh_markdown(build: Build, name: str, data: bytes, source: str, command: str) -> Rendered:
    project = _project(build, commentary=True, markdown=(data, source), command=command)
    return render_draft(build_draft(project), project, "md", writer_options(project, name=name))


def check(path: Path, build: Build, *, fmt: str = "table", everything: bool = False) -> int:
    """``narrator check``: print the state of every figure of the draft at ``path`` (``fmt``: table
    or json; ``everything``: the current figures too); 0 when every figure is current, else 1."""
    _word_or_markdown(path, "check")
    data = _read(path)
    if _is_word(data, path):
        draft = OpenedDraft(data, str(path))  # a draft Narrator cannot read fails before the data are read
        result = check_draft(draft, current_figures(_project(build, draft=draft, command="check")))
        _notes(draft, build)
        if fmt == "json":
            records = [figure.record() for figure in result.figures] + [chart.record() for chart in result.charts]
            say(json.dumps(records, indent=1, ensure_ascii=False))
        else:
            say(check_table(result, everything=everything))
        return EXIT_OK if result.all_current else EXIT_UPDATE
    _markdown(data, path)
    checked = check_markdown(data, lambda: _fresh_markdown(build, path.stem, data, str(path), "check").main, str(path))
    say(json.dumps([checked.record()], indent=1) if fmt == "json" else markdown_summary(checked))
    return EXIT_OK if checked.status == "current" else EXIT_UPDATE


def refresh(source: Path, build: Build, *, out: Path | None = None, in_place: bool = False) -> int:
    """``narrator refresh``: the draft at ``source`` with its stale figures replaced, written to
    ``out``, or over the draft (``in_place``) with a backup beside it."""
    _word_or_markdown(source, "refresh")
    data = _read(source)
    word = _is_word(data, source)
    out = source if in_place else out
    _refuse_read_only(out, "the draft" if in_place else "--out")
    if not in_place:
        if out.resolve() == source.resolve():
            raise InputError(f"{out}: is the draft itself; use --in-place to replace it (a backup is kept beside it)")
        wanted = ".docx" if word else ".md"
        if out.suffix.lower() != wanted:
            raise InputError(f"{out}: the refreshed draft of {source} is a {wanted} file; name it so")
        check_overwrite(out)  # before the work: an edited draft at --out is never replaced
    if word:
        draft = OpenedDraft(data, str(source))  # a draft Narrator cannot read fails before the data are read
        current = current_figures(_project(build, draft=draft, command="refresh"))
        refreshed = refresh_draft(draft, check_draft(draft, current), current)
        _notes(draft, build)
        new = stamp(refreshed.data, "docx", refreshed=True)
        backup = None
        if in_place:
            backup = replace_keeping_backup(source, new)
        else:
            check_overwrite(out)
            write_atomically(out, new)
        say(refresh_summary(str(out), refreshed, str(backup) if backup else None))
        return 0
    _markdown(data, source)
    built: list[Rendered] = []

    def fresh() -> bytes:
        built[:] = built or [_fresh_markdown(build, out.stem, data, str(source), "refresh")]
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
        write_atomically(backup, data, mode=source.stat().st_mode & 0o777)  # as open to others as the draft
    write_draft(out, built[0].main, "md", attachments=built[0].attachments)
    say(f"wrote {out}: the Markdown draft built again from the current data (it was unchanged since Narrator wrote it)"
          + (f"; the draft as it was is kept in {backup}" if backup else ""))
    return 0
