"""Paragraph numbers as text that Word renumbers: ``SEQ`` fields, one sequence per level.

Contract: :func:`number_runs` gives the runs that open a numbered heading or paragraph with
its number, "4.3.1" then a tab: a field per part of the number, each counting one level of
the outline (the sequences ``Outline1`` … ``Outline9``) and showing the value Narrator
computed, as :func:`narrator.document.numbering.number_blocks` numbers the Markdown draft.
A part above the block's own level repeats its sequence's current value (``\\c``); the
block's own part counts on (or, after an unnumbered heading, is set: ``\\r``); and hidden
fields (``\\r 0 \\h``, in hidden runs too, which LibreOffice needs) set the deeper levels
back to 0, so 4.3.2 is followed by 5 and then 5.1. :func:`outline_styles` gives the heading
and numbered-paragraph styles the hanging indent the number stands in, and unlinks them from
any list (a house template's numbered headings would number them twice).

Why text and not Word's list numbering: every other reader of the .docx reads the numbers as
text (pandoc made the list numbers "10." or "1." and dropped the headings' numbers), and the
fields keep Word's renumbering: after a paragraph is inserted or deleted, select all and press
F9 (or print) and every number follows, as the table and figure captions do; LibreOffice
recomputes them on opening. A new numbered paragraph gets its number by copying one (the
number and its tab) from another paragraph of its level. :mod:`narrator.word.outline` reads
these numbers (and the list numbers of drafts made before them).
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from lxml import etree

from .fields import field_runs
from .styles import StyleSheet
from .xml import get_or_add, insert_ordered, w

__all__ = ["LEVELS", "SEQUENCE", "no_number", "number_runs", "outline_styles"]

LEVELS = 9
SEQUENCE = "Outline"  # the sequences Outline1 … Outline9: one per level


def number_runs(number: tuple[int, ...], deepest: int, *, restart: bool = False) -> list[etree._Element]:
    """The runs of ``number`` (4, 3, 1) as Word shows it, "4.3.1" then a tab, in a document whose
    deepest numbered level is ``deepest``; ``restart``: the first number after an unnumbered
    heading, whose parts are set rather than counted."""
    level = len(number)
    if not 1 <= level <= LEVELS:
        raise ValueError(f"Word numbers have {LEVELS} levels; cannot number a block at level {level}")
    runs: list[etree._Element] = []
    for part, value in enumerate(number, start=1):
        switch = f"\\r {value}" if restart else ("\\c" if part < level else "")
        runs += field_runs(" ".join(filter(None, (f"SEQ {SEQUENCE}{part}", switch, "\\* ARABIC"))), str(value))
        if part < level or level == 1:
            runs.append(w("r", w("t", text=".")))
    hidden = w("rPr", w("vanish"))
    for deeper in range(level + 1, max(deepest, level) + 1):
        runs += field_runs(f"SEQ {SEQUENCE}{deeper} \\r 0 \\h", "", copy.deepcopy(hidden))
    runs.append(w("r", w("tab")))
    return runs


def outline_styles(numbering: etree._Element, styles: StyleSheet, linked: dict[int, str], indents: dict[int, int]) -> None:
    """Give each style of ``linked`` (level → style id) the hanging indent of its level
    (``indents``: level → twips from the margin to the text) with a tab stop there, and no list:
    a list definition that claimed one of them lets go of it."""
    for old in numbering.iter(qn("w:pStyle")):
        if old.get(qn("w:val")) in linked.values():
            old.getparent().remove(old)
    for level, style_id in linked.items():
        indent = indents.get(level, indents[max(indents)])
        ppr = styles.paragraph_properties(style_id)
        for stale in [*ppr.findall(qn("w:numPr")), *ppr.findall(qn("w:ind")), *ppr.findall(qn("w:tabs"))]:
            ppr.remove(stale)
        insert_ordered(ppr, w("tabs", w("tab", val="left", pos=indent)))
        insert_ordered(ppr, w("ind", left=indent, hanging=indent))


def no_number(ppr: etree._Element) -> None:
    """Switch off any list numbering and the number's indent for one paragraph (numId 0 is "no list")."""
    insert_ordered(ppr, w("numPr", w("ilvl", val=0), w("numId", val=0)))
    get_or_add(ppr, "ind").attrib.update({qn("w:left"): "0", qn("w:firstLine"): "0"})
