"""The ``narrator check`` and ``narrator refresh`` commands: an edited draft kept true to the data.

Contract. :func:`run` reads the draft (a .docx Narrator wrote, however edited since, or a
Markdown draft), loads the project as ``build`` does (``--data``, ``--period-end``),
builds what Narrator would write now, and then either prints the check (a table, or JSON
with one record per figure; exit 0 when every figure is current, 1 otherwise) and writes
nothing, or writes the refreshed draft (``--out``, or ``--in-place`` with a backup beside
the draft) atomically, fingerprinted as refreshed, and prints what it did. Every problem
with the input is a :class:`~narrator.errors.InputError` raised before anything is written.
"""

from __future__ import annotations

import argparse
import io
import json
import zipfile
from pathlib import Path

from .drafts.check import OpenedDraft, check_draft, check_markdown
from .drafts.files import check_overwrite, replace_keeping_backup, stamp, write_atomically
from .drafts.refresh import refresh_draft
from .drafts.summary import check_table, markdown_summary, refresh_summary
from .errors import InputError
from .pipeline import build_draft, current_figures, render
from .project import load_project

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    return _check(args) if args.command == "check" else _refresh(args)


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


def _fresh_markdown(args: argparse.Namespace) -> bytes:
    return render(build_draft(load_project(args.data, args.period_end)).document, "md")


def _check(args: argparse.Namespace) -> int:
    data = _read(args.draft)
    if _is_word(data):
        draft = OpenedDraft(data, str(args.draft))  # a draft Narrator cannot read fails before the data are read
        result = check_draft(draft, current_figures(load_project(args.data, args.period_end)))
        if args.format == "json":
            print(json.dumps([figure.record() for figure in result.figures], indent=1, ensure_ascii=False))
        else:
            print(check_table(result, everything=args.all))
        return 0 if result.all_current else 1
    _markdown(data, args.draft)
    checked = check_markdown(data, lambda: _fresh_markdown(args), str(args.draft))
    print(json.dumps([checked.record()], indent=1) if args.format == "json" else markdown_summary(checked))
    return 0 if checked.status == "current" else 1


def _refresh(args: argparse.Namespace) -> int:
    source: Path = args.draft
    data = _read(source)
    word = _is_word(data)
    out: Path = source if args.in_place else args.out
    if not args.in_place:
        if out.resolve() == source.resolve():
            raise InputError(f"{out}: is the draft itself; use --in-place to replace it (a backup is kept beside it)")
        wanted = ".docx" if word else ".md"
        if out.suffix.lower() != wanted:
            raise InputError(f"{out}: the refreshed draft of {source} is a {wanted} file; name it so")
        check_overwrite(out)  # before the work: an edited draft at --out is never replaced
    if word:
        draft = OpenedDraft(data, str(source))
        current = current_figures(load_project(args.data, args.period_end))
        refreshed = refresh_draft(draft, check_draft(draft, current), current)
        new = stamp(refreshed.data, "docx", refreshed=True)
    else:
        _markdown(data, source)
        built: list[bytes] = []

        def fresh() -> bytes:
            built[:] = built or [_fresh_markdown(args)]
            return built[0]

        if check_markdown(data, fresh, str(source)).status == "hand-edited":
            raise InputError(
                f"{source}: edited since Narrator wrote it, and a Markdown draft is refreshed only as a whole; "
                "build a new one with narrator build --format md --out NEW.md and carry your edits over "
                "(a Word draft is refreshed figure by figure)"
            )
        new, refreshed = stamp(fresh(), "md"), None
    backup = None
    if args.in_place:
        backup = replace_keeping_backup(source, new)
    else:
        check_overwrite(out)
        write_atomically(out, new)
    if refreshed is None:
        print(f"wrote {out}: the Markdown draft built again from the current data (it was unchanged since Narrator wrote it)"
              + (f"; the draft as it was is kept in {backup}" if backup else ""))
    else:
        print(refresh_summary(str(out), refreshed, str(backup) if backup else None))
    return 0
