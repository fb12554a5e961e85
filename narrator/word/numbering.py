"""Word's own multilevel numbering for headings and numbered paragraphs.

Contract: :func:`add_outline_list` adds to ``numbering.xml`` one list definition (an
``abstractNum`` with nine decimal levels printing ``1.``, ``1.1``, ``1.1.1`` …, each
level restarting after a higher one) and links it to paragraph styles: level *n* to
"Heading n" (through the level's ``pStyle``, so Word's Define New Multilevel List
dialog shows the link) and to "Numbered Paragraph n" (through the style's own
``numPr``). Headings and paragraphs at the same level therefore share one counter,
exactly as :func:`narrator.document.numbering.number_blocks` numbers them: after paragraphs
4.1 and 4.2 the next level-2 heading is 4.3. Word computes every number; the text
holds none, so a paragraph inserted in Word renumbers the rest.

Paragraphs name their level directly too (:meth:`OutlineList.number_properties`):
the standard says a style's ``ilvl`` is ignored in favour of the level's ``pStyle``,
and only one style can be a level's ``pStyle``, so a direct ``numPr`` is what makes a
numbered paragraph's level unambiguous to every reader (Word, LibreOffice, converters).
A new paragraph made with Enter in Word copies it.

:meth:`OutlineList.restart` starts the numbers again at 1 (after an unnumbered
heading, as number_blocks does) with a second list instance that overrides the
start of level 1; blocks after it carry that instance's id directly.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from .styles import StyleSheet
from .xml import get_or_add, insert_ordered, w

__all__ = ["LEVELS", "OutlineList", "add_outline_list", "level_text"]

LEVELS = 9
NSID = "4E415252"  # "NARR": Word's identity for the list when text is copied between documents


def level_text(level: int) -> str:
    """What level ``level`` (1-based) prints: "%1." for 1, "%1.%2.%3" for 3."""
    text = ".".join(f"%{n}" for n in range(1, level + 1))
    return text + "." if level == 1 else text


class OutlineList:
    """The outline list of one document, once added to its numbering part."""

    def __init__(self, numbering: etree._Element, abstract_id: int, num_id: int) -> None:
        self.numbering = numbering
        self.abstract_id = abstract_id
        self.base_id = num_id
        self.num_id = num_id  # the instance blocks use from here on

    def number_properties(self, level: int) -> etree._Element:
        """``<w:numPr>`` putting a paragraph at ``level`` (1-based) of the current instance."""
        _check(level)
        return w("numPr", w("ilvl", val=level - 1), w("numId", val=self.num_id))

    @property
    def restarted(self) -> bool:
        return self.num_id != self.base_id

    def restart(self) -> None:
        """Number the following blocks from 1 again."""
        self.num_id = _next_id(self.numbering, "num", "numId")
        insert_ordered(
            self.numbering,
            w(
                "num",
                w("abstractNumId", val=self.abstract_id),
                w("lvlOverride", w("startOverride", val=1), ilvl=0),
                numId=self.num_id,
            ),
            replace=False,
        )


def add_outline_list(
    numbering: etree._Element,
    styles: StyleSheet,
    headings: dict[int, str],
    paragraphs: dict[int, str],
    indents: dict[int, int],
) -> OutlineList:
    """Add the list to ``numbering`` (a ``w:numbering``) and link it to the styles.

    ``headings`` and ``paragraphs`` map a level (1-based) to a style id; ``indents`` the
    level to the distance, in twips, from the margin to the text (the number hangs in it).
    Any other list definition in the part that claimed one of these styles lets go of it.
    """
    abstract_id = _next_id(numbering, "abstractNum", "abstractNumId")
    num_id = _next_id(numbering, "num", "numId")
    linked = set(headings.values()) | set(paragraphs.values())
    for old in numbering.iter(qn("w:pStyle")):
        if old.get(qn("w:val")) in linked:
            old.getparent().remove(old)
    abstract = w(
        "abstractNum",
        w("nsid", val=NSID),
        w("multiLevelType", val="multilevel"),
        w("name", val="Narrator outline"),
        abstractNumId=abstract_id,
    )
    for level in range(1, LEVELS + 1):
        indent = indents.get(level, indents[max(indents)])
        abstract.append(
            w(
                "lvl",
                w("start", val=1),
                w("numFmt", val="decimal"),
                w("pStyle", val=headings[level]) if level in headings else None,
                w("suff", val="tab"),
                w("lvlText", val=level_text(level)),
                w("lvlJc", val="left"),
                w("pPr", w("tabs", w("tab", val="num", pos=indent)), w("ind", left=indent, hanging=indent)),
                ilvl=level - 1,
            )
        )
    insert_ordered(numbering, abstract, replace=False)
    insert_ordered(numbering, w("num", w("abstractNumId", val=abstract_id), numId=num_id), replace=False)
    outline = OutlineList(numbering, abstract_id, num_id)
    for level, style_id in (*headings.items(), *paragraphs.items()):
        ppr = styles.paragraph_properties(style_id)
        insert_ordered(ppr, outline.number_properties(level))
        for stale in ppr.findall(qn("w:ind")):  # the list's indent applies; a style's own would fight it
            ppr.remove(stale)
    return outline


def no_number(ppr: etree._Element) -> None:
    """Switch off numbering a paragraph's style gives it (numId 0 is "no list")."""
    insert_ordered(ppr, w("numPr", w("ilvl", val=0), w("numId", val=0)))
    get_or_add(ppr, "ind").attrib.update({qn("w:left"): "0", qn("w:firstLine"): "0"})


def _next_id(numbering: etree._Element, tag: str, attribute: str) -> int:
    used = [int(element.get(qn(f"w:{attribute}"))) for element in numbering.iterfind(qn(f"w:{tag}"))]
    return max(used, default=0) + 1


def _check(level: int) -> None:
    if not 1 <= level <= LEVELS:
        raise ValueError(f"Word lists have {LEVELS} levels; cannot number a block at level {level}")
