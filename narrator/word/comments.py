"""Word comments added to an existing document: the comments part and a comment over a stretch of runs.

Contract. :func:`add_comment` adds a ``w:comment`` (author, initials, one paragraph of
text) to the document's comments part, which is created, with its relationship and
content type, if the document has none; the analyst's own comments stay as they are and
the new one takes the next free id. The comment covers the runs from ``first`` to
``last`` (in one paragraph): a ``w:commentRangeStart`` goes before ``first``, a
``w:commentRangeEnd`` after ``last``, and the ``w:commentReference`` mark in a run of its
own (no text) at the end of the paragraph. No run is split and no text changes. Word
shows the comment in the margin and the Review pane, LibreOffice in the margin.

Why the mark ends the paragraph: LibreOffice 7.4 reads every bookmark that follows a
comment's mark in the same paragraph one character late (its own .docx files too), which
would move the figures' bookmarks. The comment carries no date, so the same edit gives
the same bytes.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from .existing import ExistingDocx
from .xml import W_NS, w

__all__ = ["COMMENTS_REL", "add_comment"]

COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def _comments(docx: ExistingDocx) -> etree._Element:
    name = docx.related(COMMENTS_REL)
    if name is not None and docx.has(name):
        return docx.edit(name)
    root = etree.Element(qn("w:comments"), nsmap={"w": W_NS})
    docx.add_part("word/comments.xml", COMMENTS_TYPE, COMMENTS_REL, root)
    return root


def add_comment(
    docx: ExistingDocx, first: etree._Element, last: etree._Element, text: str, *, author: str = "Narrator", initials: str = "N"
) -> int:
    """Comment ``text`` on the runs ``first`` … ``last`` of the main document; return the comment's id."""
    comments = _comments(docx)
    document = docx.edit(docx.main)
    used = {element.get(qn("w:id")) for element in comments.iter(qn("w:comment"))}
    used |= {element.get(qn("w:id")) for element in document.iter(qn("w:commentRangeStart"), qn("w:commentReference"))}
    identifier = max((int(n) for n in used if n and n.lstrip("-").isdigit()), default=-1) + 1
    comments.append(
        w("comment", w("p", w("r", w("annotationRef")), w("r", w("t", text=text))), id=identifier, author=author, initials=initials)
    )
    first.addprevious(w("commentRangeStart", id=identifier))
    last.addnext(w("commentRangeEnd", id=identifier))
    paragraph = next(last.iterancestors(qn("w:p")))
    paragraph.append(w("r", w("commentReference", id=identifier)))
    return identifier
