"""narrator refresh: stale figures updated where they stand, the analyst's work kept to the character."""

from __future__ import annotations

import base64
from dataclasses import replace
import io

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from narrator.drafts.check import OpenedDraft, check_draft
from narrator.drafts.refresh import refresh_draft, sentence_span
from word.wordxml import comment_texts
from narrator.word.existing import ExistingDocx
from narrator.zipfiles import read_zip

from . import editing
from .editing import with_python_docx
from .test_check import REVISED_STALE

PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def refresh(data: bytes, current):
    """Refreshed with rewording off (as when commentary.yaml cannot be read), so that every sentence whose words may
    no longer fit gets its comment, as an edited one does; untouched paragraphs rewritten: test_rewording.py."""
    current = replace(current, commentary=None)
    draft = OpenedDraft(data, "draft.docx")
    return refresh_draft(draft, check_draft(draft, current), current)


def check(data: bytes, current):
    return check_draft(OpenedDraft(data, "draft.docx"), current)


def run_properties(data: bytes, bookmark: str) -> list[bytes]:
    root = editing.document_root(data)
    from narrator.word.ranges import find_ranges

    return [etree.tostring(run.find(qn("w:rPr"))) if run.find(qn("w:rPr")) is not None else b""
            for run in find_ranges(root)[bookmark.casefold()].runs]


@pytest.fixture(scope="module")
def refreshed(built, revised):
    return refresh(built, revised)


def test_every_stale_figure_is_updated_and_a_check_then_finds_them_current(refreshed, revised, total):
    assert {f.bookmark: (f.text, f.new) for f in refreshed.updated} == REVISED_STALE
    assert (len(refreshed.kept), len(refreshed.missing), len(refreshed.unknown), refreshed.current) == (0, 0, 1, total - len(REVISED_STALE) - 1)
    again = check(refreshed.data, revised)
    assert again.counts() == {"current": total - 1, "unknown": 1}
    assert not again.changes  # the refreshed draft records the new directions and verdicts


def test_no_paragraph_is_added_or_removed_and_every_other_run_is_kept(built, refreshed):
    assert editing.paragraph_count(refreshed.data) == editing.paragraph_count(built)
    assert editing.runs_outside_figures(refreshed.data) == editing.runs_outside_figures(built)


def test_only_the_text_the_map_its_copy_the_comments_and_stale_charts_change(built, refreshed):
    before, after = dict(read_zip(built)), dict(read_zip(refreshed.data))
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed == {"word/document.xml", "customXml/item1.xml", "word/_rels/document.xml.rels", "[Content_Types].xml",
                       "docProps/custom.xml",  # the map's copy in the properties
                       "word/charts/chart2.xml", "word/embeddings/Microsoft_Excel_Worksheet2.xlsx"}  # the one stale chart
    assert set(after) - set(before) == {"word/comments.xml"}


def test_sentences_whose_direction_or_verdict_changed_get_a_comment(refreshed):
    comments = comment_texts(ExistingDocx(refreshed.data, "new.docx"))
    assert len(comments) == len(refreshed.flagged) == 4
    assert comments[0] == (
        "Narrator: since this was written, the data have changed: recorded serious sexual offences: the change is now "
        "a rise (it was a fall). The figures here are updated; check that the words of this sentence still fit them.")
    flagged = {(f.place.number, f.sentence[:59]) for f in refreshed.flagged}
    assert flagged == {
        ("4.5.1", "Over 2020/21, recorded serious sexual offences fell by 2.8%"),  # "fell by 2.8%": now wrong
        ("4.5.2", "Against the same months a year before, recorded serious sex"),
        ("4.5.3", "Compared with 2019/20, the serious sexual offences prosecut"),
        ("7.2.2", "Alongside knife crime, recorded possession of weapons offen"),
    }
    assert all(f.sentence.endswith(".") for f in refreshed.flagged)


def test_a_comment_covers_its_sentence_and_its_mark_ends_the_paragraph(refreshed):
    root = editing.document_root(refreshed.data)
    start = next(root.iter(qn("w:commentRangeStart")))
    paragraph = start.getparent()
    assert paragraph[-1][0].tag == qn("w:commentReference")
    covered, inside = [], False
    for child in paragraph:
        if child.tag == qn("w:commentRangeStart"):
            inside = True
        elif child.tag == qn("w:commentRangeEnd"):
            inside = False
        elif inside and child.tag == qn("w:r"):
            covered.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
    assert "".join(covered).startswith("Over 2020/21, recorded serious sexual offences fell by ")
    assert "".join(covered).endswith(".")


def test_a_judgement_cell_takes_its_new_shading(refreshed):
    document = docx.Document(io.BytesIO(refreshed.data))
    start = next(e for e in document.element.body.iter(qn("w:bookmarkStart")) if e.get(qn("w:name")) == "F_sso_ppo_rate_judgement")
    cell = next(start.iterancestors(qn("w:tc")))
    assert cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is None  # Within usual variation: neutral, no colour (it was green)
    assert "".join(t.text for t in cell.iter(qn("w:t"))) == "Within usual variation"


