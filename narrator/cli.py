"""The ``narrator`` command."""

from __future__ import annotations

import argparse
import csv
import gc
import functools
import io
import itertools
import json
import sys
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path

from . import __version__
from .defaults import EXAMPLES
from .errors import InputError, NarratorError
from .output import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUSED, say, stdout_closed

FORMATS = ("docx", "md", "html", "pdf")  # a draft's formats, named as its file extension
PUBLISHED_AS = {"html": "; one web page, charts and styles inline", "pdf": "; a tagged PDF of the Word draft, laid out by LibreOffice"}


DESCRIPTION = """\
Narrator writes the first draft of a force's annual performance report from monthly data.

  narrator init myforce          start a report project in a new folder (illustrative data)
  narrator build                 build the report of this folder's report.yaml as a Word draft
  narrator build --out draft.md  the same report as Markdown, for review
  narrator build --out report.html
                                 the same report as one accessible web page (charts inline)
  narrator build --out report.pdf
                                 the Word draft laid out as a tagged PDF (needs LibreOffice)
  narrator facts                 list every figure the report can state, with its id
  narrator measures --out F.csv  count the measures from the crime records, by month
  narrator docs                  the guides installed with Narrator (narrator docs data prints one)
  narrator check DRAFT.docx      which figures of an edited draft the data have overtaken
  narrator refresh DRAFT.docx --out NEW.docx
                                 the edited draft with its stale figures updated, your edits kept

Every figure in the draft comes from the data through a fact with an id (see `narrator facts`);
every judgement (Higher, Improved, Within usual variation) comes from the statistical test fixed in advance
for that kind of measure, or named for it in the measures catalogue.
"""


def _common(sub: argparse.ArgumentParser) -> None:
    """The options every command on a project takes."""
    sub.add_argument("--data", type=Path, metavar="FOLDER",
                     help="the project folder, holding report.yaml (default: this folder when it holds "
                          "report.yaml, else ./data when that does)")
    sub.add_argument("--period-end", metavar="YYYY-MM",
                     help="last month of the current period (default: period_end in report.yaml)")
    sub.add_argument("--period", metavar="LENGTH",
                     help="the period compared: year (12 months), quarter (3 months), year_to_date (April to the "
                          "period end) or a number of months (default: period in report.yaml, else year)")
    sub.add_argument("--area", metavar="NAME", help="the area to report on, when the data have areas (default: their parent)")
    # SUPPRESS as default: without --debug here, the value from before the command stands
    sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="narrator", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"narrator {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback when something goes wrong")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    _init_and_docs(commands)

    build = commands.add_parser("build", help="write the report draft", description="Write the report draft: Word (.docx, the default), Markdown (.md), "
                                  "a web page (.html) or PDF (.pdf).")
    _common(build)
    build.add_argument("--format", choices=FORMATS, help="docx (Word), md (Markdown), html (a web page) or pdf (the Word draft as PDF, through LibreOffice); "
                            "by default the extension of --out decides")
    build.add_argument("--out", type=Path, metavar="FILE", help="where to write: a .docx, .md, .html or .pdf file (default: report.docx)")
    build.add_argument("--force", action="store_true",
                       help="replace the file at --out even if it was edited since Narrator wrote it "
                            "(by default an edited draft is never overwritten)")
    build.add_argument("--no-commentary", action="store_true",
                       help="leave out the analyst's paragraphs (for a period commentary.yaml was not written for)")
    build.add_argument("--all-areas", action="store_true",
                       help="one draft per area of the data, each compared with the areas' parent, into --out-dir")
    build.add_argument("--out-dir", type=Path, metavar="FOLDER",
                       help="with --all-areas: the folder the drafts go into, one file named after each area")
    build.add_argument("--template", type=Path, metavar="HOUSE.docx",
                       help="a Word document whose styles, page set-up, headers and footers the draft takes "
                            "(your force's own letterhead); default: a clean built-in template")

    facts = commands.add_parser("facts", help="list every fact (id, label, value)",
                                description="Print every fact the report can state: id, label, value as printed, raw value.")
    _common(facts)
    facts.add_argument("--format", choices=("json", "csv"), default="json", help="json (default) or csv")
    facts.add_argument("--match", metavar="TEXT", help="only facts whose id contains TEXT, in any case (for example da.recorded)")

    measures = commands.add_parser(
        "measures", help="count the measures from the crime records, by month",
        description="Count every measure with a records: rule from the crime records (inputs.records in report.yaml), "
                    "by month, and write the long table observations.csv holds: measure, month, value, denominator.")
    _common(measures)
    measures.add_argument("--out", type=Path, metavar="FILE", help="the CSV to write (default: standard output)")
    measures.add_argument("--force", action="store_true", help="replace the file at --out if there is one")

    _updating(commands)
    return parser


