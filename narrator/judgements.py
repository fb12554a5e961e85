"""The judgement vocabulary (``rules/judgements.yaml``): test direction → word and tone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalogue import KINDS, POLARITIES
from .document import Tone
from .errors import InputError
from .yamlfiles import check_keys, read_yaml

DIRECTIONS = ("up", "down", "none")


@dataclass(frozen=True)
class Vocabulary:
    words: dict  # kind -> polarity -> direction -> word
    untested: str = "-"

    @classmethod
    def load(cls, path: Path) -> "Vocabulary":
        data = check_keys(read_yaml(path), where=str(path), allowed=(*KINDS, "untested"), required=(*KINDS, "untested"))
        for kind in KINDS:
            by_polarity = check_keys(data[kind], where=f"{path}: {kind}", allowed=POLARITIES, required=POLARITIES)
            for polarity in POLARITIES:
                where = f"{path}: {kind}.{polarity}"
                words = check_keys(by_polarity[polarity], where=where, allowed=DIRECTIONS, required=DIRECTIONS)
                for direction, word in words.items():
                    if not isinstance(word, str) or not word.strip():
                        raise InputError(f"{where}.{direction}: expected a word such as Higher")
        return cls({k: data[k] for k in KINDS}, str(data["untested"]))

    def word(self, kind: str, polarity: str, direction: str, tested: bool) -> str:
        return self.words[kind][polarity][direction] if tested else self.untested


def tone(polarity: str, direction: str, tested: bool) -> Tone | None:
    """good / bad / neutral for colouring a judgement; None when nothing was tested."""
    if not tested:
        return None
    if direction == "none" or polarity == "neutral":
        return "neutral"
    good = (polarity == "higher_is_better") == (direction == "up")
    return "good" if good else "bad"
