"""Table specs from report.yaml: checked with one clear message each; built from facts."""

import pytest

from narrator.settings.tables import read_table_spec
from narrator.errors import InputError
from narrator.settings.catalogue import Measure
from narrator.model import Figure, plain_text

MEASURES = {m: Measure(m, "Label", "name", "count", "neutral", "none") for m in ("youth.cbo", "youth.cpw", "da.recorded")}
WHERE = "data/report.yaml: table 't'"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"type": "monthly", "months": 6, "caption": "C"}, "missing key 'measure'"),
        ({"type": "monthly", "measure": "da.recorded", "months": 13, "caption": "C"}, "'months' must be a whole number from 1 to 12"),
        ({"type": "monthly", "measure": "da.recorded", "months": 6}, "missing key 'caption'"),
        ({"rows": [{"measure": "da.recorded"}], "columns": ["A", "B"]}, "'columns' must name three columns"),
        ({"type": "change", "measures": "youth.cbo", "caption": "C"}, "'measures' must be a list of measure ids"),
        ({"type": "change", "measures": ["youth.cbo"], "caption": ["C"]}, "caption: expected text, found ['C']"),
        ({"type": "change", "measures": ["youth.cob"], "caption": "C"}, "measure 'youth.cob' is not in the catalogue; did you mean 'youth.cbo'?"),
        ({"rows": [{"measure": "da.recorded", "group": "X"}]}, "row 1: give either 'measure' or 'group'"),
        ({"rows": [{"mesure": "da.recorded"}]}, "row 1: unknown key 'mesure'; did you mean 'measure'?"),
        ({"type": "txt", "rows": [["a"]]}, "type 'txt' is not one of measures, monthly, change, text, areas; did you mean 'text'?"),
        ({"type": "text", "rows": ["a", "b"]}, "'rows' must be a list of rows, each a list of cells"),
        ({"type": "change", "measures": ["youth.cbo"], "caption": "C", "small_base": "percents"},
         "small_base must be numbers (the change on a small base in numbers, the default) or percent, found 'percents'"),
        ({"type": "areas", "measures": "youth.cbo"}, "'measures' must be a list of measure ids"),
    ],
)
def test_bad_table_specs(entry, message):
    with pytest.raises(InputError) as error:
        read_table_spec("t", entry, WHERE, MEASURES)
    assert str(error.value).startswith(WHERE)
    assert message in str(error.value)


def test_measure_table_cells_carry_their_facts(example_draft):
    table = next(b for b in example_draft.document.blocks if getattr(b, "id", None) == "victims")
    header, first = table.rows[0], table.rows[1]
    assert [c.runs[0].text for c in header.cells] == ["SAFEGUARDING THE VULNERABLE", "Rolling 12 months", "Baseline", "Perf v Benchmark"]
    assert [c.runs[0] for c in first.cells[1:]] == [
        Figure("59,883", "all_crime.recorded.current"),
        Figure("67,882", "all_crime.recorded.baseline"),
        Figure("Lower", "all_crime.recorded.judgement"),
    ]
    assert [c.align for c in first.cells] == ["left", "right", "right", "center"]
    assert first.cells[3].tone == "good"  # lower is better for all recorded crime


def test_change_table_heads_its_columns_with_the_period_names(example_draft):
    table = next(b for b in example_draft.document.blocks if getattr(b, "id", None) == "youth_gangs")
    assert [c.runs[0].text if c.runs else "" for c in table.rows[0].cells] == ["", "2019/20", "2020/21", "% Change"]
    assert [c.runs[0].text for c in table.rows[2].cells] == ["Criminal Behaviour Orders (CBO)", "20", "16", "\u221220.0%"]
    assert table.caption == "Youth Gang KPI"


def test_an_empty_first_cell_continues_the_label_above(example_draft):
    (pillars,) = [b for b in example_draft.document.blocks if getattr(b, "id", None) == "pillars"]
    firsts = [(plain_text(row.cells[0].runs), row.cells[0].continues) for row in pillars.rows]
    assert firsts == [
        ("PCP Pillar", False), ("Corporate Plan Priority", False), ("Focus for the Force", False),
        ("", True), ("", True), ("", True), ("", True), ("", True), ("", True),
    ]
    assert not any(cell.continues for row in pillars.rows for cell in row.cells[1:])  # other gaps are gaps


def test_a_small_base_prints_the_change_in_numbers_unless_the_table_says_percent(example_project):
    from narrator.document.tables import TableBuilder
    from narrator.settings.tables import TableSpec
    from narrator.pipeline import compute_facts

    analysis, facts = compute_facts(example_project)
    spec = example_project.tables["youth_gangs"]
    assert spec.settings["small_base"] == "percent"  # the reference report's table prints these percentages
    numbers = TableSpec(spec.id, spec.type, {k: v for k, v in spec.settings.items() if k != "small_base"})
    for table_spec, cell, small in ((spec, "\u221220.0%", False), (numbers, "\u22124", True)):
        builder = TableBuilder(analysis, facts, example_project.style)
        table = builder.build(table_spec)
        cbo = table.rows[2].cells[3].runs[0]
        assert (cbo.text, cbo.fact_id) == (cell, "youth.cbo.change_pct" if not small else "youth.cbo.change")
        assert (spec.id in builder.small_bases) == small
    rises = TableBuilder(analysis, facts, example_project.style).build(numbers)
    assert rises.rows[3].cells[3].runs[0].text == "+43"  # community protection warnings, 47 to 90: a sign for a rise
