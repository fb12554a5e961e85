"""Held-out editing scenarios: a draft edited in many ways at once, data revised in several ways.

The expected status of every figure is worked out here from the edits made and from the
texts of two builds (the draft's own, and a fresh one of the revised data), not from the
code under test: ``check`` must report every stale and hand-edited figure and nothing else,
and ``refresh`` must update every stale figure and keep every other run, run by run.
"""

from __future__ import annotations

from dataclasses import replace

import io

import docx
import pytest
from docx.oxml.ns import qn

from narrator.drafts.check import OpenedDraft, check_draft
from narrator.drafts.refresh import refresh_draft
from narrator.pipeline import build_draft, render_draft, writer_options
from narrator.word import figure_bookmarks

from . import editing

TYPED = {  # bookmark: what the analyst typed over it
    "F_da_recorded_current": "12.2k",  # a table cell whose figure the data also move
    "F_sso_recorded_change_pct": "about 2%",  # in running text, moved by the data too
    "F_da_recorded_baseline__2": "10,660 (revised)",  # one the data leave alone
}
DELETED_PARAGRAPH = "Recorded child sexual exploitation offences r"
DELETED_FIGURE = "F_csa_recorded_change_pct"


def names_in(document, opening: str) -> set[str]:
    paragraph = editing.paragraph_starting(document, opening)._p
    return {e.get(qn("w:name")) for e in paragraph.iter(qn("w:bookmarkStart"))}


def edit(document) -> None:
    for name, text in TYPED.items():
        editing.type_over(document, name, text)
    editing.type_inside(document, "F_rape_recorded_change_pct", "nearly ")
    editing.delete_paragraph(document, DELETED_PARAGRAPH)
    editing.delete_figure(document, DELETED_FIGURE)
    editing.move_paragraph(document, "Hate crime victim satisfaction (whole experie", "Recorded hate crimes increased by")
    editing.move_paragraph(document, "Within the SSO category, recorded rape", "Ahead of the pandemic, levels of Domestic")
    editing.paragraph_starting(document, "Ahead of the pandemic, levels of Domestic").insert_paragraph_before(
        "A paragraph the analyst wrote, in the numbered style.", style="Numbered Paragraph 3")
    editing.paragraph_starting(document, "Recorded hate crimes increased by").insert_paragraph_before("An unnumbered remark.")
    editing.rewrite(document, "steadily increasing", "rising steadily")
    editing.rewrite(document, "recorded serious sexual offences fell by", "recorded serious sexual offences went down by")
    editing.split_run(document, "F_hate_satisfaction_current__2", 2)
    editing.reformat(document, "F_sso_recorded_current__2")
    editing.reformat(document, "F_hate_satisfaction_judgement")


@pytest.fixture(scope="module")
def scenario(built, revised_project, revised):
    deleted_with_paragraph = names_in(docx.Document(io.BytesIO(built)), DELETED_PARAGRAPH)
    edited = editing.with_python_docx(built, edit)
    options = writer_options(revised_project)
    fresh = figure_bookmarks(render_draft(build_draft(revised_project), revised_project, "docx", options).main)
    old = figure_bookmarks(built)
    expected = {}
    for name, figure in old.items():
        if name in TYPED or name == "F_rape_recorded_change_pct":
            expected[name] = "hand-edited"
        elif name in deleted_with_paragraph or name == DELETED_FIGURE:
            expected[name] = "missing"
        elif name not in fresh:
            expected[name] = "unknown"
        else:
            expected[name] = "current" if fresh[name].generated == figure.generated else "stale"
    draft = OpenedDraft(edited, "edited.docx")
    result = check_draft(draft, revised)
    refreshed = refresh_draft(draft, result, replace(revised, commentary=None))  # rewording off: every paragraph kept
    return edited, expected, fresh, result, refreshed


def test_the_scenario_exercises_every_status(scenario, total):
    _, expected, _, _, _ = scenario
    counts = {status: list(expected.values()).count(status) for status in set(expected.values())}
    assert counts == {"current": total - 31, "stale": 21, "hand-edited": 4, "missing": 5, "unknown": 1}


def test_check_reports_every_stale_and_hand_edited_figure_and_nothing_else(scenario):
    _, expected, _, result, _ = scenario
    assert {f.bookmark: f.status for f in result.figures} == expected


def test_refresh_updates_every_stale_figure_and_keeps_the_analysts(scenario, revised):
    edited, expected, fresh, _, refreshed = scenario
    after = figure_bookmarks(refreshed.data)
    for name, status in expected.items():
        if status == "stale":
            assert after[name].text == fresh[name].generated, name
        elif status == "hand-edited":
            assert after[name].text == figure_bookmarks(edited)[name].text, name
    assert {f.bookmark for f in refreshed.kept} == set(TYPED) | {"F_rape_recorded_change_pct"}
    again = check_draft(OpenedDraft(refreshed.data, "refreshed.docx"), revised)
    assert {f.bookmark: f.status for f in again.figures} == {
        name: "current" if status == "stale" else status for name, status in expected.items()}


def test_refresh_keeps_every_other_run_and_every_paragraph(scenario):
    edited, _, _, _, refreshed = scenario
    assert editing.runs_outside_figures(refreshed.data) == editing.runs_outside_figures(edited)
    assert editing.paragraph_count(refreshed.data) == editing.paragraph_count(edited)
    text = "".join(t.text or "" for t in editing.document_root(refreshed.data).iter(qn("w:t")))
    for kept in ("A paragraph the analyst wrote, in the numbered style.", "An unnumbered remark.", "rising steadily", "went down by"):
        assert kept in text


def test_moved_paragraphs_are_checked_where_they_are_now(scenario):
    _, _, _, result, refreshed = scenario
    where = {f.bookmark: f.place for f in result.figures}
    assert where["F_rape_recorded_baseline__2"].section == "4.3 Domestic Abuse"  # moved up from 4.5
    assert where["F_hate_satisfaction_current__2"].number == "7.1.1"  # moved above 7.1.1
    assert {(f.place.number, f.sentence[:40]) for f in refreshed.flagged} == {
        ("4.5.1", "Over 2020/21, recorded serious sexual of"),  # the analyst's words, flagged where they are
        ("4.5.2", "Against the same months a year before, r"),
        ("4.5.3", "Compared with 2019/20, the serious sexua"),
        ("7.2.2", "Alongside knife crime, recorded possessi"),
    }
