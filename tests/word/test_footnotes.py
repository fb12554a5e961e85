"""word/footnotes.py: real Word footnotes, a note cited again by a NOTEREF field to a bookmark on its first reference."""

from __future__ import annotations

from itertools import count

import pytest
from docx.oxml.ns import qn
from lxml import etree

from narrator.word.footnotes import FootnoteWriter
from narrator.word.package import WordPackage


def local(elements) -> list[str]:
    return [etree.QName(e).localname for e in elements]


def writer(cited_again=()) -> FootnoteWriter:
    ids = count(100)
    return FootnoteWriter(WordPackage.open(), "FootnoteText", "FootnoteReference", lambda: next(ids), cited_again)


def test_a_first_reference_is_a_footnote_reference_and_a_later_one_a_field_to_its_bookmark():
    notes = writer(cited_again={2})
    first = notes.reference(1)
    assert local(first) == ["r"] and local(first[0]) == ["rPr", "footnoteReference"]
    assert first[0].find(qn("w:footnoteReference")).get(qn("w:id")) == "1"
    assert first[0].find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "FootnoteReference"
    cited = notes.reference(2)
    assert local(cited) == ["bookmarkStart", "r", "bookmarkEnd"]
    assert (cited[0].get(qn("w:name")), cited[0].get(qn("w:id")), cited[2].get(qn("w:id"))) == ("_RefNote2", "100", "100")
    again = notes.reference(2)
    assert again[1].find(qn("w:instrText")).text == " NOTEREF _RefNote2 \\f \\h " and again[3].find(qn("w:t")).text == "2"
    with pytest.raises(ValueError, match="^footnote 1 is referred to again, but was not announced as cited again$"):
        notes.reference(1)


def test_finishing_writes_the_separators_the_notes_and_the_settings():
    notes = writer()
    notes.reference(1)
    paragraph = notes.note(1)
    assert local(paragraph) == ["pPr", "r", "r"] and paragraph.find(f".//{qn('w:pStyle')}").get(qn("w:val")) == "FootnoteText"
    notes.finish()
    assert [(n.get(qn("w:type")), n.get(qn("w:id"))) for n in notes.root] == [("separator", "-1"), ("continuationSeparator", "0"), (None, "1")]
    listed = notes.package.settings.find(qn("w:footnotePr"))
    assert [n.get(qn("w:id")) for n in listed] == ["-1", "0"]


def test_a_note_never_referenced_or_a_reference_to_no_note_is_a_bug_said_plainly():
    notes = writer()
    notes.note(1)
    with pytest.raises(ValueError, match="^footnote 1 is never referenced in the text$"):
        notes.finish()
    notes = writer()
    notes.reference(1)
    notes.reference(3)
    notes.note(1)
    with pytest.raises(ValueError, match="^the text refers to footnote 3, which the document does not have$"):
        notes.finish()
