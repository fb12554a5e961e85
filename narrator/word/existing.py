"""An existing .docx opened at the zip level, for careful edits.

Contract. :class:`ExistingDocx` holds a package's members by name, in the archive's
order. A part is parsed on request with a parser that keeps every character
(whitespace-only text included) and written back only if it was asked for with
:meth:`~ExistingDocx.edit` or replaced with :meth:`~ExistingDocx.set`; every other member
is written back byte for byte. :meth:`~ExistingDocx.add_part` adds a part with its
relationship and content type; :meth:`~ExistingDocx.to_bytes` gives the package with
members in their old order (new ones last) and fixed timestamps. A file that is not a
Word document is an :class:`~narrator.errors.InputError` naming it.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from ..errors import InputError
from ..reading import safe_member_name
from ..zipfiles import add_override, add_relationship, empty_relationships, read_zip, related, rels_name, write_zip

__all__ = ["ExistingDocx"]

OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


class ExistingDocx:
    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        members = read_zip(data, source)  # bounded, no DTD: an InputError naming the source otherwise
        self.dropped = [name for name, _ in members if not safe_member_name(name)]  # ../x: never written back
        members = [(name, blob) for name, blob in members if safe_member_name(name)]
        self.names = [name for name, _ in members]
        self._blobs = dict(members)
        self._trees: dict[str, etree._Element] = {}
        self._edited: set[str] = set()
        self.main = related(self._blobs.get("_rels/.rels"), OFFICE_DOCUMENT) or "word/document.xml"
        if self.main not in self._blobs:
            raise InputError(f"{source}: not a Word document (.docx) that Narrator can read (it has no document part)")
        self.tree(self.main)

    @property
    def parts(self) -> dict[str, bytes]:
        """The members as they are now (edits not yet serialised are not in them)."""
        return dict(self._blobs)

    def has(self, name: str) -> bool:
        return name in self._blobs

    def tree(self, name: str) -> etree._Element:
        """The part ``name`` parsed (once); read-only unless also asked for with :meth:`edit`."""
        if name not in self._trees:
            try:
                self._trees[name] = etree.fromstring(self._blobs[name], _PARSER)
            except etree.XMLSyntaxError as error:
                raise InputError(f"{self.source}: the part {name} is not well-formed XML ({error})") from None
        return self._trees[name]

    def edit(self, name: str) -> etree._Element:
        """The part ``name`` parsed, to be written back when the package is saved."""
        self._edited.add(name)
        return self.tree(name)

    def set(self, name: str, blob: bytes) -> None:
        """Replace the bytes of the existing member ``name``."""
        self._trees.pop(name, None)
        self._edited.discard(name)
        self._blobs[name] = blob

    def related(self, reltype: str, source: str | None = None) -> str | None:
        """The member the part ``source`` (the main document by default) relates to by ``reltype``."""
        source = source or self.main
        return related(self._blobs.get(rels_name(source)), reltype, source)

    def add_part(self, name: str, content_type: str, reltype: str, root: etree._Element, source: str | None = None) -> str:
        """Add ``root`` as a new part, named ``name`` or the first free name like it; return its name."""
        source = source or self.main
        stem, extension = posixpath.splitext(name)
        number = 1
        while name in self._blobs:
            number += 1
            name = f"{stem}{number}{extension}"
        self.names.append(name)
        self._blobs[name] = b""
        self._trees[name] = root
        self._edited.add(name)
        rels = rels_name(source)
        if rels not in self._blobs:
            self.names.append(rels)
            self._blobs[rels] = empty_relationships()
        target = posixpath.relpath(name, posixpath.dirname(source) or ".")
        self._blobs[rels] = add_relationship(self._blobs[rels], reltype, target)
        self._blobs["[Content_Types].xml"] = add_override(self._blobs["[Content_Types].xml"], name, content_type)
        return name

    def to_bytes(self, *, compress: bool = True) -> bytes:
        """The package (``compress=False``: its members stored, for a package to be stamped, and deflated, next)."""
        for name in self._edited:
            self._blobs[name] = etree.tostring(self._trees[name], xml_declaration=True, encoding="UTF-8", standalone=True)
        self._edited.clear()
        return write_zip(((name, self._blobs[name]) for name in self.names), compress=compress)
