"""Figures found where they stand when editors lose, move or double their bookmarks, or put them in other stories."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from narrator.drafts.check import OpenedDraft, check_draft
from narrator.drafts.refresh import refresh_draft
from narrator.word.numbertext import number_prefix
from narrator.word.ranges import find_occurrences, paragraph_text

from . import editing, editors
from .editing import with_python_docx

DA = "Ahead of the pandemic, levels of Domestic"  # 4.3.1: 16 figures, two of them stale after the revision
DA_STALE = {"F_da_recorded_change_pct": ("14.4%", "15.3%"), "F_da_recorded_current__2": ("12,196", "12,296")}


def check(data: bytes, current):
    return check_draft(OpenedDraft(data, "draft.docx"), current)


def refresh(data: bytes, current):
    draft = OpenedDraft(data, "draft.docx")
    return refresh_draft(draft, check_draft(draft, current), current)


def figure(result, bookmark: str):
    return next(f for f in result.figures if f.bookmark == bookmark and f.found != "copy")


def not_current(result) -> dict[str, tuple[str, str, str | None]]:
    return {f.bookmark: (f.status, f.found, f.text) for f in result.figures if f.status != "current"}


def test_a_paragraph_pasted_back_as_text_only_keeps_its_figures(built, now, revised, total):
    pasted = with_python_docx(built, lambda d: editors.keep_text_only(d, DA))
    assert OpenedDraft(pasted, "d").locate("F_da_recorded_change_pct") is None  # its 16 bookmarks are gone
    result = check(pasted, now)
    assert result.counts() == {"current": total} and result.all_current
    assert figure(result, "F_da_recorded_change_pct").found == "text"
    result = check(pasted, revised)
    stale = {f.bookmark: (f.text, f.new) for f in result.figures if f.status == "stale" and f.found == "text"}
    assert stale == DA_STALE and not result.all_current
    assert {f.place.number for f in result.figures if f.found == "text"} == {"4.3.1"}
    refreshed = refresh(pasted, revised)
    assert {f.bookmark for f in refreshed.updated} >= set(DA_STALE) and len(refreshed.found_again) == 16
    again = check(refreshed.data, revised)
    assert {f.found for f in again.figures} == {"bookmark"}
    assert {b: (figure(again, b).status, figure(again, b).text) for b in DA_STALE} == {
        b: ("current", new) for b, (_, new) in DA_STALE.items()}


@pytest.mark.parametrize("edit", [
    lambda d: editors.drop_bookmark(d, "F_da_recorded_change_pct"),
    lambda d: editing.delete_figure(d, "F_da_recorded_change_pct", keep_bookmark=True) or editing.rewrite(d, "rose by ", "rose by 14.4%"),
])
def test_a_figure_whose_bookmark_was_deleted_is_found_and_updated(built, revised, edit):
    edited = with_python_docx(built, edit)
    found = figure(check(edited, revised), "F_da_recorded_change_pct")
    assert (found.status, found.found, found.text, found.new, found.place.number) == ("stale", "text", "14.4%", "15.3%", "4.3.1")
    refreshed = refresh(edited, revised)
    assert "rose by 15.3% relative to 2019/20" in editing.paragraph_starting(docx.Document(__import__("io").BytesIO(refreshed.data)), DA).text
    assert figure(check(refreshed.data, revised), "F_da_recorded_change_pct").status == "current"


def test_a_figure_retyped_after_its_bookmark_was_dropped_is_read_between_its_neighbours(built, revised):
    typed_new = with_python_docx(built, lambda d: editors.retype_without_bookmark(d, "F_da_recorded_change_pct", "15.3%"))
    assert not_current(check(typed_new, revised)).get("F_da_recorded_change_pct") is None  # what the data give: current
    typed_own = with_python_docx(built, lambda d: editors.retype_without_bookmark(d, "F_da_recorded_change_pct", "about 15%"))
    assert not_current(check(typed_own, revised))["F_da_recorded_change_pct"] == ("hand-edited", "text", "about 15%")
    assert "about 15%" in editing.paragraph_starting(docx.Document(__import__("io").BytesIO(refresh(typed_own, revised).data)), DA).text


def test_a_truly_deleted_figure_is_still_missing(built, revised):
    deleted = with_python_docx(built, lambda d: editing.delete_figure(d, "F_da_recorded_change_pct"))
    assert not_current(check(deleted, revised))["F_da_recorded_change_pct"] == ("missing", "gone", None)


def test_a_bookmark_moved_a_character_left_is_no_false_report(built, now, revised, total):
    names = ["F_da_recorded_change_pct", "F_da_recorded_current__2", "F_da_recorded_baseline__2"]
    shifted = with_python_docx(built, lambda d: [editors.shift_left(d, name) for name in names])
    assert [OpenedDraft(shifted, "d").locate(name)[1].text for name in names] == [" 14.4", " 12,19", " 10,66"]
    result = check(shifted, now)
    assert result.counts() == {"current": total} and {figure(result, n).found for n in names} == {"shifted"}
    result = check(shifted, revised)
    assert {n: (figure(result, n).status, figure(result, n).text) for n in DA_STALE} == {n: ("stale", old) for n, (old, _) in DA_STALE.items()}
    refreshed = refresh(shifted, revised)
    again = check(refreshed.data, revised)
    assert {n: (figure(again, n).status, figure(again, n).found, figure(again, n).text) for n in names} == {
        "F_da_recorded_change_pct": ("current", "bookmark", "15.3%"), "F_da_recorded_current__2": ("current", "bookmark", "12,296"),
        "F_da_recorded_baseline__2": ("current", "bookmark", "10,660")}


def test_of_two_copies_the_one_narrator_wrote_is_refreshed_and_an_edited_copy_is_kept_and_reported(built, revised):
    def edit(document):
        editing.copy_paragraph(document, DA, "Purpose")
        editing.type_over(document, "F_da_recorded_change_pct", "much")  # the first of the name: the copy
    edited = with_python_docx(built, edit)
    result = check(edited, revised)
    assert (figure(result, "F_da_recorded_change_pct").status, figure(result, "F_da_recorded_change_pct").place.number) == ("stale", "4.3.1")
    copies = {c.bookmark: (c.status, c.text) for c in result.copies if c.status != "current"}
    assert copies == {"F_da_recorded_change_pct": ("hand-edited", "much"), "F_da_recorded_current__2": ("stale", "12,196"),
                      "F_da_recorded_equal_month_1": ("unknown", "November 2020")}  # the month is no longer equal
    refreshed = refresh(edited, revised)
    assert [(f.bookmark, f.text) for f in refreshed.copies] == [("F_da_recorded_change_pct", "much")]
    occurrences = find_occurrences(editing.document_root(refreshed.data))
    assert [b.text for b in occurrences["f_da_recorded_change_pct"]] == ["much", "15.3%"]
    assert [b.text for b in occurrences["f_da_recorded_current__2"]] == ["12,296", "12,296"]


def test_figures_in_a_header_and_in_an_endnote_are_checked_and_refreshed(built, revised):
    in_header = with_python_docx(built, lambda d: editors.into_header(d, DA))
    result = check(in_header, revised)
    stale = {f.bookmark: (f.status, f.place.section) for f in result.figures if f.bookmark in DA_STALE}
    assert stale == {name: ("stale", "headers and footers") for name in DA_STALE}
    again = check(refresh(in_header, revised).data, revised)
    assert {figure(again, n).text for n in DA_STALE} == {"15.3%", "12,296"}
    paragraph = editing.paragraph_starting(docx.Document(__import__("io").BytesIO(built)), DA)._p
    moved = with_python_docx(built, lambda d: editing.delete_paragraph(d, DA))
    in_endnote = editors.into_endnote(moved, etree.tostring(paragraph))
    result = check(in_endnote, revised)
    assert {f.bookmark: (f.status, f.place.section) for f in result.figures if f.bookmark in DA_STALE} == {
        name: ("stale", "endnotes") for name in DA_STALE}
    again = check(refresh(in_endnote, revised).data, revised)
    assert {figure(again, n).text for n in DA_STALE} == {"15.3%", "12,296"}


def test_both_copies_of_a_text_box_are_refreshed(built, revised):
    boxed = with_python_docx(built, lambda d: editors.into_text_box(d, DA))
    result = check(boxed, revised)
    assert figure(result, "F_da_recorded_change_pct").status == "stale" and not result.copies
    refreshed = refresh(boxed, revised)
    root = editing.document_root(refreshed.data)
    texts = [t.text for t in root.iter(qn("w:t")) if t.text in ("14.4%", "15.3%")]
    assert texts == ["15.3%", "15.3%"]  # the DrawingML shape and the VML fallback


def test_a_figure_typed_over_with_libreoffice_record_changes(built, now):
    typed = with_python_docx(built, lambda d: editors.record_changes_over(d, "F_da_recorded_change_pct", "about 14%"))
    assert not_current(check(typed, now)) == {"F_da_recorded_change_pct": ("hand-edited", "bookmark", "about 14%")}
    typed = with_python_docx(built, lambda d: editors.record_changes_over(d, "F_da_recorded_change_pct", "14.4%"))
    assert not_current(check(typed, now)) == {}


def test_a_figure_whose_text_stands_in_two_places_that_fit_is_reported_not_guessed(built, revised):
    twice = with_python_docx(built, lambda d: (editing.copy_paragraph(d, DA, "Purpose"), _texts_only(d)))
    result = check(twice, revised)
    lost = figure(result, "F_da_recorded_change_pct")
    assert (lost.status, lost.found, lost.text, lost.new) == ("lost", "ambiguous", "14.4%", "15.3%") and not result.all_current
    refreshed = refresh(twice, revised)
    assert "F_da_recorded_change_pct" in {f.bookmark for f in refreshed.lost}


def _texts_only(document) -> None:
    for paragraph in [p for p in document.paragraphs if paragraph_text(p._p)[0].startswith(DA)]:
        text, number = paragraph_text(paragraph._p)[0], number_prefix(paragraph._p)  # the number stays
        for child in [c for c in paragraph._p if c.tag != qn("w:pPr") and not any(c is n for n in number)]:
            paragraph._p.remove(child)
        paragraph.add_run(text)


KNIFE = "Recorded Crime (sharp instrument marker)"


def test_a_table_cells_figures_whose_bookmarks_were_lost_are_found_by_their_row_and_column(built, revised):
    row = [f for f in editing.figure_map(built).figures if f.fact_id.startswith("knife.recorded.") and f.row is not None]
    assert [(f.fact_id, f.row, f.column) for f in row] == [
        ("knife.recorded.current", KNIFE, "Rolling 12 months"), ("knife.recorded.baseline", KNIFE, "Baseline"),
        ("knife.recorded.judgement", KNIFE, "Perf v Benchmark")]
    edited = with_python_docx(built, lambda d: [editors.drop_bookmark(d, f.bookmark) for f in row])
    found = {f.fact_id: (f.status, f.found, f.text, f.new) for f in check(edited, revised).figures if f.bookmark in {r.bookmark for r in row}}
    assert found == {"knife.recorded.current": ("stale", "text", "1,372", "1,448"), "knife.recorded.baseline": ("current", "text", "1,577", "1,577"),
                     "knife.recorded.judgement": ("stale", "text", "Lower", "Within usual variation")}
    refreshed = refresh(edited, revised)
    again = {f.fact_id: f.status for f in check(refreshed.data, revised).figures if f.fact_id.startswith("knife.recorded.")}
    assert set(again.values()) == {"current"}


def test_two_lost_cells_of_rows_with_the_same_label_are_ambiguous_never_guessed(built, revised):
    same = [f for f in editing.figure_map(built).figures if f.row == "Recorded Crime" and f.column == "Rolling 12 months"
            and f.fact_id in ("da.recorded.current", "msht.recorded.current")]  # both in the victims table
    assert len(same) == 2
    one = with_python_docx(built, lambda d: editors.drop_bookmark(d, same[0].bookmark))  # the other's bookmark tells them apart
    assert {f.fact_id: f.found for f in check(one, revised).figures if f.bookmark == same[0].bookmark} == {"da.recorded.current": "text"}
    both = with_python_docx(built, lambda d: [editors.drop_bookmark(d, f.bookmark) for f in same])
    assert {f.found for f in check(both, revised).figures if f.bookmark in {s.bookmark for s in same}} == {"ambiguous"}
