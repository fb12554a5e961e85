"""The .docx package: open a template, clear its body, add parts, save deterministically.

Contract: :meth:`WordPackage.open` starts from a reference document, as pandoc's
``--reference-doc`` does: the default template (:mod:`.template`) or a house .docx
(.dotx and macro-enabled files are taken too; macros are dropped). Its body is
cleared down to the final section properties, so the draft keeps the template's page
size, margins, headers and footers (with their logos) and everything in
styles.xml, numbering.xml and the theme. Parts that would describe the template
rather than the draft are dropped: the thumbnail, Word 2010's stale
``stylesWithEffects`` copy of the styles, and any figure map a previous Narrator draft
left. :meth:`WordPackage.save` returns the bytes: the same package always gives the
same bytes (members in a fixed order, every timestamp 1980-01-01, no random ids).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from lxml import etree

from ..errors import InputError
from ..reading import read_bytes, safe_member_name
from ..zipfiles import read_zip, write_zip
from .external import drop_external
from .charts import DRAWING_NAMESPACES
from .figuremap import is_figure_map
from .styles import StyleSheet
from .template import default_template
from .xml import W_NAMESPACES_DECL, parse, serialize, twips

__all__ = ["WordPackage"]

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_MAIN_TYPES = re.compile(
    rb"application/vnd\.(?:openxmlformats-officedocument\.wordprocessingml\.template\.main|"
    rb"ms-word\.(?:document|template)\.macroEnabled\.main)\+xml"
)
_DOCUMENT_MAIN = CT.WML_DOCUMENT_MAIN.encode()


class _XmlView:
    """A part python-docx keeps as bytes, parsed for editing and written back on save."""

    def __init__(self, part: Part) -> None:
        self.part = part
        self.element = parse(part.blob)

    def flush(self) -> None:
        self.part._blob = serialize(self.element)


class WordPackage:
    def __init__(self, document: docx.document.Document, source: str) -> None:
        self.document = document
        self.source = source
        self.main = document.part
        self._views: list[_XmlView] = []
        self.styles = StyleSheet(document.styles.element, source)

    # --- opening ----------------------------------------------------------------

    @classmethod
    def open(cls, reference: Path | None = None, notify: Callable[[str], None] | None = None) -> WordPackage:
        """The template ``reference`` (the default template if None), body cleared; its external
        links dropped, and ``notify`` told which (:mod:`.external`)."""
        if reference is None:
            data, source = default_template(), "the default template"
        else:
            source = str(reference)
            data = _house_template(Path(reference), notify)
        try:
            document = docx.Document(io.BytesIO(_as_document(data)))
        except Exception as error:  # python-docx raises several kinds for a file that is not .docx
            raise InputError(
                f"{source}: not a Word document (.docx or .dotx) that Narrator can read ({error})"
            ) from None
        package = cls(document, source)
        package._drop_template_parts()
        package._clear_body()
        return package

    def _drop_template_parts(self) -> None:
        for r_id, rel in list(self.main.rels.items()):
            if rel.reltype in (STYLES_WITH_EFFECTS, VBA_PROJECT):
                self.main.rels.pop(r_id)
            elif rel.reltype == RT.CUSTOM_XML and not rel.is_external and is_figure_map(rel.target_part.blob):
                self.main.rels.pop(r_id)  # the figure map of an earlier draft used as the template
        package_rels = self.main.package.rels
        for r_id, rel in list(package_rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                package_rels.pop(r_id)

    def _clear_body(self) -> None:
        body = self.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        if body.find(qn("w:sectPr")) is None:  # a body with no section properties: Word's defaults
            body.append(etree.fromstring(f"<w:sectPr {W_NAMESPACES_DECL}/>".encode()))

    # --- the main parts ---------------------------------------------------------------

    @property
    def body(self) -> etree._Element:
        return self.document.element.body

    @property
    def section(self) -> etree._Element:
        return self.body.find(qn("w:sectPr"))

    def append(self, element: etree._Element) -> etree._Element:
        """Add a block (``w:p`` or ``w:tbl``) at the end of the body."""
        self.section.addprevious(element)
        return element

    @property
    def text_width(self) -> int:
        """The width between the margins of the last section, in twips."""
        section = self.document.sections[-1]
        width = section.page_width or 0
        left, right, gutter = section.left_margin or 0, section.right_margin or 0, section.gutter or 0
        return twips(width - left - right - gutter) if width else 9070

    @property
    def settings(self) -> etree._Element:
        return self.document.settings.element

    @property
    def numbering(self) -> etree._Element:
        """``w:numbering``, the part added if the template has none."""
        view = self.xml_part(RT.NUMBERING)
        if view is None:
            element = parse(f"<w:numbering {W_NAMESPACES_DECL}/>")
            self.add_xml_part("/word/numbering.xml", CT.WML_NUMBERING, element, RT.NUMBERING)
            return element
        return view.element

    # --- parts ---------------------------------------------------------------------

    def xml_part(self, reltype: str) -> XmlPart | _XmlView | None:
        """The main document's part of type ``reltype``, with an editable ``.element``."""
        for rel in self.main.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                part = rel.target_part
                if isinstance(part, XmlPart):
                    return part
                for view in self._views:
                    if view.part is part:
                        return view
                view = _XmlView(part)
                self._views.append(view)
                return view
        return None

    def add_xml_part(
        self, partname: str, content_type: str, element: etree._Element, reltype: str, source: Part | None = None
    ) -> XmlPart:
        """A new XML part related from ``source`` (the main document by default)."""
        name = self._free_partname(partname)
        part = XmlPart(PackURI(name), content_type, element, self.main.package)
        (source or self.main).relate_to(part, reltype)
        return part

    def add_part(self, partname: str, content_type: str, blob: bytes, reltype: str, source: Part | None = None) -> tuple[Part, str]:
        """A new part of bytes related from ``source`` (the main document by default), and the relationship's id."""
        part = Part(PackURI(self._free_partname(partname)), content_type, blob, self.main.package)
        return part, (source or self.main).relate_to(part, reltype)

    def drawing_ids(self) -> set[int]:
        """The ids of the drawings the template already holds (a logo in a header, say)."""
        taken = set()
        for part in self.main.package.iter_parts():
            if str(part.partname).endswith(".xml"):
                taken.update(int(i) for i in re.findall(rb'<wp:docPr[^>]*\sid="(\d+)"', part.blob))
        return taken

    def _free_partname(self, partname: str) -> str:
        taken = {str(part.partname) for part in self.main.package.iter_parts()}
        if partname not in taken:
            return partname
        stem, dot, extension = partname.rpartition(".")
        base = re.sub(r"\d+$", "", stem)
        number = 1
        while f"{base}{number}{dot}{extension}" in taken:
            number += 1
        return f"{base}{number}{dot}{extension}"

    def replace_blob(self, reltype: str, content_type: str, partname: str, blob: bytes) -> None:
        """Set the bytes of the package-level part of type ``reltype`` (added if missing)."""
        package = self.main.package
        for rel in package.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                part = rel.target_part
                if isinstance(part, XmlPart):
                    part._element = parse(blob)
                else:
                    part._blob = blob
                return
        package.relate_to(Part(PackURI(partname), content_type, blob, package), reltype)

    # --- saving --------------------------------------------------------------------

    def save(self) -> bytes:
        """The package's bytes: its members stored, not deflated, since a draft is zipped again,
        deflated, when it is stamped with its fingerprint (narrator.drafts.files); a stored zip is
        as valid a .docx, only larger."""
        for view in self._views:
            view.flush()
        # the drawing namespaces declared once, on the root, as Word writes them: pandoc (2.17) looks
        # an element's prefix up on the root alone, and skips a chart or picture declared lower down
        etree.cleanup_namespaces(self.document.element, top_nsmap=DRAWING_NAMESPACES,
                                 keep_ns_prefixes=list(DRAWING_NAMESPACES))
        return write_zip(_members(self.document.part.package), compress=False)


