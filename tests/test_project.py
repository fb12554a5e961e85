"""Loading a report's inputs: the example, the period override, and each broken input's message."""

from pathlib import Path

import pandas as pd
import pytest
from conftest import copy_example, edit, own_rule

from narrator.errors import InputError
from narrator.settings.catalogue import load_catalogue
from narrator.project import check_benchmarks, load_project

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TABLES = ["pillars", "victims", "acquisitive", "satisfaction", "communities", "response_times", "youth_gangs", "bibliography",
          "sections.performance"]  # the last: the generic templates' table of the catalogue's one section
OBSERVATIONS_RANGE = f"{DATA / 'observations.csv'} runs from 2010-04 to 2021-03"


@pytest.fixture
def example(tmp_path):
    """A copy of the example project: tmp_path/data, with its own templates/."""
    return copy_example(tmp_path)



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
    assert project.sources.template_folders() == (DATA / "templates", ROOT / "templates")
    assert project.sources.rule_layers("movements.yaml") == (ROOT / "rules" / "movements.yaml",)
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
        "period.span": "April 2020 to March 2021",
        "period.baseline_span": "April 2019 to March 2020",
        "period.start": "2020-04",
        "period.end": "2021-03",
        "period.baseline_start": "2019-04",
        "period.baseline_end": "2020-03",
        "settings.confidence_level": 95,
        "period.rolling_months": 12,
        "report.date": "2021-04-13",
        "report.force": "Cambridgeshire Constabulary",
        "report.force_short": "the Constabulary",
    }


def test_period_end_override():
    project = load_project(DATA, "2020-12", commentary=False)
    assert project.period.end == pd.Period("2020-12", "M")
    assert project.period.baseline[0] == pd.Period("2019-01", "M")
    facts = {fact.id: fact.value for fact in project.settings_facts().values()}
    assert (facts["period.start"], facts["period.end"]) == ("2020-01", "2020-12")
    assert (facts["period.baseline_start"], facts["period.baseline_end"]) == ("2019-01", "2019-12")


def test_period_end_beyond_the_data():
    assert error_of(DATA, "2021-06") == (
        f"--period-end 2021-06 needs data from 2019-07 to 2021-06, but {OBSERVATIONS_RANGE}"
    )


def test_the_earliest_period_end_is_two_years_after_the_first_month():
    assert load_project(DATA, "2012-03", commentary=False).period.baseline[0] == pd.Period("2010-04", "M")
    assert error_of(DATA, "2012-02") == (
        f"--period-end 2012-02 needs data from 2010-03 to 2012-02, but {OBSERVATIONS_RANGE}"
    )


@pytest.mark.parametrize("month", ["2021-13", "March 2021", "2021-3", "2021-03-31"])
def test_bad_period_end_override(month):
    assert error_of(DATA, month) == (
        f"--period-end: month '{month}' is not a month in the form YYYY-MM (for example 2021-03)"
    )


def test_period_end_in_report_yaml_beyond_the_data(example):
    edit(example / "report.yaml", "period_end: 2021-03", "period_end: 2021-04")
    assert error_of(example) == (
        f"{example / 'report.yaml'}: period_end 2021-04 needs data from 2019-05 to 2021-04, "
        f"but {example / 'observations.csv'} runs from 2010-04 to 2021-03"
    )
    # the override wins over report.yaml
    assert load_project(example, "2021-03").period.end == pd.Period("2021-03", "M")


def test_bad_period_end_in_report_yaml(example):
    edit(example / "report.yaml", "period_end: 2021-03", "period_end: 2021-3")
    assert error_of(example) == (
        f"{example / 'report.yaml'}: period_end: month '2021-3' is not a month in the form YYYY-MM (for example 2021-03)"
    )


# --------------------------------------------------------------------------- benchmarks in the catalogue


def entry(**changes) -> str:
    fields = {"id": "da.recorded", "label": "Recorded Crime", "name": "recorded domestic abuse offences",
              "kind": "count", "polarity": "neutral", **changes}
    return "  - {" + ", ".join(f"{k}: {v}" for k, v in fields.items() if v is not None) + "}"


