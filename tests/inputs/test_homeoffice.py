"""The Home Office PFA table read as published, checked against our own reading of the real file."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import HOME_OFFICE_TABLE, home_office_project, needs_home_office

from narrator.errors import InputError
from narrator.settings.catalogue import load_catalogue
from narrator.inputs.homeoffice import COLUMNS, read_home_office
from narrator.project import load_project

BURGLARY = ("Domestic burglary", "Non-domestic burglary", "Residential burglary", "Non-residential burglary")


@pytest.fixture(scope="module")
def published():
    """(force, 'dd-mm-yyyy', offence) → total, read with the csv module."""
    with HOME_OFFICE_TABLE.open(encoding="utf-8", newline="") as stream:
        return {(r["PFA"], r["12 months ending"], r["Offence"]): int(r["Rolling year total number of offences"]) for r in csv.DictReader(stream)}


def ours(published, date: str, offences=None, *, excluded=("Fraud offences",)) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for (force, when, offence), value in published.items():
        if when == date and (offence in offences if offences else offence not in excluded) and force not in ("Action Fraud", "CIFAS", "UK Finance"):
            totals[force] += value
    return dict(totals)


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    folder = home_office_project(tmp_path_factory.mktemp("ho"))
    notes: list[str] = []
    frame = read_home_office(HOME_OFFICE_TABLE, load_catalogue(folder / "measures.yaml"), folder / "measures.yaml", notes.append)
    return frame, notes


@needs_home_office
def test_every_force_and_period_end_is_the_sum_of_its_offences(table, published):
    frame, _ = table
    assert frame["area"].nunique() == 44
    for date, month in (("31-12-2018", "2018-12"), ("31-03-2016", "2016-03"), ("31-03-2003", "2003-03")):
        got = frame[frame["month"].astype(str) == month]
        burglary = dict(zip(got.loc[got["measure"] == "burglary", "area"], got.loc[got["measure"] == "burglary", "value"]))
        crime = dict(zip(got.loc[got["measure"] == "all_crime", "area"], got.loc[got["measure"] == "all_crime", "value"]))
        assert burglary == ours(published, date, BURGLARY)
        assert crime == ours(published, date)


@needs_home_office
def test_the_30_december_2017_slip_is_read_as_december_2017(table, published):
    frame, notes = table
    december = frame[(frame["month"].astype(str) == "2017-12") & (frame["measure"] == "burglary")]
    assert dict(zip(december["area"], december["value"])) == ours(published, "30-12-2017", BURGLARY)
    assert dict(zip(december["area"], december["value"]))["Cambridgeshire"] == 587 + 900 + 1437 + 3533
    assert not (frame["month"].astype(str) == "2017-11").any()
    assert f"{HOME_OFFICE_TABLE}: 927 rows dated 30-12-2017, not the last day of a month, read as the 12 months to that month" in notes


@needs_home_office
def test_the_national_fraud_bodies_are_set_aside_with_a_note(table):
    frame, notes = table
    assert not frame["area"].isin(["Action Fraud", "CIFAS", "UK Finance"]).any()
    assert notes[-1] == (f"{HOME_OFFICE_TABLE}: 93 rows of the national fraud bodies (Action Fraud, CIFAS, UK Finance) set aside: "
                         "they count fraud in no force's area")


@needs_home_office
def test_every_measure_is_a_rolling_year_count_by_force(table, tmp_path):
    frame, _ = table
    assert list(frame.columns) == ["measure", "month", "value", "denominator", "area"]
    assert frame["denominator"].isna().all()
    measures = load_catalogue(home_office_project(tmp_path) / "measures.yaml")
    assert {m.series for m in measures.values()} == {"rolling_year"}  # offences: imply 12-month totals


def write_table(path: Path, rows: list[tuple]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("rows, header, message", [
    ([("31-12-2018", "Kent", "South East", "Robbery", "5")], ("12 months ending", "PFA", "Offence", "Value"),
     "no column 'Region'; the home-office-pfa layout reads the published table's columns: 12 months ending, PFA, Region, Offence, "
     "Rolling year total number of offences"),
    ([("2018-12-31", "Kent", "South East", "Robbery", "5")], None, "line 2, column '12 months ending': '2018-12-31' is not a date in the form dd-mm-yyyy"),
    ([("31-12-2018", "Kent", "South East", "Robbery", "5"), ("31-02-2018", "Kent", "South East", "Robbery", "5")], None,
     "line 3, column '12 months ending': '31-02-2018' is not a real date"),
    ([("31-12-2018", "Kent", "South East", "Robbery", "n/a")], None,
     "line 2, column 'Rolling year total number of offences': 'n/a' is not a whole number of offences"),
])
def test_a_table_that_is_not_as_published_is_one_clear_error(tmp_path, rows, header, message):
    path = tmp_path / "table.csv"
    if header:
        path.write_text(",".join(header) + "\n" + ",".join(rows[0][:2] + rows[0][3:]) + "\n", encoding="utf-8")
    else:
        write_table(path, rows)
    with pytest.raises(InputError) as error:
        read_home_office(path, {}, tmp_path / "measures.yaml")
    assert str(error.value) == f"{path}: {message}" or str(error.value) == f"{path}, {message}"


@needs_home_office
def test_an_offence_the_table_does_not_hold_names_the_nearest(tmp_path):
    folder = home_office_project(tmp_path / "p", measures=(
        "measures:\n  - {id: robbery, label: Robbery, name: robberies, kind: count, polarity: lower_is_better, "
        "benchmark: poisson, offences: [Robery]}\n"))
    with pytest.raises(InputError) as error:
        load_project(folder)
    assert str(error.value) == (
        f"{folder / 'measures.yaml'}: measure 'robbery': offence 'Robery' occurs nowhere in column 'Offence' of {HOME_OFFICE_TABLE}; "
        "the nearest offences that occur: 'Robbery'"
    )


def test_a_measure_without_offences_and_a_sum_below_zero(tmp_path):
    path = write_table(tmp_path / "table.csv", [
        ("31-12-2017", "Kent", "South East", "Robbery", "5"), ("31-12-2018", "Kent", "South East", "Robbery", "-2")])
    measures = tmp_path / "measures.yaml"
    measures.write_text("measures:\n  - {id: robbery, label: R, name: robberies, kind: count, polarity: neutral, benchmark: poisson}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_home_office(path, load_catalogue(measures), measures)
    assert str(error.value) == (f"{measures}: measure 'robbery' has no offences: the home-office-pfa layout adds up each measure's "
                                "offences, such as offences: [Robbery]")
    measures.write_text("measures:\n  - {id: robbery, label: R, name: robberies, kind: count, polarity: neutral, benchmark: poisson, "
                        "offences: [Robbery]}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_home_office(path, load_catalogue(measures), measures)
    assert str(error.value) == f"{path}: measure 'robbery' adds up to -2 offences for Kent in the 12 months to 2018-12; a count cannot be below 0"
