"""What a Word draft records at build: cell shadings, measure states, change signs."""

from __future__ import annotations

from dataclasses import replace

from narrator.analysis.facts import Fact, FactSet
from narrator.drafts.mapstore import map_properties, stored_map
from narrator.drafts.record import MeasureState, measure_states, read_signs, read_states, sign
from narrator.pipeline import render, render_draft
from narrator.word.figuremap import FigureMap
from narrator.wording.style import HouseStyle
from narrator.zipfiles import read_zip

from .editing import figure_map


def test_each_measure_state_is_its_printed_direction_and_its_test(example_project, example_draft):
    states = measure_states(example_draft.analysis, example_project.style)
    assert states["da.recorded"] == MeasureState("up", "up", "Higher")
    assert states["sso.recorded"] == MeasureState("down", "none", "Within usual variation")
    assert states["knife.recorded"] == MeasureState("down", "none", "Within usual variation")
    assert states["national.drugs.recorded"] == MeasureState("up", "untested", "-")
    assert len(states) == len(example_project.measures)


def test_a_level_change_that_prints_as_no_change_is_recorded_flat(example_draft, example_project):
    """+0.3 minutes reads "no change" in the text; the record said "up" before, so refresh could
    attach a false comment that the change is now a fall."""
    analysis = example_draft.analysis
    assert analysis.assessments["da.prompt_response"].measure.kind == "level"
    for change, direction in ((0.3, "flat"), (-0.3, "flat"), (0.6, "up"), (-0.6, "down")):
        facts = FactSet([*(f for f in analysis.facts.values() if f.id != "da.prompt_response.change"),
                         Fact("da.prompt_response.change", "", change, "minutes")])
        states = measure_states(replace(analysis, facts=facts), example_project.style)
        assert states["da.prompt_response"].direction == direction


def test_a_change_figures_sign_is_its_sign_as_printed():
    style = HouseStyle()
    assert sign(Fact("a.change_pct", "", -0.04, "percent"), style) == "0"  # prints 0.0%
    assert sign(Fact("a.largest_fall.1.change_pct", "", -12.3, "percent"), style) == "-"
    assert sign(Fact("a.change", "", 3, "count"), style) == "+"
    assert sign(Fact("a.current", "", -3, "count"), style) is None
    assert sign(Fact("a.change", "", "-", "text"), style) is None


def test_the_built_draft_records_shadings_states_and_signs(built, example_draft):
    recorded = figure_map(built)
    by_name = recorded.by_bookmark()
    assert by_name["F_da_ppo_rate_judgement"].fill == "C6EFCE"  # Improved: good
    assert by_name["F_da_recorded_judgement"].fill == ""  # Higher, for a measure of neutral polarity
    assert by_name["F_tomv_ppo_rate_judgement"].fill == ""  # Within usual variation: neutral
    assert by_name["F_da_recorded_current"].fill == ""  # in a table, unshaded
    assert by_name["F_da_recorded_change_pct"].fill is None  # in running text
    assert read_states(recorded)["knife.recorded"] == MeasureState("down", "none", "Within usual variation")
    signs = read_signs(recorded)
    assert signs["da.recorded.change_pct"] == "+" and signs["sso.recorded.event.third_lockdown.change_pct"] == "-"
    assert "da.recorded.current" not in signs


def test_recording_touches_only_the_map_and_its_copy_in_the_properties(example_project, example_draft):
    plain = read_zip(render(example_draft.document, "docx"))
    recorded = read_zip(render_draft(example_draft, example_project, "docx").main)
    added = ["docProps/custom.xml"] if "docProps/custom.xml" not in dict(plain) else []
    assert [name for name, _ in plain] + added == [name for name, _ in recorded]
    changed = {name for (name, old), (_, new) in zip(plain, recorded) if old != new}
    assert changed == {"customXml/item1.xml", "[Content_Types].xml", "_rels/.rels"} - ({"[Content_Types].xml", "_rels/.rels"} if not added else set())
    parts = dict(recorded)
    assert stored_map(parts) == FigureMap.from_xml(parts["customXml/item1.xml"])
    assert all(len(value) <= 255 for value in map_properties(stored_map(parts)).values())


def test_cell_labels_read_once_are_cell_labels(built):
    """record reads each row's columns and each cell's text once (CellLabels): the labels of every cell
    of the example's tables are those cell_labels gives."""
    from lxml import etree

    from narrator.drafts.finding import CellLabels, cell_labels

    body = etree.fromstring(dict(read_zip(built))["word/document.xml"])
    cells = list(body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"))
    labels = CellLabels()
    assert len(cells) > 100 and [labels(cell) for cell in cells] == [cell_labels(cell) for cell in cells]
    assert sum(label is not None for label in map(labels, cells)) > 50


def test_the_writers_figure_map_is_recorded_in_as_if_read_back(example_project, example_draft):
    """A build records in the map the writer returns (no reading it back): the same draft as recording in
    the map read from the package."""
    from narrator.drafts.record import record
    from narrator.pipeline import provenance_state, writer_options
    from narrator.writers.docx import render_docx_draft

    word = render_docx_draft(example_draft.document, writer_options(example_project))
    states = measure_states(example_draft.analysis, example_project.style)
    args = (states, example_draft.facts, example_project.style, provenance_state(example_project))
    assert record(word.data, *args, figure_map=word.figure_map, map_part=word.map_part) == record(word.data, *args)
    assert word.map_part == "customXml/item1.xml" and len(word.figure_map.figures) > 300
