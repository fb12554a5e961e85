"""A cell shading's colour named in words, for what a person reads ("light green", not "C6EFCE").

Contract. :func:`colour_name` names a hex RGB colour ("" is no shading: "none"): the shadings
Narrator and Word's default palette use by their names, any other by its hue (red, orange,
yellow, green, teal, blue, purple, pink; grey when it has little colour) with "light" or "dark"
before it as its lightness says. Machine-readable output (``--format json``) keeps the hex.
"""

from __future__ import annotations

import colorsys

__all__ = ["colour_name"]

NAMED = {
    "C6EFCE": "light green", "FFC7CE": "light red", "FFEB9C": "light yellow",  # Narrator's tones, Excel's good/bad/neutral
    "00B050": "green", "92D050": "light green", "FF0000": "red", "C00000": "dark red", "FFC000": "orange",
    "FFFF00": "yellow", "00B0F0": "light blue", "0070C0": "blue", "002060": "dark blue", "7030A0": "purple",
    "FFFFFF": "white", "000000": "black",
}
_HUES = ((15, "red"), (40, "orange"), (70, "yellow"), (165, "green"), (195, "teal"), (255, "blue"), (290, "purple"),
         (335, "pink"), (360, "red"))


def colour_name(fill: str | None) -> str:
    if not fill:
        return "none"
    fill = fill.upper()
    if fill in NAMED:
        return NAMED[fill]
    try:
        red, green, blue = (int(fill[i:i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return fill
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    shade = "light " if lightness > 0.7 else "dark " if lightness < 0.3 else ""
    if saturation < 0.15 or lightness > 0.97 or lightness < 0.03:
        return "white" if lightness > 0.97 else "black" if lightness < 0.03 else f"{shade}grey"
    name = next(word for limit, word in _HUES if hue * 360 < limit)
    return f"{shade}{name}"
