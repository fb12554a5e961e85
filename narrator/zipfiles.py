"""Deterministic zip packages: the same parts always give the same bytes.

Also the two lists every Open Packaging (OPC) file such as a .docx keeps beside its parts,
edited at the zip level: the relationships (``_rels/*.rels``) and the content types
(``[Content_Types].xml``).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterable

from lxml import etree

from .reading import read_members

TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say; never the clock
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


_RECENT: dict[bytes, list[tuple[str, bytes]]] = {}  # the last packages written, with their parts
RECENT = 4


def write_zip(parts: Iterable[tuple[str, bytes]], *, compress: bool = True) -> bytes:
    """A zip of ``parts`` (name, content) in the order given, with fixed times and attributes;
    ``compress=False`` stores them as they are (a package about to be stamped, and zipped again)."""
    parts = list(parts)
    data = _write(parts, zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)
    if len(_RECENT) >= RECENT:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[data] = parts  # read_zip of a package just written here need not inflate it again
    return data


def _write(parts: list[tuple[str, bytes]], method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for name, content in parts:
            info = zipfile.ZipInfo(name, date_time=TIMESTAMP)
            info.compress_type = method
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, content, compresslevel=6 if method == zipfile.ZIP_DEFLATED else None)
    return out.getvalue()


def read_zip(data: bytes, source: str = "the package", what: str = "a Word document (.docx)") -> list[tuple[str, bytes]]:
    """The parts of the zip ``data`` as (name, content), in the archive's order: a package just
    written here as it was, any other read by :func:`narrator.reading.read_members` (bounded,
    no DTDs; a PackageProblem naming ``source`` otherwise)."""
    recent = _RECENT.get(data)
    if recent is not None:
        return list(recent)
    return read_members(data, source, what=what)


# --------------------------------------------------------------------------- OPC lists


def rels_name(part: str) -> str:
    """The relationships member of ``part``: ``word/_rels/document.xml.rels`` for ``word/document.xml``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def related(rels: bytes | None, reltype: str, source: str = "") -> str | None:
    """The zip name of the first internal part of type ``reltype`` in ``rels`` (of the part ``source``)."""
    if not rels:
        return None
    for rel in etree.fromstring(rels).iter(f"{{{RELS_NS}}}Relationship"):
        if rel.get("Type") == reltype and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            if target.startswith("/"):
                return posixpath.normpath(target.lstrip("/"))
            return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
    return None


def add_relationship(rels: bytes, reltype: str, target: str) -> bytes:
    """``rels`` with one more relationship, of type ``reltype`` to ``target``, under a free id."""
    root = etree.fromstring(rels)
    ids = {rel.get("Id") for rel in root.iter(f"{{{RELS_NS}}}Relationship")}
    number = 1
    while f"rId{number}" in ids:
        number += 1
    etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=f"rId{number}", Type=reltype, Target=target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_override(types: bytes, part: str, content_type: str) -> bytes:
    """``types`` naming the content type of the zip member ``part`` (unchanged if it already does)."""
    root = etree.fromstring(types)
    name = "/" + part
    for override in root.iter(f"{{{TYPES_NS}}}Override"):
        if override.get("PartName", "").lower() == name.lower():
            return types
    etree.SubElement(root, f"{{{TYPES_NS}}}Override", PartName=name, ContentType=content_type)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def empty_relationships() -> bytes:
    root = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
