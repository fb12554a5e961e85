"""The analyst's own words (``commentary.yaml``): paragraphs by slot, footnotes by key.

::

    period_end: 2021-03          # the period this commentary was written for
    paragraphs:
      purpose: [A paragraph., Another paragraph.]
      burglary.recorded: One paragraph, placed after the burglary paragraph.
    footnotes:
      iquanta: iQuanta is the Home Office's benchmarking tool.   # cited as [^iquanta]

A paragraph cites a footnote as ``[^key]``; every ``[^`` must begin such a reference to a
footnote that exists (here, or a measure's ``footnote:`` in the catalogue), and a footnote no
paragraph or template cites is an error when the report is built: no text is silently lost.

The paragraphs are placed word for word where a template asks for their slot. A commentary
written for one period is never placed under another period's figures: building another period
with it is refused (the analyst writes one for that period, or builds with ``--no-commentary``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .months import parse_month
from .yamlfiles import check_keys, describe, line_of, read_yaml, suggestion

KEYS = ("period_end", "paragraphs", "footnotes")
FOOTNOTE_KEY = re.compile(r"[A-Za-z0-9_.-]+")  # what a footnote key may hold
FOOTNOTE_REFERENCE = re.compile(rf"\[\^({FOOTNOTE_KEY.pattern})\]")  # how a paragraph cites a footnote: [^key]


@dataclass(frozen=True)
class Commentary:
    """The analyst's paragraphs, by slot, and footnote texts, by key; ``enabled`` is False for a
    build with ``--no-commentary``, whose templates then place nothing."""

    paragraphs: Mapping[str, tuple[str, ...]]
    footnotes: Mapping[str, str]
    path: Path
    enabled: bool = True

def read_commentary(path: Path, period_end: pd.Period, *, paragraphs: bool = True,
                    measure_footnotes: Collection[str] = ()) -> Commentary:
    """The checked commentary for a build whose period ends at ``period_end``.

    With ``paragraphs=False`` (``--no-commentary``) only the footnote texts are kept, which
    templates may cite whatever the period, and the period is not checked. A paragraph may cite
    the footnotes here and those of ``measure_footnotes`` (the measures that have one).
    """
    data = check_keys(read_yaml(path) or {}, where=str(path), allowed=KEYS)
    wanted, paragraphs = paragraphs, {}
    entries = data.get("paragraphs") or {}
    if not isinstance(entries, Mapping):
        raise InputError(f"{path}: paragraphs must be a mapping of slots to paragraphs, found {describe(entries)}")
    for slot, text in entries.items():
        items = [text] if isinstance(text, str) else text
        if not isinstance(items, list) or not all(isinstance(p, str) and p.strip() for p in items):
            raise InputError(f"{path}: slot '{slot}' must be a paragraph or a list of paragraphs")
        paragraphs[str(slot)] = tuple(" ".join(p.split()) for p in items)
    notes = data.get("footnotes") or {}
    if not isinstance(notes, Mapping):
        raise InputError(f"{path}: footnotes must be a mapping of keys to footnote texts, found {describe(notes)}")
    for key, text in notes.items():
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{path}: footnote '{key}' must be a text, found {describe(text)}")
        if not FOOTNOTE_KEY.fullmatch(str(key)):
            raise InputError(
                f"{_at(path, 'footnotes', key)}: footnote key '{key}' cannot be referred to, as a [^key] holds only "
                f"letters, digits and _ . - (such as {re.sub(r'[^A-Za-z0-9_.-]+', '_', str(key)).strip('_') or 'note_1'})"
            )
    footnotes = {str(k): " ".join(str(v).split()) for k, v in notes.items()}
    for slot, items in paragraphs.items():
        for i, paragraph in enumerate(items):
            place = ("paragraphs", slot, *([i] if isinstance(entries[slot], list) else []))
            _check_references(paragraph, {*footnotes, *measure_footnotes}, lambda: _at(path, *place), slot)
    clash = sorted(set(footnotes) & set(measure_footnotes))
    if clash:  # one of the two texts would silently replace the other
        raise InputError(
            f"{_at(path, 'footnotes', clash[0])}: footnote '{clash[0]}' has the key of measure "
            f"{clash[0]}'s own footnote (measures.yaml); give one of them another key"
        )
    if not wanted:
        return Commentary({}, footnotes, path, enabled=False)
    if paragraphs:
        if "period_end" not in data:
            raise InputError(
                f"{path}: missing key 'period_end': say which period this commentary was written for, "
                f"such as period_end: {period_end}"
            )
        written_for = parse_month(str(data["period_end"]), where=f"{path}: period_end")
        if written_for != period_end:
            raise InputError(
                f"{path}: written for the period ending {written_for} (its period_end), but this build is for "
                f"the period ending {period_end}; give this period a commentary of its own (inputs.commentary "
                "in report.yaml names the file), or build with --no-commentary"
            )
    return Commentary(paragraphs, footnotes, path)


def _at(path: Path, *keys: object) -> str:
    """``path``, with the line of the value at ``keys`` when it can be found."""
    line = line_of(path, *keys)
    return f"{path}, line {line}" if line else str(path)


def _check_references(paragraph: str, keys: set[str], where: Callable[[], str], slot: str) -> None:
    """Every [^ in a paragraph begins a [^key] reference to a footnote that exists (``where``
    gives the file and line, found only for a message)."""
    for start in (m.start() for m in re.finditer(r"\[\^", paragraph)):
        reference = FOOTNOTE_REFERENCE.match(paragraph, start)
        if reference is None:
            shown = paragraph[start : paragraph.find("]", start) + 1 or start + 20]
            raise InputError(
                f"{where()}: slot '{slot}': '{shown}' is not a footnote reference; a [^key] holds only letters, digits "
                "and _ . - (such as [^my_note]), and the footnote's text goes under footnotes"
            )
        if reference.group(1) not in keys:
            key = reference.group(1)
            raise InputError(
                f"{where()}: slot '{slot}' refers to footnote [^{key}], which is not under footnotes{suggestion(key, keys, show='[^{}]')}"
            )
