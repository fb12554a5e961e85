"""The note that explains the judgement shading, shared by the Word and web writers.

``tone_legend`` in the house style says what the shading means, with ``{good}`` and ``{bad}``
where a sample of each colour goes. Colour is never the only carrier of meaning: each sample
holds the judgement words the draft's tables shade with that colour ("Improved", "Lower"), as
they appear in the cells, so a reader who cannot tell the colours apart (or a reader of the
text alone, such as pandoc or a screen reader) still reads which word the colour stands for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Document, Table, Tone, plain_text

__all__ = ["LegendPiece", "colour_name", "legend_pieces", "tone_words"]

_PLACE = re.compile(r"(\{\w+\})")


@dataclass(frozen=True)
class LegendPiece:
    """Plain words (``tone`` None), or a sample of a tone's colour holding ``text``."""

    text: str
    tone: str | None = None
    fill: str = ""  # the sample's colour, hex RGB


def tone_words(document: Document) -> dict[Tone, list[str]]:
    """The words of the shaded cells of every table, by tone, each once, in order of first use."""
    words: dict[Tone, list[str]] = {}
    for block in document.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    text = " ".join(plain_text(cell.runs).split())
                    if cell.tone and text and text not in words.setdefault(cell.tone, []):
                        words[cell.tone].append(text)
    return words


def legend_pieces(legend: str, colours: Mapping[str, str], document: Document) -> list[LegendPiece]:
    """``legend`` as words and samples; a placeholder whose tone has no colour places nothing."""
    words = tone_words(document)
    pieces = []
    for piece in _PLACE.split(" ".join(legend.split())):
        tone = piece[1:-1] if _PLACE.fullmatch(piece) else None
        if tone is None:
            if piece:
                pieces.append(LegendPiece(piece))
        elif colours.get(tone):
            named = words.get(tone) or [colour_name(colours[tone])]  # type: ignore[call-overload]
            pieces.append(LegendPiece(" / ".join(named), tone, colours[tone]))
    return pieces


_HUES = ((15, "red"), (45, "orange"), (70, "yellow"), (170, "green"), (260, "blue"), (330, "purple"), (360, "red"))


def colour_name(fill: str) -> str:
    """A plain name for a hex RGB colour ("C6EFCE" is "green"), for a sample no cell uses."""
    import colorsys

    red, green, blue = (int(fill[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.15 or lightness > 0.97:
        return "grey"
    return next(name for limit, name in _HUES if hue * 360 < limit)
