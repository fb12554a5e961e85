"""Deterministic variation: which of several equivalent wordings a sentence takes.

Nothing here is random. The order in which equivalent wordings are tried is seeded by a fact id
(a measure's, a ranking's) through a stable hash (:func:`order`), so a rebuild of the same
project gives the same words. Two memories then keep prose from droning:

* :class:`Openers`: a paragraph's first word, least recently used first, so that paragraphs in a
  row open differently (the words come from ``rules/variation.yaml``, which a project overrides as
  it does any rule file);
* :class:`Findings`: a judgement phrase (what a test found) never repeats the one of the sentence
  before: the rules' first wording, unless it echoes that sentence's, else the next that does not.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

FIGURE_FREE = re.compile(r"[\d.,%−-]+")


def seed(key: str) -> int:
    """A stable number for ``key`` (the same on every machine and run)."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def order(key: str, options: Sequence[str]) -> list[str]:
    """``options`` rotated to start where ``key`` points: the order equivalent wordings are tried in."""
    if not options:
        return []
    start = seed(key) % len(options)
    return list(options[start:]) + list(options[:start])


def first_word(text: str) -> str:
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    return words[0].lower() if words else ""


class Openers:
    """Chooses among a paragraph's possible openings the one whose first word was used longest ago
    (never used first; ties go to the rules' first opening, then in the order seeded by the key)."""

    def __init__(self, plain: Callable[[str], str]) -> None:
        self.plain = plain  # marked-up text → what a reader sees
        self.last_used: dict[str, int] = {}
        self.count = 0

    def choose(self, key: str, options: Sequence[str]) -> str:
        """The rules' first opening if its first word is unused, else the one whose first word has gone
        longest unused, trying the others in the order ``key`` seeds."""
        tried = list(options[:1]) + order(key, options[1:])
        if not tried:
            return ""
        chosen = min(tried, key=lambda text: self.last_used.get(first_word(self.plain(text)), -1))
        self.note(chosen)
        return chosen

    def note(self, text: str) -> None:
        """Remember an opening written without a choice (a template's fixed sentence)."""
        self.count += 1
        word = first_word(self.plain(text))
        if word:
            self.last_used[word] = self.count


def core(text: str) -> str:
    """A judgement phrase without its figures and punctuation: what a reader hears repeated."""
    text = re.sub(r"\([^()]*\d[^()]*\)", " ", text)  # a bracket of figures (a range, an n) is no judgement
    return " ".join(FIGURE_FREE.sub(" ", text).replace("(", " ").replace(")", " ").split()).strip(" ,;").lower()


# Words that carry a judgement: two phrases that both hold one of these say the same thing again.
JUDGEMENT_TERMS = ("statistically significant", "usual variation", "normal year-on-year range", "sampling alone",
                   "control chart", "moves this much", "moved this much")


def echoes(text: str, before: str, run: int = 4) -> bool:
    """Whether two phrases share a judgement term or ``run`` words in a row (figures aside): "a rise
    larger than the usual variation" echoes "a fall larger than the usual variation"."""
    said, heard = core(text).split(), core(before).split()
    if any(term in " ".join(said) and term in " ".join(heard) for term in JUDGEMENT_TERMS):
        return True
    runs = {tuple(heard[i:i + run]) for i in range(len(heard) - run + 1)}
    return any(tuple(said[i:i + run]) in runs for i in range(len(said) - run + 1))


class Findings:
    """Remembers the last judgement phrase said, so the next sentence says it another way."""

    def __init__(self, plain: Callable[[str], str]) -> None:
        self.plain = plain
        self.last = ""

    def choose(self, key: str, options: Sequence[str]) -> str:
        """The first wording (the rules' own) unless it echoes the sentence before; then the next that does not."""
        tried = list(options)
        if not tried:
            return ""
        chosen = next((text for text in tried if not self.repeats(text)), tried[0])
        if core(self.plain(chosen)):
            self.last = core(self.plain(chosen))
        return chosen

    def repeats(self, text: str) -> bool:
        return bool(self.last) and echoes(self.plain(text), self.last)

    def forget(self) -> None:
        """A sentence without a judgement came between: the next may say it as before."""
        self.last = ""
