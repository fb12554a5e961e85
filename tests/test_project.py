"""Loading a report's inputs: the example, the period override, and each broken input's message."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from narrator.errors import InputError
from narrator.pipeline import compute_facts
from narrator.project import load_project

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TABLES = ["pillars", "victims", "acquisitive", "satisfaction", "communities", "response_times", "youth_gangs", "bibliography"]
OBSERVATIONS_RANGE = "the observations run from 2010-04 to 2021-03"


@pytest.fixture
def example(tmp_path):
    """A copy of the example: tmp_path/data (report.yaml points at ../rules and ../templates)."""
    for name in ("data", "rules", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path / "data"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def error_of(folder, period_end=None):
    with pytest.raises(InputError) as caught:
        load_project(folder, period_end)
    return str(caught.value)


# --------------------------------------------------------------------------- the example


def test_the_example_loads(example_project):
    project = example_project
    assert len(project.measures) == 49
    assert project.period.end == pd.Period("2021-03", "M")
    assert list(project.period.current) == list(pd.period_range("2020-04", "2021-03", freq="M"))
    assert list(project.period.baseline) == list(pd.period_range("2019-04", "2020-03", freq="M"))
    assert project.confidence == 0.95
    assert project.largest_changes == 3
    assert list(project.tables) == TABLES
    assert project.report["title"] == "POLICE AND CRIME PLAN – ANNUAL PERFORMANCE REPORT"
    assert project.report["date"] == "2021-04-13"
    assert [event.id for event in project.events] == ["first_lockdown", "second_lockdown", "third_lockdown"]
    assert project.events[0].months == ("2020-04", "2020-05")
    assert project.template == "report.md.j2"
    assert project.templates.resolve() == ROOT / "templates"
    assert project.rules_path.resolve() == ROOT / "rules" / "movements.yaml"
    assert project.style.thousands_separator == ","
    assert set(project.observations["measure"]) == set(project.measures)
    assert str(project.observations["month"].min()) == "2010-04"
    assert str(project.observations["month"].max()) == "2021-03"


def test_settings_facts_of_the_example(example_project):
    facts = {fact.id: fact.value for fact in example_project.settings_facts().values()}
    assert facts == {
        "period.current": "2020/21",
        "period.baseline": "2019/20",
        "period.months": 12,
        "period.start": "2020-04",
        "period.end": "2021-03",
        "period.baseline_start": "2019-04",
        "period.baseline_end": "2020-03",
        "settings.confidence_level": 95,
        "report.date": "2021-04-13",
    }


def test_period_end_override():
    project = load_project(DATA, "2020-12")
    assert project.period.end == pd.Period("2020-12", "M")
    assert project.period.baseline[0] == pd.Period("2019-01", "M")
    facts = {fact.id: fact.value for fact in project.settings_facts().values()}
    assert (facts["period.start"], facts["period.end"]) == ("2020-01", "2020-12")
    assert (facts["period.baseline_start"], facts["period.baseline_end"]) == ("2019-01", "2019-12")


def test_period_end_beyond_the_data():
    assert error_of(DATA, "2021-06") == (
        f"period end 2021-06 needs data from 2019-07 to 2021-06, but {OBSERVATIONS_RANGE}"
    )


def test_the_earliest_period_end_is_two_years_after_the_first_month():
    assert load_project(DATA, "2012-03").period.baseline[0] == pd.Period("2010-04", "M")
    assert error_of(DATA, "2012-02") == (
        f"period end 2012-02 needs data from 2010-03 to 2012-02, but {OBSERVATIONS_RANGE}"
    )


@pytest.mark.parametrize("month", ["2021-13", "March 2021", "2021-3", "2021-03-31"])
def test_bad_period_end_override(month):
    assert error_of(DATA, month) == (
        f"period end: month '{month}' is not a month in the form YYYY-MM (for example 2021-03)"
    )


def test_period_end_in_report_yaml_beyond_the_data(example):
    edit(example / "report.yaml", "period_end: 2021-03", "period_end: 2021-04")
    assert error_of(example) == f"period end 2021-04 needs data from 2019-05 to 2021-04, but {OBSERVATIONS_RANGE}"
    # the override wins over report.yaml
    assert load_project(example, "2021-03").period.end == pd.Period("2021-03", "M")


def test_bad_period_end_in_report_yaml(example):
    edit(example / "report.yaml", "period_end: 2021-03", "period_end: 2021-3")
    assert error_of(example) == (
        f"{example / 'report.yaml'}: period_end: month '2021-3' is not a month in the form YYYY-MM (for example 2021-03)"
    )


# --------------------------------------------------------------------------- observations against catalogue


def test_a_measure_in_the_data_but_not_the_catalogue(example):
    with open(example / "observations.csv", "a", encoding="utf-8") as stream:
        stream.write("zz.unknown,2021-01,1,\n")
    assert error_of(example) == (
        f"{example / 'observations.csv'}: measure 'zz.unknown' is not in the catalogue {example / 'measures.yaml'}"
    )


def test_a_measure_in_the_catalogue_but_not_the_data_fails_when_facts_are_computed(example):
    with open(example / "measures.yaml", "a", encoding="utf-8") as stream:
        stream.write("\n  - {id: zz.extra, label: Extra, name: extra things, kind: count, polarity: neutral, benchmark: poisson}\n")
    project = load_project(example)
    assert "zz.extra" in project.measures
    with pytest.raises(InputError) as caught:
        compute_facts(project)
    assert str(caught.value) == "measure 'zz.extra' is in the catalogue but has no rows in the observations"


def test_observations_with_only_a_header(example):
    (example / "observations.csv").write_text("measure,month,value,denominator\n")
    assert error_of(example) == f"{example / 'observations.csv'}: no rows of data below the header"


def test_an_observations_error_surfaces_with_its_line(example):
    path = example / "observations.csv"
    lines = path.read_text().splitlines(keepends=True)
    measure, month, _, denominator = lines[9].rstrip("\n").split(",")
    lines[9] = f"{measure},{month},-1,{denominator}\n"
    path.write_text("".join(lines))
    assert error_of(example) == (
        f"{path}, line 10 ({measure}, {month}): value is negative; counts and rates cannot be below 0"
    )


def test_inputs_may_name_other_files(example):
    (example / "figures").mkdir()
    (example / "observations.csv").rename(example / "figures" / "monthly.csv")
    edit(example / "report.yaml", "observations: observations.csv", "observations: figures/monthly.csv")
    assert len(load_project(example).measures) == 49


def test_a_measure_with_a_reserved_name(example):
    edit(example / "measures.yaml", "id: all_crime.recorded", "id: period.recorded")
    assert error_of(example) == (
        f"{example / 'measures.yaml'}: measure 'period.recorded' starts with a reserved name 'period'"
    )


# --------------------------------------------------------------------------- report.yaml


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("confidence: 0.95", "confidance: 0.95", "unknown key 'confidance'; did you mean 'confidence'?"),
        ("period_end: 2021-03", "period_ends: 2021-03", "unknown key 'period_ends'; did you mean 'period_end'?"),
        ("  strapline:", "  strap_line:", "report: unknown key 'strap_line'; did you mean 'strapline'?"),
        ("  measures: measures.yaml", "  measure: measures.yaml", "inputs: unknown key 'measure'; did you mean 'measures'?"),
        ("months: [2020-11]", "month: [2020-11]", "event 2: unknown key 'month'; did you mean 'months'?"),
        ("months: [2020-11]", "months: [2020-13]",
         "event 2: month '2020-13' is not a month in the form YYYY-MM (for example 2021-03)"),
        ("months: [2020-11]", "months: []", "event 2: months must be a list such as [2020-04, 2020-05]"),
        ("  title: POLICE AND CRIME PLAN – ANNUAL PERFORMANCE REPORT\n", "", "report: missing key 'title'"),
        ("period_end: 2021-03", "", "missing key 'period_end'"),
        ("date: 2021-04-13", "date: 13/04/2021", "report.date '13/04/2021' is not a date in the form YYYY-MM-DD"),
        ("confidence: 0.95", "confidence: 95", "confidence must be a number between 0 and 1, such as 0.95"),
        ("confidence: 0.95", "confidence: '0.95'", "confidence must be a number between 0 and 1, such as 0.95"),
        ("confidence: 0.95", "confidence: 1.0", "confidence must be a number between 0 and 1, such as 0.95"),
        ("largest_changes: 3", "largest_changes: three", "largest_changes: expected a whole number, found 'three'"),
        ("measure: hate.recorded", "measure: hate.recordd",
         "table 'communities': measure 'hate.recordd' is not in the catalogue; did you mean 'hate.recorded'?"),
    ],
)
def test_bad_report_settings(example, old, new, message):
    edit(example / "report.yaml", old, new)
    assert error_of(example) == f"{example / 'report.yaml'}: {message}"


def test_report_yaml_that_is_a_list(example):
    (example / "report.yaml").write_text("- title: x\n")
    assert error_of(example) == f"{example / 'report.yaml'}: expected a mapping of keys to values, found list"


def test_no_report_yaml(tmp_path):
    assert error_of(tmp_path) == f"{tmp_path / 'report.yaml'}: not found; --data must name a folder holding report.yaml"


@pytest.mark.parametrize(
    "missing, reported",
    [
        ("data/measures.yaml", "data/measures.yaml: file not found"),
        ("data/observations.csv", "data/observations.csv: file not found"),
        ("data/commentary.yaml", "data/commentary.yaml: file not found"),
        ("rules/style.yaml", "data/../rules/style.yaml: file not found"),
        ("templates/report.md.j2", "data/../templates/report.md.j2: report template not found"),
    ],
)
def test_a_missing_input(example, missing, reported):
    (example.parent / missing).unlink()
    assert error_of(example) == f"{example.parent}/{reported}"


# --------------------------------------------------------------------------- rules/style.yaml


def test_a_misspelt_style_key(example):
    edit(example.parent / "rules" / "style.yaml", "thousands_separator:", "thousand_separator:")
    assert error_of(example) == (
        f"{example / '../rules/style.yaml'}: unknown key 'thousand_separator'; did you mean 'thousands_separator'?"
    )


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("decimal_places: 1", "decimal_places: one", "decimal_places must be a whole number, found 'one'"),
        ("decimal_places: 1", "decimal_places: true", "decimal_places must be a whole number, found True"),
        ('thousands_separator: ","', "thousands_separator: 0", "thousands_separator must be text, found 0"),
    ],
)
def test_a_style_value_of_the_wrong_type(example, old, new, message):
    edit(example.parent / "rules" / "style.yaml", old, new)
    assert error_of(example) == f"{example / '../rules/style.yaml'}: {message}"


def test_a_style_setting_changes_the_project_style(example):
    edit(example.parent / "rules" / "style.yaml", "decimal_places: 1", "decimal_places: 2")
    assert load_project(example).style.decimal_places == 2
