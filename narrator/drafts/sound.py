"""Whether a file given as a Word draft is a package Narrator can read, told before any work.

Contract. :func:`word_kind` says what the bytes of a draft are: ``"docx"`` (a zip), ``"ole"`` (a
compound file: a password-protected .docx, which Word encrypts into one, or a Word 97–2003
.doc) or ``"other"`` (Markdown, or not a draft at all). :func:`refuse_unsound` raises one
:class:`~narrator.errors.InputError` line for a compound file, and for a zip that is not a
sound Word package: a member that cannot be unpacked (damaged deflate data, a wrong
checksum, an encrypted member), no ``[Content_Types].xml``, no ``_rels/.rels`` or one naming
no document part that is there, or any XML part (``.xml``, ``.rels``) that is not well-formed
(``docProps/custom.xml`` included, which refresh rewrites last). So ``check`` and ``refresh``
refuse a damaged draft before reading the project, and ``refresh`` never finds it out after
its work.

The size of what is unpacked is not bounded here: reading a draft safely (regular files only,
no zip bombs) is the job of the draft reader in :mod:`narrator.drafts.files`.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from ..errors import InputError
from ..zipfiles import related

__all__ = ["refuse_unsound", "word_kind"]

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_REPAIR = "open it in Word (which offers to repair it) or LibreOffice and save it again as .docx"
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)


def word_kind(data: bytes) -> str:
    """"docx", "ole" or "other": what ``data`` is, by its first bytes."""
    if data.startswith(OLE_MAGIC):
        return "ole"
    return "docx" if zipfile.is_zipfile(io.BytesIO(data)) else "other"


def refuse_unsound(data: bytes, source: str) -> None:
    """Raise InputError (one line) unless ``data`` is a sound Word package; see the module's contract."""
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED in data:
            raise InputError(
                f"{source}: is password-protected (Word encrypts such a file), so Narrator cannot read it; "
                "in Word remove the password (File → Info → Protect Document → Encrypt with Password, empty) "
                "and save it as .docx"
            )
        raise InputError(f"{source}: is a Word 97–2003 document (.doc), not a .docx; open it in Word or LibreOffice "
                         "and save it as Word (.docx)")
    parts = _unpacked(data, source)
    kind = parts.get("mimetype", b"")[:80].decode("ascii", "replace")
    if kind.startswith("application/vnd.oasis.opendocument"):
        raise InputError(f"{source}: is an OpenDocument file ({kind.rsplit('.', 1)[-1]}, as LibreOffice saves by default), not a "
                         "Word document; in LibreOffice save it as Word (File → Save As → Word 2007–365 .docx)")
    for required in ("[Content_Types].xml", "_rels/.rels"):
        if required not in parts:
            raise InputError(f"{source}: is damaged: it has no {required}, which every Word package holds; {_REPAIR}")
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")):
            try:
                etree.fromstring(content, _PARSER)
            except etree.XMLSyntaxError as error:
                raise InputError(f"{source}: is damaged: its part {name} is not well-formed XML ({error}); {_REPAIR}") from None
    main = related(parts["_rels/.rels"], OFFICE_DOCUMENT)
    if main is None or main not in parts:
        raise InputError(f"{source}: is damaged: _rels/.rels names no document part that it holds; {_REPAIR}")


def _unpacked(data: bytes, source: str) -> dict[str, bytes]:
    """Every member of the zip ``data``, each unpacked (so a damaged one is found now)."""
    parts = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                try:
                    parts[info.filename] = package.read(info)
                except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
                    raise InputError(
                        f"{source}: is damaged: its part {info.filename} cannot be unpacked ({error}); {_REPAIR}"
                    ) from None
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(f"{source}: is damaged: not a zip package Narrator can read ({error}); {_REPAIR}") from None
    return parts