def _updating(commands) -> None:
    """The parsers of check and refresh, the commands on an edited draft."""
    check = commands.add_parser(
        "check", help="compare an edited draft's figures with the current data",
        description="Report every figure of an edited Word draft as current, stale, hand-edited, missing or "
                    "unknown against the project's current data. Writes nothing. Exit code 0: every figure is "
                    "current; 1: some are stale, hand-edited or unknown.")
    check.add_argument("draft", type=Path, metavar="DRAFT", help="the draft (.docx; a .md draft is checked as a whole)")
    _common(check)
    check.add_argument("--format", choices=("table", "json"), default="table",
                       help="table (default: grouped by section) or json (one record per figure)")
    check.add_argument("--all", action="store_true", help="list the current figures too")
    _other_project(check, "check a draft another project made (another force, area, period length or catalogue) against this project's data")

    refresh = commands.add_parser(
        "refresh", help="update the stale figures of an edited draft, keeping your edits",
        description="Write the edited draft again with every stale figure replaced by the current one, in place "
                    "and in the same formatting; figures you typed, and every other character, are kept. A sentence "
                    "whose figure changed direction or significance gets a Word comment.")
    refresh.add_argument("draft", type=Path, metavar="DRAFT", help="the edited draft (.docx)")
    _common(refresh)
    _other_project(refresh, "refresh a draft another project made (another force, area, period length or catalogue) from this "
                            "project's data, so its figures become this project's")
    where = refresh.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, metavar="NEW", help="where to write the refreshed draft")
    where.add_argument("--in-place", action="store_true",
                       help="replace DRAFT itself, keeping a copy of it beside it (DRAFT.backup.docx)")


def _init_and_docs(commands) -> None:
    """The commands that need no project: init, and docs."""
    init = commands.add_parser("init", help="start a report project in a new folder",
                               description="Write a report project that builds at once: report.yaml, measures.yaml, "
                                           "observations.csv (illustrative data), commentary.yaml and a README.")
    init.add_argument("folder", type=Path, metavar="FOLDER", help="a new or empty folder")
    init.add_argument("--example", metavar="NAME",
                      help=f"write a full worked example instead ({', '.join(sorted(EXAMPLES))})")
    init.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    docs = commands.add_parser("docs", help="list Narrator's guides, or print one",
                               description="List the guides installed with Narrator (starting, data, errors, …), "
                                           "or print one: narrator docs data.")
    docs.add_argument("name", nargs="?", metavar="GUIDE", help="the guide to print (without it: the list)")
    docs.add_argument("--path", action="store_true", help="print the guide's file path instead of its text")
    docs.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def _other_project(sub: argparse.ArgumentParser, what: str) -> None:
    sub.add_argument("--other-project", action="store_true", help=f"{what}; by default that is refused")


def _holding_warnings(command):
    """Warnings from the libraries underneath never reach the analyst's screen (a failure is one
    line); ``--debug`` prints them after the command, for a bug report."""

    @functools.wraps(command)
    def run(argv: list[str] | None = None) -> int:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            code = command(argv)
        if caught and _parser().parse_known_args(argv)[0].debug:
            for warning in caught:
                print(warnings.formatwarning(warning.message, warning.category, warning.filename, warning.lineno), end="", file=sys.stderr)
        return code

    return run


