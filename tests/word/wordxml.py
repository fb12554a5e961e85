"""Reading a .docx back at the XML level, as Word would interpret it: for the writer tests."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from functools import cached_property

from docx.oxml.ns import qn
from lxml import etree

from narrator.word.charts import A_NS, C_NS, PIC_NS, WP_NS
from narrator.word.numbertext import Sequences, number_prefix
from narrator.word.charts import ORDER as CHART_ORDER
from narrator.word.comments import COMMENTS_REL
from narrator.word.existing import ExistingDocx
from narrator.word.xml import ORDER as XML_ORDER
from narrator.word.xml import W_NS, local
from narrator.word.xml import _rank as rank

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TYPED_NUMBER = re.compile(r"^\s*\d+(\.\d+)*\.?(\s|$)")


class Package:
    """The parts of a .docx, parsed."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))

    def names(self) -> list[str]:
        return self.zip.namelist()

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def has(self, name: str) -> bool:
        return name in self.zip.namelist()

    @cached_property
    def document(self) -> etree._Element:
        return self.xml("word/document.xml")

    @property
    def body(self) -> etree._Element:
        return self.document.find(qn("w:body"))

    @cached_property
    def styles(self) -> etree._Element:
        return self.xml("word/styles.xml")

    def style(self, style_id: str) -> etree._Element | None:
        for style in self.styles.iter(qn("w:style")):
            if style.get(qn("w:styleId")) == style_id:
                return style
        return None

    def style_named(self, name: str) -> etree._Element | None:
        for style in self.styles.iter(qn("w:style")):
            if style.find(qn("w:name")).get(qn("w:val")).casefold() == name.casefold():
                return style
        return None

    def style_name(self, style_id: str) -> str:
        return self.style(style_id).find(qn("w:name")).get(qn("w:val"))


def text(element: etree._Element) -> str:
    """A paragraph's (or any element's) visible text: w:t, tabs and breaks; field codes left out, and
    so is a paragraph's number held as text (its SEQ fields and tab: :func:`typed_number` reads it)."""
    numbers = [run for p in element.iter(qn("w:p")) for run in number_prefix(p)]
    out = []
    for node in element.iter():
        if numbers and any(run is node or any(run is a for a in node.iterancestors(qn("w:r"))) for run in numbers):
            continue
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab") and node.getparent().tag == qn("w:r"):
            out.append("\t")
        elif node.tag == qn("w:br"):
            out.append("\n")
    return "".join(out)


def paragraph_style(paragraph: etree._Element) -> str | None:
    found = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if found is None else found.get(qn("w:val"))


def top_paragraphs(package: Package) -> list[etree._Element]:
    return [child for child in package.body if child.tag == qn("w:p")]


def _numpr(element: etree._Element | None) -> tuple[str | None, str | None]:
    if element is None:
        return None, None
    numpr = element.find(f"{W}pPr/{W}numPr")
    if numpr is None:
        return None, None
    ilvl, num_id = numpr.find(qn("w:ilvl")), numpr.find(qn("w:numId"))
    return (None if num_id is None else num_id.get(qn("w:val")), None if ilvl is None else ilvl.get(qn("w:val")))


def numbering_of(package: Package, paragraph: etree._Element) -> tuple[int, int] | None:
    """(numId, level) a paragraph is numbered with, directly or through its style chain; None if none."""
    num_id, ilvl = _numpr(paragraph)
    style_id = paragraph_style(paragraph)
    while (num_id is None or ilvl is None) and style_id:
        style = package.style(style_id)
        if style is None:
            break
        style_num, style_ilvl = _numpr(style)
        num_id = num_id if num_id is not None else style_num
        ilvl = ilvl if ilvl is not None else style_ilvl
        based = style.find(qn("w:basedOn"))
        style_id = None if based is None else based.get(qn("w:val"))
    if num_id is None or num_id == "0":
        return None
    return int(num_id), int(ilvl or 0)


