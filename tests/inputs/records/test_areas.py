"""Records counted by area (inputs/records/areas.py): police.uk's LSOAs are too small and refused
with the suggestion of districts; districts are counted, the tiny ones set aside, a rate's empty
area-months left empty with a note. On the real street files, checked against the csv module."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest
from conftest import POLICE_UK, STREET_FILES, needs_police_uk, records_project

from narrator.errors import InputError
from narrator.inputs.records.areas import LSOA_CODE
from narrator.inputs.records.source import measure_table

pytestmark = needs_police_uk
FORCE = "Cambridgeshire Constabulary"
MEASURES = """\
outcome_groups:
  no_suspect: [Investigation complete; no suspect identified]
measures:
  - {id: all_crime.recorded, label: x, name: x, kind: count, polarity: neutral, records: {}}
  - {id: burglary.no_suspect_rate, label: x, name: x, kind: proportion, polarity: neutral,
     records: {where: {offence: [Burglary]}, numerator: {outcome: no_suspect}}}
"""


def by_area(area: str, tmp_path):
    records = f'{{files: ["{POLICE_UK}/*-street.csv"], layout: police-uk, area: {area}}}'
    return records_project(tmp_path, MEASURES, records=records)


def test_lsoas_are_refused_with_the_suggestion_of_districts(tmp_path):
    with pytest.raises(InputError) as raised:
        measure_table(by_area('"LSOA name"', tmp_path))
    assert str(raised.value) == (
        f"{POLICE_UK}/*-street.csv: column 'LSOA name' (inputs.records.area) splits the records into 389 areas of a median "
        "11 records a month, too few to compare one area with another; count by a coarser column (area: district, the local "
        "authority district each LSOA name begins with)")


@pytest.fixture(scope="module")
def published():
    """(district, month) → crimes of the force, and district → every record of the force (incidents too), with the csv
    module; the district is the LSOA name without its code."""
    crimes: Counter = Counter()
    records: Counter = Counter()
    for path in STREET_FILES:
        with path.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                if row["Falls within"] == FORCE and row["LSOA name"]:
                    district = re.sub(LSOA_CODE, "", row["LSOA name"])
                    records[district] += 1
                    crimes[district, row["Month"]] += bool(row["Crime ID"])
    return crimes, records


def test_districts_are_counted_and_tiny_ones_set_aside_with_notes(tmp_path, published):
    notes: list[str] = []
    crimes, records = published
    rows = measure_table(by_area("district", tmp_path), notes.append).rows
    counted = {(area, month): value for measure, month, value, _, area in rows if measure == "all_crime.recorded"}
    districts = sorted({area for area, _ in counted} - {FORCE})
    assert districts == ["Cambridge", "East Cambridgeshire", "Fenland", "Huntingdonshire", "King's Lynn and West Norfolk",
                         "Peterborough", "South Cambridgeshire"]
    for district in districts:
        for month in ("2018-10", "2018-11", "2018-12", "2019-01", "2019-02"):
            assert counted[district, month] == crimes[district, month]
    tiny = sorted(district for district, n in records.items() if n / 5 < 5)
    assert notes[1] == (
        f"{POLICE_UK}/*-street.csv: {len(tiny)} areas with fewer than 5 records a month, of the districts of column 'LSOA name' "
        f"({', '.join(tiny[:3])} and {len(tiny) - 3} more), counted for the force only, in no area")
    assert notes[2] == (
        f"{POLICE_UK}/*-street.csv: measure 'burglary.no_suspect_rate' has no records in its denominator in 3 area-months "
        "(such as 2018-10 in 'King's Lynn and West Norfolk'), so its rate there is left empty")
    empty = [(month, value, den) for measure, month, value, den, area in rows
             if measure == "burglary.no_suspect_rate" and area == "King's Lynn and West Norfolk" and not den]
    assert len(empty) == 3 and all(value == 0 for _, value, _ in empty)
