"""Where a paragraph of an existing draft stands: its number as Word shows it, its section, its table row.

Contract. :func:`places` reads a document's body (with its numbering and styles parts,
either may be absent) and gives every paragraph a :class:`Place`: the number Word shows
before it ("4.3.1", "1."; "" if none), the heading it falls under ("4.3 Domestic Abuse"),
and for a paragraph in a table the table (counted from 1 in the body) and row (from 1)
with the row's first cell as its label. Nothing is typed in the text: numbers are computed
as Word computes them, so a paragraph the analyst inserted, deleted or moved shifts the
numbers after it, as on the page.

A number may also be held as text: the ``SEQ`` fields that open the paragraph (drafts made since
numbers were text; :mod:`.numbertext`), counted as Word counts them when it updates fields.

The numbering rules followed: a paragraph's list and level come from its own ``w:numPr``,
else from its style chain (a style's list with no level takes the level linked to the style
by ``w:pStyle``); ``numId`` 0 is no number. Instances of one list definition share their
counters; an instance with a ``w:startOverride`` starts its level again where it is first
used; a level restarts after any higher level (unless ``w:lvlRestart`` is 0); a level never
used shows its start. Decimal, letter and roman formats are shown; a bullet shows its
character. A heading is a paragraph with an outline level below 9 (its own or its style's),
or in a style named "heading n".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

from .numbertext import Sequences
from .ranges import paragraph_text

__all__ = ["Place", "cell_text", "places"]

_P, _TR, _TC, _TBL, _PPR, _NUMPR = qn("w:p"), qn("w:tr"), qn("w:tc"), qn("w:tbl"), qn("w:pPr"), qn("w:numPr")


@dataclass(frozen=True)
class Place:
    number: str = ""  # as Word shows it: "4.3.1"; "" unnumbered
    section: str = ""  # the heading above: "4.3 Domestic Abuse"; "" before the first
    table: int | None = None  # the body table it is in, from 1
    row: int | None = None  # its row in that table, from 1
    row_label: str = ""  # the text of the row's first cell


def _val(element: etree._Element | None, tag: str) -> str | None:
    if element is None:
        return None
    found = element.find(qn(f"w:{tag}"))
    return None if found is None else found.get(qn("w:val"))


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    style: str | None = None


class _Lists:
    """The numbering part and the styles' links to it."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.styles: dict[str, etree._Element] = {}
        self._numbering_of: dict[str | None, tuple[str | None, int | None]] = {}
        self._by_style: dict[str | None, tuple[str, int] | None] = {}
        if styles is not None:
            for style in styles.iter(qn("w:style")):
                if style.get(qn("w:type"), "paragraph") == "paragraph":
                    self.styles[style.get(qn("w:styleId"), "")] = style
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstract id, start overrides)
        if numbering is None:
            return
        links: dict[str, str] = {}
        for abstract in numbering.iter(qn("w:abstractNum")):
            key = abstract.get(qn("w:abstractNumId"), "")
            self.abstracts[key] = {int(level.get(qn("w:ilvl"), "0")): _level(level) for level in abstract.iter(qn("w:lvl"))}
            link = _val(abstract, "numStyleLink")
            if link:
                links[key] = link
        for num in numbering.iter(qn("w:num")):
            overrides = {}
            for override in num.iter(qn("w:lvlOverride")):
                start = _val(override, "startOverride")
                if start is not None and start.lstrip("-").isdigit():
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start)
            self.nums[num.get(qn("w:numId"), "")] = (_val(num, "abstractNumId") or "", overrides)
        for key, style_id in links.items():  # a list that takes its levels from a numbering style
            num_id, _ = self._style_numbering(style_id)
            if num_id in self.nums and self.nums[num_id][0] in self.abstracts:
                self.abstracts[key] = self.abstracts[self.nums[num_id][0]]

    def _style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = _val(style, "basedOn")

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        if style_id not in self._numbering_of:  # the same for every paragraph of the style: found once
            self._numbering_of[style_id] = self._find_style_numbering(style_id)
        return self._numbering_of[style_id]

    def _find_style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        for style in self._style_chain(style_id):
            numpr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numpr is not None and _val(numpr, "numId") is not None:
                level = _val(numpr, "ilvl")
                return _val(numpr, "numId"), int(level) if level and level.isdigit() else None
        return None, None

    def numbering(self, paragraph: etree._Element) -> tuple[str, int] | None:
        """(numId, level) of ``paragraph``, or None if it has no number."""
        ppr = paragraph.find(_PPR)
        style_id = _val(ppr, "pStyle")
        numpr = ppr.find(_NUMPR) if ppr is not None else None
        if numpr is None:  # its style's alone: the same for every paragraph of the style, found once
            if style_id not in self._by_style:
                self._by_style[style_id] = self._numbering(style_id, None, None)
            return self._by_style[style_id]
        return self._numbering(style_id, _val(numpr, "numId"), _val(numpr, "ilvl"))

    def _numbering(self, style_id: str | None, num_id: str | None, level: str | None) -> tuple[str, int] | None:
        level = int(level) if level and level.isdigit() else None
        if num_id is None:
            num_id, style_level = self._style_numbering(style_id)
            level = level if level is not None else style_level
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        if level is None:
            levels = self.abstracts.get(self.nums[num_id][0], {})
            level = next((n for n, lvl in levels.items() if lvl.style and lvl.style == style_id), 0)
        return num_id, level

    def outline_level(self, paragraph: etree._Element) -> int | None:
        ppr = paragraph.find(qn("w:pPr"))
        own = _val(ppr, "outlineLvl")
        if own is not None:
            return int(own) if own.isdigit() and int(own) < 9 else None
        for style in self._style_chain(_val(ppr, "pStyle")):
            level = _val(style.find(qn("w:pPr")), "outlineLvl")
            if level is not None:
                return int(level) if level.isdigit() and int(level) < 9 else None
            if re.fullmatch(r"heading [1-9]", (_val(style, "name") or "").casefold()):
                return int((_val(style, "name") or "")[-1]) - 1
        return None


