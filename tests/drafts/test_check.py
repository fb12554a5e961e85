"""narrator check's statuses: every figure of an edited draft against what the data give now."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docx.oxml.ns import qn
from lxml import etree

from narrator.drafts.check import Current, OpenedDraft, check_draft
from narrator.errors import InputError
from narrator.word.figuremap import FigureMap
from narrator.zipfiles import read_zip, write_zip

from . import editing
from .editing import figure_map, with_python_docx

REVISED_STALE = {
    # bookmark: (text now, text the revised data give)
    "F_da_recorded_current": ("12,196", "12,296"),
    "F_da_recorded_current__2": ("12,196", "12,296"),
    "F_da_recorded_change_pct": ("14.4%", "15.3%"),
    "F_sso_recorded_current": ("1,589", "1,666"),
    "F_sso_recorded_current__2": ("1,589", "1,666"),
    "F_sso_recorded_change_pct": ("1.9%", "2.8%"),
    "F_sso_recorded_event_third_lockdo_47c7f6": ("10.4%", "9.2%"),
    "F_sso_ppo_rate_current": ("8.4%", "8.2%"),
    "F_sso_ppo_rate_current__2": ("8.4%", "8.2%"),
    "F_sso_ppo_rate_change": ("2.0 percentage points", "1.8 percentage points"),
    "F_sso_ppo_rate_judgement": ("Improved", "Within usual variation"),
    "F_weapons_recorded_current": ("563", "608"),
    "F_weapons_recorded_current__2": ("563", "608"),
    "F_weapons_recorded_change_pct": ("16.0%", "9.3%"),
    "F_weapons_recorded_judgement": ("Lower", "Within usual variation"),
    "F_hate_satisfaction_current": ("73.2%", "78.3%"),
    "F_hate_satisfaction_current__2": ("73.2%", "78.3%"),
    "F_tests_flagged": ("26", "24"),  # the note on the judgements: two verdicts moved
    "F_tests_surviving": ("26", "24"),
    "F_sso_recorded_change_low": ("\u221211.8%", "\u22127.4%"),  # the intervals stated beside changes
    "F_sso_recorded_change_high": ("9.1%", "14.2%"),
    "F_hate_satisfaction_change_low": ("\u221218.7", "\u221213.6"),  # a range prints its unit once, at its end
    "F_hate_satisfaction_change_high": ("3.6 percentage points", "8.5 percentage points"),
}


def check(data: bytes, current: Current):
    return check_draft(OpenedDraft(data, "draft.docx"), current)


def statuses(result, *wanted: str) -> dict[str, str]:
    return {f.bookmark: f.status for f in result.figures if f.status in wanted}


def figure(result, bookmark: str):
    return next(f for f in result.figures if f.bookmark == bookmark and f.found != "copy")


def test_an_unedited_draft_against_unchanged_data_is_all_current(built, now, total):
    result = check(built, now)
    assert result.counts() == {"current": total}
    assert result.all_current and not result.changes


def test_revised_data_make_exactly_the_figures_they_move_stale(built, revised, total):
    result = check(built, revised)
    stale = {f.bookmark: (f.text, f.new) for f in result.figures if f.status == "stale"}
    assert stale == REVISED_STALE
    assert statuses(result, "unknown") == {"F_da_recorded_equal_month_1": "unknown"}  # November 2020 is no longer equal
    assert result.count("current") == total - len(REVISED_STALE) - 1 and not result.all_current


def test_a_stale_judgement_cell_carries_its_new_shading(built, revised):
    judgement = figure(check(built, revised), "F_sso_ppo_rate_judgement")
    assert (judgement.written_fill, judgement.fill, judgement.new_fill) == ("C6EFCE", "C6EFCE", "")
    assert (judgement.place.section, judgement.place.table, judgement.place.row_label) == (
        "4. VICTIMS Pillar – We will Safeguard the Vulnerable", 2, "Prosecution Possible Outcome Rate (All SSOs)")


def test_turned_changes_and_moved_verdicts_are_carried_by_the_figures_in_running_text(built, revised):
    result = check(built, revised)
    assert set(result.changes) == {"sso.recorded", "sso.recorded.change_pct", "sso.recorded.event.third_lockdown.change_pct",
                                   "sso.ppo_rate", "weapons.recorded"}
    assert result.changes["sso.recorded"].said == "recorded serious sexual offences: the change is now a rise (it was a fall)"
    assert result.changes["weapons.recorded"].said == (
        "recorded possession of weapons offences: the test now finds a change within the usual variation, Within usual variation "
        "(it found a fall larger than the usual variation, Lower)")
    assert result.changes["sso.recorded.event.third_lockdown.change_pct"].said == (
        "recorded serious sexual offences: the third lockdown: % change on a year before: now a rise (it was a fall)")
    carried = {f.bookmark: f.change.key for f in result.figures if f.change}
    assert carried["F_weapons_recorded_baseline__2"] == "weapons.recorded"  # current, but its sentence's words may not fit
    assert carried["F_sso_recorded_event_third_lockdo_47c7f6"] == "sso.recorded.event.third_lockdown.change_pct"
    assert "F_sso_recorded_event_first_lockdo_93b0f5" not in carried  # a month's change that did not turn
    assert "F_sso_ppo_rate_judgement" not in carried  # a table cell: the word is the figure
    assert all(f.place.table is None for f in result.figures if f.change)


def test_a_draft_without_recorded_states_is_judged_by_its_judgement_words_and_shown_signs(built, revised):
    result = check(editing.without_states(built), revised)
    assert {f.bookmark: (f.text, f.new) for f in result.figures if f.status == "stale"} == REVISED_STALE
    assert set(result.changes) == {"sso.ppo_rate", "weapons.recorded"}  # sso's changes were printed without their signs
    assert result.changes["weapons.recorded"].said == (
        "recorded possession of weapons offences: the judgement is now Within usual variation (it was Lower)")


# --------------------------------------------------------------------------- what editors do


def test_a_figure_typed_over_is_hand_edited(built, now, revised, total):
    data = with_python_docx(built, lambda d: editing.type_over(d, "F_da_recorded_current__2", "about 12,200"))
    for current in (now, revised):
        result = check(data, current)
        edited = figure(result, "F_da_recorded_current__2")
        assert (edited.status, edited.text, edited.written) == ("hand-edited", "about 12,200", "12,196")
    assert check(data, now).counts() == {"current": total - 1, "hand-edited": 1}


def test_text_typed_inside_a_bookmark_is_a_hand_edit(built, now):
    data = with_python_docx(built, lambda d: editing.type_inside(d, "F_da_recorded_change_pct", "about "))
    assert statuses(check(data, now), "hand-edited") == {"F_da_recorded_change_pct": "hand-edited"}
    assert figure(check(data, now), "F_da_recorded_change_pct").text == "about 14.4%"


def test_the_analyst_typing_the_new_value_makes_it_current(built, revised):
    data = with_python_docx(built, lambda d: editing.type_over(d, "F_da_recorded_change_pct", "15.3%"))
    assert figure(check(data, revised), "F_da_recorded_change_pct").status == "current"


@pytest.mark.parametrize("keep_bookmark", [False, True])
def test_a_deleted_figure_is_missing_and_no_fault(built, now, keep_bookmark):
    data = with_python_docx(built, lambda d: editing.delete_figure(d, "F_da_recorded_change_pct", keep_bookmark=keep_bookmark))
    result = check(data, now)
    assert statuses(result, "missing") == {"F_da_recorded_change_pct": "missing"}
    assert result.all_current  # exit code 0: a deleted figure is the analyst's choice
    assert result.figures[-1].bookmark == "F_da_recorded_change_pct" and result.figures[-1].place is None


def test_split_and_reformatted_runs_change_nothing(built, now, revised, total):
    def edit(document):
        editing.split_run(document, "F_da_recorded_current__2", 3)
        editing.reformat(document, "F_da_recorded_change_pct")

    data = with_python_docx(built, edit)
    assert check(data, now).counts() == {"current": total}
    assert {f.bookmark: (f.text, f.new) for f in check(data, revised).figures if f.status == "stale"} == REVISED_STALE


def test_a_moved_paragraph_keeps_its_figures_under_its_new_number(built, now):
    data = with_python_docx(built, lambda d: editing.move_paragraph(d, "Ahead of the pandemic, levels of Domestic", "Child Sexual Abuse and Exploitation"))
    moved = figure(check(data, now), "F_da_recorded_change_pct")
    assert moved.status == "current"
    assert figure(check(built, now), "F_da_recorded_change_pct").place.number == "4.3.1"
    assert (moved.place.number, moved.place.section) != ("4.3.1", "4.3 Domestic Abuse")


def test_a_copy_pasted_outside_word_is_a_copy_the_original_is_the_figure(built, now, total):
    opening = "Ahead of the pandemic, levels of Domestic"
    after = with_python_docx(built, lambda d: editing.copy_paragraph(d, opening, "Child Sexual Abuse and Exploitation"))
    result = check(after, now)
    assert result.counts() == {"current": total} and result.all_current
    assert {c.status for c in result.copies} == {"current"} and len(result.copies) == 18
    assert figure(result, "F_da_recorded_change_pct").place.number == "4.3.1"
    # pasted before the original and typed over there: the original is the one holding what Narrator wrote
    # between the words it was written between, wherever it stands; the copy is reported
    before = with_python_docx(built, lambda d: (editing.copy_paragraph(d, opening, "Purpose"),
                                                 editing.type_over(d, "F_da_recorded_change_pct", "much")))
    result = check(before, now)
    original = figure(result, "F_da_recorded_change_pct")
    assert (original.status, original.text, original.place.number) == ("current", "14.4%", "4.3.1")
    copied = [c for c in result.copies if c.bookmark == "F_da_recorded_change_pct"]
    assert [(c.status, c.text, c.place.section) for c in copied] == [("hand-edited", "much", "")]
    assert result.counts() == {"current": total} and not result.all_current


def test_the_analysts_own_bookmarks_and_words_are_never_reported(built, now, total):
    def edit(document):
        paragraph = editing.paragraph_starting(document, "Ahead of the pandemic, levels of Domestic")._p
        run = paragraph.find(qn("w:r"))
        for ident, name in (("9001", "_Ref123456"), ("9002", "MyNote"), ("9003", "F_not_in_the_map")):
            start = etree.Element(qn("w:bookmarkStart"))
            start.set(qn("w:id"), ident)
            start.set(qn("w:name"), name)
            end = etree.Element(qn("w:bookmarkEnd"))
            end.set(qn("w:id"), ident)
            run.addprevious(start)
            run.addnext(end)

    result = check(with_python_docx(built, edit), now)
    assert len(result.figures) == total and result.all_current
    assert not {"_Ref123456", "MyNote", "F_not_in_the_map"} & {f.bookmark for f in result.figures}


def test_a_fact_the_data_no_longer_have_is_unknown(built, now):
    gone = "da.recorded.threshold.1000.first_month"
    without = Current(
        FigureMap(tuple(f for f in now.figures.figures if f.fact_id != gone), now.figures.states),
        {k: v for k, v in now.facts.items() if k != gone}, now.style, now.names)
    result = check(built, without)
    assert statuses(result, "unknown") == {"F_da_recorded_threshold_1000_first_month": "unknown",  # stated twice
                                           "F_da_recorded_threshold_1000_f_b5343a__2": "unknown"}
    assert not result.all_current


def test_a_fact_the_fresh_draft_does_not_print_is_printed_in_house_style(built, now):
    fact = "da.recorded.threshold.1000.months_current"  # "six" in running text
    fewer = replace(now, figures=FigureMap(tuple(f for f in now.figures.figures if f.fact_id != fact), now.figures.states))
    checked = figure(check(built, fewer), "F_da_recorded_threshold_1000_mont_61464f")
    assert (checked.status, checked.new) == ("current", "six")


def test_a_shading_the_analyst_chose_is_kept_and_one_narrator_would_change_is_stale(built, now):
    def shade(document, fill):
        cell = next(editing.marks(document, "F_da_ppo_rate_judgement")[0].iterancestors(qn("w:tc")))
        cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}").set(qn("w:fill"), fill)

    assert figure(check(with_python_docx(built, lambda d: shade(d, "FFFF00")), now), "F_da_ppo_rate_judgement").status == "current"
    recoloured = replace(now, figures=FigureMap(
        tuple(replace(f, fill="00B050") if f.bookmark == "F_da_ppo_rate_judgement" else f for f in now.figures.figures),
        now.figures.states))
    stale = figure(check(built, recoloured), "F_da_ppo_rate_judgement")
    assert (stale.status, stale.text, stale.new, stale.fill, stale.new_fill) == ("stale", "Improved", "Improved", "C6EFCE", "00B050")


def test_records_for_json(built, revised):
    record = figure(check(built, revised), "F_sso_ppo_rate_judgement").record()
    assert record == {
        "bookmark": "F_sso_ppo_rate_judgement", "fact": "sso.ppo_rate.judgement", "status": "stale",
        "old": "Improved", "new": "Within usual variation", "written": "Improved",
        "section": "4. VICTIMS Pillar – We will Safeguard the Vulnerable", "paragraph": "", "table": 2, "row": 11,
        "row_label": "Prosecution Possible Outcome Rate (All SSOs)", "old_fill": "C6EFCE", "new_fill": "", "written_fill": "C6EFCE",
        "change": None, "found": "bookmark",
    }


def test_a_word_document_without_a_figure_map():
    import io

    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    with pytest.raises(InputError, match=r"^draft.docx: holds no Narrator figure map, so its figures cannot be checked"):
        OpenedDraft(out.getvalue(), "draft.docx")


def test_a_map_in_a_renumbered_item_is_still_found(built, now, total):
    parts = [("customXml/item7.xml" if n == "customXml/item1.xml" else n, c) for n, c in read_zip(built)]
    assert check(write_zip(parts), now).counts() == {"current": total}


def _without_any_map(data: bytes) -> bytes:
    from narrator.drafts.files import set_properties
    from narrator.drafts.mapstore import PREFIX

    parts = [(n, c) for n, c in read_zip(data) if not n.startswith("customXml/")]
    return set_properties(write_zip(parts), {}, PREFIX)


def test_a_map_lost_with_its_copy_is_rebuilt_from_the_bookmark_names(built, now, revised, total):
    data = _without_any_map(built)
    draft = OpenedDraft(data, "draft.docx")
    result = check_draft(draft, now)
    assert draft.map_source == "names" and result.counts() == {"current": total}
    assert draft.notes == [f"its figure map was lost (no custom XML part, no copy in the document's properties); {total} figures "
                           "were found by their bookmarks' names, but what Narrator wrote in them is not known, so a figure "
                           "that differs from the data is listed as hand-edited and kept"]
    result = check(data, revised)
    assert {f.bookmark for f in result.figures if f.status == "hand-edited"} == set(REVISED_STALE)  # reported, never overwritten


def test_a_damaged_copy_of_the_map_is_not_half_used(built, now):
    from narrator.drafts.files import set_properties
    from narrator.drafts.mapstore import PREFIX, map_properties, stored_map

    parts = [(n, c) for n, c in read_zip(built) if not n.startswith("customXml/")]
    kept = dict(list(map_properties(figure_map(built)).items())[:-1])  # the last piece lost
    data = set_properties(write_zip(parts), kept, PREFIX)
    assert stored_map(dict(read_zip(data))) is None
    assert OpenedDraft(data, "draft.docx").map_source == "none"


def test_a_map_that_names_no_figure_is_no_map(built, now, total):
    from narrator.drafts.files import set_properties
    from narrator.drafts.mapstore import PREFIX

    empty = b"<figures xmlns='urn:narrator:figures:1'/>"
    data = set_properties(write_zip((n, empty if n == "customXml/item1.xml" else c) for n, c in read_zip(built)), {}, PREFIX)
    draft = OpenedDraft(data, "draft.docx")
    assert check_draft(draft, now).counts() == {"current": total} and draft.map_source == "names"


def test_a_surveys_moved_verdict_is_said_in_a_samples_words():
    from narrator.drafts.check import _said
    from narrator.drafts.record import MeasureState

    before, after = MeasureState("up", "up", "Improved", True), MeasureState("up", "none", "Comparable", True)
    assert _said("victim satisfaction", before, after) == (
        "victim satisfaction: the test now finds no statistically significant change, Comparable "
        "(it found a statistically significant rise, Improved)")
    assert MeasureState("up", "none", "Comparable", True).attributes()["evidence"] == "survey"
