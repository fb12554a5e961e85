"""Reading a Markdown draft as a Board would: its generated paragraphs, their sentences, openers,
and the judgement phrases said in them (for tests/test_prose.py)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

PARAGRAPH = re.compile(r"^(\d+(?:\.\d+)*) (.+)$")
SECTION = re.compile(r"^## (\d+)\. ")
# A sentence ends at . ! or ? (after a letter, figure, bracket or quote) before a space and a capital, a figure or a quote.
SENTENCE_END = re.compile(r"(?<=[A-Za-z0-9)%”’\]])[.!?](?:\[\^\d+\])?\s+(?=[A-Z0-9“‘\"'(£])")
JUDGEMENT_PHRASES = (
    "larger than the usual variation", "within the usual variation", "outside the series' normal year-on-year range",
    "inside the series' normal year-on-year range", "statistically significant", "too large to put down to sampling",
    "sampling alone could account", "the series often moves this much", "usual for this series",
    "beyond the changes this series has seen", "the series has moved this much", "control-chart signal",
    "the control chart signals", "inside the control chart's limits",
)
JUDGEMENT_CORES = ("usual variation", "normal year-on-year range", "statistically significant", "sampling", "moves this much",
                   "moved this much", "control chart")


def sentences(text: str) -> list[str]:
    text = re.sub(r"\[\^\d+\]", "", text)
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def words(sentence: str) -> int:
    return len(sentence.split())


def commentary_sentences(project: Path | None) -> set[str]:
    """Every sentence of a project's commentary.yaml: the analyst's, not generated."""
    if project is None or not (project / "commentary.yaml").is_file():
        return set()
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.update(sentences(re.sub(r"\s+", " ", value)))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(yaml.safe_load((project / "commentary.yaml").read_text(encoding="utf-8")))
    return found


class Draft:
    """A Markdown draft's generated prose: numbered paragraphs (minus the analyst's sentences) by
    level-1 section, and the notes."""

    def __init__(self, text: str, project: Path | None = None) -> None:
        self.text = text
        own = commentary_sentences(project)
        self.sections: dict[str, list[tuple[list[str], bool]]] = {}  # section → [(generated sentences, opens generated)]
        self.notes: list[str] = []
        section = "0"
        for line in text.splitlines():
            heading = SECTION.match(line)
            if heading:
                section = heading.group(1)
                continue
            if line.startswith("*") and line.endswith("*") and not line.startswith("**"):
                self.notes.append(line.strip("*"))
                continue
            match = PARAGRAPH.match(line)
            if not match:
                continue
            said = sentences(match.group(2))
            generated = [s for s in said if s not in own and not any(s in o or o in s for o in own if len(o) > 30)]
            opens_generated = bool(said) and said[0] in generated
            self.sections.setdefault(section, []).append((generated, opens_generated))

    def generated(self) -> list[str]:
        notes = [s for note in self.notes for s in sentences(note)]
        return [s for paragraphs in self.sections.values() for said, _ in paragraphs for s in said] + notes

    def longest(self) -> tuple[int, str]:
        return max(((words(s), s) for s in self.generated()), default=(0, ""))

    def openers(self) -> dict[str, Counter]:
        """Each section's first words of the paragraphs that open with a generated sentence."""
        return {section: Counter(re.sub(r"[^\w'’-]", "", said[0].split()[0]).lower() for said, opens in paragraphs if opens)
                for section, paragraphs in self.sections.items()}

    def crowded_openers(self) -> list[tuple[str, str, int, int]]:
        """(section, opener, times, paragraphs) where an opener opens more than a quarter of a section's paragraphs (and more than one)."""
        crowded = []
        for section, counts in self.openers().items():
            total = sum(counts.values())
            crowded += [(section, word, n, total) for word, n in counts.items() if n > max(1, total / 4)]
        return crowded

    def repeated_judgements(self) -> list[tuple[str, str, str]]:
        """(core, sentence, next sentence) where two consecutive sentences of a paragraph say the same judgement."""
        found = []
        for paragraphs in self.sections.values():
            for said, _ in paragraphs:
                for first, second in zip(said, said[1:]):
                    for core in JUDGEMENT_CORES:
                        if core in first and core in second:
                            found.append((core, first, second))
        return found

    def phrase_counts(self) -> Counter:
        text = " ".join(self.generated())
        return Counter({phrase: text.count(phrase) for phrase in JUDGEMENT_PHRASES if phrase in text})
