"""Tables built from their specs and facts: every figure cell a fact."""

from narrator.model import Figure, plain_text


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
