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
               "old_fill", "new_fill", "written_fill", "change", "found"]


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


MORE = 6  # after the revision, the paragraphs rewritten state six figures more (the 95% ranges of changes now within usual variation)


def listing(folder: Path) -> list[tuple[str, int, int]]:
    return sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir())


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --------------------------------------------------------------------------- check


@pytest.mark.slow  # two checks, each a whole build
def test_check_of_an_unedited_draft_is_exit_0_and_writes_nothing(project, capsys, total):
    before = listing(project)
    assert run(capsys, "check", "report.docx") == (0, f"report.docx: {total} figures: {total} current; 4 charts: 4 current\n\nEvery figure is what the data give now.\n", "")
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
    assert lines[0] == f"report.docx: {total} figures: {total - 24} current, 23 stale, 1 unknown; 4 charts: 3 current, 1 stale"
    assert lines[1:5] == [
        "",
        "4. VICTIMS Pillar – We will Safeguard the Vulnerable",
        "  table 2 row 4   stale    da.recorded.current                           12,196 → 12,296  [Recorded Crime]",
        "  table 2 row 10  stale    sso.recorded.current                          1,589 → 1,666  [Recorded Crime (All SSOs)]",
    ]
    assert "  4.3.1           stale    da.recorded.change_pct                        14.4% → 15.3%" in lines
    assert ("  table 2 row 11  stale    sso.ppo_rate.judgement                        Improved → Within usual variation "
            "(shading light green → none)  [Prosecution Possible Outcome Rate (All SSOs)]") in lines
    assert "  4.3.1           unknown  da.recorded.equal_month.1                     November 2020 (the fact is no longer in the data)" in lines
    assert "  4.5.1  recorded serious sexual offences: the change is now a rise (it was a fall)" in lines
    assert listing(project) == before


def test_check_as_json_is_one_record_per_figure_then_one_per_chart(project, capsys, total):
    editing.revise(project / "data" / "observations.csv")
    code, out, _ = run(capsys, "check", "report.docx", "--format", "json")
    records = json.loads(out)
    assert code == 1 and len(records) == total + 4
    assert all(list(record) == RECORD_KEYS for record in records[:total])
    assert [(r["chart"], r["status"]) for r in records[total:]] == [
        ("Chart 1", "current"), ("Chart 2", "stale"), ("Chart 3", "current"), ("Chart 4", "current")]
    stale = next(r for r in records if r["bookmark"] == "F_da_recorded_change_pct")
    assert {k: stale[k] for k in ("fact", "status", "old", "new", "written", "section", "paragraph")} == {
        "fact": "da.recorded.change_pct", "status": "stale", "old": "14.4%", "new": "15.3%", "written": "14.4%",
        "section": "4.3 Domestic Abuse", "paragraph": "4.3.1"}


@pytest.mark.slow  # two checks, each a whole build
def test_a_hand_edit_is_exit_1_and_a_deletion_alone_exit_0(project, capsys, total):
    draft = project / "report.docx"
    original = draft.read_bytes()
    draft.write_bytes(editing.with_python_docx(original, lambda d: editing.delete_figure(d, "F_da_recorded_change_pct")))
    code, out, _ = run(capsys, "check", "report.docx")
    assert code == 0 and out.splitlines()[0] == f"report.docx: {total} figures: {total - 1} current, 1 missing; 4 charts: 4 current"
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


@pytest.mark.slow  # a refresh, a check and a build
def test_refresh_writes_a_new_draft_that_build_never_overwrites(project, capsys, total):
    editing.revise(project / "data" / "observations.csv")
    original = (project / "report.docx").read_bytes()
    code, out, err = run(capsys, "refresh", "report.docx", "--out", "report-v2.docx")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ("wrote report-v2.docx: 23 figures updated, 0 kept as you edited them, 9 paragraphs rewritten, "
                        f"0 sentences flagged with a comment, 0 missing ({total - 24} already current, 1 unknown); 1 chart updated")
    assert "rewritten from the data now (you had not edited these paragraphs):" in lines
    assert (project / "report.docx").read_bytes() == original
    assert draft_state(project / "report-v2.docx") == "refreshed"
    now = total + MORE
    assert run(capsys, "check", "report-v2.docx")[1].splitlines()[0] == f"report-v2.docx: {now} figures: {now - 1} current, 1 unknown; 4 charts: 4 current"
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
        "wrote report.docx: 22 figures updated, 1 kept as you edited them, 9 paragraphs rewritten, 0 sentences flagged with "
        f"a comment, 0 missing ({total - 24} already current, 1 unknown); 1 chart updated",
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


@pytest.mark.slow  # a build, four checks and two refreshes
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


# --------------------------------------------------------------------------- hostile drafts: one line, exit 2, before any work

REPAIR = "open it in Word (which offers to repair it) or LibreOffice and save it again as .docx"


