"""Records in a real PostgreSQL server, aggregated inside it: the same table as DuckDB's."""

from __future__ import annotations

import socket

import pytest
from conftest import POLICE_UK, STREET_FILES, needs_police_uk, records_project

import pgserver
from narrator.errors import InputError
from narrator.inputs.records.source import measure_table

pytestmark = [pytest.mark.postgres, needs_police_uk]
psycopg = pytest.importorskip("psycopg")
COLUMNS = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
           "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")
MEASURES = """\
outcome_groups:
  charged: [Offender sent to prison, Offender given community sentence, Offender fined, "Offender given a caution"]
measures:
  - {id: all_crime.recorded, label: x, name: x, kind: count, polarity: neutral, benchmark: poisson, records: {}}
  - {id: burglary.recorded, label: x, name: x, kind: count, polarity: neutral, benchmark: poisson, records: {where: {offence: [Burglary]}}}
  - {id: theft.recorded, label: x, name: x, kind: count, polarity: neutral, benchmark: poisson, records: {where: {offence: {like: "%theft%"}}}}
  - {id: asb.recorded, label: x, name: x, kind: count, polarity: neutral, benchmark: poisson,
     records: {where: {offence: [Anti-social behaviour]}, incidents: true}}
  - {id: cambridge.recorded, label: x, name: x, kind: count, polarity: neutral, benchmark: poisson, records: {where: {area: {like: "Cambridge 0%"}}}}
  - {id: violence.charged, label: x, name: x, kind: proportion, polarity: higher_is_better, benchmark: two_proportion,
     records: {where: {offence: [Violence and sexual offences]}, numerator: {outcome: charged}}}
  - {id: all_crime.unable, label: x, name: x, kind: proportion, polarity: higher_is_better, benchmark: two_proportion,
     records: {numerator: {outcome: [Unable to prosecute suspect, "Investigation complete; no suspect identified"]}}}
"""


@pytest.fixture(scope="module")
def server():
    running, why = pgserver.start()
    if running is None:
        pytest.skip(f"no PostgreSQL server could be started: {why}")
    try:
        with psycopg.connect(running.url, autocommit=True) as connection:
            connection.execute("CREATE SCHEMA force")
            connection.execute("CREATE TABLE force.crimes (" + ", ".join(f'"{c}" text' for c in COLUMNS) + ")")
            for path in STREET_FILES:  # the police.uk sample, loaded as it is published
                with path.open("rb") as stream, connection.cursor().copy("COPY force.crimes FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                    copy.write(stream.read())
        yield running
    finally:
        running.stop()


def warehouse(folder, url, measures=MEASURES, table="force.crimes"):
    return records_project(folder, measures, records=f'{{table: {table}, connection: "{url}", layout: police-uk}}')


def test_postgresql_aggregates_the_same_table_as_duckdb(tmp_path, server):
    with psycopg.connect(server.url) as connection:
        assert connection.execute("SELECT count(*) FROM force.crimes").fetchall() == [(32665,)]
    inside = measure_table(warehouse(tmp_path / "pg", server.url))
    files = measure_table(records_project(tmp_path / "files", MEASURES))
    assert inside == files
    assert len(inside.rows) == 7 * 5
    assert ("all_crime.recorded", "2018-10", 5735, None, "") in inside.rows
    assert ("violence.charged", "2019-02", 35, 1561, "") in inside.rows  # counted with the csv module: 35 of 1,561


def test_a_where_value_that_occurs_nowhere_in_the_table(tmp_path, server):
    folder = warehouse(tmp_path, server.url, MEASURES.replace("[Burglary]", "[Burglery]"))
    with pytest.raises(InputError) as raised:
        measure_table(folder)
    assert str(raised.value) == (
        f"{folder}/measures.yaml: measure 'burglary.recorded': records.where.offence: 'Burglery' occurs nowhere in column "
        f"'Crime type' of table force.crimes at {server.url}; the nearest values that occur: 'Burglary', 'Robbery', 'Public order'"
    )


def test_a_table_that_is_not_there(tmp_path, server):
    with pytest.raises(InputError) as raised:
        measure_table(warehouse(tmp_path, server.url, table="crimes"))
    assert str(raised.value) == f'table crimes at {server.url}: relation "crimes" does not exist'


def test_a_server_that_cannot_be_reached_and_a_password_never_shown(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens on it once the socket closes
    with pytest.raises(InputError) as raised:
        measure_table(warehouse(tmp_path, f"postgresql://analyst:secret@127.0.0.1:{port}/force"))
    message = str(raised.value)
    assert message.startswith(f"table force.crimes at postgresql://analyst:***@127.0.0.1:{port}/force: cannot connect: ")
    assert "secret" not in message
