"""Figure bookmarks: every generated figure tagged with its fact id, findable after editing.

Contract. Writing: :class:`FigureBookmarks` names each figure's bookmark
(:func:`bookmark_name`), wraps the figure's runs in ``w:bookmarkStart``/``w:bookmarkEnd``
(invisible in Word), and :meth:`~FigureBookmarks.write_map` stores the map from bookmark
name to fact id, and the text the figure was generated with, in a custom XML part
(``customXml/itemN.xml``, namespace :data:`NAMESPACE`), which Word keeps when it saves.

Names are what Word accepts: a letter first, then letters, digits and underscores, at
most 40 characters, unique (Word compares them without regard to case). The scheme is
deterministic: ``F_`` and the fact id with every run of other characters made one
underscore (``F_da_recorded_change_pct``); the second and later figures of the same fact
add ``__2``, ``__3`` (a double underscore never occurs in the first part); a name that
would be too long keeps the start of the id and ends in six hex digits of the id's
SHA-1 (``F_drugs_trafficking_recorded_rec_4c1e0a``). A name clashing with another
fact's falls back to ``F`` and twelve hex digits.

Reading: :func:`figure_bookmarks` takes a .docx (path or bytes), edited or not, and
returns each figure bookmark's fact id, the text it was generated with, and the text it
encloses now (a non-breaking hyphen read as "-") (``None`` once the analyst has deleted the figure, and Word the bookmark).
"""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ..reading import read_bytes
from ..zipfiles import read_zip
from .figuremap import NAMESPACE, FigureMap, MappedFigure, find_map, is_figure_map
from .ranges import find_ranges
from .xml import w

if TYPE_CHECKING:
    from .package import WordPackage

__all__ = ["NAMESPACE", "BookmarkedFigure", "FigureBookmarks", "bookmark_name", "figure_bookmarks", "is_figure_map"]

MAX_LENGTH = 40
PREFIX = "F_"
ITEM_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
ITEM_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)).upper() + "}"  # fixed: the same in every draft
_OTHER = re.compile(r"[^0-9A-Za-z]+")
_VALID = re.compile(r"[A-Za-z][0-9A-Za-z_]{0,39}")


def _digest(fact_id: str, length: int) -> str:
    return hashlib.sha1(fact_id.encode("utf-8")).hexdigest()[:length]


@functools.lru_cache(maxsize=1 << 16)
def bookmark_name(fact_id: str, occurrence: int = 1) -> str:
    """The bookmark name of the ``occurrence``-th figure (1-based) drawn from ``fact_id``."""
    suffix = f"__{occurrence}" if occurrence > 1 else ""
    slug = _OTHER.sub("_", fact_id).strip("_")
    room = MAX_LENGTH - len(PREFIX) - len(suffix)
    if len(slug) > room:
        slug = slug[: room - 7].rstrip("_") + "_" + _digest(fact_id, 6)
    return f"{PREFIX}{slug}{suffix}"


@dataclass(frozen=True)
class BookmarkedFigure:
    fact_id: str
    generated: str  # the figure's text as Narrator wrote it
    text: str | None  # the text the bookmark encloses now; None if the bookmark is gone


_START, _END, _ID, _NAME = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:id"), qn("w:name")


