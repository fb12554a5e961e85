"""`narrator check` and `narrator refresh`, run in-process: output, exit codes, files written and not written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import copy_example

from narrator import cli
from narrator.drafts.files import draft_state

from drafts import editing  # noqa: I001  (tests/ is on the path, as for conftest)

RECORD_KEYS = ["bookmark", "fact", "status", "old", "new", "written", "section", "paragraph", "table", "row", "row_label",
               "old_fill", "new_fill", "written_fill", "change"]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    root = tmp_path_factory.mktemp("built")
    copy_example(root)
    assert cli.main(["build", "--data", str(root / "data"), "--out", str(root / "report.docx")]) == 0
    return root


@pytest.fixture(scope="module")
def total(built_once) -> int:
    """How many figures the example's draft prints."""
    return len(editing.figure_map((built_once / "report.docx").read_bytes()).figures)


@pytest.fixture
def project(built_once, tmp_path, monkeypatch):
    """A copy of the example as the cwd, with report.docx built from it."""
    shutil.copytree(built_once / "data", tmp_path / "data")
    shutil.copy2(built_once / "report.docx", tmp_path / "report.docx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def listing(folder: Path) -> list[tuple[str, int, int]]:
    return sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir())


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --------------------------------------------------------------------------- check


def test_check_of_an_unedited_draft_is_exit_0_and_writes_nothing(project, capsys, total):
    before = listing(project)
    assert run(capsys, "check", "report.docx") == (0, f"report.docx: {total} figures: {total} current\n\nEvery figure is what the data give now.\n", "")
    code, out, _ = run(capsys, "check", "report.docx", "--all")
    assert code == 0 and sum(" current  " in line for line in out.splitlines()) == total
    assert "  4.3.1           current  da.recorded.change_pct" in out
    assert listing(project) == before


def test_check_after_revised_data_lists_the_stale_figures_by_section(project, capsys, total):
    editing.revise(project / "data" / "observations.csv")
    before = listing(project)
    code, out, err = run(capsys, "check", "report.docx")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == f"report.docx: {total} figures: {total - 24} current, 23 stale, 1 unknown"
    assert lines[1:5] == [
        "",
        "4. VICTIMS Pillar – We will Safeguard the Vulnerable",
        "  table 2 row 4   stale    da.recorded.current                           12,196 → 12,296  [Recorded Crime]",
        "  table 2 row 10  stale    sso.recorded.current                          1,589 → 1,666  [Recorded Crime (All SSOs)]",
    ]
    assert "  4.3.1           stale    da.recorded.change_pct                        14.4% → 15.3%" in lines
    assert ("  table 2 row 11  stale    sso.ppo_rate.judgement                        Improved → Within usual variation "
            "(shading C6EFCE → none)  [Prosecution Possible Outcome Rate (All SSOs)]") in lines
    assert "  4.3.1           unknown  da.recorded.equal_month.1                     November 2020 (the fact is no longer in the data)" in lines
    assert "  4.5.1  recorded serious sexual offences: the change is now a rise (it was a fall)" in lines
    assert listing(project) == before


def test_check_as_json_is_one_record_per_figure(project, capsys, total):
    editing.revise(project / "data" / "observations.csv")
    code, out, _ = run(capsys, "check", "report.docx", "--format", "json")
    records = json.loads(out)
    assert code == 1 and len(records) == total
    assert all(list(record) == RECORD_KEYS for record in records)
    stale = next(r for r in records if r["bookmark"] == "F_da_recorded_change_pct")
    assert {k: stale[k] for k in ("fact", "status", "old", "new", "written", "section", "paragraph")} == {
        "fact": "da.recorded.change_pct", "status": "stale", "old": "14.4%", "new": "15.3%", "written": "14.4%",
        "section": "4.3 Domestic Abuse", "paragraph": "4.3.1"}


def test_a_hand_edit_is_exit_1_and_a_deletion_alone_exit_0(project, capsys, total):
    draft = project / "report.docx"
    original = draft.read_bytes()
    draft.write_bytes(editing.with_python_docx(original, lambda d: editing.delete_figure(d, "F_da_recorded_change_pct")))
    code, out, _ = run(capsys, "check", "report.docx")
    assert code == 0 and out.splitlines()[0] == f"report.docx: {total} figures: {total - 1} current, 1 missing"
    assert out.splitlines()[2:] == ["Deleted from the draft",
                                    "  -  missing  da.recorded.change_pct  (deleted; Narrator wrote 14.4%, the data give 14.4%)"]
    draft.write_bytes(editing.with_python_docx(original, lambda d: editing.type_over(d, "F_da_recorded_change_pct", "a seventh")))
    code, out, _ = run(capsys, "check", "report.docx")
    assert code == 1 and "hand-edited  da.recorded.change_pct  “a seventh” (Narrator wrote 14.4%; the data give 14.4%)" in out


