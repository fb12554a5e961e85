"""inputs/forcetable.py: any published table with a force column, read by the columns report.yaml names."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrator.errors import InputError
from narrator.inputs.forcetable import _day_month_year, read_force_table
from narrator.settings.catalogue import load_catalogue

COLUMNS = {"force": "Force", "period_end": "Year ending", "offence": "Offence", "value": "Offences"}
HEADER = "Force,Year ending,Offence,Offences\n"
ROWS = ('Kent,2020-03,Domestic burglary,"1,200"\nKent,2020-03,Non-domestic burglary,300\n'
        "Kent,2021-03-31,Domestic burglary,1000\nKent,2021-03-31,Non-domestic burglary,250\n"
        "Essex,31-03-2021,Domestic burglary,900\nEssex,31-03-2021,Non-domestic burglary,100\n"
        "Essex,2020-03,Domestic burglary,800\nEssex,2020-03,Non-domestic burglary,50\n")


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "measures.yaml").write_text(
        "measures:\n  - id: burglary\n    label: Burglary\n    name: recorded burglaries\n    kind: count\n"
        "    polarity: lower_is_better\n    offences: [Domestic burglary, Non-domestic burglary]\n", encoding="utf-8")
    return tmp_path


def read(folder: Path, text: str, columns=COLUMNS):
    (folder / "forces.csv").write_text(text, encoding="utf-8")
    catalogue = folder / "measures.yaml"
    return read_force_table(folder / "forces.csv", columns, load_catalogue(catalogue), catalogue, "report.yaml")


def test_each_forces_offences_are_summed_into_its_measure_whatever_the_date_form(folder):
    frame = read(folder, HEADER + ROWS)
    assert [(r.measure, str(r.month), r.value, r.area) for r in frame.itertuples()] == [
        ("burglary", "2020-03", 850.0, "Essex"), ("burglary", "2021-03", 1000.0, "Essex"),
        ("burglary", "2020-03", 1500.0, "Kent"), ("burglary", "2021-03", 1250.0, "Kent")]  # "1,200": commas group thousands
    assert frame["denominator"].isna().all()


def test_a_column_the_table_lacks_names_the_nearest_and_lists_them_all(folder):
    with pytest.raises(InputError) as caught:
        read(folder, HEADER + ROWS, {**COLUMNS, "force": "Forse"})
    assert str(caught.value) == (f"report.yaml: peers.table.columns.force: 'Forse' is not a column of {folder / 'forces.csv'} "
                                 "(its columns: Force, Year ending, Offence, Offences); did you mean 'Force'?")


@pytest.mark.parametrize(("rows", "message"), [
    ("", "{path}: no rows of data below the header"),
    ("Kent,2021-13,Domestic burglary,5\n", "{path}, line 2, column 'Year ending': '2021-13' is not a date in the form dd-mm-yyyy, YYYY-MM-DD or YYYY-MM"),
    ("Kent,2021-03,Domestic burglary,5.5\n", "{path}, line 2, column 'Offences': '5.5' is not a whole number of offences"),
])
def test_a_bad_table_is_one_line_in_its_own_columns_terms(folder, rows, message):
    with pytest.raises(InputError) as caught:
        read(folder, HEADER + rows)
    assert str(caught.value) == message.format(path=folder / "forces.csv")


def test_a_month_is_its_last_day_and_other_text_is_left_for_the_reader_to_refuse():
    assert [_day_month_year(text) for text in ("2021-03", "2020-02", "2021-03-15", " 31-03-2021 ", "2021-13", "March 2021")] == [
        "31-03-2021", "29-02-2020", "15-03-2021", "31-03-2021", "2021-13", "March 2021"]
