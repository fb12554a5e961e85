"""The judgement vocabulary (``rules/judgements.yaml``): test direction → word and tone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..inputs.catalogue import KINDS, POLARITIES
from ..inputs.yamlfiles import check_keys, read_yaml
from ..model import Tone

DIRECTIONS = ("up", "down", "none")


@dataclass(frozen=True)
class Vocabulary:
    words: dict  # kind -> polarity -> direction -> word
    untested: str = "-"

    @classmethod
    def load(cls, layers: Path | str | Sequence[Path]) -> "Vocabulary":
        """The vocabulary from ``layers`` (a file, or files in order; a later file's kinds replace an earlier one's)."""
        layers = (Path(layers),) if isinstance(layers, (str, Path)) else tuple(Path(p) for p in layers)
        data: dict = {}
        where: dict = {}
        for path in layers:
            for key, value in check_keys(read_yaml(path), where=str(path), allowed=(*KINDS, "untested")).items():
                data[key], where[key] = value, path
        check_keys(data, where=str(layers[-1]), allowed=(*KINDS, "untested"), required=(*KINDS, "untested"))
        for kind in KINDS:
            path = where[kind]
            by_polarity = check_keys(data[kind], where=f"{path}: {kind}", allowed=POLARITIES, required=POLARITIES)
            for polarity in POLARITIES:
                here = f"{path}: {kind}.{polarity}"
                words = check_keys(by_polarity[polarity], where=here, allowed=DIRECTIONS, required=DIRECTIONS)
                for direction, word in words.items():
                    if not isinstance(word, str) or not word.strip():
                        raise InputError(f"{here}.{direction}: expected a word such as Higher")
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
