"""A draft records the project that made it; check and refresh from another project refuse (drafts/provenance.py)."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import copy_example

from narrator import cli
from narrator.drafts.provenance import KEY, Provenance, catalogue_identity, check_same, read_provenance
from narrator.errors import InputError
from narrator.word.existing import ExistingDocx
from narrator.word.figuremap import FigureMap, find_map

from drafts import editing  # noqa: I001


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def two_projects(tmp_path_factory):
    """The example (Cambridgeshire, 2020/21) with its draft, and a starter project (Example Constabulary)."""
    root = tmp_path_factory.mktemp("two")
    copy_example(root)
    assert cli.main(["build", "--data", str(root / "data"), "--out", str(root / "cambs.docx")]) == 0
    assert cli.main(["build", "--data", str(root / "data"), "--out", str(root / "december.docx"), "--period-end", "2020-12",
                     "--no-commentary"]) == 0
    assert cli.main(["build", "--data", str(root / "data"), "--out", str(root / "cambs.md")]) == 0
    assert cli.main(["init", str(root / "starter")]) == 0
    return root


@pytest.fixture
def here(two_projects, tmp_path, monkeypatch):
    for name in ("cambs.docx", "december.docx", "cambs.md"):
        shutil.copy2(two_projects / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return two_projects


def recorded(path) -> Provenance | None:
    return read_provenance(editing.figure_map(path.read_bytes()).states)


def test_a_word_draft_records_its_project(two_projects):
    assert recorded(two_projects / "cambs.docx") == Provenance(
        "Cambridgeshire Constabulary", "", "4575d3a5dcc4", "49", "12", "2021-03")
    assert recorded(two_projects / "december.docx").end == "2020-12"


@pytest.mark.parametrize("command", ["check", "refresh"])
def test_another_projects_draft_is_refused_with_one_line_naming_both(here, tmp_path, capsys, command):
    extra = ["--out", "new.docx"] if command == "refresh" else []
    code, out, err = run(capsys, command, "cambs.docx", "--data", str(here / "starter"), *extra)
    what = "check its figures against" if command == "check" else "refresh its figures from"
    assert (code, out) == (2, "")
    assert err == (
        "narrator: cambs.docx: this draft was made for Cambridgeshire Constabulary (catalogue 4575d3a5dcc4, 49 measures; "
        "12 months to 2021-03), this project reports on Example Constabulary (catalogue 0682dacb47f0, 9 measures; 12 months "
        f"to 2026-03); run narrator {command} in the project that made it, or use --other-project to {what} this project anyway\n")
    assert not (tmp_path / "new.docx").exists()


@pytest.mark.parametrize("command", ["check", "refresh"])
def test_another_projects_markdown_draft_is_refused_too(here, tmp_path, capsys, command):
    extra = ["--out", "new.md"] if command == "refresh" else []
    code, out, err = run(capsys, command, "cambs.md", "--data", str(here / "starter"), *extra)
    assert (code, out) == (2, "")
    assert err.startswith("narrator: cambs.md: this draft was made for Cambridgeshire Constabulary (catalogue 4575d3a5dcc4, 49 "
                          "measures; 12 months to 2021-03), this project reports on Example Constabulary ")
    assert not (tmp_path / "new.md").exists()
    code, out, _ = run(capsys, command, "cambs.md", "--data", str(here / "data"), *extra)  # its own project
    assert code == 0, out


def test_a_markdown_draft_records_its_project_in_a_hidden_line(two_projects):
    from narrator.drafts.provenance import read_markdown_provenance

    text = (two_projects / "cambs.md").read_bytes()
    assert read_markdown_provenance(text) == recorded(two_projects / "cambs.docx")
    assert b'\n<!-- narrator-project: {"force": "Cambridgeshire Constabulary", "area": "", ' in text
    assert read_markdown_provenance(text.replace(b'"force"', b'"farce"')) is None


def test_other_project_is_the_deliberate_move(here, tmp_path, capsys):
    code, out, _ = run(capsys, "refresh", "cambs.docx", "--data", str(here / "starter"), "--out", "moved.docx", "--other-project")
    assert code == 0 and out.startswith("wrote moved.docx:")
    assert recorded(tmp_path / "moved.docx").force == "Example Constabulary"


def test_a_refresh_to_a_later_period_end_in_the_same_project_just_works(here, tmp_path, capsys):
    code, out, _ = run(capsys, "refresh", "december.docx", "--data", str(here / "data"), "--out", "march.docx",
                       "--period-end", "2021-03")
    updated = re.match(r"wrote march\.docx: (\d+) figures updated, 0 kept as you edited them", out)
    assert code == 0 and updated and int(updated[1]) > 250  # most of the year's figures moved on by a quarter
    assert recorded(tmp_path / "march.docx") == recorded(here / "cambs.docx")
    code, out, _ = run(capsys, "check", "march.docx", "--data", str(here / "data"), "--period-end", "2021-03")
    assert code == 0 and "Every figure is what the data give now." in out, out


def test_a_draft_without_provenance_is_checked_with_a_note(here, tmp_path, capsys):
    docx = ExistingDocx((tmp_path / "cambs.docx").read_bytes(), "cambs.docx")
    name = find_map(docx.parts)
    old = FigureMap.from_xml(docx.parts[name])
    docx.set(name, FigureMap(old.figures, {k: v for k, v in old.states.items() if k != KEY}).to_xml())
    (tmp_path / "old.docx").write_bytes(docx.to_bytes())
    code, _, err = run(capsys, "check", "old.docx", "--data", str(here / "data"))
    assert code == 0
    assert err == ("narrator: note: old.docx: records no project (it was written before Narrator recorded one), so it cannot be "
                   "told whether this project made it; check goes on\n")


def drafted(force="Kent Police", area="", catalogue="aaaa", period="12", end="2018-12") -> Provenance:
    return Provenance(force, area, catalogue, "2", period, end)


@pytest.mark.parametrize("now", [drafted(end="2019-03"), drafted(force="KENT"), drafted(force="Kent"),
                                 drafted(catalogue="bbbb")])
def test_the_same_project_is_the_same_force_area_period_length_and_most_measures(now):
    check_same(drafted(), now, {"all_crime", "burglary"}, {"all_crime", "robbery"}, source="d.docx", command="check",
               other_project=False, notify=None)


@pytest.mark.parametrize("now, measures", [
    (drafted(force="Essex Police"), {"all_crime", "burglary"}),
    (drafted(area="Kent"), {"all_crime", "burglary"}),
    (drafted(period="3"), {"all_crime", "burglary"}),
    (drafted(catalogue="bbbb"), {"robbery", "theft", "burglary"}),
])
def test_another_force_area_period_length_or_catalogue_is_another_project(now, measures):
    with pytest.raises(InputError) as raised:
        check_same(drafted(), now, {"all_crime", "burglary", "drugs"}, measures, source="d.docx", command="check",
                   other_project=False, notify=None)
    assert str(raised.value).startswith("d.docx: this draft was made for Kent Police (catalogue aaaa, 2 measures; 12 months to 2018-12)")
    check_same(drafted(), now, set(), measures, source="d.docx", command="check", other_project=True, notify=None)


def test_the_catalogue_identity_is_its_ids_kinds_and_series_in_any_order():
    one = catalogue_identity({"a": ("count", "monthly"), "b": ("proportion", "monthly")})
    assert one == catalogue_identity({"b": ("proportion", "monthly"), "a": ("count", "monthly")})
    assert one != catalogue_identity({"a": ("count", "rolling_year"), "b": ("proportion", "monthly")})
    assert len(one) == 12
