"""The ``narrator`` command."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import traceback
from pathlib import Path

from .errors import InputError, NarratorError

DESCRIPTION = """\
Narrator writes the first draft of a force's annual performance report from monthly data.

  narrator build                 build the report described by data/report.yaml as a Word draft
  narrator build --format md     the same report as Markdown, for review
  narrator facts                 list every figure the report can state, with its id
  narrator check DRAFT.docx      which figures of an edited draft the data have overtaken
  narrator refresh DRAFT.docx --out NEW.docx
                                 the edited draft with its stale figures updated, your edits kept

Every figure in the draft comes from the data through a fact with an id (see `narrator facts`);
every judgement (Higher, Improved, Comparable) comes from the statistical test named for that
measure in the measures catalogue.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="narrator", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debug", action="store_true", help="show the full traceback when something goes wrong")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--data", type=Path, default=Path("data"), metavar="FOLDER",
                         help="folder holding report.yaml and the data it names (default: data)")
        sub.add_argument("--period-end", metavar="YYYY-MM",
                         help="last month of the current 12 months (default: period_end in report.yaml)")
        # SUPPRESS as default: without --debug here, the value from before the command stands
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    build = commands.add_parser("build", help="write the report draft", description="Write the report draft (.docx by default).")
    common(build)
    build.add_argument("--format", choices=("docx", "md"), default="docx", help="docx (Word, default) or md (Markdown)")
    build.add_argument("--out", type=Path, metavar="FILE", help="where to write (default: report.docx or report.md)")
    build.add_argument("--force", action="store_true",
                       help="replace the file at --out even if it was edited since Narrator wrote it "
                            "(by default an edited draft is never overwritten)")
    build.add_argument("--template", type=Path, metavar="HOUSE.docx",
                       help="a Word document whose styles, page set-up, headers and footers the draft takes "
                            "(your force's own letterhead); default: a clean built-in template")

    facts = commands.add_parser("facts", help="list every fact (id, label, value)",
                                description="Print every fact the report can state: id, label, value as printed, raw value.")
    common(facts)
    facts.add_argument("--format", choices=("json", "csv"), default="json", help="json (default) or csv")
    facts.add_argument("--match", metavar="TEXT", help="only facts whose id starts with TEXT (for example da.recorded)")

    check = commands.add_parser(
        "check", help="compare an edited draft's figures with the current data",
        description="Report every figure of an edited Word draft as current, stale, hand-edited, missing or "
                    "unknown against the project's current data. Writes nothing. Exit code 0: every figure is "
                    "current; 1: some are stale, hand-edited or unknown.")
    check.add_argument("draft", type=Path, metavar="DRAFT", help="the draft (.docx; a .md draft is checked as a whole)")
    common(check)
    check.add_argument("--format", choices=("table", "json"), default="table",
                       help="table (default: grouped by section) or json (one record per figure)")
    check.add_argument("--all", action="store_true", help="list the current figures too")

    refresh = commands.add_parser(
        "refresh", help="update the stale figures of an edited draft, keeping your edits",
        description="Write the edited draft again with every stale figure replaced by the current one, in place "
                    "and in the same formatting; figures you typed, and every other character, are kept. A sentence "
                    "whose figure changed direction or significance gets a Word comment.")
    refresh.add_argument("draft", type=Path, metavar="DRAFT", help="the edited draft (.docx)")
    common(refresh)
    where = refresh.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, metavar="NEW", help="where to write the refreshed draft")
    where.add_argument("--in-place", action="store_true",
                       help="replace DRAFT itself, keeping a copy of it beside it (DRAFT.backup.docx)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command in ("check", "refresh"):
            from . import updating

            return updating.run(args)
        return _facts(args)
    except NarratorError as error:
        if args.debug:
            traceback.print_exc()
        print(f"narrator: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("narrator: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - a bug, not the user's input: still one line, unless --debug
        if args.debug:
            traceback.print_exc()
        print(
            f"narrator: internal error ({type(error).__name__}: {error}); this is a bug in Narrator, "
            "not in your files; run again with --debug and report the traceback",
            file=sys.stderr,
        )
        return 1


def _build(args: argparse.Namespace) -> int:
    from .drafts.files import check_overwrite, write_draft
    from .pipeline import build_draft, render_draft
    from .project import load_project
    from .writers import WriterOptions

    if args.template is not None and args.format != "docx":
        raise InputError("--template applies to Word drafts only; drop it or use --format docx")
    if args.template is not None and not args.template.is_file():
        raise InputError(f"{args.template}: template not found")
    out = args.out or Path(f"report.{args.format}")
    check_overwrite(out, force=args.force)  # before the work of building: an edited draft is never replaced
    project = load_project(args.data, args.period_end)
    draft = build_draft(project)
    options = WriterOptions(
        reference=args.template,
        tone_colours=project.style.tone_colours,
        notify=lambda message: print(f"narrator: note: {message}", file=sys.stderr),
    )
    data = render_draft(draft, project, args.format, options)
    write_draft(out, data, args.format, force=args.force)
    print(f"wrote {out}")
    return 0


def _facts(args: argparse.Namespace) -> int:
    from .pipeline import compute_facts
    from .project import load_project

    project = load_project(args.data, args.period_end)
    _, facts = compute_facts(project)
    rows = [
        {"id": f.id, "label": f.label, "text": project.style.format(f.value, f.unit), "value": f.value, "unit": f.unit}
        for f in facts.values()
        if not args.match or f.id.startswith(args.match)
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=1, ensure_ascii=False))
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["id", "label", "text", "value", "unit"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        print(buffer.getvalue(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
