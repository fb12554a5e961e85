"""A paragraph's number held as text: the ``SEQ`` fields that open it, read as Word counts them.

Contract: :func:`number_prefix` gives the runs that open a paragraph with its number, as
:mod:`narrator.word.numbering` writes it (fields of the sequences ``Outline1`` … ``Outline9``,
the full stops between them, then a tab), or none: a paragraph of a draft made before the
numbers were text, or one the analyst typed without a number. They are not the paragraph's
words: :func:`narrator.word.ranges.paragraph_text` leaves them out, so a paragraph renumbered
by an insertion above it reads as it did. :class:`Sequences` counts every ``SEQ`` field of a
document in order, as Word does when it updates them (``\\c`` repeats the current value,
``\\r n`` sets it, ``\\h`` hides the result; any other counts on), and gives each paragraph's
number as Word then shows it ("4.3.1", "1."), not the value stored in the file.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml import etree

from .numbering import SEQUENCE

__all__ = ["Sequences", "number_prefix"]

_R, _P, _T, _TAB = qn("w:r"), qn("w:p"), qn("w:t"), qn("w:tab")
_FLD, _INSTR = qn("w:fldChar"), qn("w:instrText")
_TYPE = qn("w:fldCharType")
_PASSED = {qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:proofErr"), qn("w:pPr")}
_OURS = re.compile(rf"\s*SEQ\s+{SEQUENCE}[1-9]\b", re.IGNORECASE)


def number_prefix(paragraph: etree._Element) -> list[etree._Element]:
    """The runs of ``paragraph``'s number, through the tab after it; [] when it has none."""
    if next(paragraph.iter(_INSTR), None) is None:
        return []  # no field instruction at all, so none of ours (most paragraphs, every table cell)
    runs: list[etree._Element] = []
    for child in paragraph:
        if child.tag in _PASSED:
            continue
        if child.tag != _R:
            return []
        runs.append(child)
        if child.find(_TAB) is not None:
            break
    else:
        return []
    if not any(_OURS.match(i.text or "") for run in runs for i in run.iter(_INSTR)):
        return []
    return runs


class Sequences:
    """Word's ``SEQ`` counters, paragraph by paragraph in document order."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def number(self, paragraph: etree._Element) -> str:
        """Count the fields of ``paragraph`` (call for every paragraph, in order) and give its
        number as Word shows it after an update ("" if it has none)."""
        if next(paragraph.iter(_FLD, _INSTR), None) is None:
            return ""  # no field: nothing to count, no number (most paragraphs, every table cell)
        prefix = number_prefix(paragraph)  # held: lxml keeps one proxy per element while it is referenced
        shown: list[str] = []
        depth, instruction, in_result = 0, [], False
        for run in paragraph.iter(_R):
            if next(run.iterancestors(_P), None) is not paragraph:
                continue
            ours = any(run is own for own in prefix)
            for child in run:
                if child.tag == _FLD:
                    kind = child.get(_TYPE)
                    if kind == "begin":
                        depth += 1
                        instruction = [] if depth == 1 else instruction
                    elif kind == "separate" and depth == 1:
                        value, in_result = self._field("".join(instruction)), True
                        shown.append(value if ours else "")
                    elif kind == "end" and depth:
                        depth -= 1
                        if depth == 0 and not in_result:
                            value = self._field("".join(instruction))
                            shown.append(value if ours else "")
                        in_result = in_result and depth > 0
                elif child.tag == _INSTR and depth == 1 and not in_result:
                    instruction.append(child.text or "")
                elif child.tag == _T and not depth and ours:
                    shown.append(child.text or "")
        return "".join(shown).strip() if prefix else ""

    def _field(self, instruction: str) -> str:
        found = re.match(r"\s*SEQ\s+(\S+)(.*)", instruction, re.IGNORECASE | re.DOTALL)
        if found is None:
            return ""
        name, switches = found.group(1).casefold(), found.group(2)
        reset = re.search(r"\\r\s*(-?\d+)", switches, re.IGNORECASE)
        if reset:
            self.counts[name] = int(reset.group(1))
        elif not re.search(r"\\c\b", switches, re.IGNORECASE):
            self.counts[name] = self.counts.get(name, 0) + 1
        return "" if re.search(r"\\h\b", switches, re.IGNORECASE) else str(self.counts.get(name, 0))
