"""settings/layouts.py: which column of a crime extract holds what; every wrong entry one line."""

from __future__ import annotations

import pytest

from narrator.errors import InputError
from narrator.settings.catalogue import Measure
from narrator.settings.layouts import POLICE_UK, Layout, read_layout, records_layout, with_layout_notes

WHERE = "inputs.records"


def test_police_uk_names_the_street_files_columns():
    layout = read_layout({"layout": "police-uk"}, WHERE)
    assert layout is POLICE_UK and layout.name == "the police-uk layout"
    assert [layout.column(n) for n in ("id", "month", "force", "offence", "outcome", "area")] == [
        "Crime ID", "Month", "Falls within", "Crime type", "Last outcome category", "LSOA name"]
    assert layout.outcome_note.startswith("Outcome rates here are counted from the \u201cLast outcome category\u201d of data.police.uk")


def test_a_columns_mapping_names_a_forces_own_and_other_names_are_their_own():
    layout = read_layout({"columns": {"month": "Date", "offence": "Type"}}, WHERE)
    assert layout == Layout("inputs.records.columns", {"month": "Date", "offence": "Type"})
    assert (layout.column("offence"), layout.column("outcome"), layout.outcome_note) == ("Type", "outcome", None)


@pytest.mark.parametrize(("entry", "message"), [
    ({}, "inputs.records: give either layout (such as police-uk) or a columns mapping, not neither"),
    ({"layout": "police-uk", "columns": {}}, "inputs.records: give either layout (such as police-uk) or a columns mapping, not both"),
    ({"layout": "police-uks"}, "inputs.records.layout: 'police-uks' is not a layout; layouts: police-uk; did you mean 'police-uk'?"),
    ({"columns": {"id": "ID"}}, "inputs.records.columns: missing key 'month'"),
    ({"columns": {"month": 3}}, "inputs.records.columns.month: expected a column name, found 3"),
    ({"columns": {"month": "M", "offense": "x"}}, "inputs.records.columns: unknown key 'offense'; did you mean 'offence'?"),
])
def test_a_wrong_layout_is_one_line(entry, message):
    with pytest.raises(InputError) as caught:
        read_layout(entry, WHERE)
    assert str(caught.value) == message


def test_records_layout_checks_the_records_keys_first():
    assert records_layout("not a mapping", WHERE) is None  # records/source.py says why
    assert records_layout({"layout": "police-uk", "files": ["a.csv"]}, WHERE) is POLICE_UK
    with pytest.raises(InputError, match="^inputs.records: unknown key 'file'; did you mean 'files'\\?$"):
        records_layout({"layout": "police-uk", "file": "a.csv"}, WHERE)


def measure(measure_id: str, kind: str, records=None, footnote=None) -> Measure:
    return Measure(measure_id, measure_id, measure_id, kind, "higher_is_better", None, records=records, footnote=footnote)


def test_an_outcome_rate_without_a_footnote_takes_the_layouts_note():
    from narrator.settings.records import read_rule

    outcome = read_rule({"where": {"offence": ["Burglary"]}, "numerator": {"outcome": ["Under investigation"]}}, "proportion", {}, "m")
    counted = read_rule({"where": {"offence": ["Burglary"]}}, "count", {}, "m")
    measures = {"rate": measure("rate", "proportion", outcome), "own": measure("own", "proportion", outcome, footnote="Ours."),
                "count": measure("count", "count", counted), "plain": measure("plain", "proportion")}
    noted = with_layout_notes(measures, POLICE_UK)
    assert {k: m.footnote for k, m in noted.items()} == {"rate": POLICE_UK.outcome_note, "own": "Ours.", "count": None, "plain": None}
    assert with_layout_notes(measures, read_layout({"columns": {"month": "M"}}, WHERE)) == measures  # a force's own: no note
