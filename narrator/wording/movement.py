"""The movement of a measure as the draft prints it: one rule, used by the words (a measure's
movement and its parent's), and by the record a Word draft keeps for ``narrator check``.

A change reads as its printed figure does: a rate's change to the house style's decimal places,
a level's (minutes, days) to whole units, a count's as it is. A level change of +0.3 minutes is
"no change" in the text, and so it is recorded as flat.
"""

from __future__ import annotations

from ..numbers import round_half_up
from .style import HouseStyle


def printed_change(change: float, kind: str, style: HouseStyle) -> float:
    """``change`` (of a measure of ``kind``) rounded as the draft's words treat it."""
    if kind == "proportion":
        return style.rounded(change)
    if kind == "level":
        return round_half_up(change, 0)
    return change


def printed_direction(change: float, kind: str, style: HouseStyle) -> str:
    """up, down or flat: the direction of ``change`` as printed."""
    shown = printed_change(change, kind, style)
    return "up" if shown > 0 else "down" if shown < 0 else "flat"
