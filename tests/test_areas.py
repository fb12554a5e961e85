"""A force's districts: one draft per area, each compared with the force, from an area column.

The project is made up for the test: three districts with monthly counts and an outcome rate,
a homicide count going from 2 to 7 in one district (a small base), and a national comparator
every area shares (rows with no area).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from narrator import cli
from narrator.errors import InputError
from narrator.pipeline import DraftBuilder, build_draft, render
from narrator.project import load_project

MONTHS = [f"{2022 + (i + 3) // 12}-{(i + 3) % 12 + 1:02d}" for i in range(36)]  # 2022-04..2025-03
AREAS = {"North Area": 1.0, "South Area": 0.6, "Fen Area": 0.2}
MEASURES = [
    {"id": "burglary.recorded", "label": "Dwelling burglary", "name": "dwelling burglary", "kind": "count",
     "polarity": "lower_is_better", "section": "Crime", "benchmark": "poisson"},
    {"id": "burglary.outcome_rate", "label": "Burglary outcome rate", "name": "the burglary outcome rate", "kind": "proportion",
     "polarity": "higher_is_better", "section": "Crime", "benchmark": "two_proportion"},
    {"id": "homicide.recorded", "label": "Homicide", "name": "homicides", "kind": "count", "polarity": "lower_is_better",
     "section": "Crime", "benchmark": {"method": "poisson", "variant": "exact"}},
    {"id": "national.burglary", "label": "Burglary, all forces", "name": "burglary across all forces", "kind": "count",
     "polarity": "lower_is_better", "section": "Crime", "benchmark": "none", "comparator": True},
]


def homicides(area: str, year: int) -> int:
    """2 in the baseline and 7 in the current year for Fen Area: the small base of the issue."""
    return {"Fen Area": (1, 2, 7), "North Area": (60, 55, 58), "South Area": (30, 33, 31)}[area][year]


@pytest.fixture(scope="module")
def districts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("districts")
    rng = np.random.default_rng(11)
    lines = ["measure,month,value,denominator,area"]
    for area, size in AREAS.items():
        for i, month in enumerate(MONTHS):
            year = i // 12
            burglaries = int(rng.poisson(300 * size * (0.88 if year == 2 and area == "North Area" else 1.0)))
            lines.append(f"burglary.recorded,{month},{burglaries},,{area}")
            cases = int(rng.poisson(400 * size)) + 20
            lines.append(f"burglary.outcome_rate,{month},{int(rng.binomial(cases, 0.12))},{cases},{area}")
            lines.append(f"homicide.recorded,{month},{1 if i % 12 < homicides(area, year) else 0},,{area}")
    for month in MONTHS:
        lines.append(f"national.burglary,{month},{int(rng.poisson(20000))},,")
    (folder / "observations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "measures.yaml").write_text(yaml.safe_dump({"measures": MEASURES}, sort_keys=False), encoding="utf-8")
    (folder / "report.yaml").write_text(
        "report:\n  title: 'District performance: {area}'\n  force: Fenshire Police\nperiod_end: 2025-03\n", encoding="utf-8")
    (folder / "commentary.yaml").write_text("period_end: 2025-03\nparagraphs: {}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def builder(districts) -> DraftBuilder:
    return DraftBuilder(load_project(districts))


def markdown(builder: DraftBuilder, area: str) -> str:
    return render(builder.draft(area).document, "md").decode("utf-8")


def test_with_no_area_settings_every_area_is_reported_and_the_parent_is_their_sum(builder):
    project = builder.project
    assert project.areas.reported == ("North Area", "South Area", "Fen Area")
    assert project.areas.parent == "Fenshire Police" and not project.areas.given
    force = builder.facts("Fenshire Police")[1]
    parts = [builder.facts(a)[1] for a in AREAS]
    for fact in ("burglary.recorded.current", "burglary.recorded.baseline", "burglary.outcome_rate.current_n"):
        assert force[fact].value == sum(p[fact].value for p in parts)
    numerators = sum(p["burglary.outcome_rate.current"].value * p["burglary.outcome_rate.current_n"].value for p in parts)
    assert force["burglary.outcome_rate.current"].value == pytest.approx(numerators / force["burglary.outcome_rate.current_n"].value)
    assert force["national.burglary.current"].value == parts[0]["national.burglary.current"].value  # shared, not summed


@pytest.mark.slow  # every area's facts and a draft
def test_each_area_is_compared_with_the_force(builder):
    facts = builder.every_fact("North Area")[1]
    text = markdown(builder, "North Area")
    assert "# District performance: North Area\n" in text
    assert "1.1 This report is about North Area; each measure is compared with Fenshire Police, and the last section compares all three areas." in text
    sentence = re.search(r"^2\.1 Dwelling burglary .*$", text, flags=re.M).group(0)
    own, force = facts["burglary.recorded.change_pct"].value, facts["burglary.recorded.parent.change_pct"].value
    assert own < 0 and force < 0
    assert re.search(rf"(fell|decreased) by {abs(own):.1f}%", sentence)
    assert f"a fall larger than the usual variation from year to year. For Fenshire Police, the fall was {abs(force):.1f}%." in sentence
    # the rankings name only areas whose own test found their change: North Area's fall, and no outcome rate's
    assert "North Area's fall was the largest of the" not in text
    assert "The tests find a fall larger than the usual variation in one of them, and no such rise. Of those, the largest fall " \
           "was North Area's own." in text  # named once: the largest fall is this area's
    assert "The burglary outcome rate rose in two of the three areas and fell in one. The tests find no rise or fall larger " \
           "than the usual variation in any of them." in text
    # the note on multiple testing counts every judgement printed, the comparison tables' too
    printed = facts["tests.all.run"].value
    assert printed > facts["tests.run"].value
    assert f"The report prints {printed} judgements from tests at the 95% confidence level, in its own tables and in the " \
           "comparison tables of all areas." in text
    assert "For Fenshire Police" not in re.search(r"^2\.\d Burglary across all forces .*$", text, flags=re.M).group(0)


def facts_of(builder, area):
    return builder.every_fact(area)[1]


def test_a_small_base_is_never_a_percentage_in_a_table_or_a_sentence(builder):
    text = markdown(builder, "Fen Area")
    assert "250.0%" not in text
    sentence = re.search(r"^2\.\d Homicides .*$", text, flags=re.M).group(0)
    assert sentence.startswith("2.2 Homicides rose from two in 2023/24 to seven; numbers this small vary")
    table = text.split("*Homicide: 2024/25 against 2023/24")[1].split("\n\n")[1]
    assert re.search(r"\| Fen Area +\| +7 \| +\+5 \|", table)
    assert "*A change on a baseline below 50 is given in numbers, not as a percentage.*" in text
    ranking = re.search(r"^\d\.\d .*omicides rose in one of the three areas, fell in none and did not change in two\..*$", text, flags=re.M).group(0)
    # two to seven is within the usual variation of numbers this small: the ranking names no area the table calls so
    assert facts_of(builder, "Fen Area")["homicide.recorded.judgement"].value == "Within usual variation"
    assert ranking.endswith("The tests find no rise or fall larger than the usual variation in any of them.") and "Fen Area" not in ranking


def test_the_area_table_lists_every_area_then_the_force(builder):
    table = builder.draft("South Area").document
    areas_table = next(b for b in table.blocks if getattr(b, "id", "") == "areas.burglary.recorded")
    names = [row.cells[0].runs[0].text for row in areas_table.rows[1:]]
    assert names == ["North Area", "South Area", "Fen Area", "Fenshire Police"]
    header = [c.runs[0].text for c in areas_table.rows[0].cells]
    assert header == ["Area", "Dwelling burglary", "Change", "Perf v Benchmark"]


def test_the_force_itself_builds_when_no_area_is_named(districts):
    draft = build_draft(load_project(districts))
    text = render(draft.document, "md").decode()
    assert "# District performance: Fenshire Police\n" in text
    assert "This report is about Fenshire Police as a whole; the last section compares the three areas." in text
    assert "For Fenshire Police, the" not in text


def test_all_areas_writes_one_draft_per_area_named_after_it(districts, tmp_path, capsys):
    out = tmp_path / "drafts"
    assert cli.main(["build", "--data", str(districts), "--all-areas", "--out-dir", str(out), "--format", "md"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["fen-area.md", "north-area.md", "south-area.md"]
    assert "# District performance: Fen Area" in (out / "fen-area.md").read_text(encoding="utf-8")
    (out / "south-area.md").write_text("my edits", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()
    assert cli.main(["build", "--data", str(districts), "--all-areas", "--out-dir", str(out), "--format", "md"]) == 2
    assert "south-area.md: " in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # an edited draft stops the batch before any write


@pytest.mark.parametrize("argv, message", [
    (["--all-areas"], "narrator: --all-areas and --out-dir go together: narrator build --all-areas --out-dir FOLDER\n"),
    (["--all-areas", "--out-dir", "x", "--out", "a.md"], "narrator: --all-areas writes one draft per area into --out-dir; drop --out\n"),
    (["--area", "Nroth Area", "--out", "a.md"], "narrator: --area 'Nroth Area' is none of the 4 areas in this report; near names: 'North Area', 'South Area', 'Fen Area'; give one of them (the name may end in Police, Constabulary or Service)\n"),
])
def test_area_options_that_do_not_fit(districts, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(districts), *argv]) == 2
    assert capsys.readouterr().err == message
    assert list(tmp_path.iterdir()) == []


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("areas, message", [
    ("{report: [North Area, Sooth Area]}", "areas.report: no area 'Sooth Area' in {obs}; did you mean 'South Area'?"),
    ("{parent: {name: Fenshire Police, sum_of: [North Area], sum_except: [Fen Area]}}", "areas.parent: give sum_of or sum_except, not both"),
    ("{compare: [burglary.recordd]}", "areas.compare: measure 'burglary.recordd' is not in the catalogue; did you mean 'burglary.recorded'?"),
    ("{noun: 3}", "areas.noun: expected a plural noun such as forces, found the number 3"),
])
def test_bad_area_settings_are_one_clear_error(districts, tmp_path, areas, message):
    import shutil

    folder = Path(shutil.copytree(districts, tmp_path / "p"))
    with (folder / "report.yaml").open("a", encoding="utf-8") as stream:
        stream.write(f"areas: {areas}\n")
    with pytest.raises(InputError) as error:
        load_project(folder)
    assert str(error.value) == f"{folder / 'report.yaml'}: " + message.format(obs=folder / "observations.csv")


def test_a_parent_given_in_the_data_is_not_summed(districts, tmp_path):
    import shutil

    folder = Path(shutil.copytree(districts, tmp_path / "p"))
    rows = (folder / "observations.csv").read_text(encoding="utf-8").splitlines()
    given = [r.replace(",North Area", ",Fenshire Police") for r in rows if r.endswith(",North Area")]
    write(folder, "observations.csv", "\n".join(rows + given) + "\n")
    project = load_project(folder)
    assert project.areas.given and project.areas.reported == ("North Area", "South Area", "Fen Area")
    builder = DraftBuilder(project)
    assert builder.facts("Fenshire Police")[1]["burglary.recorded.current"].value == builder.facts("North Area")[1]["burglary.recorded.current"].value


def test_only_a_comparator_may_leave_the_area_empty(districts, tmp_path):
    import shutil

    folder = Path(shutil.copytree(districts, tmp_path / "p"))
    text = (folder / "observations.csv").read_text(encoding="utf-8")
    write(folder, "observations.csv", text.replace("homicide.recorded,2022-04,1,,North Area", "homicide.recorded,2022-04,1,,", 1))
    with pytest.raises(InputError) as error:
        load_project(folder)
    assert str(error.value) == (f"{folder / 'observations.csv'}: measure 'homicide.recorded' has rows with no area; only a comparator "
                                "(a national series every area shares) may leave the area empty")


def test_a_batch_of_areas_reads_each_settings_and_rule_file_once(districts, tmp_path, monkeypatch, capsys):
    """report.yaml is parsed once per run, and every rule file (movements, charts, style,
    judgements) is loaded and checked once, however many drafts the batch writes."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(districts, project)
    with (project / "report.yaml").open("a", encoding="utf-8") as settings:
        settings.write("charts:\n  place: measure\n")
    from narrator.settings import yamlfiles

    reads: dict[str, int] = {}
    read_text = yamlfiles.read_text  # every YAML file is read through narrator.reading

    def counted(path: Path, *args, **kwargs) -> str:
        if Path(path).suffix == ".yaml":
            reads[Path(path).name] = reads.get(Path(path).name, 0) + 1
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(yamlfiles, "read_text", counted)
    assert cli.main(["build", "--data", str(project), "--all-areas", "--out-dir", str(tmp_path / "drafts"), "--format", "docx"]) == 0
    assert len(list((tmp_path / "drafts").iterdir())) == 3  # one per area
    assert reads == {"report.yaml": 1, "measures.yaml": 1, "commentary.yaml": 1, "judgements.yaml": 1, "style.yaml": 1,
                     "movements.yaml": 1, "variation.yaml": 1, "charts.yaml": 1}


