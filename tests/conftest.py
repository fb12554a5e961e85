"""Shared fixtures: the example report, built once per test session."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from narrator.model import Figure
from narrator.pipeline import build_draft
from narrator.project import load_project

ROOT = Path(__file__).resolve().parent.parent
# compiled templates are cached (narrator/wording/compiled.py): the tests keep their own cache, fresh each session
os.environ["NARRATOR_CACHE"] = tempfile.mkdtemp(prefix="narrator-cache-")
DATA = ROOT / "data"
# The real public data (the police.uk street files and the Home Office table): the folder
# NARRATOR_PUBLIC_DATA names (the public-data folder, or its police-uk folder), else
# shared/public-data/police-uk in ../shared beside the repository or, from a worktree
# (/work/wt/<branch>), the nearest shared/ above it. Tests that read it are marked real_data and
# skip when it is absent; the run's summary says how many ran.
PUBLIC_DATA = os.environ.get("NARRATOR_PUBLIC_DATA", "").strip()
SHARED = next((folder / "shared" for folder in ROOT.parents if (folder / "shared").is_dir()), ROOT.parent / "shared")
if PUBLIC_DATA:
    POLICE_UK = Path(PUBLIC_DATA) / "police-uk" if (Path(PUBLIC_DATA) / "police-uk").is_dir() else Path(PUBLIC_DATA)
else:
    POLICE_UK = SHARED / "public-data" / "police-uk"
STREET_FILES = sorted(POLICE_UK.glob("*-street.csv"))
WHERE = "; set NARRATOR_PUBLIC_DATA to the folder that holds them"
needs_police_uk = pytest.mark.real_data(present=len(STREET_FILES) == 5, reason=f"the five police.uk street files are not in {POLICE_UK}{WHERE}")


def pytest_runtest_setup(item):
    """A real_data test skips, saying where the data were looked for, when they are absent."""
    for mark in item.iter_markers("real_data"):
        if not mark.kwargs.get("present", True):
            pytest.skip(mark.kwargs["reason"])


def pytest_terminal_summary(terminalreporter):
    """One line on the real-data tests: how many ran, and how many were skipped for want of the data."""
    ran = skipped = 0
    for status, reports in terminalreporter.stats.items():
        for report in reports:
            if status == "deselected" or not hasattr(report, "when") or "real_data" not in getattr(report, "keywords", ()):
                continue
            if status == "skipped":
                skipped += 1
            elif report.when == "call" or status == "error":
                ran += 1
    if ran or skipped:
        terminalreporter.write_line(f"real data: {ran} tests ran on {POLICE_UK}, {skipped} skipped"
                                    + (f" (the data are not there{WHERE})" if skipped and not ran else ""))


@pytest.fixture(scope="session")
def example_project():
    return load_project(DATA)


@pytest.fixture(scope="session")
def example_draft(example_project):
    return build_draft(example_project)


def figures(document):
    """Every Figure run in the document: memo, paragraphs, headings, tables (a chart's values are drawn, not printed)."""
    return [run for runs in document.runs() for run in runs if isinstance(run, Figure)]


def copy_example(root: Path, source: Path = ROOT) -> Path:
    """Copy the example project (``source``/data) into ``root``; return root/data."""
    shutil.copytree(source / "data", root / "data")
    return root / "data"


def own_rule(project: Path, name: str) -> Path:
    """Give ``project`` its own copy of Narrator's default rule file ``name``; return its path."""
    (project / "rules").mkdir(exist_ok=True)
    return Path(shutil.copy(ROOT / "rules" / name, project / "rules" / name))


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the file with ``new``; ``old`` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def records_project(folder: Path, measures: str, *, records: str | None = None, force: str = "Cambridgeshire Constabulary",
                    period_end: str = "2019-02", extra: str = "") -> Path:
    """A records project in ``folder``: report.yaml reading the real street files (by their own
    paths: shared data is never copied) unless ``records`` gives the inputs.records entry, and
    ``measures`` as measures.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    if records is None:
        records = f'{{files: ["{POLICE_UK}/*-street.csv"], layout: police-uk}}'
    (folder / "report.yaml").write_text(
        f"report: {{title: Records, force: {force}}}\nperiod_end: {period_end}\ninputs:\n  records: {records}\n{extra}",
        encoding="utf-8",
    )
    (folder / "measures.yaml").write_text(measures, encoding="utf-8")
    return folder


HOME_OFFICE_TABLE = POLICE_UK / "rec-crime-pfa.csv"


def read_published() -> dict:
    """The Home Office table read with the csv module, for tests' own computations:
    force → 'dd-mm-yyyy' → offence → total, without the national fraud bodies' rows."""
    import csv
    from collections import defaultdict

    table: dict = defaultdict(lambda: defaultdict(dict))
    with HOME_OFFICE_TABLE.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["PFA"] not in ("Action Fraud", "CIFAS", "UK Finance"):
                table[row["PFA"]][row["12 months ending"]][row["Offence"]] = int(row["Rolling year total number of offences"])
    return table


needs_home_office = pytest.mark.real_data(present=HOME_OFFICE_TABLE.is_file(), reason=f"the Home Office table is not in {POLICE_UK}{WHERE}")
HOME_OFFICE_MEASURES = """\
measures:
  - id: all_crime
    label: All recorded crime (excluding fraud)
    name: police recorded crime (excluding fraud)
    kind: count
    polarity: lower_is_better
    section: Recorded crime
    offences: {all_except: [Fraud offences]}
  - id: burglary
    label: Burglary
    name: recorded burglaries
    kind: count
    polarity: lower_is_better
    section: Recorded crime
    offences: [Domestic burglary, Non-domestic burglary, Residential burglary, Non-residential burglary]
    reclassified:
      - {month: 2017-04, before: [Domestic burglary, Non-domestic burglary], after: [Residential burglary, Non-residential burglary]}
"""


def home_office_project(folder: Path, period_end: str = "2018-12", *, measures: str = HOME_OFFICE_MEASURES, areas: str | None = None) -> Path:
    """A project reading the real Home Office table by its own path (shared data is never copied):
    every force, compared with England and Wales (the 43 territorial forces added up)."""
    folder.mkdir(parents=True, exist_ok=True)
    if areas is None:
        areas = "{report: all, parent: {name: England and Wales, sum_except: [British Transport Police]}, noun: forces}"
    (folder / "report.yaml").write_text(
        f'report: {{title: "Police recorded crime: {{area}}"}}\nperiod_end: {period_end}\n'
        f"inputs:\n  observations: {{file: {HOME_OFFICE_TABLE}, layout: home-office-pfa}}\nareas: {areas}\n",
        encoding="utf-8",
    )
    (folder / "measures.yaml").write_text(measures, encoding="utf-8")
    (folder / "commentary.yaml").write_text(f"period_end: {period_end}\nparagraphs: {{}}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def reader_drafts(example_project, example_draft, tmp_path_factory):
    """The drafts every reader of a draft is tested on (Word, web page, PDF, pandoc): the default
    example, the starter project (`narrator init`) and, where the table is present, a Home Office
    force's draft (Cambridgeshire against England and Wales). Name → (project, draft)."""
    from narrator.scaffold import init_project

    root = tmp_path_factory.mktemp("readers")
    init_project(root / "starter")
    starter = load_project(root / "starter")
    drafts = {"default": (example_project, example_draft), "starter": (starter, build_draft(starter))}
    if HOME_OFFICE_TABLE.is_file():
        force = load_project(home_office_project(root / "home-office"), area="Cambridgeshire")
        drafts["home office"] = (force, build_draft(force))
    return drafts
