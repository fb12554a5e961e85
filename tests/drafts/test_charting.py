"""Charts are figures too: recorded, checked against the data now, refreshed with the analyst's styling kept."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from narrator.drafts.charting import C, Charts, chart_states, series_of
from narrator.drafts.check import OpenedDraft, check_draft
from narrator.drafts.refresh import refresh_draft
from narrator.word.existing import ExistingDocx
from narrator.zipfiles import read_zip

STALE = {"Chart 2": "values changed: Each month: 1 of 60 points; Monthly average, 12 months to date: 5 of 60 points"}


def check(data: bytes, current):
    return check_draft(OpenedDraft(data, "draft.docx"), current)


def charts(result) -> dict[str, tuple[str, str]]:
    return {chart.name: (chart.status, chart.summary) for chart in result.charts}


def edited_chart(data: bytes, name: str, change) -> bytes:
    docx = ExistingDocx(data, "draft.docx")
    change(docx.edit(Charts(docx).parts[name].part))
    return docx.to_bytes()


def restyle(space: etree._Element) -> None:
    """The analyst recolours the first line, as in Word's Chart Design."""
    next(space.iter(f"{C}ser")).find(f"{C}spPr").find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr").set("val", "7030A0")


def test_every_chart_is_recorded_with_its_series(built):
    states = chart_states(ExistingDocx(built, "draft.docx"))
    assert list(states) == ["chart:Chart 1", "chart:Chart 2", "chart:Chart 3", "chart:Chart 4"]
    first = json.loads(states["chart:Chart 1"]["series"])
    assert [series["name"] for series in first] == ["2019/20", "2020/21"] and len(first[0]["values"]) == 12


def test_charts_are_current_then_stale_after_revised_data(built, now, revised):
    assert set(charts(check(built, now)).values()) == {("current", "")}
    result = check(built, revised)
    assert {name: summary for name, (status, summary) in charts(result).items() if status != "current"} == STALE
    assert not result.all_current


def test_refresh_updates_a_stale_chart_keeping_its_styling_and_replaces_its_workbook(built, revised):
    styled = edited_chart(built, "Chart 2", restyle)
    draft = OpenedDraft(styled, "draft.docx")
    refreshed = refresh_draft(draft, check_draft(draft, revised), revised)
    assert [chart.name for chart in refreshed.charts_updated] == ["Chart 2"] and not refreshed.charts_kept
    parts = dict(read_zip(refreshed.data))
    fresh_part, fresh_workbook = revised.charts["Chart 2"]
    space = etree.fromstring(parts["word/charts/chart2.xml"])
    assert series_of(space) == series_of(etree.fromstring(fresh_part))
    assert b'val="7030A0"' in parts["word/charts/chart2.xml"]  # the analyst's colour kept
    assert parts["word/embeddings/Microsoft_Excel_Worksheet2.xlsx"] == fresh_workbook
    assert parts["word/charts/chart1.xml"] == dict(read_zip(built))["word/charts/chart1.xml"]  # a current chart untouched
    assert set(charts(check(refreshed.data, revised)).values()) == {("current", "")}


def test_a_chart_whose_data_the_analyst_edited_is_kept_and_listed(built, revised):
    def edit_value(space):
        next(p for p in space.iter(f"{C}pt") if p.getparent().tag == f"{C}numCache")[0].text = "9999"

    edited = edited_chart(built, "Chart 2", edit_value)
    result = check(edited, revised)
    assert charts(result)["Chart 2"] == ("edited", "its data were edited (Edit Data); kept as you left them")
    draft = OpenedDraft(edited, "draft.docx")
    refreshed = refresh_draft(draft, check_draft(draft, revised), revised)
    assert [chart.name for chart in refreshed.charts_kept] == ["Chart 2"] and not refreshed.charts_updated
    assert b"<c:v>9999</c:v>" in dict(read_zip(refreshed.data))["word/charts/chart2.xml"]


@pytest.mark.parametrize("deleted", ["Chart 3"])
def test_a_deleted_chart_is_missing_and_no_fault(built, now, deleted):
    from docx.oxml.ns import qn

    docx = ExistingDocx(built, "draft.docx")
    root = docx.edit(docx.main)
    for drawing in list(root.iter(qn("w:drawing"))):
        described = next(drawing.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"), None)
        if described is not None and described.get("name") == deleted:
            drawing.getparent().remove(drawing)
    result = check(docx.to_bytes(), now)
    assert charts(result)[deleted] == ("missing", "(deleted from the draft)") and result.all_current


def test_a_chart_cache_out_of_all_measure_is_read_without_harm(built, now):
    def garble(space):
        cache = next(space.iter(f"{C}numCache"))
        cache.find(f"{C}ptCount").set("val", "99999999")
        next(cache.iter(f"{C}pt")).set("idx", "x")

    result = check(edited_chart(built, "Chart 1", garble), now)
    assert charts(result)["Chart 1"] == ("edited", "its data were edited (Edit Data); kept as you left them")