def _level(element: etree._Element) -> _Level:
    start = _val(element, "start")
    restart = _val(element, "lvlRestart")
    return _Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=_val(element, "numFmt") or "decimal",
        text=_val(element, "lvlText") or "",
        restart=int(restart) if restart and restart.isdigit() else None,
        style=_val(element, "pStyle"),
    )


def _roman(number: int) -> str:
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _formatted(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and number > 0:
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and number > 0:
        return _roman(number).upper() if fmt == "upperRoman" else _roman(number)
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "none":
        return ""
    return str(number)


class _Counter:
    """Word's list counters, paragraph by paragraph in document order."""

    def __init__(self, lists: _Lists) -> None:
        self.lists = lists
        self.counts: dict[str, dict[int, int]] = {}  # abstract id → level → count
        self.starts: dict[tuple[str, int], int] = {}  # (abstract, level) → start overridden by an instance
        self.used: set[str] = set()

    def label(self, num_id: str, level: int) -> str:
        abstract_id, overrides = self.lists.nums[num_id]
        levels = self.lists.abstracts.get(abstract_id)
        if not levels or level not in levels:
            return ""
        counts = self.counts.setdefault(abstract_id, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for overridden, start in overrides.items():
                for deeper in [n for n in counts if n >= overridden]:
                    counts.pop(deeper)
                self.starts[(abstract_id, overridden)] = start

        def start(n: int) -> int:
            return self.starts.get((abstract_id, n), levels[n].start if n in levels else 1)

        counts[level] = counts[level] + 1 if level in counts else start(level)
        for deeper in [n for n in counts if n > level and levels.get(n, _Level()).restart != 0]:
            counts.pop(deeper)
        lvl = levels[level]
        if lvl.fmt == "bullet":
            return lvl.text

        def number(match: re.Match[str]) -> str:
            n = int(match.group(1)) - 1
            return _formatted(counts.get(n, start(n)), levels[n].fmt if n in levels else "decimal")

        return re.sub(r"%([1-9])", number, lvl.text)


def cell_text(cell: etree._Element) -> str:
    """A table cell's text as a reader sees it: its paragraphs' text, runs of spaces as one."""
    return " ".join(" ".join(paragraph_text(p)[0] for p in cell.iter(_P)).split())


def places(
    document: etree._Element, numbering: etree._Element | None = None, styles: etree._Element | None = None
) -> dict[etree._Element, Place]:
    """Every paragraph of the ``document`` (root of document.xml) with its :class:`Place`."""
    lists = _Lists(numbering, styles)
    counter = _Counter(lists)
    sequences = Sequences()
    body = document.find(qn("w:body"))
    if body is None:
        return {}
    tables = {table: index for index, table in enumerate(body.iterchildren(_TBL), start=1)}
    row_numbers: dict[etree._Element, dict[etree._Element, int]] = {}
    rows: dict[etree._Element, tuple[int | None, int, str]] = {}  # a row's table, number and label: the same for each of its paragraphs
    found: dict[etree._Element, Place] = {}
    section = ""
    for paragraph in body.iter(_P):
        numbered = lists.numbering(paragraph)
        typed = sequences.number(paragraph)  # a number held as text (SEQ fields), counted in every paragraph
        number = counter.label(*numbered) if numbered else typed
        row = next(paragraph.iterancestors(_TR), None)
        if row is None:
            if lists.outline_level(paragraph) is not None:
                section = " ".join(f"{number} {paragraph_text(paragraph)[0]}".split())
            found[paragraph] = Place(number, section)
            continue
        if row not in rows:
            table = list(row.iterancestors(_TBL))[-1]
            if table not in row_numbers:
                row_numbers[table] = {tr: index for index, tr in enumerate(table.iter(_TR), start=1)}
            first_cell = row.find(_TC)
            rows[row] = (tables.get(table), row_numbers[table][row], cell_text(first_cell) if first_cell is not None else "")
        found[paragraph] = Place(number, section, *rows[row])
    return found
