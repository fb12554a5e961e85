"""An existing .docx opened for careful edits: untouched members stay byte for byte."""

from __future__ import annotations

import pytest
from lxml import etree

from narrator.errors import InputError
from narrator.word.existing import ExistingDocx
from narrator.zipfiles import read_zip, write_zip

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="word/main.xml"/></Relationships>')
MAIN = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b'<w:p><w:r><w:t xml:space="preserve">  </w:t></w:r></w:p>\n</w:body></w:document>')


def package() -> bytes:
    return write_zip([("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("word/main.xml", MAIN),
                      ("word/styles.xml", b"<styles/>")])


def test_the_main_part_is_found_through_the_package_relationship():
    assert ExistingDocx(package(), "d.docx").main == "word/main.xml"


def test_nothing_edited_is_the_same_members_byte_for_byte():
    assert read_zip(ExistingDocx(package(), "d.docx").to_bytes()) == read_zip(package())


def test_an_edited_part_keeps_its_whitespace_and_the_rest_their_bytes():
    docx = ExistingDocx(package(), "d.docx")
    docx.edit("word/main.xml").find(".//{*}t").tail = None
    members = dict(read_zip(docx.to_bytes()))
    assert b'<w:t xml:space="preserve">  </w:t></w:r></w:p>\n</w:body>' in members["word/main.xml"]
    assert members["word/styles.xml"] == b"<styles/>" and members["_rels/.rels"] == RELS


def test_a_new_part_gets_a_free_name_its_relationship_and_its_type():
    docx = ExistingDocx(package(), "d.docx")
    first = docx.add_part("word/comments.xml", "application/x-one", "urn:rel", etree.Element("one"))
    second = docx.add_part("word/comments.xml", "application/x-two", "urn:rel2", etree.Element("two"))
    assert (first, second) == ("word/comments.xml", "word/comments2.xml")
    members = dict(read_zip(docx.to_bytes()))
    assert list(members)[-3:] == ["word/comments.xml", "word/_rels/main.xml.rels", "word/comments2.xml"]
    assert b'Target="comments.xml"' in members["word/_rels/main.xml.rels"]
    assert b'PartName="/word/comments2.xml" ContentType="application/x-two"' in members["[Content_Types].xml"]
    assert docx.related("urn:rel2") == "word/comments2.xml"


@pytest.mark.parametrize(("data", "message"), [
    (b"plain text", "d.docx: not a Word document (.docx) that Narrator can read (File is not a zip file)"),
    (write_zip([("a.txt", b"x")]), "d.docx: not a Word document (.docx) that Narrator can read (it has no document part)"),
    (write_zip([("word/document.xml", b"<w:document")]), "d.docx: the part word/document.xml is not well-formed XML"),
])
def test_what_is_not_a_word_document(data, message):
    with pytest.raises(InputError) as error:
        ExistingDocx(data, "d.docx")
    assert str(error.value).startswith(message)
