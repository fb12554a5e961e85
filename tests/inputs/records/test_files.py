"""inputs/records/files.py: record files aggregated by DuckDB in this process; every unreadable file one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrator.errors import InputError
from narrator.inputs.records.backend import RecordSource
from narrator.inputs.records.files import FileRecords
from narrator.settings.layouts import POLICE_UK

HEADER = "Crime ID,Month,Crime type\n"


def source(folder: Path, **files: bytes | str) -> RecordSource:
    paths = []
    for name, content in files.items():
        path = folder / f"{name}.csv"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths.append(path)
    return RecordSource("the street files", POLICE_UK, tuple(paths), "csv")


def test_csv_files_are_read_as_text_by_their_shared_header_and_counted_together(tmp_path):
    records = FileRecords(source(tmp_path, a="\ufeff" + HEADER + "x1,2021-01,Burglary\nx2,2021-02,Burglary\n,2021-02,Anti-social behaviour\n",
                                 b=HEADER + "x3,2021-13,Robbery\n"))
    assert records.columns() == ["Crime ID", "Month", "Crime type"]  # the byte-order mark is no part of the first name
    assert records.run(f'SELECT "Crime type", count(*) FROM {records.source} GROUP BY 1 ORDER BY 1') == [
        ("Anti-social behaviour", 1), ("Burglary", 2), ("Robbery", 1)]
    assert records.first_bad_month(POLICE_UK) == (str(tmp_path / "b.csv"), "2021-13")


@pytest.mark.parametrize(("files", "message"), [
    ({"a": HEADER, "c": "Crime ID;Month\n"}, "{c}: the header is separated by semicolons; save the file with commas"),
    ({"a": HEADER, "d": "Crime ID,Month\n"}, "{d}: its columns differ from those of {a}; the files of one input need the same columns"),
    ({"e": ""}, "{e}: empty; expected a header line naming the columns"),
    ({"f": b"Crime ID,Month\xe9\n"}, "{f}: not UTF-8 text; save the CSV as UTF-8"),
])
def test_a_csv_file_that_cannot_be_read_is_one_line(tmp_path, files, message):
    with pytest.raises(InputError) as caught:
        FileRecords(source(tmp_path, **files))
    assert str(caught.value) == message.format(**{name: tmp_path / f"{name}.csv" for name in "acdef"})


def test_a_query_duckdb_refuses_names_the_input(tmp_path):
    records = FileRecords(source(tmp_path, a=HEADER + "x1,2021-01,Burglary\n"))
    with pytest.raises(InputError) as caught:
        records.run(f"SELECT nothere FROM {records.source}")
    assert str(caught.value).startswith("the street files: cannot be read: ") and "nothere" in str(caught.value)