class FigureBookmarks:
    """Names and places the bookmarks of one document's figures."""

    def __init__(self, next_id: Iterable[int]) -> None:
        self._ids = iter(next_id)
        self._occurrences: dict[str, int] = {}
        self._taken: set[str] = set()
        self.figures: dict[str, tuple[str, str]] = {}  # name → (fact id, text), in document order

    def name(self, fact_id: str) -> str:
        occurrence = self._occurrences.get(fact_id, 0) + 1
        self._occurrences[fact_id] = occurrence
        name = bookmark_name(fact_id, occurrence)
        counter = 0
        while name.casefold() in self._taken:  # another fact's id made the same name
            counter += 1
            name = f"F{_digest(f'{fact_id}#{occurrence}#{counter}', 12)}"
        self._taken.add(name.casefold())
        return name

    def wrap(self, fact_id: str, text: str, runs: list[etree._Element]) -> list[etree._Element]:
        """``runs`` (the figure as printed) inside a new bookmark for ``fact_id``."""
        name = self.name(fact_id)
        assert _VALID.fullmatch(name), name
        self.figures[name] = (fact_id, text)
        identifier = str(next(self._ids))
        return [w("bookmarkStart", id=identifier, name=name), *runs, w("bookmarkEnd", id=identifier)]

    def rebind(self, element: etree._Element, figures: list[tuple[str, str]]) -> None:
        """Name and number anew, as :meth:`wrap` would, the bookmarks of ``element`` (a copy of
        elements made by wrap), whose figures are ``figures`` (fact id, text) in document order."""
        starts, ends = list(element.iter(_START)), list(element.iter(_END))
        assert len(starts) == len(ends) == len(figures), (len(starts), len(ends), len(figures))
        for start, end, (fact_id, text) in zip(starts, ends, figures):
            name = self.name(fact_id)
            self.figures[name] = (fact_id, text)
            identifier = str(next(self._ids))
            start.set(_ID, identifier)
            start.set(_NAME, name)
            end.set(_ID, identifier)

    def write_map(self, package: WordPackage) -> tuple[FigureMap, str] | None:
        """Store the map (:mod:`.figuremap`) in a custom XML part of ``package`` (nothing if no figures);
        the map and its part's zip name, which a build records more in (:mod:`narrator.drafts.record`)."""
        if not self.figures:
            return None
        figure_map = FigureMap(tuple(MappedFigure(name, fact_id, text) for name, (fact_id, text) in self.figures.items()))
        item, _ = package.add_part("/customXml/item1.xml", "application/xml", figure_map.to_xml(), RT.CUSTOM_XML)
        properties = etree.Element(f"{{{DATASTORE}}}datastoreItem", nsmap={"ds": DATASTORE})
        properties.set(f"{{{DATASTORE}}}itemID", ITEM_ID)
        references = etree.SubElement(properties, f"{{{DATASTORE}}}schemaRefs")
        etree.SubElement(references, f"{{{DATASTORE}}}schemaRef").set(f"{{{DATASTORE}}}uri", NAMESPACE)
        number = re.search(r"(\d+)\.xml$", str(item.partname)).group(1)
        package.add_xml_part(f"/customXml/itemProps{number}.xml", ITEM_PROPS_TYPE, properties, RT.CUSTOM_XML_PROPS, item)
        return figure_map, str(item.partname).lstrip("/")


# --- reading -------------------------------------------------------------------


def figure_bookmarks(source: str | Path | bytes) -> dict[str, BookmarkedFigure]:
    """Each figure bookmark of the .docx ``source``: its fact id, generated and current text.

    Bookmarks are looked for in the body and the footnotes; text is what a reader sees
    (:mod:`.ranges`: deleted revisions left out, tabs as "\\t", line and paragraph breaks as "\\n").
    """
    data = source if isinstance(source, bytes) else read_bytes(source, expected="expected a Word draft")
    parts = {name: blob for name, blob in read_zip(data, "the draft" if isinstance(source, bytes) else str(source))
             if name.startswith("customXml/") or name in ("word/document.xml", "word/footnotes.xml")}
    found = find_map(parts)
    if found is None:
        return {}
    ranges = {}
    for story in ("word/document.xml", "word/footnotes.xml"):
        if story in parts:
            for key, bookmark in find_ranges(etree.fromstring(parts[story])).items():
                ranges.setdefault(key, bookmark)
    figures = {}
    for figure in FigureMap.from_xml(parts[found]).figures:
        bookmark = ranges.get(figure.bookmark.casefold())
        figures[figure.bookmark] = BookmarkedFigure(figure.fact_id, figure.text, None if bookmark is None else bookmark.text)
    return figures
