"""A report built from crime records: the same draft as one built from the `narrator measures`
table of the same records; bad record inputs are one line, exit 2, nothing written."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import POLICE_UK, ROOT, STREET_FILES, needs_police_uk, records_project

from narrator import cli
from narrator.errors import InputError
from narrator.settings.layouts import POLICE_UK as LAYOUT

pytestmark = needs_police_uk
MEASURES = """\
outcome_groups:
  charged: [Offender sent to prison, Offender given community sentence, Offender given suspended prison sentence, Offender fined]
measures:
  - {id: all_crime.recorded, label: All crime, name: recorded crime, kind: count, polarity: neutral, benchmark: poisson, records: {}}
  - {id: burglary.recorded, label: Burglary, name: recorded burglaries, kind: count, polarity: neutral, benchmark: poisson,
     records: {where: {offence: [Burglary]}}}
  - {id: theft.recorded, label: Theft, name: recorded thefts, kind: count, polarity: neutral, benchmark: poisson,
     records: {where: {offence: {like: "%theft%"}}}}
  - {id: asb.recorded, label: ASB, name: anti-social behaviour incidents, kind: count, polarity: neutral, benchmark: poisson,
     records: {where: {offence: [Anti-social behaviour]}, incidents: true}}
  - {id: all_crime.charged, label: Charged, name: the charged outcome rate, kind: proportion, polarity: higher_is_better,
     benchmark: two_proportion, records: {numerator: {outcome: charged}}}
"""
TEMPLATE = """\
# Crime

{% for m in measures() %}
{{ name(m) | cap }} {{ say(m) }}.

