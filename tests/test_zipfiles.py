"""Deterministic zip packages and the OPC lists beside their parts (zipfiles.py)."""

import io
import zipfile

from lxml import etree

from narrator import zipfiles
from narrator.zipfiles import RELS_NS, add_override, add_relationship, empty_relationships, read_zip, related, rels_name, write_zip

PARTS = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>" * 50)]


def test_the_same_parts_give_the_same_bytes_with_no_clock_in_them():
    first, second = write_zip(PARTS), write_zip(list(PARTS))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert [info.date_time for info in package.infolist()] == [zipfiles.TIMESTAMP] * 2
        assert [info.compress_type for info in package.infolist()] == [zipfile.ZIP_DEFLATED] * 2
    with zipfile.ZipFile(io.BytesIO(write_zip(PARTS, compress=False))) as package:
        assert {info.compress_type for info in package.infolist()} == {zipfile.ZIP_STORED}


def test_a_package_reads_back_as_its_parts_in_order():
    data = write_zip(PARTS)
    assert read_zip(data) == PARTS
    zipfiles._RECENT.clear()  # read from the bytes, not the memory of the last packages written
    assert read_zip(data) == PARTS


def test_relationships_are_found_by_type_resolved_against_their_part():
    rels = (f'<Relationships xmlns="{RELS_NS}">'
            '<Relationship Id="rId1" Type="t/link" Target="https://example.org" TargetMode="External"/>'
            '<Relationship Id="rId2" Type="t/link" Target="../media/a.png"/>'
            '<Relationship Id="rId3" Type="t/abs" Target="/word/styles.xml"/></Relationships>').encode()
    assert rels_name("word/document.xml") == "word/_rels/document.xml.rels"
    assert related(rels, "t/link", "word/document.xml") == "media/a.png"  # the external one is never a part
    assert related(rels, "t/abs", "word/document.xml") == "word/styles.xml"
    assert related(rels, "t/none") is None and related(None, "t/link") is None


def test_a_new_relationship_takes_a_free_id_and_an_override_is_added_once():
    rels = add_relationship(add_relationship(empty_relationships(), "t/a", "a.xml"), "t/b", "b.xml")
    ids = [rel.get("Id") for rel in etree.fromstring(rels).iter(f"{{{RELS_NS}}}Relationship")]
    assert ids == ["rId1", "rId2"]
    types = b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    once = add_override(types, "docProps/custom.xml", "application/x")
    assert add_override(once, "DOCPROPS/custom.xml", "application/x") == once  # part names compare in any case
    assert once.count(b"<Override") == 1 and b'PartName="/docProps/custom.xml"' in once