def test_the_formatting_of_the_figure_is_kept(built, revised):
    def edit(document):
        editing.reformat(document, "F_da_recorded_change_pct")
        editing.split_run(document, "F_da_recorded_current__2", 3)

    data = with_python_docx(built, edit)
    bold = run_properties(data, "F_da_recorded_change_pct")
    new = refresh(data, revised).data
    assert run_properties(new, "F_da_recorded_change_pct") == bold
    assert b"<w:b/>" in bold[0] and b"w:highlight" in bold[0]
    assert len(run_properties(data, "F_da_recorded_current__2")) == 2 and len(run_properties(new, "F_da_recorded_current__2")) == 1
    figures = {f.bookmark: f.text for f in check(new, revised).figures}
    assert (figures["F_da_recorded_change_pct"], figures["F_da_recorded_current__2"]) == ("15.3%", "12,296")


def test_hand_edited_figures_are_kept_and_stay_hand_edited(built, revised):
    data = with_python_docx(built, lambda d: editing.type_over(d, "F_da_recorded_change_pct", "about 14%"))
    result = refresh(data, revised)
    assert [(f.bookmark, f.text, f.new) for f in result.kept] == [("F_da_recorded_change_pct", "about 14%", "15.3%")]
    after = {f.bookmark: f for f in check(result.data, revised).figures}
    assert (after["F_da_recorded_change_pct"].status, after["F_da_recorded_change_pct"].text) == ("hand-edited", "about 14%")
    assert after["F_da_recorded_current__2"].status == "current"


def test_a_shading_the_analyst_chose_is_kept(built, revised):
    def shade(document):
        cell = next(editing.marks(document, "F_sso_ppo_rate_judgement")[0].iterancestors(qn("w:tc")))
        cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}").set(qn("w:fill"), "FFFF00")

    result = refresh(with_python_docx(built, shade), revised)
    after = {f.bookmark: f for f in check(result.data, revised).figures}["F_sso_ppo_rate_judgement"]
    assert (after.text, after.fill, after.status) == ("Within usual variation", "FFFF00", "current")


def test_comments_tracked_changes_images_headers_and_the_order_are_kept(built, revised):
    def edit(document):
        paragraph = editing.paragraph_starting(document, "Ahead of the pandemic, levels of Domestic")
        document.add_comment(paragraph.runs[0], text="Check with the DA lead", author="Analyst", initials="AN")
        inserted = etree.SubElement(paragraph._p, qn("w:ins"), {qn("w:id"): "801", qn("w:author"): "Analyst"})
        etree.SubElement(etree.SubElement(inserted, qn("w:r")), qn("w:t")).text = " A tracked insertion."
        document.sections[0].header.paragraphs[0].text = "OFFICIAL"
        document.add_picture(io.BytesIO(PIXEL))

    data = with_python_docx(built, edit)
    new = refresh(data, revised).data
    before, after = dict(read_zip(data)), dict(read_zip(new))
    for name in before:
        if name.startswith(("word/media/", "word/header", "word/footer", "word/styles", "word/numbering", "word/footnotes")):
            assert after[name] == before[name], name
    comments = comment_texts(ExistingDocx(new, "new.docx"))
    assert comments[0] == "Check with the DA lead" and len(comments) == 5
    assert editing.runs_outside_figures(new) == editing.runs_outside_figures(data)
    root = editing.document_root(new)
    assert "".join(t.text for t in next(root.iter(qn("w:ins"))).iter(qn("w:t"))) == " A tracked insertion."


def test_refreshing_again_with_the_same_data_changes_nothing(refreshed, revised):
    again = refresh(refreshed.data, revised)
    assert not again.updated and not again.flagged
    assert dict(read_zip(again.data)) == dict(read_zip(refreshed.data))


def test_an_unedited_draft_with_unchanged_data_comes_back_as_it_was(built, now):
    assert read_zip(refresh(built, now).data) == read_zip(built)


@pytest.mark.parametrize(("text", "offset", "sentence"), [
    ("One rose by 14.4%. Two fell. Three.", 5, "One rose by 14.4%."),
    ("One rose by 14.4%. Two fell. Three.", 20, "Two fell."),
    ("One rose by 14.4%. Two fell. Three", 31, "Three"),
    ("It said “up.” Then down.", 3, "It said “up.”"),
    ("In 2020/21. Next (see 4.3.1). Done", 16, "Next (see 4.3.1)."),
])
def test_a_sentence_ends_at_its_stop_before_a_space(text, offset, sentence):
    start, end = sentence_span(text, offset)
    assert text[start:end] == sentence
