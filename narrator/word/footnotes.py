"""Real Word footnotes: the footnotes part, its references in the text, its settings.

Contract: :class:`FootnoteWriter` owns ``word/footnotes.xml``. :meth:`~FootnoteWriter.reference`
gives the runs for a footnote reference in the text: the first reference to a note is a
``w:footnoteReference`` (Word numbers it by its place in the document); a later
reference to the same note is a ``NOTEREF`` field to a hidden bookmark on the first,
formatted as a reference mark, which is what Word's Insert Cross-reference → Footnote
number (formatted) writes. :meth:`~FootnoteWriter.note` adds the note's paragraph (style
"footnote text", opening with the ``w:footnoteRef`` mark) for the caller to fill.
:meth:`~FootnoteWriter.finish` writes the part, with the separator notes Word requires,
and lists them in the settings' ``w:footnotePr``.

A house template's own footnotes part is reused: its separators stay, its notes go.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from . import fields
from .package import WordPackage
from .xml import W_NAMESPACES_DECL, insert_ordered, w

__all__ = ["FootnoteWriter"]

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_SEPARATORS = ("separator", "continuationSeparator")


class FootnoteWriter:
    def __init__(
        self,
        package: WordPackage,
        text_style: str,
        reference_style: str,
        bookmark_id: Callable[[], int],
        cited_again: Collection[int] = (),
    ) -> None:
        """``cited_again``: the notes referred to more than once (their first reference gets a bookmark)."""
        self.package = package
        self.cited_again = set(cited_again)
        self.text_style = text_style
        self.reference_style = reference_style
        self._bookmark_id = bookmark_id
        self.part = package.xml_part(RT.FOOTNOTES)
        self.root = self.part.element if self.part is not None else None
        separators: list[etree._Element] = []
        if self.root is not None:
            for note in list(self.root):
                if note.get(qn("w:type")) in _SEPARATORS:
                    separators.append(note)
                else:
                    self.root.remove(note)
        self.separators = separators
        first_free = max((int(n.get(qn("w:id"))) for n in separators), default=0) + 1
        self._first_id = max(first_free, 1)
        self._notes: dict[int, etree._Element] = {}  # number → w:footnote
        self._referenced: dict[int, str] = {}  # number → bookmark on its first reference ("" if none)

    def _id(self, number: int) -> int:
        return self._first_id + number - 1

    def _mark_properties(self) -> etree._Element:
        return w("rPr", w("rStyle", val=self.reference_style))

    def reference(self, number: int) -> list[etree._Element]:
        """The runs referring to note ``number`` at this place in the text."""
        if number in self._referenced:
            bookmark = self._referenced[number]
            if not bookmark:
                raise ValueError(f"footnote {number} is referred to again, but was not announced as cited again")
            return fields.noteref(bookmark, number, self._mark_properties())
        mark = w("r", self._mark_properties(), w("footnoteReference", id=self._id(number)))
        if number not in self.cited_again:
            self._referenced[number] = ""
            return [mark]
        bookmark = self._referenced[number] = f"_RefNote{number}"
        identifier = str(self._bookmark_id())
        return [w("bookmarkStart", id=identifier, name=bookmark), mark, w("bookmarkEnd", id=identifier)]

    def note(self, number: int) -> etree._Element:
        """The paragraph of note ``number``, holding its mark; add the note's runs to it."""
        paragraph = w(
            "p",
            w("pPr", w("pStyle", val=self.text_style)),
            w("r", self._mark_properties(), w("footnoteRef")),
            w("r", w("tab")),
        )
        self._notes[number] = w("footnote", paragraph, id=self._id(number))
        return paragraph

    def finish(self) -> None:
        """Write the notes into the part (created if the template had none)."""
        if not self._notes:
            return
        unreferenced = sorted(set(self._notes) - set(self._referenced))
        if unreferenced:
            raise ValueError(f"footnote {unreferenced[0]} is never referenced in the text")
        missing = sorted(set(self._referenced) - set(self._notes))
        if missing:
            raise ValueError(f"the text refers to footnote {missing[0]}, which the document does not have")
        if self.root is None:
            self.root = etree.fromstring(f"<w:footnotes {W_NAMESPACES_DECL}/>".encode())
            self.separators = [_separator(kind, index - 1) for index, kind in enumerate(_SEPARATORS)]
            for separator in self.separators:
                self.root.append(separator)
            self.part = self.package.add_xml_part("/word/footnotes.xml", CONTENT_TYPE, self.root, RT.FOOTNOTES)
        for number in sorted(self._notes):
            self.root.append(self._notes[number])
        settings = self.package.settings
        properties = settings.find(qn("w:footnotePr"))  # a template's number format and position stay
        if properties is None:
            properties = insert_ordered(settings, w("footnotePr"))
        for old in properties.findall(qn("w:footnote")):
            properties.remove(old)
        for note in self.separators:
            properties.append(w("footnote", id=note.get(qn("w:id"))))


def _separator(kind: str, identifier: int) -> etree._Element:
    return w(
        "footnote",
        w("p", w("pPr", w("spacing", after=0, line=240, lineRule="auto")), w("r", w(kind))),
        type=kind,
        id=identifier,
    )