@pytest.mark.slow  # every area's draft, then checks and a refresh
def test_each_area_draft_records_its_area_and_is_checked_only_against_it(districts, tmp_path, capsys):
    from narrator.drafts.provenance import read_provenance

    from drafts import editing  # noqa: I001

    out = tmp_path / "drafts"
    assert cli.main(["build", "--data", str(districts), "--all-areas", "--out-dir", str(out)]) == 0
    north = out / "north-area.docx"
    assert read_provenance(editing.figure_map(north.read_bytes()).states).area == "North Area"
    capsys.readouterr()
    assert cli.main(["check", str(north), "--data", str(districts), "--area", "North Area"]) == 0
    assert "Every figure is what the data give now." in capsys.readouterr().out
    assert cli.main(["check", str(north), "--data", str(districts), "--area", "South Area"]) == 2
    assert capsys.readouterr().err == f"narrator: {north}: this draft is about North Area, not South Area; run narrator check with --area 'North Area'\n"
    assert cli.main(["refresh", str(north), "--data", str(districts), "--out", str(tmp_path / "new.docx")]) == 0  # its own area
    assert read_provenance(editing.figure_map((tmp_path / "new.docx").read_bytes()).states).area == "North Area"


def test_an_area_draft_does_not_wait_for_inflect(districts, tmp_path):
    """An area's draft says "every area", "all but one area" (the singular of areas.noun) without
    importing inflect, whose import takes over a second (narrator.wording.grammar.SINGULARS)."""
    import subprocess
    import sys

    code = ("import sys; from narrator import cli\n"
            "assert cli.main(['build', '--data', sys.argv[1], '--area', 'Fen Area', '--out', sys.argv[2]]) == 0\n"
            "print(sorted(m for m in sys.modules if m.startswith(('inflect', 'typeguard'))))")
    done = subprocess.run([sys.executable, "-c", code, str(districts), str(tmp_path / "fen.docx")],
                          cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
