"""External relationships dropped from a house template, so that a draft never reaches out.

A relationship with ``TargetMode="External"`` points outside the package: a template attached
from a server (``attachedTemplate``, which may carry macros), an image linked rather than
embedded (fetched when the draft is opened: tracking, NTLM over UNC paths), a hyperlink, an OLE
link. :func:`drop_external` removes each from its ``.rels`` member and removes what refers to it
in the part: the element when it means nothing without it (``w:attachedTemplate``,
``w:subDoc``, ``w:altChunk``, a mail merge's sources), else just the reference (a hyperlink
keeps its text, a linked picture its frame). It returns what it dropped, for the one line that
says so.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from ..reading import shortened
from ..zipfiles import RELS_NS

__all__ = ["drop_external"]

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WHOLE = {"attachedTemplate", "subDoc", "altChunk", "dataSource", "headerSource", "src", "recipientData"}


def _source_part(rels: str) -> str:
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


def _unlink(part: bytes, ids: set[str]) -> bytes:
    root = etree.fromstring(part)
    for element in list(root.iter()):
        for attribute, value in list(element.attrib.items()):
            if attribute.startswith(f"{{{R_NS}}}") and value in ids:
                if etree.QName(element).localname in WHOLE and element.getparent() is not None:
                    element.getparent().remove(element)
                    break
                del element.attrib[attribute]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def drop_external(members: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """``members`` without external relationships, and each one dropped as "type target"."""
    parts = dict(members)
    dropped: list[str] = []
    for name, blob in members:
        if not name.endswith(".rels"):
            continue
        root = etree.fromstring(blob)
        gone = [rel for rel in root.iter(f"{{{RELS_NS}}}Relationship") if (rel.get("TargetMode") or "").lower() == "external"]
        if not gone:
            continue
        for rel in gone:
            root.remove(rel)
            dropped.append(f"{rel.get('Type', '').rsplit('/', 1)[-1] or 'link'} {shortened(rel.get('Target', ''))}")
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        source = _source_part(name)
        if source in parts and source.endswith(".xml"):
            parts[source] = _unlink(parts[source], {rel.get("Id") for rel in gone})
    return [(name, parts[name]) for name, _ in members], dropped
