"""Drafts made before paragraph numbers were text: numbered by a Word list, checked and refreshed as before.

Until issue 19 a draft's numbers were a Word multilevel list's (a ``w:numPr`` on each numbered
paragraph, no number in the text); since, each number is text (``SEQ`` fields, narrator.word.numbering).
An analyst's draft of the earlier kind is still checked and refreshed: its numbers read from the
list, its rewritten paragraphs left without a typed number (the list numbers them).
"""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from lxml import etree

from narrator.drafts.check import OpenedDraft, check_draft
from narrator.drafts.refresh import refresh_draft
from narrator.word.numbertext import number_prefix
from narrator.word.outline import places

from narrator.zipfiles import read_zip

from .editing import with_python_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def as_list_numbered(data: bytes) -> bytes:
    """The draft as Narrator wrote drafts before: each number a level of one Word list, not text."""

    def change(document) -> None:
        numbering = document.part.numbering_part.element
        levels = "".join(
            f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:lvlText w:val="{".".join(f"%{k}" for k in range(1, n + 2)) + ("." if n == 0 else "")}"/></w:lvl>'
            for n in range(9))
        numbering.append(etree.fromstring(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">{levels}</w:abstractNum>'))
        numbering.append(etree.fromstring(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
        for paragraph in document.element.body.iter(qn("w:p")):
            number = number_prefix(paragraph)
            if not number:
                continue
            level = sum(1 for run in number for i in run.iter(qn("w:instrText")) if "\\h" not in (i.text or ""))
            for run in number:
                paragraph.remove(run)
            ppr = paragraph.find(qn("w:pPr"))
            ppr.insert(1, etree.fromstring(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level - 1}"/><w:numId w:val="90"/></w:numPr>'))

    return with_python_docx(data, change)


def numbers(data: bytes) -> list[str]:
    parts = dict(read_zip(data))
    found = places(etree.fromstring(parts["word/document.xml"]), etree.fromstring(parts["word/numbering.xml"]),
                   etree.fromstring(parts["word/styles.xml"]))
    return [place.number for place in found.values() if place.number]


def typed(data: bytes) -> bool:
    """Whether any number of the draft is held as text."""
    return b"SEQ Outline" in dict(read_zip(data))["word/document.xml"]


def test_a_draft_numbered_by_a_list_reads_the_same_numbers(built):
    old = as_list_numbered(built)
    assert typed(built) and not typed(old) and numbers(old)[:3] == ["1.", "1.1", "2."]
    assert numbers(old) == numbers(built)


@pytest.mark.slow  # checks and a refresh of a renumbered draft
def test_a_draft_numbered_by_a_list_is_checked_and_refreshed_as_one_numbered_by_text(built, revised):
    old = as_list_numbered(built)
    found = {f.bookmark: (f.status, f.place.number if f.place else None) for f in check_draft(OpenedDraft(old, "old.docx"), revised).figures}
    assert found == {f.bookmark: (f.status, f.place.number if f.place else None)
                     for f in check_draft(OpenedDraft(built, "new.docx"), revised).figures}
    draft = OpenedDraft(old, "old.docx")
    refreshed = refresh_draft(draft, check_draft(draft, revised), revised)
    new = OpenedDraft(built, "new.docx")
    as_new = refresh_draft(new, check_draft(new, revised), revised)
    assert refreshed.rewritten and [r.place.number for r in refreshed.rewritten] == [r.place.number for r in as_new.rewritten]
    assert [r.text for r in refreshed.rewritten] == [r.text for r in as_new.rewritten]
    assert not typed(refreshed.data)  # a rewritten paragraph keeps the list's number, no typed one
    assert numbers(refreshed.data) == numbers(old)
    again = check_draft(OpenedDraft(refreshed.data, "old.docx"), revised)
    assert not again.changes and again.counts().get("stale", 0) == 0


def test_a_rewritten_paragraph_keeps_its_own_number(built, revised):
    draft = OpenedDraft(built, "new.docx")
    refreshed = refresh_draft(draft, check_draft(draft, revised), revised)
    assert numbers(refreshed.data) == numbers(built)
