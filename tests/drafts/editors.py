"""What editors do to a draft that loses, moves or doubles a figure's bookmark, done to the XML as they do it."""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from lxml import etree

from narrator.word.existing import ExistingDocx
from narrator.word.numbertext import number_prefix
from narrator.word.ranges import mark_span, paragraph_text

from .editing import marks, paragraph_starting, runs_of, type_over

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
ENDNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"


def keep_text_only(document, opening: str) -> None:
    """The paragraph cut and pasted back with "Keep Text Only": its text in one plain run, no bookmarks."""
    paragraph = paragraph_starting(document, opening)._p
    text = paragraph_text(paragraph)[0]
    number = number_prefix(paragraph)  # the number stays where it was: only the text is cut and pasted
    for child in [c for c in paragraph if c.tag != qn("w:pPr") and not any(c is n for n in number)]:
        paragraph.remove(child)
    run = etree.SubElement(paragraph, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = text
    run[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def drop_bookmark(document, name: str) -> None:
    """Insert → Bookmark → Delete: the figure's text stays, its bookmark goes."""
    for mark in marks(document, name):
        mark.getparent().remove(mark)


def retype_without_bookmark(document, name: str, text: str) -> None:
    """The figure retyped after Word dropped its bookmark (select a larger stretch, type it back)."""
    type_over(document, name, text)
    drop_bookmark(document, name)


def shift_left(document, name: str, by: int = 1) -> None:
    """The bookmark moved ``by`` characters left, its text unchanged (LibreOffice's save with a Word comment)."""
    first = runs_of(document, name)[0]
    paragraph = next(first.iterancestors(qn("w:p")))
    text, spans = paragraph_text(paragraph)
    inside = [(start, end) for run, start, end in spans if run in set(runs_of(document, name))]
    start, end = inside[0][0] - by, inside[-1][1] - by
    mark_span(paragraph, start, end, text[start:end], name)


def record_changes_over(document, name: str, text: str) -> None:
    """Typing over the figure with Record Changes on, as LibreOffice saves it: the figure deleted inside its
    bookmark, the new text inserted just after the bookmark's end."""
    start, end = marks(document, name)
    deletion = etree.Element(qn("w:del"), {qn("w:id"): "9001", qn("w:author"): "Analyst"})
    for run in runs_of(document, name):
        run.addprevious(deletion) if deletion.getparent() is None else None
        deletion.append(run)
        for t in run.findall(qn("w:t")):
            t.tag = qn("w:delText")
    insertion = etree.Element(qn("w:ins"), {qn("w:id"): "9002", qn("w:author"): "Analyst"})
    run = etree.SubElement(insertion, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = text
    end.addnext(insertion)


def into_header(document, opening: str) -> None:
    """The paragraph moved into the first section's header."""
    header = document.sections[0].header
    header.is_linked_to_previous = False
    header._element.append(paragraph_starting(document, opening)._p)


def into_text_box(document, opening: str) -> None:
    """The paragraph moved into a text box, as Word saves one: a DrawingML shape and its VML fallback copy."""
    paragraph = paragraph_starting(document, opening)._p
    anchor = etree.Element(qn("w:p"))
    paragraph.addprevious(anchor)
    run = etree.SubElement(anchor, qn("w:r"))
    alternate = etree.SubElement(run, f"{{{MC}}}AlternateContent")
    choice = etree.SubElement(alternate, f"{{{MC}}}Choice", Requires="wps")
    shape = etree.SubElement(etree.SubElement(choice, qn("w:drawing")), f"{{{WPS}}}wsp")
    etree.SubElement(etree.SubElement(shape, f"{{{WPS}}}txbx"), qn("w:txbxContent")).append(copy.deepcopy(paragraph))
    fallback = etree.SubElement(alternate, f"{{{MC}}}Fallback")
    box = etree.SubElement(etree.SubElement(etree.SubElement(fallback, qn("w:pict")), f"{{{V}}}shape"), f"{{{V}}}textbox")
    etree.SubElement(box, qn("w:txbxContent")).append(paragraph)


def into_endnote(data: bytes, paragraph_xml: bytes) -> bytes:
    """``data`` with an endnotes part holding one endnote: the paragraph ``paragraph_xml``."""
    docx = ExistingDocx(data, "draft.docx")
    root = etree.Element(qn("w:endnotes"), nsmap={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
    note = etree.SubElement(root, qn("w:endnote"), {qn("w:id"): "1"})
    note.append(etree.fromstring(paragraph_xml))
    docx.add_part("word/endnotes.xml", ENDNOTES_TYPE, ENDNOTES_REL, root)
    return docx.to_bytes()
