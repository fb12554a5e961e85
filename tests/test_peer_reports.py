"""Forces against their peers, from the real Home Office table, checked against our own computation.

Every expected figure here is computed with the csv module from the published file (never copied
into the repository); Narrator's come through load_project, the draft builder and the Markdown
writer. Three forces of different size, each with an illustrative group of peers (not HMICFRS's
most similar groups).
"""

from __future__ import annotations

import csv
import re
import shutil
import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from conftest import DATA, HOME_OFFICE_TABLE, needs_home_office, read_published
from conftest import edit as edit_file

from narrator.errors import InputError
from narrator.model import Chart
from narrator.zipfiles import read_zip
from narrator.pipeline import build_draft, render
from narrator.project import load_project

pytestmark = needs_home_office
BURGLARY = ("Domestic burglary", "Non-domestic burglary", "Residential burglary", "Non-residential burglary")
GROUPS = {"drugs": ("Drug offences",), "burglary": BURGLARY, "robbery": ("Robbery",)}
MEASURES = """\
measures:
  - {id: drugs, label: Drug offences, name: recorded drugs offences, kind: count, polarity: neutral,
     section: Crime, offences: [Drug offences], peer_group: [Drug offences]}
  - {id: burglary, label: Burglary, name: recorded burglaries, kind: count, polarity: lower_is_better, section: Crime,
     offences: [Domestic burglary, Non-domestic burglary, Residential burglary, Non-residential burglary],
     peer_group: [Domestic burglary, Non-domestic burglary, Residential burglary, Non-residential burglary]}
  - {id: robbery, label: Robbery, name: recorded robberies, kind: count, polarity: lower_is_better, section: Crime,
     offences: [Robbery], peer_group: Robbery}
"""
# three forces of different size, each with an illustrative group of peers
FORCES = {
    "Cumbria": ("Cumbria Constabulary", ["Dyfed-Powys", "North Wales", "North Yorkshire", "Lincolnshire", "Warwickshire", "Wiltshire", "Gloucestershire"]),
    "Cambridgeshire": ("Cambridgeshire Constabulary", ["Bedfordshire", "Essex", "Hertfordshire", "Norfolk", "Suffolk", "Leicestershire", "Northamptonshire", "Wiltshire"]),
    "West Midlands": ("West Midlands Police", ["Greater Manchester", "Merseyside", "West Yorkshire", "Northumbria", "South Yorkshire", "Metropolitan Police"]),
}


@pytest.fixture(scope="module")
def published():
    """force → 'dd-mm-yyyy' → offence → total, read with the csv module."""
    return read_published()


def total(published, force, date, offences) -> int:
    return sum(v for offence, v in published[force][date].items() if offence in offences)


def pct(value: float) -> str:
    """A % change as house style prints it: one decimal, halves up, a minus sign for a fall."""
    text = f"{Decimal(repr(abs(value))).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
    return ("−" if value < 0 and text != "0.0%" else "") + text


