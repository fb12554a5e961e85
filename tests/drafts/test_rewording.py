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

SSO = "Over 2020/21, recorded serious sexual offences fell by"  # 4.5.1: the fall is now a rise
DA = "Ahead of the pandemic, levels of Domestic"  # 4.3.1: the analyst's commentary and Narrator's sentences


def refresh(data: bytes, current):
    draft = OpenedDraft(data, "draft.docx")
    return refresh_draft(draft, check_draft(draft, current), current)


def paragraphs(data: bytes) -> list[str]:
    return [paragraph_text(p._p)[0] for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_untouched_paragraphs_whose_words_no_longer_fit_are_written_again(built, revised, total):
    refreshed = refresh(built, revised)
    assert [r.place.number for r in refreshed.rewritten] == ["4.5.1", "4.5.2", "4.5.3", "4.5.4", "4.5.5", "4.6.1", "7.1.2", "7.2.2", ""]
    sso, weapons = refreshed.rewritten[0].text, refreshed.rewritten[7].text  # the verdicts the tables give now
    assert sso == ("Over 2020/21, recorded serious sexual offences rose by 2.8% relative to 2019/20, from 1,620 to 1,666; this is within the usual "
                   "variation from year to year (95% range −7.4% to 14.2%).")
    assert "possession of weapons offences fell by 9.3%, from 670 to 608; this is within the usual variation" in weapons
    fresh = {paragraph_text(etree.fromstring(xml))[0] for xml in revised.paragraphs.values()}
    assert all(rewritten.text in fresh for rewritten in refreshed.rewritten)  # each as the fresh build writes it
    before, now = paragraphs(built), paragraphs(refreshed.data)
    assert len(before) == len(now) and sum(1 for old, new in zip(before, now) if old != new) >= len(refreshed.rewritten)
    again = check_draft(OpenedDraft(refreshed.data, "new.docx"), revised)
    now_total = len(editing.figure_map(refreshed.data).figures)  # the rewritten paragraphs state their intervals too
    assert now_total > total
    assert again.counts() == {"current": now_total - 1, "unknown": 1} and not again.changes
    assert not refresh(refreshed.data, revised).rewritten
    assert all(len(found) == 1 for found in find_occurrences(editing.document_root(refreshed.data)).values())
    mapped = {figure.fact_id for figure in editing.figure_map(refreshed.data).figures}
    assert {figure.fact_id for added in refreshed.rewritten for figure in added.added} <= mapped


def test_a_paragraph_holding_the_analysts_commentary_keeps_it(built, revised):
    refreshed = refresh(built, revised)
    da = next(text for text in paragraphs(refreshed.data) if text.startswith(DA))
    assert "rose by 15.3%" in da  # its figures updated, its words kept
    assert all(r.text != da for r in refreshed.rewritten)


def test_an_edited_paragraph_keeps_its_prose_gets_its_figures_and_a_comment(built, revised):
    edited = with_python_docx(built, lambda d: editing.rewrite(d, "recorded serious sexual offences fell by",
                                                                "serious sexual offences, as recorded, went down by"))
    refreshed = refresh(edited, revised)
    assert "4.5.1" not in [r.place.number for r in refreshed.rewritten]
    kept = next(text for text in paragraphs(refreshed.data) if text.startswith("Over 2020/21, serious sexual offences, as recorded"))
    assert "went down by" in kept and "1,666" in kept
    said = list(comment_texts(ExistingDocx(refreshed.data, "new.docx")).values())
    assert ("Narrator: since this was written, the data have changed: recorded serious sexual offences: the change is "
            "now a rise (it was a fall). The figures here are updated; check that the words of this sentence still fit them.") in said


def test_a_second_refresh_rewrites_nothing(built, revised):
    once = refresh(built, revised)
    twice = refresh(once.data, revised)
    assert not twice.rewritten and not twice.updated and not twice.flagged


def test_a_paragraph_the_analyst_inserted_above_does_not_stop_the_rewriting(built, revised):
    def insert(document):
        target = next(p for p in document.paragraphs if paragraph_text(p._p)[0].startswith(SSO))
        target.insert_paragraph_before("My own paragraph, inserted above the sexual offences.", style=target.style)

    refreshed = refresh(with_python_docx(built, insert), revised)
    texts = paragraphs(refreshed.data)
    mine = texts.index("My own paragraph, inserted above the sexual offences.")
    assert texts[mine + 1].startswith("Over 2020/21, recorded serious sexual offences rose by 2.8% relative to 2019/20")
    assert len(refreshed.rewritten) == 9


def test_a_rewritten_paragraphs_bookmarks_never_take_a_name_the_draft_uses(built, revised):
    refreshed = refresh(built, revised)
    names = [start.get(editing.W + "name") for start in editing.document_root(refreshed.data).iter(editing.W + "bookmarkStart")]
    assert len(names) > 400 and len(names) == len({name.casefold() for name in names})
    renamed = [figure.bookmark for added in refreshed.rewritten for figure in added.added if "_r" in figure.bookmark[-4:]]
    assert renamed and all(len(name) <= 40 for name in renamed)