@pytest.mark.parametrize(
    "line, message",
    [
        (entry(benchmark="{method: poison}"), "unknown benchmark method 'poison'; did you mean 'poisson'?"),
        (entry(benchmark="chi_squared"),
         "unknown benchmark method 'chi_squared'; expected one of 'annual_totals', 'ci_current', 'linear', 'newcombe', 'none', "
         "'poisson', 'quasi_binomial', 'quasi_poisson', 'spc' or 'two_proportion'"),
        (entry(benchmark="{method: poisson, varient: exact}"),
         "unknown parameter 'varient' for benchmark method 'poisson'; did you mean 'variant'?"),
        (entry(benchmark="{method: poisson, alpha: 0.05}"),
         "unknown parameter 'alpha' for benchmark method 'poisson'; poisson takes 'variant'"),
        (entry(kind="proportion", benchmark="{method: two_proportion, tails: 2}"),
         "unknown parameter 'tails' for benchmark method 'two_proportion'; two_proportion takes no parameters"),
        (entry(benchmark="{method: poisson, variant: exactish}"),
         "poisson parameter 'variant' must be 'normal' or 'exact', not 'exactish'; did you mean 'exact'?"),
        (entry(benchmark="{method: spc, run_length: 1}"),
         "spc parameter 'run_length' must be a whole number of at least 2, not 1"),
        (entry(benchmark="{method: quasi_poisson, earlier_pairs: -1}"),
         "quasi_poisson parameter 'earlier_pairs' must be a whole number from 0 to 10, not -1"),
        (entry(benchmark="two_proportion"), "two_proportion needs a proportion measure, not count"),
        (entry(kind="proportion", benchmark="poisson"), "poisson needs a count measure, not proportion"),
        (entry(kind="level", benchmark="{method: newcombe}"), "newcombe needs a proportion measure, not level"),
    ],
    ids=["misspelt method", "unknown method", "misspelt parameter", "unknown parameter",
         "parameter for a method without any", "bad parameter value", "bad spc run", "bad earlier pairs",
         "count with two_proportion", "proportion with poisson", "level with newcombe"],
)
def test_a_bad_benchmark_is_one_message_naming_the_measure(tmp_path, line, message):
    path = tmp_path / "measures.yaml"
    path.write_text("measures:\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        check_benchmarks(load_catalogue(path), path)
    assert str(caught.value) == f"{path}: measure 'da.recorded', benchmark: {message}"


def test_a_default_benchmark_needs_no_check_beyond_the_kind(tmp_path):
    path = tmp_path / "measures.yaml"
    path.write_text("measures:\n" + "\n".join([entry(), entry(id="x.rate", kind="proportion", survey="true"),
                                                 entry(id="x.level", kind="level")]) + "\n", encoding="utf-8")
    check_benchmarks(load_catalogue(path), path)


def test_a_bad_benchmark_stops_the_build_before_anything_else(example):
    edit(example / "measures.yaml", "    format: integer\n    thresholds: [1000]",
         "    format: integer\n    benchmark: {method: spc, sigma: 0}\n    thresholds: [1000]")
    assert error_of(example) == (
        f"{example / 'measures.yaml'}: measure 'da.recorded', benchmark: spc parameter 'sigma' must be a positive number, not 0"
    )


# --------------------------------------------------------------------------- observations against catalogue


def test_a_measure_in_the_data_but_not_the_catalogue(example):
    with open(example / "observations.csv", "a", encoding="utf-8") as stream:
        stream.write("zz.unknown,2021-01,1,\n")
    assert error_of(example) == (
        f"{example / 'observations.csv'}: measure 'zz.unknown' is not in the catalogue {example / 'measures.yaml'}"
    )


def test_a_measure_in_the_catalogue_but_not_the_data(example):
    with open(example / "measures.yaml", "a", encoding="utf-8") as stream:
        stream.write("\n  - {id: zz.extra, label: Extra, name: extra things, kind: count, polarity: neutral, benchmark: poisson}\n")
    assert error_of(example) == (
        f"{example / 'measures.yaml'}: measure 'zz.extra' has no rows in {example / 'observations.csv'}"
    )


def test_a_misspelt_measure_in_the_catalogue_suggests_the_one_in_the_data(example):
    edit(example / "measures.yaml", "id: cse.recorded", "id: cse.recordd")
    assert error_of(example) == (
        f"{example / 'observations.csv'}: measure 'cse.recorded' is not in the catalogue {example / 'measures.yaml'}; "
        "did you mean 'cse.recordd'?"
    )


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
    assert error_of(example) == f"{example / 'report.yaml'}: expected a mapping of keys to values, found a list"


def test_no_report_yaml(tmp_path):
    assert error_of(tmp_path) == f"{tmp_path / 'report.yaml'}: not found; --data must name a folder holding report.yaml"


@pytest.mark.parametrize(
    "missing, reported",
    [
        ("data/measures.yaml", "data/measures.yaml: file not found"),
        ("data/observations.csv", "data/observations.csv: file not found"),
        ("data/commentary.yaml", "data/commentary.yaml: file not found"),
    ],
)
def test_a_missing_input(example, missing, reported):
    (example.parent / missing).unlink()
    assert error_of(example) == f"{example.parent}/{reported}"


# --------------------------------------------------------------------------- rules/style.yaml


def test_a_misspelt_style_key(example):
    edit(own_rule(example, "style.yaml"), "thousands_separator:", "thousand_separator:")
    assert error_of(example) == (
        f"{example / 'rules/style.yaml'}: unknown key 'thousand_separator'; did you mean 'thousands_separator'?"
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
    edit(own_rule(example, "style.yaml"), old, new)
    assert error_of(example) == f"{example / 'rules/style.yaml'}: {message}"


def test_a_style_setting_changes_the_project_style(example):
    edit(own_rule(example, "style.yaml"), "decimal_places: 1", "decimal_places: 2")
    assert load_project(example).style.decimal_places == 2


def test_a_project_may_recolour_one_chart_line_and_keep_the_others(example):
    (example / "rules").mkdir(exist_ok=True)
    (example / "rules" / "style.yaml").write_text('chart_colours:\n  current: "FF0000"\nchart_font: Verdana\n', encoding="utf-8")
    style = load_project(example).style
    assert style.chart_colours["current"] == "FF0000"
    assert style.chart_colours["previous"] == "A6A6A6"  # Narrator's own, inherited
    assert style.chart_font == "Verdana"
    assert style.tone_legend.startswith("Perf v Benchmark: {good}")


def test_a_chart_colour_that_is_not_one(example):
    (example / "rules").mkdir(exist_ok=True)
    (example / "rules" / "style.yaml").write_text("chart_colours:\n  curent: navy\n", encoding="utf-8")
    assert error_of(example) == f"{example / 'rules/style.yaml'}: chart_colours: unknown key 'curent'; did you mean 'current'?"


# --------------------------------------------------------------------------- every month of both periods


def drop_row(path, row):
    text = path.read_text(encoding="utf-8")
    assert f"\n{row}\n" in text
    path.write_text(text.replace(f"\n{row}\n", "\n", 1), encoding="utf-8")


def test_a_month_missing_from_the_current_period(example):
    drop_row(example / "observations.csv", "da.recorded,2020-11,886,")
    assert error_of(example) == (
        f"{example / 'observations.csv'}: measure 'da.recorded' has no row for 2020-11 in the current period "
        "(2020-04 to 2021-03); every month of both periods is needed"
    )


def test_several_months_missing_from_the_baseline(example):
    path = example / "observations.csv"
    lines = [line for line in path.read_text().splitlines() if not line.startswith("cse.recorded,2019-0")]
    path.write_text("\n".join(lines) + "\n")
    assert error_of(example) == (
        f"{path}: measure 'cse.recorded' has no row for 2019-04, 2019-05, 2019-06 and 3 more in the baseline period "
        "(2019-04 to 2020-03); every month of both periods is needed"
    )


def test_a_comparator_is_checked_over_its_own_latest_months(example):
    # national.drugs.recorded ends in 2021-01: its current 12 months are 2020-02 to 2021-01
    assert load_project(example).measures["national.drugs.recorded"].comparator
    drop_row(example / "observations.csv", "national.drugs.recorded,2021-01,16531,")
    load_project(example)  # now it ends in 2020-12, still a full 12 months


def test_a_gap_in_a_comparators_latest_months(example):
    path = example / "observations.csv"
    lines = path.read_text().splitlines()
    gap = next(line for line in lines if line.startswith("national.drugs.recorded,2020-06,"))
    lines.remove(gap)
    path.write_text("\n".join(lines) + "\n")
    assert error_of(example) == (
        f"{path}: measure 'national.drugs.recorded' has no row for 2020-06 in the current period "
        "(2020-02 to 2021-01); every month of both periods is needed"
    )


# --------------------------------------------------------------------------- values that are the wrong shape


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("largest_changes: 3", "largest_changes: 13", "largest_changes must be a whole number from 1 to 12 (months in a period), found 13"),
        ("largest_changes: 3", "largest_changes: -1", "largest_changes must be a whole number from 1 to 12 (months in a period), found -1"),
        ("  title: POLICE AND CRIME PLAN – ANNUAL PERFORMANCE REPORT", "  title: [POLICE]", "report.title: expected text, found a list"),
        ("  measures: measures.yaml", "  measures: [measures.yaml]", "inputs.measures: expected a file or folder name, found ['measures.yaml']"),
        ("id: second_lockdown", "id: second lockdown",
         "event 2: id must be one lower-case word (letters, digits, _), such as second_lockdown, found 'second lockdown'"),
        ("id: second_lockdown", "id: first_lockdown", "event 2: id 'first_lockdown' is used twice"),
        ("name: the second lockdown", "name: [second]", "event 2: expected a name in words, such as the second lockdown, found ['second']"),
        ("tables:\n", "tables: []\nunused:\n", "unknown key 'unused'"),
    ],
)
def test_bad_report_values(example, old, new, message):
    edit(example / "report.yaml", old, new)
    assert error_of(example) == f"{example / 'report.yaml'}: {message}"