def peer_tables(text: str) -> list[list[list]]:
    """The Markdown peer tables: each body row's cells, without emphasis, and whether it was set off."""
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("| Force ") and "12 months to" in line:
            current = []
            tables.append(current)
        elif current is not None and line.startswith("| ") and not line.startswith("| ---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            bold = all(c.startswith("**") and c.endswith("**") for c in cells)
            current.append([c.strip("*") for c in cells] + [bold])
        elif not line.startswith("|"):
            current = None
    return tables


def project(folder: Path, force: str, peers: list[str], *, named: bool) -> Path:
    """A force's report: its own rows are the table's (one area of it), its peers the table's too."""
    folder.mkdir(parents=True, exist_ok=True)
    full, _ = FORCES[force]
    chosen = "" if named else f", force: {force}"
    (folder / "report.yaml").write_text(
        f'report: {{title: "Peers", force: {full}, force_short: "{force}"}}\nperiod_end: 2018-12\n'
        f"inputs:\n  observations: {{file: {HOME_OFFICE_TABLE}, layout: home-office-pfa}}\n"
        f"areas: {{report: [{force}], parent: {{name: England and Wales, sum_except: [British Transport Police]}}, noun: forces}}\n"
        f"peers: {{table: {{file: {HOME_OFFICE_TABLE}, layout: home-office-pfa}}, forces: [{', '.join(peers)}]{chosen}}}\n",
        encoding="utf-8")
    (folder / "measures.yaml").write_text(MEASURES, encoding="utf-8")
    (folder / "commentary.yaml").write_text("period_end: 2018-12\nparagraphs: {}\n", encoding="utf-8")
    return folder


def expected(published, force, peers, offences, now="31-12-2018", before="30-12-2017"):
    """Our own computation of every peer figure of one measure."""
    def change(name):
        b, c = total(published, name, before, offences), total(published, name, now, offences)
        return b, c, (c - b) / b * 100
    rows = {name: change(name) for name in [force, *peers]}
    national = [name for name in published if name != "British Transport Police"]
    mine = rows[force][2]
    others = [rows[p][2] for p in peers]
    nation = [change(n)[2] for n in national if n != force]
    group = (sum(rows[p][0] for p in peers), sum(rows[p][1] for p in peers))
    england = (sum(change(n)[0] for n in national), sum(change(n)[1] for n in national))
    return {
        "rows": rows, "change": mine, "rose": sum(c > 0 for c in others), "fell": sum(c < 0 for c in others),
        "higher": sum(c > mine for c in others), "lower": sum(c < mine for c in others),
        "rank": 1 + sum(c > mine for c in others), "national_rank": 1 + sum(c > mine for c in nation),
        "national_ranked": len(national), "median": statistics.median(others),
        "group": group, "group_change": (group[1] - group[0]) / group[0] * 100,
        "england": england, "england_change": (england[1] - england[0]) / england[0] * 100,
    }


@pytest.mark.parametrize("force", [pytest.param(force, marks=[] if i == 0 else [pytest.mark.slow])  # one force in the local loop
                                   for i, force in enumerate(FORCES)])
def test_every_peer_figure_equals_our_own_computation_from_the_table(tmp_path, published, force):
    full, peers = FORCES[force]
    built = load_project(project(tmp_path, force, peers, named=force != "Cambridgeshire"), area=force)
    assert built.peers.force == force  # "Cumbria Constabulary", "West Midlands Police" matched to the table's names
    draft = build_draft(built)
    facts = draft.facts
    text = render(draft.document, "md").decode()
    assert len(built.peers.national) == 43 and "British Transport Police" not in built.peers.national
    for measure, offences in GROUPS.items():
        e = expected(published, force, peers, offences)
        p = f"{measure}.peer"
        assert facts[f"{p}.window_end"].value == "2018-12" and facts[f"{p}.window_start"].value == "2018-01"
        assert facts[f"{p}.source"].value == "own"
        assert (facts[f"{p}.baseline"].value, facts[f"{p}.current"].value) == e["rows"][force][:2]
        assert facts[f"{p}.change_pct"].value == pytest.approx(e["change"], rel=1e-12)
        for key in ("rose", "fell", "higher", "lower", "rank", "national_rank", "national_ranked"):
            assert facts[f"{p}.{key}"].value == e[key], (measure, key)
        assert facts[f"{p}.peers"].value == len(peers) and facts[f"{p}.ranked"].value == len(peers) + 1
        assert facts[f"{p}.median_change_pct"].value == pytest.approx(e["median"], rel=1e-12)
        assert (facts[f"{p}.group.baseline"].value, facts[f"{p}.group.current"].value) == e["group"]
        assert facts[f"{p}.group.change_pct"].value == pytest.approx(e["group_change"], rel=1e-12)
        assert (facts[f"{p}.national.baseline"].value, facts[f"{p}.national.current"].value) == e["england"]
        assert facts[f"{p}.national.change_pct"].value == pytest.approx(e["england_change"], rel=1e-12)
        # the table: the force and its peers by % change, largest rise first, England and Wales last
        order = sorted([force, *peers], key=lambda n: (-e["rows"][n][2], n))
        table = peer_tables(text)[list(GROUPS).index(measure)]
        assert [row[0] for row in table] == [*order, "England and Wales"], table
        for row in table:
            name = row[0]
            b, c, change = e["rows"][name] if name != "England and Wales" else (*e["england"], e["england_change"])
            assert row[1:] == [f"{b:,}", f"{c:,}", pct(change), name == force], row  # the force's row is set off
        # the sentence
        way = "rose" if e["change"] > 0 else "fell"
        assert f"{'Recorded'} {dict(drugs='drugs offences', burglary='burglaries', robbery='robberies')[measure]} {way} by {pct(abs(e['change']))} in the 12 months to December 2018" in text
        assert f"England and Wales {'rose' if e['england_change'] > 0 else 'fell'} by {pct(abs(e['england_change']))}" in text


def test_the_window_is_the_tables_latest_at_or_before_the_period_end_and_the_text_says_so(tmp_path, published):
    """The example's Cambridgeshire (its own monthly data) at June 2019: the table ends in December 2018,
    so every force is compared over 2018 against 2017, the Constabulary from its own months."""
    folder = tmp_path / "example"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("templates"))
    settings = (folder / "report.yaml").read_text(encoding="utf-8").replace("  templates: templates", "")
    peers = FORCES["Cambridgeshire"][1]
    settings += (f"\npeers:\n  table: {{file: {HOME_OFFICE_TABLE}, layout: home-office-pfa}}\n"
                 f"  forces: [{', '.join(peers)}]\n")
    (folder / "report.yaml").write_text(settings, encoding="utf-8")
    catalogue = (folder / "measures.yaml").read_text(encoding="utf-8")
    (folder / "measures.yaml").write_text(catalogue.replace("    name: recorded drugs offences\n",
                                                            "    name: recorded drugs offences\n    peer_group: Drug offences\n"), encoding="utf-8")
    (folder / "commentary.yaml").write_text("period_end: 2019-06\nparagraphs: {}\n", encoding="utf-8")
    months = defaultdict(float)
    with (DATA / "observations.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["measure"] == "drugs.recorded":
                months[row["month"]] += float(row["value"])
    now = sum(months[f"2018-{m:02d}"] for m in range(1, 13))
    before = sum(months[f"2017-{m:02d}"] for m in range(1, 13))
    draft = build_draft(load_project(folder, "2019-06"))
    facts = draft.facts
    assert facts["drugs.recorded.peer.window_end"].value == "2018-12" and facts["period.end"].value == "2019-06"
    assert facts["drugs.recorded.peer.source"].value == "own"
    assert (facts["drugs.recorded.peer.baseline"].value, facts["drugs.recorded.peer.current"].value) == (before, now)
    e = expected(published, "Cambridgeshire", peers, ("Drug offences",))
    mine = (now - before) / before * 100
    assert facts["drugs.recorded.peer.rank"].value == 1 + sum(e["rows"][p][2] > mine for p in peers)
    text = render(draft.document, "md").decode()
    assert f"Recorded drugs offences {'rose' if mine > 0 else 'fell'} by {pct(abs(mine))} in the 12 months to December 2018" in text
    assert ("from the published table rec-crime-pfa.csv (its latest months at or before June 2019, so that every force is "
            "compared over the same months); the Constabulary's figures are from its own data. England and Wales is the sum "
            "of the table's 43 territorial forces, without British Transport Police.") in text


@pytest.mark.parametrize("peers, force, message", [
    ("[Essex, Kent Police]", "", "peers.forces: 'Kent Police' is not a force of {table}; did you mean 'Kent'?"),
    ("[Essex, Hertfordshre]", "", "peers.forces: 'Hertfordshre' is not a force of {table}; did you mean 'Hertfordshire'?"),
    ("[Essex, Cambridgeshire]", "", "peers.forces: 'Cambridgeshire' is the force itself; list its peers only"),
    ("[Essex, Essex]", "", "peers.forces: 'Essex' is named twice"),
    ("[Essex]", ", force: Cambridgshire", "peers.force: 'Cambridgshire' is not a force of {table}; did you mean 'Cambridgeshire'?"),
])
def test_names_are_checked_against_the_table_with_the_nearest_name(tmp_path, peers, force, message):
    folder = project(tmp_path, "Cambridgeshire", [], named=True)
    settings = (folder / "report.yaml").read_text(encoding="utf-8")
    settings = re.sub(r"peers: .*\n", f"peers: {{table: {{file: {HOME_OFFICE_TABLE}}}, forces: {peers}{force}}}\n", settings)
    (folder / "report.yaml").write_text(settings, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_project(folder, area="Cambridgeshire")
    assert str(error.value) == f"{folder / 'report.yaml'}: " + message.format(table=HOME_OFFICE_TABLE)


def refused_as(tmp_path, force: str) -> str:
    """The message for a peers project whose report.force is ``force``."""
    folder = project(tmp_path, "Cambridgeshire", ["Essex"], named=True)
    settings = (folder / "report.yaml").read_text(encoding="utf-8").replace("Cambridgeshire Constabulary", force)
    (folder / "report.yaml").write_text(settings, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_project(folder, area="Cambridgeshire")
    return str(error.value)


def test_a_force_the_table_does_not_name_is_asked_for(tmp_path):
    folder = tmp_path
    assert refused_as(tmp_path, "Example Constabulary") == (f"{folder / 'report.yaml'}: peers: the force 'Example Constabulary' (report.force) is none of the 44 "
                                f"forces in {HOME_OFFICE_TABLE}; they include 'Avon and Somerset', 'Bedfordshire', 'British "
                                "Transport Police'; name it as the table does with peers.force, such as force: Kent")


def test_a_force_name_that_could_be_several_lists_them(tmp_path):
    folder = tmp_path
    assert refused_as(tmp_path, "Yorkshire Police") == (f"{folder / 'report.yaml'}: peers: the force 'Yorkshire Police' (report.force) could be any of "
                                "'North Yorkshire', 'South Yorkshire', 'West Yorkshire' "
                                f"({HOME_OFFICE_TABLE}); name it as the table does with peers.force, such as force: Kent")


def test_the_dot_chart_draws_every_forces_change_with_the_force_set_off(tmp_path, published):
    force, (_, peers) = "West Midlands", FORCES["West Midlands"]
    draft = build_draft(load_project(project(tmp_path, force, peers, named=True), area=force))
    chart = next(b for b in draft.document.blocks if isinstance(b, Chart) and b.id == "peers.drugs")
    e = expected(published, force, peers, ("Drug offences",))
    order = sorted([force, *peers], key=lambda n: (-e["rows"][n][2], n))
    assert chart.kind == "dots" and chart.categories == tuple(order)
    dots = {s.role: s.values for s in chart.series}
    for index, name in enumerate(order):
        assert (dots["force"] if name == force else dots["peer"])[index] == pytest.approx(e["rows"][name][2], rel=1e-12)
        assert (dots["peer"] if name == force else dots["force"])[index] is None
    assert dots["national"] == pytest.approx([e["england_change"]] * len(order), rel=1e-12)
    assert chart.alt_text.startswith("Dot chart of the percentage change in recorded drugs offences in the 12 months to December 2018")
    assert f"West Midlands: {pct(e['change'])}, ranked " in chart.alt_text
    text = render(draft.document, "md").decode()
    assert "peers.drugs.svg)" in text  # the Markdown draft links its SVG
    parts = dict(read_zip(render(draft.document, "docx")))
    xml = next(v for k, v in parts.items() if k.startswith("word/charts/") and b"Greater Manchester" in v and b"circle" in v)
    assert b'<c:symbol val="circle"/>' in xml and b"West Midlands" in xml


@pytest.mark.slow  # many full builds: every force's draft of a table project
def test_an_areas_draft_compares_the_force_not_the_area(tmp_path, published):
    """Every force's draft of a table project with Cambridgeshire's peers: Kent's draft does not pass
    Kent's figures off as Cambridgeshire's; Cambridgeshire's own draft uses its own rows."""
    _, peers = FORCES["Cambridgeshire"]
    folder = project(tmp_path, "Cambridgeshire", peers, named=False)
    settings = (folder / "report.yaml").read_text(encoding="utf-8").replace("report: [Cambridgeshire]", "report: all")
    (folder / "report.yaml").write_text(settings, encoding="utf-8")
    e = expected(published, "Cambridgeshire", peers, ("Drug offences",))
    for area in ("Kent", "Cambridgeshire", "England and Wales"):
        facts = build_draft(load_project(folder, area=area)).facts
        assert (facts["drugs.peer.baseline"].value, facts["drugs.peer.current"].value) == e["rows"]["Cambridgeshire"][:2], area
        assert facts["drugs.peer.source"].value == ("own" if area == "Cambridgeshire" else "table"), area


@pytest.mark.slow  # a fresh interpreter
def test_a_peer_build_imports_no_scipy_stats(tmp_path):
    """As the example's build (tests/test_pipeline.py): the peer test's t comes from scipy.special."""
    import subprocess
    import sys

    folder = project(tmp_path / "p", "Cumbria", FORCES["Cumbria"][1], named=True)
    code = ("import sys; from narrator import cli\n"
            "assert cli.main(['build', '--data', sys.argv[1], '--area', 'Cumbria', '--out', sys.argv[2]]) == 0\n"
            "print(sorted(m for m in sys.modules if m.startswith(('statsmodels', 'scipy.stats'))))")
    done = subprocess.run([sys.executable, "-c", code, str(folder), str(tmp_path / "draft.md")], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert "Against its peers" in (tmp_path / "draft.md").read_text(encoding="utf-8")


def test_an_offence_group_the_table_does_not_count_in_the_window_is_one_clear_error(tmp_path):
    folder = project(tmp_path, "Cambridgeshire", ["Essex", "Kent", "Norfolk"], named=True)
    edit_file(folder / "measures.yaml", "peer_group: Robbery", "peer_group: [Residential burglary]")  # split out from 2017
    edit_file(folder / "report.yaml", "period_end: 2018-12", "period_end: 2016-03")
    (folder / "commentary.yaml").write_text("period_end: 2016-03\nparagraphs: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        build_draft(load_project(folder, area="Cambridgeshire"))
    assert str(error.value) == (f"{HOME_OFFICE_TABLE}: measure 'robbery': its peer_group has no offences for England and Wales in the "
                                "12 months to 2015-03, so no force's change can be compared; the table may not count these offences before then")


def test_a_peer_table_ending_too_early_names_its_range(tmp_path):
    folder = project(tmp_path, "Cambridgeshire", ["Essex", "Kent", "Norfolk"], named=True)
    table = tmp_path / "early.csv"  # the table's first year only: no 12 months with the year before them
    lines = HOME_OFFICE_TABLE.read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join([lines[0], *(l for l in lines[1:] if l.startswith("31-03-2003"))]) + "\n", encoding="utf-8")
    edit_file(folder / "measures.yaml", "peer_group: [Domestic burglary, Non-domestic burglary, Residential burglary, Non-residential burglary]}",
              "}")  # the first year has no residential burglary
    edit_file(folder / "report.yaml", f"peers: {{table: {{file: {HOME_OFFICE_TABLE}", f"peers: {{table: {{file: {table}")
    edit_file(folder / "report.yaml", "period_end: 2018-12", "period_end: 2016-03")
    (folder / "commentary.yaml").write_text("period_end: 2016-03\nparagraphs: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        build_draft(load_project(folder, area="Cambridgeshire"))
    assert str(error.value) == (f"{table}: measure 'drugs' has no 12 months at or before 2016-03 with the same months a year before "
                                "for the force, its peers and every force of England and Wales; the table runs from 2003-03 to 2003-03")


def test_the_starter_adds_peers_in_the_two_lines_docs_starting_shows(tmp_path, published):
    """docs/starting.md's recipe, as written there: `narrator init`, the two lines of report.yaml
    (with the table's path), `narrator build`."""
    from narrator import cli

    doc = (Path(__file__).resolve().parent.parent / "docs" / "starting.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(peers: .*?)```", doc, flags=re.S).group(1)
    assert len(block.strip().splitlines()) == 2
    folder = tmp_path / "s"
    assert cli.main(["init", str(folder)]) == 0
    with (folder / "report.yaml").open("a", encoding="utf-8") as stream:
        stream.write(block.replace("rec-crime-pfa.csv", str(HOME_OFFICE_TABLE)))
    assert cli.main(["build", "--data", str(folder), "--out", str(folder / "draft.md")]) == 0
    text = (folder / "draft.md").read_text(encoding="utf-8")
    peers = ["Essex", "Hampshire", "Sussex", "Thames Valley", "Hertfordshire", "Surrey", "Devon and Cornwall"]
    e = expected(published, "Kent", peers, ("Violence with injury", "Violence without injury"))
    assert "## 5. Against its peers" in text
    assert (f"Recorded violence against the person rose by {pct(e['change'])} in the 12 months to December 2018, against the same "
            f"months a year before;") in text
    assert ("(its latest months at or before March 2026, so that every force is compared over the same months); the Constabulary's "
            "figures are its row of the table.") in text
    assert (folder / "draft-peers.violence.recorded.svg").is_file()


def generic_table(path: Path) -> Path:
    """The published drugs rows rewritten as another publisher's table: its own column names, YYYY-MM
    dates, thousands with commas (the values are the same)."""
    with HOME_OFFICE_TABLE.open(encoding="utf-8", newline="") as stream, path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Force", "Year ending", "Offence", "Offences"])
        for row in csv.DictReader(stream):
            day, month, year = row["12 months ending"].split("-")
            if row["Offence"] == "Drug offences" and row["PFA"] not in ("Action Fraud", "CIFAS", "UK Finance"):
                writer.writerow([row["PFA"], f"{year}-{month}", row["Offence"], f"{int(row['Rolling year total number of offences']):,}"])
    return path


COLUMNS = "{force: Force, period_end: Year ending, offence: Offence, value: Offences}"


def test_any_table_with_a_force_column_works_given_its_columns(tmp_path, published):
    _, peers = FORCES["Cambridgeshire"]
    folder = project(tmp_path, "Cambridgeshire", peers, named=True)
    table = generic_table(tmp_path / "forces.csv")
    edit_file(folder / "report.yaml", f"peers: {{table: {{file: {HOME_OFFICE_TABLE}, layout: home-office-pfa}}",
              f"peers: {{table: {{file: {table}, columns: {COLUMNS}}}")
    # this table holds drugs offences only: burglary and robbery are not compared
    edit_file(folder / "measures.yaml", ",\n     peer_group: [Domestic burglary, Non-domestic burglary, Residential burglary, Non-residential burglary]}", "}")
    edit_file(folder / "measures.yaml", ", peer_group: Robbery}", "}")
    facts = build_draft(load_project(folder, area="Cambridgeshire")).facts
    e = expected(published, "Cambridgeshire", peers, ("Drug offences",))
    assert facts["drugs.peer.window_end"].value == "2018-12"  # the table's 2017-12 is a plain month here
    assert facts["drugs.peer.median_change_pct"].value == pytest.approx(e["median"], rel=1e-12)
    assert (facts["drugs.peer.national.baseline"].value, facts["drugs.peer.national.current"].value) == e["england"]
    for key in ("rank", "national_rank", "rose", "fell", "higher"):
        assert facts[f"drugs.peer.{key}"].value == e[key], key
    assert "burglary.peer.rank" not in facts


@pytest.mark.parametrize("table, message", [
    ("{{file: {table}, columns: {{force: Forces, period_end: Year ending, offence: Offence, value: Offences}}}}",
     "peers.table.columns.force: 'Forces' is not a column of {table} (its columns: Force, Year ending, Offence, Offences); did you mean 'Force'?"),
    ("{{file: {table}, layout: home-office-pfa, columns: {columns}}}",
     "peers.table: give either layout (a published table's own columns) or columns, not both"),
    ("{{file: {table}, columns: {{force: Force, offence: Offence, value: Offences}}}}", "peers.table.columns: missing key 'period_end'"),
])
def test_a_tables_columns_are_checked(tmp_path, table, message):
    folder = project(tmp_path, "Cambridgeshire", ["Essex", "Kent", "Norfolk"], named=True)
    path = generic_table(tmp_path / "forces.csv")
    edit_file(folder / "report.yaml", f"peers: {{table: {{file: {HOME_OFFICE_TABLE}, layout: home-office-pfa}}",
              "peers: {table: " + table.format(table=path, columns=COLUMNS))
    with pytest.raises(InputError) as error:
        load_project(folder, area="Cambridgeshire")
    assert str(error.value) == f"{folder / 'report.yaml'}: " + message.format(table=path)
