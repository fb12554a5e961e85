"""The analyst's own words (``commentary.yaml``): paragraphs by slot, footnotes by key.

::

    period_end: 2021-03          # the period this commentary was written for
    paragraphs:
      purpose: [A paragraph., Another paragraph.]
      burglary.recorded: One paragraph, placed after the burglary paragraph.
    footnotes:
      iquanta: iQuanta is the Home Office's benchmarking tool.   # cited as [^iquanta]

The paragraphs are placed word for word where a template asks for their slot. A commentary
written for one period is never placed under another period's figures: building another period
with it is refused (the analyst writes one for that period, or builds with ``--no-commentary``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .months import parse_month
from .yamlfiles import check_keys, describe, read_yaml

KEYS = ("period_end", "paragraphs", "footnotes")


@dataclass(frozen=True)
class Commentary:
    """The analyst's paragraphs, by slot, and footnote texts, by key; ``enabled`` is False for a
    build with ``--no-commentary``, whose templates then place nothing."""

    paragraphs: Mapping[str, tuple[str, ...]]
    footnotes: Mapping[str, str]
    path: Path
    enabled: bool = True

def read_commentary(path: Path, period_end: pd.Period, *, paragraphs: bool = True) -> Commentary:
    """The checked commentary for a build whose period ends at ``period_end``.

    With ``paragraphs=False`` (``--no-commentary``) only the footnote texts are kept, which
    templates may cite whatever the period, and the period is not checked.
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
    footnotes = {str(k): " ".join(str(v).split()) for k, v in notes.items()}
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