class _Members:
    """Stands in for python-docx's zip writer: keeps each member (name, bytes) in order."""

    def __init__(self) -> None:
        self.members: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.members.append((pack_uri.membername, blob))


def _members(package) -> list[tuple[str, bytes]]:
    """The package's members as python-docx's ``save`` writes them (the same names, bytes and
    order), without zipping them only to unzip them again for :func:`write_zip`."""
    for part in package.parts:
        part.before_marshal()
    members = _Members()
    parts = list(package.parts)
    PackageWriter._write_content_types_stream(members, parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, parts)
    return members.members


def _house_template(path: Path, notify: Callable[[str], None] | None) -> bytes:
    """A house template read as every file is (:mod:`narrator.reading`: an ordinary file, bounded,
    no DTD in any part), members that leave the package and external links dropped, zipped again."""
    what = "a Word document (.docx or .dotx)"
    data = read_bytes(path, expected=f"--template names {what}")
    if data not in _PREPARED:  # a template opened once per run, though drafts of many areas use it
        members = read_zip(data, str(path), what)
        members, dropped = drop_external([(name, blob) for name, blob in members if safe_member_name(name)])
        _PREPARED.clear()
        _PREPARED[data] = write_zip(members, compress=False)
        if dropped and notify is not None:
            notify(f"{path}: {len(dropped)} external link{'s' if len(dropped) > 1 else ''} dropped from the template "
                   f"({'; '.join(dropped)}), since Word would fetch {'them' if len(dropped) > 1 else 'it'} when the draft is opened")
    return _PREPARED[data]


_PREPARED: dict[bytes, bytes] = {}  # the last house template read → its members as the draft starts from


def _as_document(data: bytes) -> bytes:
    """A .dotx, .docm or .dotm as a plain .docx: the main part typed as a document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml")
            if not _MAIN_TYPES.search(types):
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for member in archive.infolist():
                    content = archive.read(member)
                    if member.filename == "[Content_Types].xml":
                        content = _MAIN_TYPES.sub(_DOCUMENT_MAIN, content)
                    target.writestr(member, content)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError):
        return data  # python-docx reports it
