"""report.yaml read as a file (settings/reportfile.py): what `narrator measures` reads of it, checked as build checks it."""

from __future__ import annotations

import pytest

from narrator.errors import InputError
from narrator.settings.reportfile import RecordsSettings, read_records_settings


def project(tmp_path, text: str):
    (tmp_path / "report.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_records_input_the_catalogue_and_the_force(tmp_path):
    folder = project(tmp_path, "report: {title: T, force: Kent Police}\ninputs: {records: {files: [a.csv]}, measures: m.yaml}\n")
    assert read_records_settings(folder) == RecordsSettings(folder / "report.yaml", {"files": ["a.csv"]}, folder / "m.yaml", "Kent Police")


@pytest.mark.parametrize("text, message", [
    ("report: {title: T}\n", "inputs.records is missing; narrator measures aggregates crime records (see docs/data.md)"),
    ("report: {title: T}\nperiod_ned: 2021-03\ninputs: {records: {files: [a.csv]}}\n",
     "unknown key 'period_ned'; did you mean 'period_end'?"),
    ("period_end: 2021-03\n", "missing key 'report'"),
])
def test_what_build_would_refuse_measures_refuses_too(tmp_path, text, message):
    with pytest.raises(InputError) as raised:
        read_records_settings(project(tmp_path, text))
    assert str(raised.value).startswith(f"{tmp_path / 'report.yaml'}: ") and message in str(raised.value)


def test_no_report_yaml(tmp_path):
    with pytest.raises(InputError, match="report.yaml: not found; --data must name a folder holding report.yaml"):
        read_records_settings(tmp_path)