def _rezipped(data: bytes, change) -> bytes:
    """The package ``data`` with its members (name → bytes) changed by ``change``."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = {info.filename: package.read(info) for info in package.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in change(members).items():
            package.writestr(name, content)
    return out.getvalue()


def _bad_deflate(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 100
    damaged = bytearray(data)
    for index in range(start, start + 40):
        damaged[index] ^= 0x5A
    return bytes(damaged)


def _without(name):
    return lambda data: _rezipped(data, lambda members: {k: v for k, v in members.items() if k != name})


def _no_bookmarks(data: bytes) -> bytes:
    import re

    return _rezipped(data, lambda members: {
        k: re.sub(rb"<w:bookmark(?:Start|End)\b[^>]*/>", b"", v) if k == "word/document.xml" else v for k, v in members.items()})


# A password-protected .docx is an OLE compound file whose directory names its EncryptionInfo stream.
ENCRYPTED = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(1024)
OLD_DOC = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(1024)


@pytest.mark.parametrize(("damage", "message"), [
    (_bad_deflate, "is damaged: its part word/document.xml cannot be unpacked (Error -3 while decompressing data: "
                   f"invalid distance too far back); {REPAIR}"),
    (_without("[Content_Types].xml"), f"is damaged: it has no [Content_Types].xml, which every Word package holds; {REPAIR}"),
    (_without("_rels/.rels"), f"is damaged: it has no _rels/.rels, which every Word package holds; {REPAIR}"),
    (lambda data: _rezipped(data, lambda m: {**m, "docProps/custom.xml": b"<Properties><oops"}),
     "is damaged: its part docProps/custom.xml is not well-formed XML (Couldn't find end of Start Tag oops line 1, "
     f"line 1, column 18 (<string>, line 1)); {REPAIR}"),
    (lambda data: ENCRYPTED, "is password-protected (Word encrypts such a file), so Narrator cannot read it; in Word remove "
                             "the password (File → Info → Protect Document → Encrypt with Password, empty) and save it as .docx"),
    (lambda data: _rezipped(data, lambda m: {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
     "is an OpenDocument file (text, as LibreOffice saves by default), not a Word document; in LibreOffice save it as Word "
     "(File → Save As → Word 2007–365 .docx)"),
    (lambda data: OLD_DOC, "is a Word 97–2003 document (.doc), not a .docx; open it in Word or LibreOffice and save it as Word (.docx)"),
    (_no_bookmarks, "holds a Narrator figure map but none of the {total} bookmarks it names, so its figures cannot be found "
                    "(the bookmarks were removed, or the map belongs to another document)"),
])
def test_a_damaged_draft_is_refused_in_one_line_before_any_work(project, capsys, total, damage, message):
    draft = project / "report.docx"
    draft.write_bytes(damage(draft.read_bytes()))
    (project / "data" / "report.yaml").write_text("report: [\n")  # refused before the project is read: the draft's fault is told
    before = listing(project)
    expected = f"narrator: report.docx: {message.format(total=total)}\n"
    assert run(capsys, "check", "report.docx") == (2, "", expected)
    assert run(capsys, "refresh", "report.docx", "--out", "new.docx") == (2, "", expected)
    assert run(capsys, "refresh", "report.docx", "--in-place") == (2, "", expected)
    assert listing(project) == before


def test_a_read_only_draft_is_not_replaced_in_place(project, capsys):
    draft = project / "report.docx"
    draft.chmod(0o444)
    before = listing(project)
    assert run(capsys, "refresh", "report.docx", "--in-place") == (2, "", (
        "narrator: report.docx: is read-only, so it was not replaced (Word, too, saves a read-only file only under another "
        "name); use --out NEW.docx to write the refreshed draft elsewhere, or make it writable first\n"))
    assert listing(project) == before and draft.stat().st_mode & 0o777 == 0o444
    assert run(capsys, "refresh", "report.docx", "--out", "new.docx")[0] == 0  # read, and written elsewhere


def test_a_backup_is_as_open_to_others_as_the_draft_was(project, capsys):
    draft = project / "report.docx"
    draft.chmod(0o640)
    assert run(capsys, "refresh", "report.docx", "--in-place")[0] == 0
    assert (project / "report.backup.docx").stat().st_mode & 0o777 == 0o640


@pytest.mark.slow  # a fresh interpreter
def test_check_into_a_pipe_closed_early_keeps_its_exit_code(project):
    import subprocess
    import sys

    editing.revise(project / "data" / "observations.csv")
    command = f"{sys.executable} -c 'import sys; from narrator.cli import main; sys.exit(main())' check report.docx --format json"
    done = subprocess.run(["bash", "-c", command + " | head -1; exit ${PIPESTATUS[0]}"], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (1, "[\n", "")


@pytest.mark.slow  # a check, a refresh and a check again
def test_figures_whose_bookmarks_were_lost_are_reported_and_refreshed_not_deleted(project, capsys, total):
    from drafts import editors

    editing.revise(project / "data" / "observations.csv")
    draft = project / "report.docx"
    opening = "Ahead of the pandemic, levels of Domestic"
    draft.write_bytes(editing.with_python_docx(draft.read_bytes(), lambda d: editors.keep_text_only(d, opening)))
    code, out, _ = run(capsys, "check", "report.docx")
    assert code == 1 and "missing" not in out.splitlines()[0]
    assert [" ".join(line.split()) for line in out.splitlines() if "da.recorded.change_pct " in line] == [
        "4.3.1 stale da.recorded.change_pct 14.4% → 15.3% (bookmark lost, figure still in the text)"]
    code, out, _ = run(capsys, "refresh", "report.docx", "--out", "new.docx")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("wrote new.docx: 23 figures updated, 0 kept as you edited them") and ", 0 missing" in lines[0]
    at = lines.index("found by their text (their bookmarks lost or moved off them), and bookmarked again:")
    assert "  4.3.1  da.recorded.change_pct: 15.3%" in lines[at + 1:at + 17]
    now = total + MORE
    assert run(capsys, "check", "new.docx")[1].splitlines()[0] == f"new.docx: {now} figures: {now - 1} current, 1 unknown; 4 charts: 4 current"