def test_data_from_another_folder(project, tmp_path, monkeypatch, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert run(capsys, "check", str(project / "report.docx"), "--data", str(project / "data"))[0] == 0
    code, _, err = run(capsys, "check", str(project / "report.docx"))
    assert code == 2 and err.startswith("narrator: ") and "data" in err


@pytest.mark.parametrize(("make", "message"), [
    (None, "narrator: nothing.docx: draft not found\n"),
    (lambda p: p.mkdir(), "narrator: nothing.docx: is a folder; name the draft file\n"),
    (lambda p: p.write_bytes(b"\xff\xfe\x00binary"), "narrator: nothing.docx: neither a Word draft (.docx) nor a Markdown draft (UTF-8 text)\n"),
    (lambda p: p.write_text("# notes\n"), "narrator: nothing.docx: not a draft Narrator wrote (it carries no Narrator fingerprint), so it cannot be checked\n"),
])
def test_bad_drafts_are_one_line_and_exit_2(project, capsys, make, message):
    if make:
        make(project / "nothing.docx")
    assert run(capsys, "check", "nothing.docx") == (2, "", message)


def test_a_word_document_narrator_did_not_write(project, capsys):
    import docx

    docx.Document().save(str(project / "letter.docx"))
    code, _, err = run(capsys, "check", "letter.docx")
    assert code == 2
    assert err == ("narrator: letter.docx: holds no Narrator figure map, so its figures cannot be checked "
                   "(it was not written by narrator build, or its custom XML parts were removed)\n")


# --------------------------------------------------------------------------- refresh


def test_refresh_writes_a_new_draft_that_build_never_overwrites(project, capsys, total):
    editing.revise(project / "data" / "observations.csv")
    original = (project / "report.docx").read_bytes()
    code, out, err = run(capsys, "refresh", "report.docx", "--out", "report-v2.docx")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ("wrote report-v2.docx: 23 figures updated, 0 kept as you edited them, 4 sentences flagged with a comment, "
                        f"0 missing ({total - 24} already current, 1 unknown)")
    assert "flagged with a comment (check the words):" in lines
    assert (project / "report.docx").read_bytes() == original
    assert draft_state(project / "report-v2.docx") == "refreshed"
    assert run(capsys, "check", "report-v2.docx")[1].splitlines()[0] == f"report-v2.docx: {total} figures: {total - 1} current, 1 unknown"
    code, _, err = run(capsys, "build", "--out", "report-v2.docx")
    assert code == 2 and "written by narrator refresh, so it holds your edits" in err


def test_refresh_in_place_keeps_a_backup(project, capsys, total):
    editing.revise(project / "data" / "observations.csv")
    draft = project / "report.docx"
    draft.write_bytes(editing.with_python_docx(draft.read_bytes(), lambda d: editing.type_over(d, "F_da_recorded_change_pct", "about 14%")))
    edited = draft.read_bytes()
    code, out, _ = run(capsys, "refresh", "report.docx", "--in-place")
    assert code == 0
    assert out.splitlines()[:5] == [
        "wrote report.docx: 22 figures updated, 1 kept as you edited them, 4 sentences flagged with a comment, 0 missing "
        f"({total - 24} already current, 1 unknown)",
        "the draft as it was is kept in report.backup.docx",
        "",
        "kept as you edited them (hand-edited):",
        "  4.3.1  da.recorded.change_pct: “about 14%” (the data give 15.3%)",
    ]
    assert (project / "report.backup.docx").read_bytes() == edited
    assert draft_state(draft) == "refreshed"


@pytest.mark.parametrize(("argv", "message"), [
    (["--out", "report.docx"], "narrator: report.docx: is the draft itself; use --in-place to replace it (a backup is kept beside it)\n"),
    (["--out", "new.md"], "narrator: new.md: the refreshed draft of report.docx is a .docx file; name it so\n"),
])
def test_refresh_refuses_to_write_over_the_draft_without_in_place(project, capsys, argv, message):
    before = listing(project)
    assert run(capsys, "refresh", "report.docx", *argv) == (2, "", message)
    assert listing(project) == before


def test_refresh_never_writes_over_an_edited_draft(project, capsys):
    (project / "mine.docx").write_bytes(editing.with_python_docx((project / "report.docx").read_bytes(),
                                                                 lambda d: editing.rewrite(d, "Ahead of", "Before")))
    before = listing(project)
    code, _, err = run(capsys, "refresh", "report.docx", "--out", "mine.docx")
    assert code == 2 and err.startswith("narrator: mine.docx: edited since Narrator wrote it, so it was not overwritten")
    assert listing(project) == before


def test_refresh_needs_out_or_in_place(project, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["refresh", "report.docx"])
    assert stopped.value.code == 2
    assert "one of the arguments --out --in-place is required" in capsys.readouterr().err


# --------------------------------------------------------------------------- Markdown: checked as a whole


def test_a_markdown_draft_is_checked_and_refreshed_as_a_whole(project, capsys):
    assert cli.main(["build", "--format", "md"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "check", "report.md")
    assert code == 0 and out.startswith("report.md: current: unchanged since Narrator wrote it, and the data give the same draft now.")
    editing.revise(project / "data" / "observations.csv")
    code, out, _ = run(capsys, "check", "report.md")
    assert code == 1 and out.startswith("report.md: stale: unchanged since Narrator wrote it, but the data now give ")
    assert run(capsys, "refresh", "report.md", "--out", "new.md")[0] == 0
    assert draft_state(project / "new.md") == "unchanged" and run(capsys, "check", "new.md")[0] == 0
    (project / "new.md").write_text((project / "new.md").read_text().replace("Purpose", "Our purpose"))
    assert run(capsys, "check", "new.md")[1].startswith("new.md: hand-edited: edited since Narrator wrote it")
    code, _, err = run(capsys, "refresh", "new.md", "--out", "newer.md")
    assert code == 2 and "a Markdown draft is refreshed only as a whole" in err
    assert not (project / "newer.md").exists()
