"""A file given as a Word draft: what it is, and whether it is a package Narrator can read."""

from __future__ import annotations

import io
import zipfile

import pytest

from narrator.drafts.sound import refuse_unsound, word_kind
from narrator.errors import InputError


def package(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>')
TYPES = b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCUMENT = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'


def test_what_a_file_is_by_its_first_bytes(built):
    assert word_kind(built) == "docx"
    assert word_kind(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(100)) == "ole"
    assert word_kind(b"# a Markdown draft\n") == "other"


def test_a_sound_package_passes(built):
    refuse_unsound(built, "draft.docx")
    refuse_unsound(package({"[Content_Types].xml": TYPES, "_rels/.rels": RELS, "word/document.xml": DOCUMENT}), "tiny.docx")


@pytest.mark.parametrize(("members", "message"), [
    ({"[Content_Types].xml": TYPES, "_rels/.rels": RELS},
     "x.docx: is damaged: _rels/.rels names no document part that it holds; "),
    ({"[Content_Types].xml": TYPES, "_rels/.rels": RELS.replace(b"officeDocument\"", b"other\""), "word/document.xml": DOCUMENT},
     "x.docx: is damaged: _rels/.rels names no document part that it holds; "),
    ({"[Content_Types].xml": TYPES, "_rels/.rels": RELS, "word/document.xml": DOCUMENT[:-5]},
     "x.docx: is damaged: its part word/document.xml is not well-formed XML ("),
    ({"[Content_Types].xml": TYPES, "_rels/.rels": RELS[:-3], "word/document.xml": DOCUMENT},
     "x.docx: is damaged: its part _rels/.rels is not well-formed XML ("),
])
def test_a_damaged_package_is_one_line(members, message):
    with pytest.raises(InputError) as refused:
        refuse_unsound(package(members), "x.docx")
    said = str(refused.value)
    assert said.startswith(message) and "\n" not in said
    assert said.endswith("open it in Word (which offers to repair it) or LibreOffice and save it again as .docx")
