"""The one aggregation query, as SQL text, run by DuckDB over a small table of records."""

import duckdb

from narrator.inputs.records.query import ident, literal, month_of, plan
from narrator.settings.layouts import POLICE_UK
from narrator.settings.records import read_rule

ROWS = [  # Crime ID, Month, Falls within, Crime type, Last outcome category
    ("a1", "2021-01", "Kent Police", "Burglary", "Under investigation"),
    ("a2", "2021-01", "Kent Police", "Burglary", "Offender given a caution"),
    ("a3", "2021-02", "Kent Police", "Vehicle crime", "Under investigation"),
    ("a4", "2021-02", "Essex Police", "Burglary", "Under investigation"),  # another force: set aside
    ("", "2021-02", "Kent Police", "Anti-social behaviour", ""),  # an incident, not a crime
]


def run(sql: str) -> list[tuple]:
    connection = duckdb.connect()
    connection.execute('CREATE TABLE crimes ("Crime ID" VARCHAR, "Month" VARCHAR, "Falls within" VARCHAR, '
                       '"Crime type" VARCHAR, "Last outcome category" VARCHAR)')
    connection.executemany("INSERT INTO crimes VALUES (?, ?, ?, ?, ?)", ROWS)
    return connection.execute(sql).fetchall()


def test_names_and_texts_are_quoted_for_sql():
    assert ident('Crime "type"') == '"Crime ""type"""'
    assert literal("Avon and Somerset's") == "'Avon and Somerset''s'"


def test_a_month_is_read_from_its_text_in_any_of_its_forms():
    forms = ["'2021-03'", "'2021-03-15'", "'2021-03-15 10:00'", "'15/03/2021'", "' 2021-03 '", "'March 2021'", "'2021-13'"]
    got = [row[0] for row in duckdb.sql("SELECT " + ", ".join(month_of(f) for f in forms)).fetchall()]
    assert list(got) == ["2021-03"]
    assert duckdb.sql("SELECT " + ", ".join(month_of(f) for f in forms)).fetchall()[0] == (
        "2021-03", "2021-03", "2021-03", "2021-03", "2021-03", None, None)


def test_the_query_counts_each_measure_by_month_for_the_force():
    rules = [("burglary.recorded", read_rule({"where": {"offence": ["Burglary"]}}, "count", {}, "measures.yaml")),
             ("crime.recorded", read_rule({}, "count", {}, "measures.yaml"))]
    query = plan("crimes", POLICE_UK, rules, "Kent Police")
    assert [output.measure for output in query.outputs] == ["burglary.recorded", "crime.recorded"]
    rows = {row[0]: row for row in run(query.sql)}
    counts = {month: (row[query.outputs[0].value], row[query.outputs[1].value]) for month, row in rows.items() if month}
    assert counts == {"2021-01": (2, 2), "2021-02": (0, 1)}  # Essex's burglary and the incident are not counted
