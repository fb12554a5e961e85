"""Comments added to an existing document: a real comments part, the analyst's comments kept."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from lxml import etree

from narrator.word.comments import add_comment

from .wordxml import comment_texts
from narrator.word.existing import ExistingDocx
from narrator.word.ranges import paragraph_text
from narrator.zipfiles import read_zip


def document_with(text: str, analyst_comment: bool) -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph()
    for piece in text.split("|"):
        paragraph.add_run(piece)
    if analyst_comment:
        document.add_comment(paragraph.runs[:1], text="An analyst's note", author="Analyst", initials="AN")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def first_paragraph(docx_: ExistingDocx) -> etree._Element:
    return next(docx_.tree(docx_.main).iter(qn("w:p")))


def test_a_comment_over_runs_in_a_new_comments_part():
    opened = ExistingDocx(document_with("One. |Two rose |by 5%.| Three.", analyst_comment=False), "d.docx")
    paragraph = first_paragraph(opened)
    before, spans = paragraph_text(paragraph)
    identifier = add_comment(opened, spans[1][0], spans[2][0], "Narrator: check this")
    data = opened.to_bytes()
    again = ExistingDocx(data, "d.docx")
    paragraph = first_paragraph(again)
    assert identifier == 0
    assert comment_texts(again) == {0: "Narrator: check this"}
    assert [etree.QName(child).localname for child in paragraph if child.tag != qn("w:pPr")] == [
        "r", "commentRangeStart", "r", "r", "commentRangeEnd", "r", "r",
    ]
    reference = paragraph[-1]
    assert [etree.QName(child).localname for child in reference] == ["commentReference"]
    assert paragraph_text(paragraph)[0] == before == "One. Two rose by 5%. Three."
    members = dict(read_zip(data))
    assert b'Target="comments.xml"' in members["word/_rels/document.xml.rels"]
    assert b'<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>' in members["[Content_Types].xml"]
    comment = again.tree("word/comments.xml").find(qn("w:comment"))
    assert (comment.get(qn("w:author")), comment.get(qn("w:initials")), comment.get(qn("w:date"))) == ("Narrator", "N", None)


def test_the_analysts_comments_stay_and_the_new_one_takes_the_next_id():
    opened = ExistingDocx(document_with("One. |Two.", analyst_comment=True), "d.docx")
    name = opened.related("http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments")
    existing = etree.tostring(opened.tree(name).find(qn("w:comment")))
    spans = paragraph_text(first_paragraph(opened))[1]
    assert add_comment(opened, spans[1][0], spans[1][0], "Narrator: second") == 1
    assert add_comment(opened, spans[0][0], spans[1][0], "Narrator: third") == 2
    again = ExistingDocx(opened.to_bytes(), "d.docx")
    assert comment_texts(again) == {0: "An analyst's note", 1: "Narrator: second", 2: "Narrator: third"}
    assert etree.tostring(again.tree(name).find(qn("w:comment"))) == existing
    reopened = docx.Document(io.BytesIO(opened.to_bytes()))
    assert [c.text for c in reopened.comments] == ["An analyst's note", "Narrator: second", "Narrator: third"]