def word_numbers(package: Package) -> list[tuple[etree._Element, str | None]]:
    """Each body paragraph with the number Word shows for it (None if unnumbered).

    Word's rules: instances (w:num) of one definition (w:abstractNum) share counters;
    an instance with a startOverride starts its levels again when first used; a level
    restarts after any higher level; a level never used prints its start value.
    """
    numbering = package.xml("word/numbering.xml")
    sequences = Sequences()  # a number held as text: SEQ fields, counted as Word updates them
    abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.iter(qn("w:abstractNum"))}
    nums = {int(n.get(qn("w:numId"))): n for n in numbering.iter(qn("w:num"))}
    counters: dict[str, dict[int, int]] = {}
    started: set[int] = set()
    out = []
    for paragraph in package.body.iter(qn("w:p")):
        found = numbering_of(package, paragraph)
        typed = sequences.number(paragraph)
        if found is None:
            out.append((paragraph, typed or None))
            continue
        num_id, level = found
        num = nums[num_id]
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = abstracts[abstract_id]
        levels = {int(lvl.get(qn("w:ilvl"))): lvl for lvl in abstract.iter(qn("w:lvl"))}
        state = counters.setdefault(abstract_id, {})
        if num_id not in started:
            started.add(num_id)
            for override in num.iter(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    state.pop(int(override.get(qn("w:ilvl"))), None)
                    for deeper in list(state):
                        if deeper > int(override.get(qn("w:ilvl"))):
                            state.pop(deeper)
        start_of = {n: int(lvl.find(qn("w:start")).get(qn("w:val"))) for n, lvl in levels.items()}
        state[level] = state[level] + 1 if level in state else start_of[level]
        for deeper in [n for n in state if n > level]:
            state.pop(deeper)
        pattern = levels[level].find(qn("w:lvlText")).get(qn("w:val"))
        number = re.sub(r"%(\d)", lambda m: str(state.get(int(m.group(1)) - 1, start_of[int(m.group(1)) - 1])), pattern)
        out.append((paragraph, number))
    return out


def out_of_order(root: etree._Element) -> Iterable[str]:
    """Every place under ``root`` where a known element's children break schema order.

    Word reports a file with such a place as corrupt.
    """
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).namespace != W_NS:
            continue
        order = XML_ORDER.get(local(element))
        if order is None:
            continue
        last = -1
        for child in element:
            if not isinstance(child.tag, str) or etree.QName(child).namespace != W_NS:
                continue
            index = rank(order, local(child))
            if index is None:
                continue
            if index < last:
                yield f"<w:{local(element)}>: <w:{local(child)}> after <w:{order[last]}>"
            last = max(last, index)


def chart_out_of_order(root: etree._Element) -> list[str]:
    """Every place under ``root`` where a child of a known element breaks the chart schema order."""
    prefixes = {C_NS: "c", A_NS: "a", WP_NS: "wp", PIC_NS: "pic"}
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        name = f"{prefixes.get(qname.namespace, '?')}:{qname.localname}"
        order = CHART_ORDER.get(name)
        if order is None:
            continue
        last = -1
        for child in element:
            child_name = f"{prefixes.get(etree.QName(child).namespace, '?')}:{etree.QName(child).localname}"
            if child_name not in order:
                problems.append(f"<{name}> has an unexpected <{child_name}>")
                continue
            index = order.index(child_name)
            if index < last:
                problems.append(f"<{name}>: <{child_name}> after <{order[last]}>")
            last = max(last, index)
    return problems


def comment_texts(docx: ExistingDocx) -> dict[int, str]:
    """Every comment of the document by id: its text."""
    name = docx.related(COMMENTS_REL)
    if name is None or not docx.has(name):
        return {}
    return {
        int(comment.get(qn("w:id"))): "".join(t.text or "" for t in comment.iter(qn("w:t")))
        for comment in docx.tree(name).iter(qn("w:comment"))
    }