{% endfor %}
Outcome rates{{ footnote('all_crime.charged') }} come from each crime's last outcome.
"""


def load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def resampled(tmp_path_factory) -> Path:
    """About 10,000 records over 30 months (2017-01 to 2019-06), resampled from the real rows."""
    out = tmp_path_factory.mktemp("records") / "crimes.csv"
    written = load_tool("make_records").resample(STREET_FILES, out, rows=10_000, months=30, start="2017-01")
    assert written == 9992
    return out


def project(folder: Path, records: Path) -> Path:
    records_project(folder, MEASURES, records=f'{{files: ["{records}"], layout: police-uk}}', period_end="2019-06")
    (folder / "commentary.yaml").write_text("paragraphs: {}\n", encoding="utf-8")
    (folder / "templates").mkdir()
    (folder / "templates" / "report.md.j2").write_text(TEMPLATE, encoding="utf-8")
    return folder


def test_a_draft_from_records_is_the_draft_from_their_measures_table(tmp_path, resampled, capsys):
    from_records = project(tmp_path / "records", resampled)
    assert cli.main(["build", "--data", str(from_records), "--format", "md", "--out", str(tmp_path / "a.md")]) == 0

    table = project(tmp_path / "table", resampled)
    assert cli.main(["measures", "--data", str(table), "--out", str(table / "observations.csv")]) == 0
    (table / "report.yaml").write_text((table / "report.yaml").read_text().replace(
        f'records: {{files: ["{resampled}"], layout: police-uk}}', "observations: observations.csv"))
    # without the records there is no layout to supply the outcome rate's footnote: the catalogue gives it
    (table / "measures.yaml").write_text(MEASURES.replace(
        "records: {numerator: {outcome: charged}}", f"footnote: '{LAYOUT.outcome_note}', records: {{numerator: {{outcome: charged}}}}"))
    assert cli.main(["build", "--data", str(table), "--format", "md", "--out", str(tmp_path / "b.md")]) == 0

    draft = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert draft == (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "snapshot of each crime’s latest outcome when the data were published; they are not the Home Office outcome rate" in draft
    with resampled.open(encoding="utf-8", newline="") as stream:
        crimes = [r for r in csv.DictReader(stream) if r["Crime ID"]]
    current = sum("2018-07" <= r["Month"] <= "2019-06" for r in crimes)
    baseline = sum("2017-07" <= r["Month"] <= "2018-06" for r in crimes)
    assert (current, baseline) == (3247, 3230)
    assert "Recorded crime " in draft and ": 3,247 against 3,230" in draft  # the words are the rules'; the figures ours
    with (table / "observations.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 5 * 30
    assert rows[0] == {"measure": "all_crime.recorded", "month": "2017-01", "value": "294", "denominator": ""}
    assert rows[-1] == {"measure": "all_crime.charged", "month": "2019-06", "value": "2", "denominator": "264"}


def test_notes_on_rows_set_aside_go_to_stderr(tmp_path, capsys):
    street = tmp_path / "street.csv"
    lines = STREET_FILES[0].read_text(encoding="utf-8").splitlines(keepends=True)
    street.write_text("".join([lines[0], lines[1].replace(",2018-10,", ",,", 1), *lines[2:]]), encoding="utf-8")
    folder = records_project(tmp_path / "p", MEASURES, records=f'{{files: ["{street}"], layout: police-uk}}')
    assert cli.main(["measures", "--data", str(folder)]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"narrator: note: {street}: 1 row with no month set aside\n"
    assert captured.out.splitlines()[:2] == ["measure,month,value,denominator", "all_crime.recorded,2018-10,5734,"]


@pytest.mark.slow  # a fresh interpreter
def test_duckdb_is_imported_only_for_a_project_with_records():
    code = "import sys; from narrator.pipeline import build_draft; from narrator.project import load_project; " \
           "build_draft(load_project('data')); print(sorted(m for m in ('duckdb', 'sqlglot', 'psycopg') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


@pytest.mark.slow  # a fresh interpreter
def test_narrator_measures_imports_only_what_aggregation_needs(tmp_path):
    folder = records_project(tmp_path, MEASURES)
    code = "import sys; from narrator import cli; cli.main(['measures', '--data', sys.argv[1], '--out', sys.argv[2]]); " \
           "print(sorted(m for m in ('pandas', 'numpy', 'jinja2', 'scipy', 'docx', 'sqlglot', 'psycopg') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code, str(folder), str(tmp_path / "o.csv")], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout == f"wrote {tmp_path / 'o.csv'}\n[]\n"


# --------------------------------------------------------------------------- mistakes

def broken(kind: str, root: Path) -> tuple[Path, str]:
    """A records project with one mistake, and the line Narrator must print."""
    street = root / "street.csv"
    lines = STREET_FILES[0].read_text(encoding="utf-8").splitlines(keepends=True)
    records = f'{{files: ["{street}"], layout: police-uk}}'
    measures = MEASURES
    if kind == "missing column":
        street.write_text("".join(line.replace(",Last outcome category,", ",Outcome,", 1) for line in lines), encoding="utf-8")
        message = (f"{root}/p/measures.yaml: measure 'all_crime.charged': records.numerator.outcome: no column 'Last outcome category' "
                   f"(the outcome column of the police-uk layout) in {street}; columns found: Crime ID, Month, Reported by, Falls within, "
                   "Longitude, Latitude, Location, LSOA code, LSOA name, Crime type, Outcome, Context")
    elif kind == "unreadable date":
        street.write_text("".join([lines[0], lines[1].replace(",2018-10,", ",October 2018,", 1), *lines[2:]]), encoding="utf-8")
        message = (f"{street}: column 'Month': 'October 2018' is not a month or a date (YYYY-MM, YYYY-MM-DD (a time may follow) "
                   "or DD/MM/YYYY); 1 row has such a month")
    elif kind == "glob matching nothing":
        records = '{files: ["crimes/*.csv"], layout: police-uk}'
        message = f"{root}/p/report.yaml: inputs.records.files: 'crimes/*.csv' matches no file in {root}/p"
    else:
        street.write_text("".join(lines), encoding="utf-8")
        measures = MEASURES.replace("[Burglary]", "[Burglaries]")
        message = (f"{root}/p/measures.yaml: measure 'burglary.recorded': records.where.offence: 'Burglaries' occurs nowhere in "
                   f"column 'Crime type' of {street}; the nearest values that occur: 'Burglary', 'Drugs', 'Other crime'")
    return records_project(root / "p", measures, records=records), message


@pytest.mark.parametrize("kind", ["missing column", "unreadable date", "glob matching nothing", "where value that does not occur"])
@pytest.mark.parametrize("command", [["measures", "--out", "table.csv"], ["build", "--format", "md", "--out", "draft.md"], ["facts"]])
def test_a_bad_record_input_is_one_line_exit_2_and_nothing_written(tmp_path, monkeypatch, capsys, kind, command):
    folder, message = broken(kind, tmp_path)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert cli.main([command[0], "--data", str(folder), *command[1:]]) == 2
    captured = capsys.readouterr()
    assert (captured.err, captured.out) == (f"narrator: {message}\n", "")
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_build_needs_24_months_of_records(tmp_path, capsys):
    folder = records_project(tmp_path, MEASURES)
    assert cli.main(["build", "--data", str(folder), "--out", str(tmp_path / "r.docx")]) == 2
    assert capsys.readouterr().err == (
        f"narrator: {folder}/report.yaml: period_end 2019-02 needs data from 2017-03 to 2019-02, "
        f"but {POLICE_UK}/*-street.csv runs from 2018-10 to 2019-02\n"
    )


def test_measures_refuses_to_replace_a_file_without_force(tmp_path, capsys):
    folder = records_project(tmp_path, MEASURES)
    out = tmp_path / "observations.csv"
    out.write_text("my own work\n")
    assert cli.main(["measures", "--data", str(folder), "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"narrator: {out}: already exists, so it was not overwritten; use --force to replace it\n"
    assert out.read_text() == "my own work\n"
    assert cli.main(["measures", "--data", str(folder), "--out", str(out), "--force", "--period-end", "2018-11"]) == 0
    assert [line.split(",")[1] for line in out.read_text().splitlines()[1:]] == ["2018-10", "2018-11"] * 5


def test_measures_never_writes_over_an_input_even_with_force(tmp_path, capsys):
    folder = records_project(tmp_path, MEASURES)
    catalogue = folder / "measures.yaml"
    before = catalogue.read_bytes()
    assert cli.main(["measures", "--data", str(folder), "--out", str(catalogue), "--force"]) == 2
    assert capsys.readouterr().err == (
        f"narrator: {catalogue}: is one of the report's inputs; --out must name a draft, never an input, even with --force\n"
    )
    assert catalogue.read_bytes() == before


def test_measures_writes_through_a_link_to_its_file(tmp_path, capsys):
    folder = records_project(tmp_path, MEASURES)
    (tmp_path / "kept").mkdir()
    link = tmp_path / "latest.csv"
    link.symlink_to(tmp_path / "kept" / "table.csv")
    assert cli.main(["measures", "--data", str(folder), "--out", str(link), "--period-end", "2018-10"]) == 0
    assert link.is_symlink() and (tmp_path / "kept" / "table.csv").read_text().startswith("measure,month,value,denominator\n")


SURVEY = ("  - {id: satisfaction.whole, label: Satisfaction, name: victim satisfaction, kind: proportion, polarity: higher_is_better,\n"
          "     benchmark: two_proportion}\n")


def test_measures_from_records_and_from_the_observations_table_in_one_report(tmp_path, resampled):
    folder = project(tmp_path / "mixed", resampled)
    (folder / "measures.yaml").write_text(MEASURES + SURVEY, encoding="utf-8")
    months = [f"{year}-{month:02d}" for year in (2017, 2018, 2019) for month in range(1, 13)][:30]
    (folder / "observations.csv").write_text(
        "measure,month,value,denominator\n" + "".join(f"satisfaction.whole,{m},{80 + i % 5},100\n" for i, m in enumerate(months)))
    from narrator.project import load_project

    observations = load_project(folder).observations
    assert sorted(set(observations["measure"])) == ["all_crime.charged", "all_crime.recorded", "asb.recorded", "burglary.recorded",
                                                    "satisfaction.whole", "theft.recorded"]
    survey = observations[observations["measure"] == "satisfaction.whole"]
    assert list(survey["value"][:3]) == [80.0, 81.0, 82.0] and set(survey["denominator"]) == {100.0}

    with (folder / "observations.csv").open("a") as stream:
        stream.write("burglary.recorded,2017-01,5,\n")
    with pytest.raises(InputError) as raised:
        load_project(folder)
    assert str(raised.value) == (f"{folder}/observations.csv: measure 'burglary.recorded' is counted from the records "
                                 f"(its records: entry in {folder}/measures.yaml); remove its rows from observations.csv")


def test_the_generic_report_places_the_layout_footnote_on_an_outcome_rate(tmp_path, resampled):
    folder = records_project(tmp_path, MEASURES.replace("records: {numerator:", "section: Crime, records: {numerator:")
                             .replace("records: {}}", "section: Crime, records: {}}"),
                             records=f'{{files: ["{resampled}"], layout: police-uk}}', period_end="2019-06")
    (folder / "commentary.yaml").write_text("paragraphs: {}\n", encoding="utf-8")
    assert cli.main(["build", "--data", str(folder), "--out", str(tmp_path / "draft.md")]) == 0
    draft = (tmp_path / "draft.md").read_text(encoding="utf-8")
    assert draft.count("[^1]") == 2 and "the charged outcome rate[^1]" in draft.lower()  # on its name, and the note itself
    assert f"[^1]: {LAYOUT.outcome_note}" in draft
