"""report.yaml read into Settings: every setting checked before, and without, any data."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from narrator.errors import InputError
from narrator.settings.report import read_settings

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def settings_only(tmp_path) -> Path:
    """The example without its data: settings need none."""
    folder = tmp_path / "project"
    shutil.copytree(DATA, folder)
    (folder / "observations.csv").unlink()
    return folder


def test_the_settings_of_the_example_are_read_without_its_data(settings_only):
    settings = read_settings(settings_only)
    assert settings.report["force"] == "Cambridgeshire Constabulary"
    assert settings.period.end == pd.Period("2021-03", freq="M") and settings.period.months == 12
    assert (settings.confidence, settings.largest_changes) == (0.95, 3)
    assert settings.inputs.observations == settings_only / "observations.csv"
    assert settings.inputs.template == "report.md.j2" and settings.inputs.layout is None
    assert len(settings.measures) == 49
    assert settings.end_name == f"{settings_only / 'report.yaml'}: period_end"
    assert [e.id for e in settings.events][:1] == ["first_lockdown"]


def test_the_command_line_overrides_the_period(settings_only):
    settings = read_settings(settings_only, "2020-12", "quarter")
    assert (str(settings.period.end), settings.period.months, settings.end_name) == ("2020-12", 3, "--period-end")


def test_a_bad_setting_is_found_before_the_data_are_looked_for(settings_only):
    path = settings_only / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("confidence: 0.95", "confidence: 95"), encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_settings(settings_only)
    assert str(error.value) == f"{path}: confidence must be a number between 0 and 1, such as 0.95"


def test_no_report_yaml(tmp_path):
    with pytest.raises(InputError) as error:
        read_settings(tmp_path)
    assert str(error.value) == f"{tmp_path / 'report.yaml'}: not found; --data must name a folder holding report.yaml"
