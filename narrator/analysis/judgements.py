"""The judgement vocabulary (``rules/judgements.yaml``): test direction → word and tone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..settings.catalogue import KINDS, POLARITIES
from ..settings.yamlfiles import check_keys, read_yaml
from ..model import Tone
from .benchmarks import METHODS

TESTS = tuple(m for m in METHODS if m != "none")  # every method a table note may have to name

DIRECTIONS = ("up", "down", "none")


TOP_KEYS = (*KINDS, "untested", "methods")


@dataclass(frozen=True)
class Vocabulary:
    words: dict  # kind -> polarity -> direction -> word
    untested: str = "-"
    methods: dict = field(default_factory=dict)  # benchmark method -> how a table note names it

    @classmethod
    def load(cls, layers: Path | str | Sequence[Path]) -> "Vocabulary":
        """The vocabulary from ``layers`` (a file, or files in order; a later file's kinds replace an earlier one's)."""
        layers = (Path(layers),) if isinstance(layers, (str, Path)) else tuple(Path(p) for p in layers)
        data: dict = {}
        where: dict = {}
        for path in layers:
            for key, value in check_keys(read_yaml(path), where=str(path), allowed=TOP_KEYS).items():
                data[key], where[key] = value, path
        check_keys(data, where=str(layers[-1]), allowed=TOP_KEYS, required=TOP_KEYS)
        for kind in KINDS:
            path = where[kind]
            by_polarity = check_keys(data[kind], where=f"{path}: {kind}", allowed=POLARITIES, required=POLARITIES)
            for polarity in POLARITIES:
                here = f"{path}: {kind}.{polarity}"
                words = check_keys(by_polarity[polarity], where=here, allowed=DIRECTIONS, required=DIRECTIONS)
                for direction, word in words.items():
                    if not isinstance(word, str) or not word.strip():
                        raise InputError(f"{here}.{direction}: expected a word such as Higher")
        methods = check_keys(data["methods"], where=f"{where['methods']}: methods", allowed=tuple(METHODS), required=TESTS)
        for method, words in methods.items():
            if not isinstance(words, str) or not words.strip():
                raise InputError(f"{where['methods']}: methods.{method}: expected words such as 'a quasi-Poisson model of the monthly counts'")
        return cls({k: data[k] for k in KINDS}, str(data["untested"]), dict(methods))

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