@_holding_warnings
def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        code = COMMANDS[args.command](args)
        say("", end="")  # what is still buffered reaches the reader now, or the pipe's closing is handled here
        return code
    except NarratorError as error:
        if args.debug:
            traceback.print_exc()
        print(f"narrator: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("narrator: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader stopped early (narrator facts | head): what it read was what it wanted
        stdout_closed()
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - a bug, not the user's input: still one line, unless --debug
        if args.debug:
            traceback.print_exc()
        print(
            f"narrator: internal error ({type(error).__name__}: {error}); this is a bug in Narrator, "
            "not in your files; run again with --debug and report the traceback",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def project_folder(given: Path | None) -> Path:
    """The project folder: ``--data``, else this folder when it holds report.yaml, else ./data."""
    if given is not None:
        return given
    for folder in (Path("."), Path("data")):
        if (folder / "report.yaml").is_file():
            return folder
    raise InputError(
        "no report.yaml in this folder (or in ./data); run narrator in your project folder, "
        "give it with --data FOLDER, or start one with: narrator init FOLDER"
    )


def draft_target(out: Path | None, fmt: str | None) -> tuple[Path, str]:
    """Where a draft goes and in which format: the extension of ``out`` decides, ``--format`` may agree."""
    if out is None:
        fmt = fmt or "docx"
        return Path(f"report.{fmt}"), fmt
    extension = out.suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise InputError(f"--out {out}: a draft is a .docx (Word), .md (Markdown), .html (web page) or .pdf file; "
                         "end the name with one of them")
    if fmt is not None and fmt != extension:
        raise InputError(f"--format {fmt} contradicts --out {out}; drop --format (the extension decides) or rename the file")
    return out, extension


def _init(args: argparse.Namespace) -> int:
    from .scaffold import init_project

    written = init_project(args.folder, args.example)
    top = sorted({p.relative_to(args.folder).parts[0] + ("/" if len(p.relative_to(args.folder).parts) > 1 else "") for p in written})
    names = ", ".join(top)
    print(f"wrote {args.folder.resolve()}: {names}")
    print(f"next: cd {args.folder} && narrator build")
    return 0


def _docs(args: argparse.Namespace) -> int:
    from .guides import guide, listing

    if args.name is None:
        print(listing())
        return 0
    path = guide(args.name)
    print(path if args.path else path.read_text(encoding="utf-8"), end="\n" if args.path else "")
    return 0


def _settled() -> None:
    """After the libraries are imported: their objects live as long as the process, so the
    collector need not look through them again (a build takes a third less time)."""
    gc.freeze()


def _build(args: argparse.Namespace) -> int:
    from .drafts.files import check_not_an_input, check_overwrite, write_draft
    from .pipeline import build_draft, render_draft, summary, writer_options
    from .project import load_project

    _settled()

    if args.all_areas or args.out_dir is not None:
        return _build_areas(args)
    out, fmt = draft_target(args.out, args.format)
    if args.template is not None and fmt not in ("docx", "pdf"):
        raise InputError("--template applies to Word drafts (and their PDF) only; drop it or write a .docx or .pdf")
    if args.template is not None and not args.template.is_file():
        raise InputError(f"{args.template}: template not found")
    folder = project_folder(args.data)
    check_overwrite(out, force=args.force)  # before the work of building: an edited draft is never replaced
    project = load_project(folder, args.period_end, commentary=not args.no_commentary, length=args.period, notify=_note, area=args.area)
    check_not_an_input(out, [*project.files, *([args.template] if args.template else [])])
    draft = build_draft(project)
    options = writer_options(project, reference=args.template, name=out.stem, notify=_note)
    files = render_draft(draft, project, fmt, options)
    write_draft(out, files.main, fmt, force=args.force, attachments=files.attachments)
    images = len(files.attachments)
    beside = f"; {images} chart image{'s' if images > 1 else ''} beside it" if images else ""
    beside += PUBLISHED_AS.get(fmt, "")
    print(f"wrote {out.resolve()}: {summary(draft)}{beside}")
    return 0


def _build_areas(args: argparse.Namespace) -> int:
    """``build --all-areas --out-dir DIR``: one draft per area, in one process, each checked first."""
    from .analysis.areas import file_name
    from .drafts.files import check_overwrite, write_draft
    from .pipeline import DraftBuilder, render_draft
    from .project import load_project

    _settled()

    if not (args.all_areas and args.out_dir is not None):
        raise InputError("--all-areas and --out-dir go together: narrator build --all-areas --out-dir FOLDER")
    if args.out is not None or args.area is not None:
        raise InputError(f"--all-areas writes one draft per area into --out-dir; drop {'--out' if args.out is not None else '--area'}")
    fmt = args.format or "docx"
    if args.template is not None and (fmt != "docx" or not args.template.exists()):
        raise InputError("--template applies to Word drafts only; drop it or write docx" if fmt != "docx" else f"{args.template}: template not found")
    folder = args.out_dir
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out-dir {folder}: not a folder")
    if not folder.parent.is_dir():
        raise InputError(f"--out-dir {folder}: the folder {folder.parent} does not exist")
    project = load_project(project_folder(args.data), args.period_end, commentary=not args.no_commentary,
                           length=args.period, notify=_note)
    if project.areas is None:
        raise InputError("--all-areas: this report has no areas to write drafts for: its data have no area column, or they are "
                         "a published table of forces, which needs an areas: block in report.yaml saying what each force is "
                         "compared with (narrator docs data, \"A published table\")")
    targets = {area: folder / f"{file_name(area)}.{fmt}" for area in project.areas.reported}
    if folder.is_dir():
        for target in targets.values():  # before any work: an edited draft is never replaced
            check_overwrite(target, force=args.force)
    folder.mkdir(exist_ok=True)
    builder = DraftBuilder(project)
    for area, target in targets.items():  # each draft records its own area, so check/refresh know it (drafts.provenance)
        options = builder.writer_options(reference=args.template, name=target.stem, notify=_note)  # rows shared
        files = render_draft(builder.draft(area), builder.project_of(area), fmt, options)
        write_draft(target, files.main, fmt, force=args.force, attachments=files.attachments)
    print(f"wrote {folder.resolve()}: {len(targets)} drafts, one per area, each compared with {project.areas.parent} "
          f"({', '.join(t.name for t in list(targets.values())[:3])}{', …' if len(targets) > 3 else ''})")
    return 0


def _facts(args: argparse.Namespace) -> int:
    from .errors import suggestion
    from .pipeline import DraftBuilder
    from .project import load_project

    _settled()

    project = load_project(project_folder(args.data), args.period_end, commentary=False, length=args.period, notify=_note, area=args.area)
    _, facts = DraftBuilder(project).every_fact(project.area)
    wanted = (args.match or "").casefold()
    chosen = (f for f in facts.values() if wanted in f.id.casefold())
    first = next(chosen, None)
    if first is None:
        raise InputError(f"--match {args.match}: no fact id contains '{args.match}'{suggestion(args.match, list(facts), cutoff=0.5)}")
    # Each row is made as it is written: the output of a national catalogue (a million facts)
    # streams rather than being held whole.
    rows = ({"id": f.id, "label": f.label, "text": project.style.format(f.value, f.unit), "value": f.value, "unit": f.unit}
            for f in itertools.chain([first], chosen))
    if args.format == "json":
        # json.dumps(list(rows), indent=1) piece by piece: the same encoder, so the same text
        for piece in json.JSONEncoder(indent=1, ensure_ascii=False).iterencode(_Streamed(rows)):
            sys.stdout.write(piece)
        sys.stdout.write("\n")
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=["id", "label", "text", "value", "unit"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return 0


class _Streamed(list):
    """A list whose items an iterator gives as the JSON encoder asks for them (the encoder writes
    any list subclass item by item; nothing here is ever stored)."""

    def __init__(self, items: Iterator[dict]) -> None:
        super().__init__()
        self._items = items

    def __iter__(self) -> Iterator[dict]:
        return self._items

    def __bool__(self) -> bool:
        return True


def _measures(args: argparse.Namespace) -> int:
    """Only aggregation: report.yaml's records input and the catalogue, no pandas, no templates."""
    import re

    from .drafts.files import check_not_an_input, output_file, write_atomically
    from .inputs.records.source import measure_table

    if args.period_end is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.period_end):
        raise InputError(f"--period-end {args.period_end!r} is not a month in the form YYYY-MM")
    target = output_file(args.out) if args.out is not None else None  # a link's file; never a device or pipe
    if target is not None and target.exists() and not args.force:
        raise InputError(f"{args.out}: already exists, so it was not overwritten; use --force to replace it")
    table = measure_table(project_folder(args.data), notify=_note)
    if args.out is not None:
        check_not_an_input(args.out, table.inputs)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    by_area = any(area for *_, area in table.rows)  # the area column only when the records are counted by area
    writer.writerow(["measure", "month", "value", "denominator", *(["area"] if by_area else [])])
    writer.writerows(
        (measure, month, value, "" if denominator is None else denominator, *([area] if by_area else []))
        for measure, month, value, denominator, area in table.rows
        if args.period_end is None or month <= args.period_end
    )
    if args.out is None:
        print(buffer.getvalue(), end="")
        return 0
    write_atomically(target, buffer.getvalue().encode("utf-8"))
    print(f"wrote {args.out}")
    return 0


def _note(message: str) -> None:
    print(f"narrator: note: {message}", file=sys.stderr)


def _update(args: argparse.Namespace) -> int:
    from . import updating

    build = updating.Build(project_folder(args.data), args.period_end, notify=_note, area=args.area, length=args.period,
                           other_project=args.other_project)
    if args.command == "check":
        return updating.check(args.draft, build, fmt=args.format, everything=args.all)
    return updating.refresh(args.draft, build, out=args.out, in_place=args.in_place)


COMMANDS = {"init": _init, "docs": _docs, "build": _build, "facts": _facts, "measures": _measures, "check": _update, "refresh": _update}


if __name__ == "__main__":
    sys.exit(main())
