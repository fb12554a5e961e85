"""Referring expressions: what a paragraph calls a force or a measure, named in full once, then
briefly.

* the force is named as the analyst names it: report.yaml's ``report.force`` ("Kent Police"), even
  where a published table calls it otherwise ("Kent"), and afterwards by ``report.force_short``
  ("the force", "the Constabulary");
* a measure is named by the catalogue's ``name`` once in a paragraph and after that by its
  ``short_name`` (else its ``name``): :class:`Mentions` remembers which were named.
"""

from __future__ import annotations

from ..inputs.names import key as name_key


def force_name(report_force: str | None, area: str | None) -> str:
    """The name the text gives the force a draft is about: ``report.force`` when it names this area
    (or when the draft has no area), else the area's own name."""
    if area is None:
        return report_force or ""
    if report_force and name_key(report_force) == name_key(area):
        return report_force
    return area


class Mentions:
    """Which names a paragraph has already said: the first mention is full, later ones brief."""

    def __init__(self) -> None:
        self.said: set[str] = set()

    def refer(self, key: str, full: str, brief: str) -> str:
        if key in self.said:
            return brief
        self.said.add(key)
        return full

    def new_paragraph(self) -> None:
        self.said.clear()