def test_tables_that_are_a_list(example):
    path = example / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("tables:")] + "tables: [pillars]\n", encoding="utf-8")
    assert error_of(example) == f"{path}: tables must be a mapping of table ids to tables, found a list"


@pytest.mark.parametrize(
    "text, message",
    [
        ("paragraphs: [one, two]\n", "paragraphs must be a mapping of slots to paragraphs, found a list"),
        ("footnotes: [one]\n", "footnotes must be a mapping of keys to footnote texts, found a list"),
        ("footnotes: {iquanta: [a, b]}\n", "footnote 'iquanta' must be a text, found a list"),
        ("paragraphs: {purpose: 12}\n", "slot 'purpose' must be a paragraph or a list of paragraphs"),
    ],
)
def test_bad_commentary(example, text, message):
    (example / "commentary.yaml").write_text(text, encoding="utf-8")
    assert error_of(example) == f"{example / 'commentary.yaml'}: {message}"


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("decimal_places: 1", "decimal_places: -1", "decimal_places must be a whole number from 0 to 4, found -1"),
        ("decimal_places: 1", "decimal_places: 9", "decimal_places must be a whole number from 0 to 4, found 9"),
        ("numbers_in_words_below: 10", "numbers_in_words_below: -5", "numbers_in_words_below must be a whole number from 0 to 100, found -5"),
        ('month_format: "{month} {year}"', 'month_format: "{mnth} {year}"',
         "month_format: {mnth} is not one of {month}, {year}; did you mean {month}?"),
        ('date_format: "{day} {month} {year}"', 'date_format: "{day} {month} {yr}"',
         "date_format: {yr} is not one of {day}, {month}, {year}; did you mean {year}?"),
        ('financial_year_format: "{start}/{end_short}"', 'financial_year_format: "{start}/{end_short"',
         "financial_year_format: '{start}/{end_short' is not a format (expected '}' before end of string); use {start}, {end}, {end_short}"),
        ('month_format: "{month} {year}"', 'month_format: "{0} {year}"', "month_format: {0} is not one of {month}, {year}"),
    ],
)
def test_bad_style_values(example, old, new, message):
    edit(own_rule(example, "style.yaml"), old, new)
    assert error_of(example) == f"{example / 'rules/style.yaml'}: {message}"


