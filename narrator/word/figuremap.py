"""The figure map: which fact each figure bookmark shows, and what Narrator wrote there.

Contract. The map is one custom XML part (``customXml/itemN.xml``, root ``figures`` in the
namespace :data:`NAMESPACE`), which Word and LibreOffice keep when they save. It holds, in
the order the figures were written:

* a ``figure`` per bookmark: ``bookmark`` (its name), ``fact`` (the fact id), ``text`` (the
  text Narrator wrote) and, for a figure in a table cell, ``fill``: the cell's shading as
  written (hex RGB, or ``""`` for none); ``before`` and ``after``: the few characters of its
  paragraph on each side of it as written, by which it is found again when its bookmark is lost;
  for a figure alone in a table cell, ``row`` and ``column``: the text of its row's first cell
  and of its column's first cell (the row's label, the column's heading), which do the same;
* after the figures, a ``state`` per subject of the figures (for a report, a measure): a
  ``key`` and plain attributes, which this layer stores and never interprets.

A map without fills or states (a draft written before they were recorded) reads with
``fill`` None and no states. :func:`find_map` finds the part among a package's members
(Word may renumber the items); :meth:`FigureMap.to_xml` and :meth:`FigureMap.from_xml`
convert, and the same map always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from .xml import attribute_text

__all__ = ["NAMESPACE", "FigureMap", "MappedFigure", "find_map", "is_figure_map"]

NAMESPACE = "urn:narrator:figures:1"
_ITEM = re.compile(r"customXml/item\d+\.xml")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # a map is read as written: no entity is expanded


@dataclass(frozen=True)
class MappedFigure:
    bookmark: str
    fact_id: str
    text: str  # as Narrator wrote it
    fill: str | None = None  # the shading of its table cell as written ("" none); None: not recorded
    before: str | None = None  # the few characters of its paragraph just before it, as written; None: not recorded
    after: str | None = None  # … and just after it
    row: str | None = None  # in a table cell it fills alone: its row's label (the row's first cell), as written
    column: str | None = None  # … and its column's heading (the column's cell in the table's first row)


@dataclass(frozen=True)
class FigureMap:
    figures: tuple[MappedFigure, ...]
    states: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def by_bookmark(self) -> dict[str, MappedFigure]:
        return {figure.bookmark: figure for figure in self.figures}

    def to_xml(self) -> bytes:
        """The map's part: the bytes lxml writes (:meth:`_lxml_xml`), put together as text, which is
        several times quicker for a map of hundreds of figures (a batch writes one per draft)."""
        pieces = []
        for figure in self.figures:
            pieces.append(f'<figure bookmark="{_escaped(figure.bookmark)}" fact="{_escaped(figure.fact_id)}" text="{_escaped(figure.text)}"')
            pieces.extend(f' {name}="{_escaped(getattr(figure, name))}"' for name in _OPTIONAL if getattr(figure, name) is not None)
            pieces.append("/>")
        for key, attributes in self.states.items():
            if not all(_NAME.fullmatch(name) for name in attributes):
                return self._lxml_xml()  # lxml's own error
            pieces.append(f'<state key="{_escaped(key)}"')
            pieces.extend(f' {name}="{_escaped(value)}"' for name, value in attributes.items())
            pieces.append("/>")
        body = "".join(pieces)
        if _UNSAFE.search(body):
            return self._lxml_xml()  # text XML cannot hold: lxml refuses it, as it always did
        root = f'<figures xmlns="{NAMESPACE}"' + (f">{body}</figures>" if body else "/>")
        return _DECLARATION + root.encode("utf-8")

    def _lxml_xml(self) -> bytes:
        root = etree.Element(_tag("figures"), nsmap={None: NAMESPACE})
        for figure in self.figures:
            element = etree.SubElement(root, _tag("figure"), bookmark=figure.bookmark, fact=figure.fact_id, text=figure.text)
            for name in ("fill", "before", "after", "row", "column"):
                if getattr(figure, name) is not None:
                    element.set(name, getattr(figure, name))
        for key, attributes in self.states.items():
            element = etree.SubElement(root, _tag("state"), key=key)
            for name, value in attributes.items():
                element.set(name, value)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    @classmethod
    def from_xml(cls, blob: bytes) -> FigureMap:
        root = etree.fromstring(blob, _PARSER)
        figures = tuple(
            MappedFigure(element.get("bookmark", ""), element.get("fact", ""), element.get("text", ""), element.get("fill"),
                         element.get("before"), element.get("after"), element.get("row"), element.get("column"))
            for element in root.iter(_tag("figure"))
        )
        states = {
            element.get("key", ""): {name: value for name, value in element.attrib.items() if name != "key"}
            for element in root.iter(_tag("state"))
        }
        return cls(figures, states)


_OPTIONAL = ("fill", "before", "after", "row", "column")
_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_SPECIAL = re.compile('[&<>"\n\r\t]')
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escaped(value: str) -> str:
    """An attribute's text escaped as lxml escapes it."""
    if not _SPECIAL.search(value):
        return value
    return attribute_text(value).replace('"', "&quot;")


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")  # a name lxml takes as it is


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def is_figure_map(blob: bytes) -> bool:
    """Whether a custom XML part's bytes are a Narrator figure map."""
    try:
        return etree.QName(etree.fromstring(blob, _PARSER)).namespace == NAMESPACE
    except etree.XMLSyntaxError:
        return False


def find_map(parts: Mapping[str, bytes]) -> str | None:
    """The zip name of the figure map among a package's ``parts`` (name → bytes), if there is one."""
    for name in sorted(parts):
        if _ITEM.fullmatch(name) and is_figure_map(parts[name]):
            return name
    return None
