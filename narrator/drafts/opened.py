"""A Word draft Narrator wrote, opened as it is now: its map, its stories, its bookmarks and paragraphs.

Contract. :class:`OpenedDraft` refuses a package that is not sound (:mod:`.sound`), a document
with no figure map and no bookmark named as Narrator names them, and a map none of whose
bookmarks is in the document; each is one :class:`~narrator.errors.InputError` line. The map
is the custom XML part; when a round trip lost it, the copy in the document's properties
(:mod:`.mapstore`); when both are lost, :meth:`~OpenedDraft.adopt` rebuilds it from the bookmarks'
names and a fresh build. Each of those says so in :attr:`~OpenedDraft.notes`. It holds:

* the stories a figure may stand in (:attr:`~OpenedDraft.stories`, in this order): the body
  (its tables and text boxes with it), the footnotes, the endnotes, and every header and
  footer;
* every occurrence of every bookmark, by name in lower case (:meth:`~OpenedDraft.occurrences`),
  each with its story; the copies Word keeps of a text box for older readers (its VML fallback)
  hang on the occurrence they copy;
* every paragraph of every story (not those of the VML fallback copies) with its visible text (:attr:`~OpenedDraft.paragraphs`), for
  finding a figure by its text (:mod:`.finding`);
* where each paragraph of the body stands (:meth:`~OpenedDraft.place`): its number as Word
  shows it now, its section, its table and row; a figure in another story is placed by the
  story's name.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from ..errors import InputError
from ..word.existing import ExistingDocx
from ..word.figuremap import FigureMap, MappedFigure, find_map
from ..word.outline import Place, places
from ..word.ranges import BookmarkRange, find_occurrences
from ..zipfiles import rels_name
from .finding import Paragraph
from .mapstore import stored_map
from .sound import refuse_unsound

__all__ = ["OpenedDraft", "STORY_NAMES"]

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
FOOTNOTES, ENDNOTES, HEADER, FOOTER = (_R + name for name in ("footnotes", "endnotes", "header", "footer"))
NUMBERING, STYLES = _R + "numbering", _R + "styles"
STORY_NAMES = {FOOTNOTES: "footnotes", ENDNOTES: "endnotes", HEADER: "headers and footers", FOOTER: "headers and footers"}
_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


class OpenedDraft:
    """A Word draft Narrator wrote, read as it is now."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        refuse_unsound(data, source)  # a damaged package is one line, before any work
        self.docx = ExistingDocx(data, source)
        self.notes: list[str] = []  # what the analyst should know about how the draft was read
        self.map_part = find_map(self.docx.parts)
        written = FigureMap.from_xml(self.docx.parts[self.map_part]) if self.map_part is not None else None
        usable = written is not None and bool(written.figures)  # a map that names no figure is no map
        stored = stored_map(self.docx.parts) if not usable else None
        self.map_source = "part" if usable else "properties" if stored is not None else "none"
        if usable:
            self.map = written
        elif stored is not None:
            self.map = stored
            self.notes.append("its figure map (a custom XML part) was lost, as an .odt or .doc round trip loses it; "
                              "it was read from the copy in the document's properties")
        else:
            self.map = FigureMap(())  # none: rebuilt from the bookmarks' names (adopt), if any are Narrator's
        self.story_names = {self.docx.main: ""} | self._other_stories()
        self.stories = list(self.story_names)
        self._occurrences: dict[str, list[tuple[str, BookmarkRange]]] = {}
        self.paragraphs: list[Paragraph] = []
        for story in self.stories:
            tree = self.docx.tree(story)
            for key, found in find_occurrences(tree).items():
                self._occurrences.setdefault(key, []).extend((story, bookmark) for bookmark in found)
            copies = {element for fallback in tree.iter(_FALLBACK) for element in fallback.iter(_P)}
            self.paragraphs += [Paragraph.of(story, element) for element in tree.iter(_P) if element not in copies]
        if self.map_source == "none" and not any(key.startswith("f_") for key in self._occurrences):
            raise InputError(
                f"{source}: holds no Narrator figure map, so its figures cannot be checked "
                "(it was not written by narrator build, or its custom XML parts were removed)"
            )
        if self.map.figures and not any(self.occurrences(figure.bookmark) for figure in self.map.figures):
            raise InputError(
                f"{source}: holds a Narrator figure map but none of the {len(self.map.figures)} bookmarks it names, "
                "so its figures cannot be found (the bookmarks were removed, or the map belongs to another document)"
            )
        numbering, styles = (self.docx.related(reltype) for reltype in (NUMBERING, STYLES))
        self.places = places(
            self.docx.tree(self.docx.main),
            self.docx.tree(numbering) if numbering and self.docx.has(numbering) else None,
            self.docx.tree(styles) if styles and self.docx.has(styles) else None,
        )

    def _other_stories(self) -> dict[str, str]:
        """The footnotes, endnotes, headers and footers the body relates to, by part name: the story's name."""
        rels = self.docx.parts.get(rels_name(self.docx.main))
        found: dict[str, str] = {}
        if not rels:
            return found
        folder = self.docx.main.rpartition("/")[0]
        for relationship in etree.fromstring(rels).iter(_RELATIONSHIP):
            kind = STORY_NAMES.get(relationship.get("Type", ""))
            target = relationship.get("Target", "")
            if kind is None or relationship.get("TargetMode") == "External":
                continue
            part = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
            if self.docx.has(part):
                found.setdefault(part, kind)
        order = list(STORY_NAMES.values())
        return dict(sorted(found.items(), key=lambda item: order.index(item[1])))

    def adopt(self, fresh: FigureMap) -> None:
        """With no map, take the figures of ``fresh`` (what Narrator writes now) whose bookmarks are in the
        draft: bookmark names are deterministic, so they name the same facts; what Narrator wrote is not
        known (""), so a figure that differs from the data is hand-edited, never overwritten."""
        figures = tuple(MappedFigure(f.bookmark, f.fact_id, "") for f in fresh.figures if self.occurrences(f.bookmark))
        if not figures:
            raise InputError(f"{self.source}: holds no Narrator figure map and none of the bookmarks Narrator writes now, "
                             "so its figures cannot be checked")
        self.map, self.map_source = FigureMap(figures), "names"
        self.notes.append(f"its figure map was lost (no custom XML part, no copy in the document's properties); "
                          f"{len(figures)} figures were found by their bookmarks' names, but what Narrator wrote in them "
                          "is not known, so a figure that differs from the data is listed as hand-edited and kept")

    def occurrence_names(self) -> set[str]:
        """The name (lower case) of every bookmark in the draft."""
        return set(self._occurrences)

    def occurrences(self, bookmark: str) -> list[tuple[str, BookmarkRange]]:
        """Every occurrence of the bookmark, with its story, in story order and then document order."""
        return self._occurrences.get(bookmark.casefold(), [])

    def locate(self, bookmark: str) -> tuple[str, BookmarkRange] | None:
        """The bookmark's first occurrence, as Word reads it."""
        found = self.occurrences(bookmark)
        return found[0] if found else None

    def place(self, story: str, paragraph: etree._Element | None) -> Place:
        if story != self.docx.main:
            return Place(section=self.story_names.get(story, "footnotes"))
        return self.places.get(paragraph, Place()) if paragraph is not None else Place()