def test_no_decimals_and_no_words_are_allowed(example):
    style = own_rule(example, "style.yaml")
    edit(style, "decimal_places: 1", "decimal_places: 0")
    edit(style, "numbers_in_words_below: 10", "numbers_in_words_below: 0")
    style = load_project(example).style
    assert (style.format(14.44, "percent"), style.format(6, "count")) == ("14%", "6")


# --------------------------------------------------------------------------- issue 13: the edges


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("period_end: 2021-03", "period_end: 0000-03", ": period_end: month '0000-03' is not a month: there is no year 0000"),
        ("months: [2020-11]", "months: [0000-11]", ": event 2: month '0000-11' is not a month: there is no year 0000"),
        ("date: 2021-04-13", "date: 0000-04-13", ", line {line}, column 9: YAML error: '0000-04-13' is not a real date (year 0 is out of range)"),
    ],
)
def test_year_0000_in_the_settings(example, old, new, message):
    edit(example / "report.yaml", old, new)
    message = message.format(line=line_holding(example / "report.yaml", new))
    assert error_of(example) == f"{example / 'report.yaml'}{message}"


def test_year_0000_as_the_period_end_override():
    assert error_of(DATA, "0000-03") == "--period-end: month '0000-03' is not a month: there is no year 0000"


def line_holding(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("[Focus for the Force, Domestic Abuse,", "[Focus for the Force: Domestic Abuse,",
         "is a mapping (Focus for the Force: Domestic Abuse), not text; put a cell that holds ': ' in quotes"),
        ("[Focus for the Force, Domestic Abuse,", "[Focus for the Force, [Domestic Abuse],",
         "is a list, not text; put a cell that holds brackets in quotes"),
        ("[Focus for the Force, Domestic Abuse,", "[Focus for the Force, no,", "is false, not text (YAML reads yes, no, on and off so); put it in quotes"),
        ("[Focus for the Force, Domestic Abuse,", "[Focus for the Force, 2021,",
         "is the number 2021, not text; a text table holds words (figures come from facts, in the other kinds of table): "
         "put it in quotes if it is words"),
    ],
)
def test_a_text_table_cell_must_be_text(example, old, new, message):
    path = example / "report.yaml"
    edit(path, old, new)
    cell = 1 if ": Domestic" in new else 2
    assert error_of(example) == f"{path}, line {line_holding(path, 'Focus for the Force')}: table 'pillars', row 3, cell {cell}: {message}"


