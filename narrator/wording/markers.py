"""Invisible inline markers: how a figure's fact id and a footnote travel through Jinja.

Only :mod:`narrator.templating` writes them and only :mod:`narrator.blocks` reads them.
They use Unicode private-use characters, which never occur in real text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Figure, Text

FIGURE, SEPARATOR, CLOSE, FOOTNOTE = "\ue000", "\ue001", "\ue002", "\ue003"
MARKERS = FIGURE + SEPARATOR + CLOSE + FOOTNOTE
_PATTERN = re.compile(f"{FIGURE}([^{MARKERS}]*){SEPARATOR}([^{MARKERS}]*){CLOSE}|{FOOTNOTE}([^{MARKERS}]*){CLOSE}")


@dataclass(frozen=True)
class FootnoteKey:
    """A footnote reference by key, numbered later by the document builder."""

    key: str


def figure(fact_id: str, text: str) -> str:
    return f"{FIGURE}{fact_id}{SEPARATOR}{text}{CLOSE}"


def footnote(key: str) -> str:
    return f"{FOOTNOTE}{key}{CLOSE}"


def split(text: str) -> list[Text | Figure | FootnoteKey]:
    """The marked-up ``text`` as runs; adjacent plain text is one run."""
    runs: list[Text | Figure | FootnoteKey] = []
    position = 0
    for match in _PATTERN.finditer(text):
        if match.start() > position:
            runs.append(Text(text[position : match.start()]))
        if match.group(3) is not None:
            runs.append(FootnoteKey(match.group(3)))
        else:
            runs.append(Figure(match.group(2), match.group(1)))
        position = match.end()
    if position < len(text):
        runs.append(Text(text[position:]))
    return runs


def strip(text: str) -> str:
    """``text`` as a reader sees it: figures' text kept, markers and footnotes gone."""
    return "".join(r.text for r in split(text) if not isinstance(r, FootnoteKey))
