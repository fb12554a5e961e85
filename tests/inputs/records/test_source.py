"""Crime records aggregated on DuckDB, checked against our own count of the real police.uk files."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import POLICE_UK, STREET_FILES, needs_police_uk, records_project

from narrator.errors import InputError
from narrator.inputs.records.source import measure_table

pytestmark = needs_police_uk
FORCE = "Cambridgeshire Constabulary"


@pytest.fixture(scope="module")
def real_rows():
    rows = []
    for path in STREET_FILES:
        with path.open(encoding="utf-8", newline="") as stream:
            rows += list(csv.DictReader(stream))
    return rows


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def count(id_: str, kind: str = "count", records: str = "{}", polarity: str = "neutral") -> str:
    benchmark = "poisson" if kind == "count" else "two_proportion"
    return (f"  - {{id: {id_}, label: x, name: x, kind: {kind}, polarity: {polarity}, "
            f"benchmark: {benchmark}, records: {records}}}\n")


def table(folder: Path, notes: list[str] | None = None) -> dict[tuple[str, str], tuple[int, int | None]]:
    return {(m, month): (v, d) for m, month, v, d, _ in measure_table(folder, notes.append if notes is not None else None).rows}


def quoted(values) -> str:
    return "[" + ", ".join('"' + v + '"' for v in values) + "]"


def test_every_month_and_crime_type_count_equals_our_own_count(tmp_path, real_rows):
    types = sorted({r["Crime type"] for r in real_rows})
    assert len(types) == 14
    measures = "measures:\n" + count("all_crime.recorded")
    for crime_type in types:
        incidents = ", incidents: true" if crime_type == "Anti-social behaviour" else ""
        measures += count(f"{slug(crime_type)}.recorded", records=f"{{where: {{offence: {quoted([crime_type])}}}{incidents}}}")
    got = table(records_project(tmp_path, measures))

    crimes = Counter((r["Month"], r["Crime type"]) for r in real_rows if r["Crime ID"].strip())
    incidents = Counter(r["Month"] for r in real_rows if not r["Crime ID"].strip())
    months = sorted({r["Month"] for r in real_rows})
    assert months == ["2018-10", "2018-11", "2018-12", "2019-01", "2019-02"]
    expected = {}
    for month in months:
        expected["all_crime.recorded", month] = (sum(n for (m, _), n in crimes.items() if m == month), None)
        for crime_type in types:
            n = incidents[month] if crime_type == "Anti-social behaviour" else crimes[month, crime_type]
            expected[f"{slug(crime_type)}.recorded", month] = (n, None)
    assert got == expected
    assert got["all_crime.recorded", "2018-10"] == (5735, None)  # 6,930 rows, 1,195 of them anti-social behaviour
    assert got["burglary.recorded", "2019-02"] == (428, None)
    assert got["anti_social_behaviour.recorded", "2019-02"] == (1336, None)


def test_each_outcome_share_equals_our_own_count(tmp_path, real_rows):
    crimes = [r for r in real_rows if r["Crime ID"].strip()]
    outcomes = sorted({r["Last outcome category"] for r in crimes})
    assert len(outcomes) == 23
    charged = ["Offender sent to prison", "Offender given community sentence", "Offender given suspended prison sentence", "Offender fined"]
    measures = f"outcome_groups:\n  charged: {quoted(charged)}\nmeasures:\n"
    measures += count("charged.rate", "proportion", "{numerator: {outcome: charged}}", "higher_is_better")
    measures += count("burglary.charged", "proportion", "{where: {offence: [Burglary]}, numerator: {outcome: charged}}", "higher_is_better")
    for outcome in outcomes:
        measures += count(f"outcome.{slug(outcome)}", "proportion", f"{{numerator: {{outcome: {quoted([outcome])}}}}}", "higher_is_better")
    got = table(records_project(tmp_path, measures))

    for month in sorted({r["Month"] for r in crimes}):
        here = [r for r in crimes if r["Month"] == month]
        shares = Counter(r["Last outcome category"] for r in here)
        for outcome in outcomes:
            assert got[f"outcome.{slug(outcome)}", month] == (shares[outcome], len(here))
        assert got["charged.rate", month] == (sum(shares[o] for o in charged), len(here))
        burglaries = [r for r in here if r["Crime type"] == "Burglary"]
        assert got["burglary.charged", month] == (sum(r["Last outcome category"] in charged for r in burglaries), len(burglaries))
    assert got["charged.rate", "2018-10"] == (166, 5735)


def test_a_like_pattern_counts_a_family_of_categories(tmp_path, real_rows):
    measures = "measures:\n" + count("theft.recorded", records='{where: {offence: {like: "%theft%"}}}')
    got = table(records_project(tmp_path, measures))
    family = ("Bicycle theft", "Other theft")  # LIKE is case-sensitive: "Theft from the person" is not matched
    for month in sorted({r["Month"] for r in real_rows}):
        expected = sum(r["Month"] == month and r["Crime type"] in family and bool(r["Crime ID"]) for r in real_rows)
        assert got["theft.recorded", month] == (expected, None)


def test_a_month_without_matching_records_is_a_zero_and_unmapped_columns_filter_by_their_own_names(tmp_path, real_rows):
    by_name = Counter((r["LSOA name"], r["Month"]) for r in real_rows if r["Crime ID"])
    months_of = {}
    for name, month in by_name:
        months_of.setdefault(name, set()).add(month)
    name = sorted(n for n, months in months_of.items() if len(months) == 1 and n)[0]
    measures = "measures:\n" + count("one.recorded", records=f'{{where: {{"LSOA name": {quoted([name])}}}}}')
    got = table(records_project(tmp_path, measures))
    assert sorted(got) == [("one.recorded", m) for m in ["2018-10", "2018-11", "2018-12", "2019-01", "2019-02"]]
    (only,) = months_of[name]
    assert {m: v for (_, m), (v, _) in got.items()} == {m: by_name[name, m] if m == only else 0 for _, m in got}


def write_rows(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    columns = columns or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_rows_of_another_force_and_rows_without_a_month_are_set_aside_with_a_note(tmp_path, real_rows):
    rows = [dict(r) for r in real_rows if r["Month"] == "2018-10"]
    for r in rows[:7]:
        r["Falls within"] = "Bedfordshire Police"
    for r in rows[7:10]:
        r["Month"] = ""
    blank_lsoa = sum(1 for r in rows[10:] if not r["LSOA code"] and r["Crime ID"])
    assert blank_lsoa > 100  # a blank LSOA keeps the row
    write_rows(tmp_path / "street.csv", rows)
    project = records_project(tmp_path / "p", "measures:\n" + count("all_crime.recorded"), records=f'{{files: ["{tmp_path}/street.csv"], layout: police-uk}}')
    notes = []
    got = table(project, notes)
    assert got == {("all_crime.recorded", "2018-10"): (sum(1 for r in rows[10:] if r["Crime ID"]), None)}
    assert notes == [
        f"{tmp_path}/street.csv: 3 rows with no month set aside",
        f"{tmp_path}/street.csv: 7 rows of another force ('Falls within' is not {FORCE}) set aside",
    ]


def test_a_force_extract_by_a_columns_mapping_with_dates_read_as_months(tmp_path, real_rows):
    rows = []
    for i, r in enumerate(real_rows):
        year, month = r["Month"].split("-")
        day = 1 + i % 28
        rows.append({
            "CrimeRef": r["Crime ID"], "HO Class": r["Crime type"], "Outcome": r["Last outcome category"],
            "Recorded Date": f"{day:02d}/{month}/{year}" if i % 2 else f"{year}-{month}-{day:02d} 10:15:00",
        })
    write_rows(tmp_path / "extract.csv", rows)
    records = '{files: [extract.csv], columns: {id: CrimeRef, month: Recorded Date, offence: HO Class, outcome: Outcome}}'
    measures = "measures:\n" + count("burglary.recorded", records="{where: {offence: [Burglary]}}")
    got = table(records_project(tmp_path, measures, records=records))
    expected = Counter(r["Month"] for r in real_rows if r["Crime type"] == "Burglary" and r["Crime ID"])
    assert got == {("burglary.recorded", m): (n, None) for m, n in expected.items()}


def test_parquet_and_excel_files_give_the_same_table_as_csv(tmp_path, real_rows):
    import duckdb
    import openpyxl

    rows = [r for r in real_rows if r["Month"] in ("2018-10", "2018-11")][::10]
    write_rows(tmp_path / "sample.csv", rows)
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{tmp_path}/sample.csv', all_varchar = true)) TO '{tmp_path}/sample.parquet' (FORMAT parquet)")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for r in rows:
        sheet.append(list(r.values()))
    book.save(tmp_path / "sample.xlsx")
    measures = "measures:\n" + count("all_crime.recorded") + count("burglary.recorded", records="{where: {offence: [Burglary]}}")
    tables = [table(records_project(tmp_path / ext, measures, records=f'{{files: ["{tmp_path}/sample.{ext}"], layout: police-uk}}'))
              for ext in ("csv", "parquet", "xlsx")]
    assert tables[0] == tables[1] == tables[2]
    assert tables[0]["all_crime.recorded", "2018-10"] == (sum(1 for r in rows if r["Month"] == "2018-10" and r["Crime ID"]), None)


# --------------------------------------------------------------------------- mistakes


def error_of(folder: Path) -> str:
    with pytest.raises(InputError) as raised:
        measure_table(folder)
    return str(raised.value)


def test_a_where_value_that_occurs_nowhere_names_the_measure_and_the_nearest_values(tmp_path):
    measures = "measures:\n" + count("burglary.recorded", records="{where: {offence: [Burglery]}}")
    assert error_of(records_project(tmp_path, measures)) == (
        f"{tmp_path}/measures.yaml: measure 'burglary.recorded': records.where.offence: 'Burglery' occurs nowhere in column "
        f"'Crime type' of {POLICE_UK}/*-street.csv; the nearest values that occur: 'Burglary', 'Robbery', 'Public order'"
    )


def test_an_outcome_in_a_group_that_occurs_nowhere_is_an_error_too(tmp_path):
    measures = "outcome_groups:\n  charged: [Offender sent to prison, Offender fined, Ofender given a caution]\nmeasures:\n"
    measures += count("charged.rate", "proportion", "{numerator: {outcome: charged}}", "higher_is_better")
    assert error_of(records_project(tmp_path, measures)) == (
        f"{tmp_path}/measures.yaml: measure 'charged.rate': records.numerator.outcome: 'Ofender given a caution' occurs nowhere "
        f"in column 'Last outcome category' of {POLICE_UK}/*-street.csv; the nearest values that occur: "
        "'Offender given a caution', 'Offender given conditional discharge', 'Offender given a drugs possession warning'"
    )


def test_anti_social_behaviour_is_counted_only_when_a_measure_asks_for_incidents(tmp_path):
    measures = "measures:\n" + count("asb.recorded", records='{where: {offence: [Anti-social behaviour]}}')
    assert error_of(records_project(tmp_path, measures)) == (
        f"{tmp_path}/measures.yaml: measure 'asb.recorded': records.where.offence: 'Anti-social behaviour' occurs in column "
        f"'Crime type' of {POLICE_UK}/*-street.csv only in rows without a 'Crime ID' (incidents, not crimes); "
        "add incidents: true to the measure's records to count them"
    )


def test_a_force_named_nowhere_in_falls_within(tmp_path):
    project = records_project(tmp_path, "measures:\n" + count("all_crime.recorded"), force="Cambridge Constabulary")
    assert error_of(project) == (
        f"{tmp_path}/report.yaml: report.force 'Cambridge Constabulary' is not the one force in column 'Falls within' of "
        f"{POLICE_UK}/*-street.csv; near names: 'Cambridgeshire Constabulary'; set report.force to one of them "
        "(the name may end in Police, Constabulary or Service)"
    )


@pytest.mark.parametrize("force", ["Cambridgeshire Police", "cambridgeshire", "CAMBRIDGESHIRE CONSTABULARY"])
def test_the_force_as_the_analyst_writes_it_counts_the_forces_records(tmp_path, force):
    measures = "measures:\n" + count("all_crime.recorded")
    written = measure_table(records_project(tmp_path / "written", measures, force=force)).rows
    exact = measure_table(records_project(tmp_path / "exact", measures)).rows
    assert written == exact and sum(row[2] for row in exact) == 26_575


def test_a_glob_that_matches_nothing(tmp_path):
    project = records_project(tmp_path, "measures:\n" + count("all_crime.recorded"), records="{files: [crimes/*.csv], layout: police-uk}")
    assert error_of(project) == f"{tmp_path}/report.yaml: inputs.records.files: 'crimes/*.csv' matches no file in {tmp_path}"


def test_a_missing_column(tmp_path, real_rows):
    write_rows(tmp_path / "street.csv", real_rows[:50], [c for c in real_rows[0] if c != "Crime type"])
    project = records_project(tmp_path, "measures:\n" + count("b.recorded", records="{where: {offence: [Burglary]}}"),
                              records="{files: [street.csv], layout: police-uk}")
    assert error_of(project) == (
        f"{tmp_path}/measures.yaml: measure 'b.recorded': records.where.offence: no column 'Crime type' "
        f"(the offence column of the police-uk layout) in {tmp_path}/street.csv; columns found: Crime ID, Month, Reported by, "
        "Falls within, Longitude, Latitude, Location, LSOA code, LSOA name, Last outcome category, Context"
    )


def test_a_column_of_its_own_name_that_is_not_there(tmp_path):
    project = records_project(tmp_path, "measures:\n" + count("b.recorded", records="{where: {Contxt: [x]}}"))
    assert error_of(project) == (
        f"{tmp_path}/measures.yaml: measure 'b.recorded': records.where.Contxt: no column 'Contxt' in {POLICE_UK}/*-street.csv; "
        "did you mean 'Context'?"
    )


def test_an_unreadable_date(tmp_path, real_rows):
    rows = [dict(r) for r in real_rows[:50]]
    rows[20]["Month"] = "Oct 2018"
    write_rows(tmp_path / "street.csv", rows)
    project = records_project(tmp_path, "measures:\n" + count("all_crime.recorded"), records="{files: [street.csv], layout: police-uk}")
    assert error_of(project) == (
        f"{tmp_path}/street.csv: column 'Month': 'Oct 2018' is not a month or a date "
        "(YYYY-MM, YYYY-MM-DD (a time may follow) or DD/MM/YYYY); 1 row has such a month"
    )


def test_a_rate_with_an_empty_denominator_month(tmp_path, real_rows):
    rows = [r for r in real_rows if r["Month"] in ("2018-10", "2018-12") or r["Crime type"] != "Robbery"]
    write_rows(tmp_path / "street.csv", rows)
    measures = "measures:\n" + count("robbery.rate", "proportion", "{where: {offence: [Robbery]}, numerator: {outcome: [Unable to prosecute suspect]}}")
    project = records_project(tmp_path, measures, records="{files: [street.csv], layout: police-uk}")
    assert error_of(project) == (
        f"{tmp_path}/street.csv: measure 'robbery.rate' has no records in its denominator in 2018-11, "
        "so its rate that month is undefined; widen its where or its denominator"
    )


def test_a_mapped_month_column_that_is_not_there_lists_the_columns(tmp_path, real_rows):
    write_rows(tmp_path / "extract.csv", real_rows[:20], ["Crime ID", "Month", "Crime type"])
    project = records_project(tmp_path, "measures:\n" + count("all_crime.recorded"),
                              records="{files: [extract.csv], columns: {id: Crime ID, month: Recorded Date}}")
    assert error_of(project) == (
        f"{tmp_path}/extract.csv: no column 'Recorded Date' (the month column of {tmp_path}/report.yaml: inputs.records.columns); "
        "columns found: Crime ID, Month, Crime type"
    )


def test_the_police_uk_layout_needs_the_force(tmp_path):
    (tmp_path / "report.yaml").write_text(
        f'report: {{title: R}}\nperiod_end: 2019-02\ninputs:\n  records: {{files: ["{POLICE_UK}/*-street.csv"], layout: police-uk}}\n')
    (tmp_path / "measures.yaml").write_text("measures:\n" + count("all_crime.recorded"))
    assert error_of(tmp_path) == (
        f"{tmp_path}/report.yaml: report.force is needed: the police-uk layout sets aside rows whose 'Falls within' names another force"
    )


def test_records_by_area_count_each_area_and_the_force_as_a_whole(tmp_path, real_rows):
    """By district (police.uk's LSOAs are too small: tests/inputs/records/test_areas.py): each district big enough, and the force."""
    measures = "measures:\n" + count("burglary.recorded", records="{where: {offence: [Burglary]}}")
    records = f'{{files: ["{POLICE_UK}/*-street.csv"], layout: police-uk, area: district}}'
    notes: list[str] = []
    rows = measure_table(records_project(tmp_path, measures, records=records), notes.append).rows

    def district(row) -> str:
        return re.sub(r" [0-9]{3}[A-Z]$", "", row["LSOA name"].strip())

    crimes = [r for r in real_rows if r["Crime ID"].strip() and r["Falls within"] == FORCE and r["Crime type"] == "Burglary"]
    by_area = Counter((district(r), r["Month"]) for r in crimes)
    months = ["2018-10", "2018-11", "2018-12", "2019-01", "2019-02"]
    got = {(area, month): value for _, month, value, _, area in rows}
    assert {got[FORCE, m] for m in months} and all(got[FORCE, m] == sum(n for (a, mm), n in by_area.items() if mm == m) for m in months)
    records_of = Counter(district(r) for r in real_rows if r["Falls within"] == FORCE and r["LSOA name"].strip())
    areas = {a for a, n in records_of.items() if n >= 5 * len(months)}  # fewer than five records a month: the force's only
    assert {a for a, _ in got} == areas | {FORCE}  # every district big enough, with or without a burglary
    for area in sorted(areas):
        assert [got[area, m] for m in months] == [by_area[area, m] for m in months]  # a month with none is 0
    no_area = sum(1 for r in real_rows if r["Falls within"] == FORCE and not r["LSOA name"].strip())  # crimes and incidents
    assert no_area > 0 and by_area[("", "2018-10")] > 0  # some burglaries have no LSOA: in the force's figures only
    assert notes[-2] == f"{POLICE_UK}/*-street.csv: {no_area:,} records with no 'LSOA name' counted for the force only, in no area"