def test_an_empty_text_table_cell_may_be_null(example):
    edit(example / "report.yaml", '- ["", Child Sexual Abuse', "- [null, Child Sexual Abuse")
    assert load_project(example).tables["pillars"].settings["rows"][3][0] is None


def test_a_private_use_character_in_yaml_is_refused_with_its_line_and_column(example):
    path = example / "commentary.yaml"
    edit(path, "The board are asked", "\ue000da.recorded.current\ue00199,999\ue002 The board are asked")
    line = line_holding(path, "The board are asked")
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index("\ue000") + 1
    assert error_of(example) == (
        f"{path}, line {line}, column {column}: the private-use character U+E000 is not allowed "
        "(Narrator marks figures with such characters); remove it"
    )


def test_a_private_use_character_in_a_measure_name(example):
    edit(example / "measures.yaml", "name: recorded domestic abuse offences", "name: \uf0b7 recorded domestic abuse offences")
    assert error_of(example).endswith("the private-use character U+F0B7 is not allowed (Narrator marks figures with such characters); remove it")


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("MACE[^mace]", "MACE[^the mace]",
         "slot 'csa.plan': '[^the mace]' is not a footnote reference; a [^key] holds only letters, digits and _ . - "
         "(such as [^my_note]), and the footnote's text goes under footnotes"),
        ("MACE[^mace]", "MACE[^]",
         "slot 'csa.plan': '[^]' is not a footnote reference; a [^key] holds only letters, digits and _ . - "
         "(such as [^my_note]), and the footnote's text goes under footnotes"),
        ("MACE[^mace]", "MACE[^macee]", "slot 'csa.plan' refers to footnote [^macee], which is not under footnotes; did you mean [^mace]?"),
    ],
)
def test_a_footnote_reference_that_cannot_be_matched(example, old, new, message):
    path = example / "commentary.yaml"
    edit(path, old, new)
    assert error_of(example) == f"{path}, line {line_holding(path, new)}: {message}"


def test_a_footnote_key_that_no_reference_can_name(example):
    path = example / "commentary.yaml"
    edit(path, "  isva: Independent", "  ISVA note: Independent")
    assert error_of(example) == (
        f"{path}, line {line_holding(path, 'ISVA note')}: footnote key 'ISVA note' cannot be referred to, as a [^key] holds only "
        "letters, digits and _ . - (such as ISVA_note)"
    )


def test_a_reference_to_a_measures_footnote_is_a_reference(example):
    edit(example / "commentary.yaml", "MACE[^mace]", "MACE[^mace][^victim_satisfaction.whole]")
    assert load_project(example)


