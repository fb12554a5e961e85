"""Block markup → the document model.

The markup is what report templates render to (see docs/architecture.md)::

    # Heading            numbered level-1 heading
    ## Heading           numbered level-2 heading
    ::heading TEXT       unnumbered heading (a bibliography, say)
    ::note TEXT          unnumbered note paragraph
    ::table ID           a table made by narrator.document.tables
    ::chart ID           a chart made by narrator.document.charts
    other lines          a numbered paragraph; a blank line ends it

Figures and footnotes arrive as inline markers (:mod:`narrator.wording.markers`). Footnotes are
numbered in order of first reference; the same key gets the same number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from ..errors import TemplateProblem
from ..model import (
    Block,
    Chart,
    Figure,
    Footnote,
    FootnoteRef,
    Heading,
    Paragraph,
    Runs,
    Table,
    plain_text,
)
from ..wording import markers
from .numbering import number_blocks

_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
_SPACES = re.compile(r" {2,}")


class _Footnotes:
    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.numbers: dict[str, int] = {}

    def ref(self, key: str) -> FootnoteRef:
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return FootnoteRef(self.numbers[key])

    def notes(self) -> tuple[Footnote, ...]:
        """The footnotes in order; a text a template wrote may hold figures (a footnote in a footnote is dropped)."""
        return tuple(
            Footnote(n, tuple(r for r in markers.split(self.texts[key]) if not isinstance(r, markers.FootnoteKey)))
            for key, n in self.numbers.items()
        )


def parse_blocks(
    markup: str,
    tables: Mapping[str, Table],
    footnote_texts: Mapping[str, str],
    charts: Mapping[str, Chart] | None = None,
) -> tuple[tuple[Block, ...], tuple[Footnote, ...]]:
    """Numbered blocks and the footnotes they reference."""
    footnotes = _Footnotes(footnote_texts)
    charts = charts or {}
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            # a sentence a template left empty leaves its spaces behind: one space between words
            blocks.append(Paragraph(_runs(_SPACES.sub(" ", " ".join(lines)), footnotes)))
            lines.clear()

    for raw in markup.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            blocks.append(Heading(2, _runs(line[3:], footnotes)))
        elif line.startswith("# "):
            flush()
            blocks.append(Heading(1, _runs(line[2:], footnotes)))
        elif line.startswith("::"):
            flush()
            if line.strip() != "::note":  # a note a template left empty is no note
                blocks.append(_directive(line, tables, footnotes, charts))
        else:
            lines.append(line)
    flush()
    return number_blocks(_table_notes_once(blocks)), footnotes.notes()


def _table_notes_once(blocks: list[Block]) -> list[Block]:
    """Drop a note beside a table that repeats the note in the same place beside the previous table.

    A table's notes (above it, "Rolling 12 months to …"; below it, the tests behind its
    judgements) are said once, and again only where they differ, however many tables a template
    gives the same notes.
    """
    kept: list[Block] = []
    said = {"above": None, "below": None}
    for previous, block, following in zip([None, *blocks[:-1]], blocks, [*blocks[1:], None]):
        if isinstance(block, Paragraph) and block.role == "note":
            place = "above" if isinstance(following, Table) else "below" if isinstance(previous, Table) else None
            if place is not None:
                text = plain_text(block.runs)
                if text == said[place]:
                    continue
                said[place] = text
        kept.append(block)
    return kept


def _directive(line: str, tables: Mapping[str, Table], footnotes: _Footnotes, charts: Mapping[str, Chart]) -> Block:
    name, _, rest = line[2:].partition(" ")
    rest = rest.strip()
    if name == "chart":
        rest = markers.strip(rest)  # the measure's id, placed as words
        if rest not in charts:
            raise TemplateProblem(f"the report refers to the chart of '{rest}', which was not built")
        return charts[rest]
    if name == "table":
        rest = markers.strip(rest)  # the table id, placed as words
        if rest not in tables:
            raise TemplateProblem(f"the report refers to table '{rest}', which was not built")
        return tables[rest]
    if name == "note":
        return Paragraph(_runs(rest, footnotes), numbered=False, role="note")
    if name == "heading":
        return Heading(1, _runs(rest, footnotes), numbered=False)
    raise TemplateProblem(f"unknown directive '::{name}' (known: ::table, ::chart, ::note, ::heading)")


def _runs(text: str, footnotes: _Footnotes) -> Runs:
    runs: list = []
    for run in markers.split(text):
        if isinstance(run, markers.FootnoteKey):
            runs.append(footnotes.ref(run.key))
        elif isinstance(run, Figure) and _starts_sentence(runs):
            runs.append(_sentence_start(run))
        else:
            runs.append(run)
    return tuple(runs)


def _starts_sentence(before: list) -> bool:
    text = "".join(r.text for r in before if not isinstance(r, FootnoteRef))
    return not text.strip() or bool(_SENTENCE_END.search(text)) and text.rstrip()[-1] in ".!?"


def _sentence_start(run: Figure) -> Figure:
    """A figure opening a sentence: words get a capital; a numeral is a house-style error."""
    if run.text[:1].isdigit() or run.text[:1] in ("-", "\u2212"):
        raise TemplateProblem(
            f"a sentence starts with the figure '{run.text}' (fact {run.fact_id}); "
            "house style never starts a sentence with a numeral: reword the template"
        )
    return replace(run, text=run.text[:1].upper() + run.text[1:])
