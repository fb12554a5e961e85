"""Paragraphs the analyst never touched, written again from the data now; edited ones keep their prose and get a comment."""

from __future__ import annotations

import io

import docx
from lxml import etree

from narrator.drafts.check import OpenedDraft, check_draft
from narrator.drafts.refresh import refresh_draft
from word.wordxml import comment_texts
from narrator.word.existing import ExistingDocx
from narrator.word.ranges import find_occurrences, paragraph_text

from . import editing
from .editing import with_python_docx

SSO = "Recorded serious sexual offences remained stable relative to 2019/20"  # 4.5.1: the fall is now a rise
DA = "Ahead of the pandemic, levels of Domestic"  # 4.3.1: the analyst's commentary and Narrator's sentences


def refresh(data: bytes, current):
    draft = OpenedDraft(data, "draft.docx")
    return refresh_draft(draft, check_draft(draft, current), current)


def paragraphs(data: bytes) -> list[str]:
    return [paragraph_text(p._p)[0] for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_untouched_paragraphs_whose_words_no_longer_fit_are_written_again(built, revised, total):
    refreshed = refresh(built, revised)
    assert [r.place.number for r in refreshed.rewritten] == ["4.5.2", "4.5.5", "", ""]
    fresh = {paragraph_text(etree.fromstring(xml))[0] for xml in revised.paragraphs.values()}
    assert all(rewritten.text in fresh for rewritten in refreshed.rewritten)  # each as the fresh build writes it
    before, now = paragraphs(built), paragraphs(refreshed.data)
    assert len(before) == len(now) and sum(1 for old, new in zip(before, now) if old != new) >= len(refreshed.rewritten)
    again = check_draft(OpenedDraft(refreshed.data, "new.docx"), revised)
    assert again.counts() == {"current": total - 1, "unknown": 1} and not again.changes
    assert all(len(found) == 1 for found in find_occurrences(editing.document_root(refreshed.data)).values())
    assert len(editing.figure_map(refreshed.data).figures) == total  # the map holds the rewritten paragraphs' figures


def test_a_paragraph_holding_the_analysts_commentary_keeps_it(built, revised):
    refreshed = refresh(built, revised)
    da = next(text for text in paragraphs(refreshed.data) if text.startswith(DA))
    assert "rose by 15.3%" in da  # its figures updated, its words kept
    assert all(r.text != da for r in refreshed.rewritten)


def test_an_edited_paragraph_keeps_its_prose_gets_its_figures_and_a_comment(built, revised):
    edited = with_python_docx(built, lambda d: editing.rewrite(d, "Recorded serious sexual offences remained stable",
                                                                "Serious sexual offences, as recorded, remained stable"))
    refreshed = refresh(edited, revised)
    assert "4.5.1" not in [r.place.number for r in refreshed.rewritten]
    kept = next(text for text in paragraphs(refreshed.data) if text.startswith("Serious sexual offences, as recorded"))
    assert "remained stable" in kept and "1,666" in kept
    said = list(comment_texts(ExistingDocx(refreshed.data, "new.docx")).values())
    assert ("Narrator: since this was written, the data have changed: recorded serious sexual offences: the change is "
            "now a rise (it was a fall). The figures here are updated; check that the words of this sentence still fit them.") in said


def test_a_second_refresh_rewrites_nothing(built, revised):
    once = refresh(built, revised)
    twice = refresh(once.data, revised)
    assert not twice.rewritten and not twice.updated and not twice.flagged