def test_an_unused_footnote_is_an_error_not_a_loss(example):
    from narrator.errors import TemplateProblem
    from narrator.pipeline import build_draft

    path = example / "commentary.yaml"
    edit(path, "  iquanta: iQuanta data", "  iquanta: iQuanta data\n  spare: A note no paragraph refers to")
    with pytest.raises(TemplateProblem) as caught:
        build_draft(load_project(example))
    assert str(caught.value) == (
        f"{path}, line {line_holding(path, 'spare:')}: footnote 'spare' is not referred to by any paragraph or template, "
        "so its text would be lost; refer to it with [^spare] in a paragraph, or remove it"
    )


@pytest.mark.slow  # a workbook written cell by cell, then read
def test_the_workbook_sheet_named_in_the_settings(example):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["measure", "month", "value", "denominator"])  # a header, but not the data
    sheet = book.create_sheet("Data")
    for number, line in enumerate((example / "observations.csv").read_text(encoding="utf-8").splitlines()):
        cells = line.split(",")
        sheet.append(cells if number == 0 else [cells[0], cells[1], float(cells[2]), float(cells[3]) if cells[3] else None])
    book.save(example / "observations.xlsx")
    edit(example / "report.yaml", "observations: observations.csv", "observations: observations.xlsx\n  sheet: Data")
    assert len(load_project(example).observations) == 6462
    edit(example / "report.yaml", "sheet: Data", "sheet: [Data]")
    assert error_of(example) == f"{example / 'report.yaml'}: inputs.sheet: expected the name of a sheet of the workbook, found ['Data']"


@pytest.mark.parametrize("length, end", [(1, None), ("year_to_date", "2020-04")])
def test_a_one_month_report_and_an_april_year_to_date_are_built_not_refused(length, end):
    from narrator.pipeline import build_draft

    project = load_project(DATA, end, length=length, commentary=False)
    facts = build_draft(project).facts
    assert facts["period.months"].value == 1
    assert facts["all_crime.recorded.benchmark"].value.startswith(
        "Quasi-Poisson comparison of one month with the same month a year before")
    assert facts["da.ppo_rate.benchmark"].value.startswith("Quasi-binomial comparison of one month")


# --------------------------------------------------------------------------- templates and rules: where they may be, and what (issue 22)


def _problem(folder):
    from narrator.errors import NarratorError
    with pytest.raises(NarratorError) as caught:
        load_project(folder)
    return str(caught.value)


def test_a_template_that_includes_itself_is_refused_when_it_loads(example):
    templates = example / "templates"
    (templates / "victims.md.j2").write_text("# Victims\n{% include 'victims.md.j2' %}\n", encoding="utf-8")
    assert _problem(example) == (
        f"{templates / 'victims.md.j2'}, line 2: victims.md.j2 includes itself without end (victims.md.j2 → victims.md.j2); "
        "a template may not include itself, directly or through another")


def test_templates_that_include_each_other_in_a_circle_are_named(example):
    templates = example / "templates"
    (templates / "victims.md.j2").write_text("# Victims\n{% include 'offenders.md.j2' %}\n", encoding="utf-8")
    (templates / "offenders.md.j2").write_text("# Offenders\n\n{% include 'victims.md.j2' %}\n", encoding="utf-8")
    assert _problem(example) == (
        f"{templates / 'offenders.md.j2'}, line 3: victims.md.j2 includes itself without end "
        "(victims.md.j2 → offenders.md.j2 → victims.md.j2); a template may not include itself, directly or through another")


def test_a_templates_folder_outside_the_project_is_refused(example, tmp_path):
    edit(example / "report.yaml", "  templates: templates", "  templates: /etc")
    assert _problem(example) == (
        f"{example / 'report.yaml'}: inputs.templates: /etc is outside the project folder {example}; a project's own "
        "templates must be a folder inside it (any file there could be placed in the draft)")
    edit(example / "report.yaml", "  templates: /etc", "  templates: ../elsewhere")
    (tmp_path / "elsewhere").mkdir()
    assert _problem(example).startswith(f"{example / 'report.yaml'}: inputs.templates: {example / '../elsewhere'} is outside")


def test_a_named_pipe_overriding_a_template_or_a_rule_is_refused_not_skipped(example):
    import os

    pipe = example / "templates" / "victims.md.j2"
    pipe.unlink()
    os.mkfifo(pipe)
    assert _problem(example) == f"{pipe}: is a named pipe, not a file; a template is an ordinary file"
    pipe.unlink()
    (example / "rules").mkdir()
    os.mkfifo(example / "rules" / "style.yaml")
    assert _problem(example) == f"{example / 'rules' / 'style.yaml'}: is a named pipe, not a file; expected a YAML file"
