"""Invisible inline markers: how a figure's fact id and a footnote travel through Jinja.

Only the template functions (:mod:`narrator.wording.context`, :mod:`narrator.wording.facttree`) write them and only :mod:`narrator.document.blocks` reads them.
They use Unicode private-use characters, which Narrator refuses in every input (YAML files,
templates, phrases), so analyst text can never forge one.

Besides figures and footnotes, a third marker brackets *words*: text a helper places that is
not Narrator's to check for figures (the analyst's commentary, a measure's name), so that
everything outside the markers holds no figure (see :mod:`narrator.wording.sandbox`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Figure, Text

FIGURE, SEPARATOR, CLOSE, FOOTNOTE = "\ue000", "\ue001", "\ue002", "\ue003"
WORDS, WORDS_END = "\ue004", "\ue005"
MARKERS = FIGURE + SEPARATOR + CLOSE + FOOTNOTE + WORDS + WORDS_END
_PATTERN = re.compile(f"{FIGURE}([^{MARKERS}]*){SEPARATOR}([^{MARKERS}]*){CLOSE}|{FOOTNOTE}([^{MARKERS}]*){CLOSE}")
_WORDS = re.compile(f"{WORDS}[^{WORDS}{WORDS_END}]*{WORDS_END}")


@dataclass(frozen=True)
class FootnoteKey:
    """A footnote reference by key, numbered later by the document builder."""

    key: str


def figure(fact_id: str, text: str) -> str:
    return f"{FIGURE}{fact_id}{SEPARATOR}{text}{CLOSE}"


def footnote(key: str) -> str:
    return f"{FOOTNOTE}{key}{CLOSE}"


def words(text: str) -> str:
    """``text`` (which may hold footnote markers) placed as words: any figure in it is the author's."""
    return f"{WORDS}{text}{WORDS_END}"


def unmarked(text: str) -> str:
    """What of ``text`` lies outside every marker: the words a template or phrase wrote itself."""
    return _WORDS.sub("", _PATTERN.sub("", text))


def split(text: str) -> list[Text | Figure | FootnoteKey]:
    """The marked-up ``text`` as runs; adjacent plain text is one run."""
    runs: list[Text | Figure | FootnoteKey] = []
    position = 0
    text = text.replace(WORDS, "").replace(WORDS_END, "")
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
