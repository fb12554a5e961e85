"""The ``narrator`` command, run in-process: outputs, files written, exit codes and error lines."""

import csv
import io
import json
import shutil
import re
import zipfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from conftest import copy_example

import narrator
from narrator import cli

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FACT_KEYS = ["id", "label", "text", "value", "unit"]
BEYOND_DATA = f"--period-end 2021-06 needs data from 2019-07 to 2021-06, but {DATA / 'observations.csv'} runs from 2010-04 to 2021-03"


@pytest.fixture
def example(tmp_path):
    """A copy of the example in tmp_path (data, rules, templates), with tmp_path as the cwd."""
    return copy_example(tmp_path)


def files_in(folder):
    return sorted(p.name for p in Path(folder).iterdir())


SUMMARY = (r"\d+ sections, \d+ numbered paragraphs, \d+ tables, (\d+ charts?, )?\d+ figures; judgements: \d+ ('[^']+'|\w+)(, \d+ ('[^']+'|\w+))*"
           r"(; \d+ chart images? beside it)?")


def wrote(out: str, *paths: Path) -> bool:
    """Whether ``out`` is one "wrote <absolute path>: <summary>" line per path."""
    lines = out.splitlines()
    return len(lines) == len(paths) and all(
        re.fullmatch(re.escape(f"wrote {path.resolve()}: ") + SUMMARY, line) for line, path in zip(lines, paths)
    )


# --------------------------------------------------------------------------- build


def test_build_markdown_to_a_named_file(tmp_path, capsys):
    out = tmp_path / "draft.md"
    assert cli.main(["build", "--data", str(DATA), "--format", "md", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert wrote(captured.out, out)
    assert captured.out.endswith("; 4 chart images beside it\n")
    assert captured.err == ""
    text = out.read_text(encoding="utf-8")
    assert "# POLICE AND CRIME PLAN – ANNUAL PERFORMANCE REPORT" in text
    assert "recorded domestic abuse offences rose by 14.4% relative to 2019/20, from 10,660 to 12,196" in text
    images = ["draft-all_crime.recorded.svg", "draft-burglary.recorded.svg", "draft-csa.recorded.svg", "draft-da.recorded.svg"]
    assert files_in(tmp_path) == [*images, "draft.md"]  # no temporary file left behind
    for image in images:
        assert f"]({image})" in text


def test_build_defaults_to_report_docx_in_the_cwd(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(DATA)]) == 0
    assert wrote(capsys.readouterr().out, tmp_path / "report.docx")
    assert files_in(tmp_path) == ["report.docx"]
    with zipfile.ZipFile(tmp_path / "report.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "POLICE AND CRIME PLAN" in body
    assert "12,196" in body


def test_build_into_a_missing_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    out = Path("nowhere") / "draft.md"
    assert cli.main(["build", "--data", str(DATA), "--format", "md", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "narrator: nowhere/draft.md: folder nowhere does not exist\n"
    assert files_in(tmp_path) == []


# --------------------------------------------------------------------------- facts


@pytest.fixture(scope="module")
def facts_json():
    """`narrator facts` on the example, as printed."""
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["facts", "--data", str(DATA)]) == 0
    return out.getvalue()


def test_facts_json_lists_every_fact_with_its_printed_text(facts_json):
    rows = json.loads(facts_json)
    assert isinstance(rows, list) and len(rows) > 1000
    assert all(list(row) == FACT_KEYS for row in rows)
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    by_id = {row["id"]: row for row in rows}
    change = by_id["da.recorded.change_pct"]
    assert change["text"] == "14.4%"
    assert change["unit"] == "percent"
    assert change["value"] == pytest.approx(14.409, abs=0.001)
    assert change["label"] == "recorded domestic abuse offences: % change on the baseline"
    assert by_id["da.recorded.current"]["text"] == "12,196"
    assert by_id["da.recorded.current"]["value"] == 12196
    assert by_id["period.current"]["text"] == "2020/21"
    assert by_id["settings.confidence_level"]["value"] == 95


def test_facts_json_streams_the_text_json_dumps_gives_the_whole_list(facts_json):
    """Written row by row (a national catalogue's million facts are never held as one text), the
    output is byte for byte json.dumps of the whole list, as it was."""
    assert facts_json == json.dumps(json.loads(facts_json), indent=1, ensure_ascii=False) + "\n"
    assert '"label": "recorded domestic abuse offences: % change on the baseline"' in facts_json


def test_facts_json_is_strict_json(facts_json):
    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    json.loads(facts_json, parse_constant=refuse)


def test_facts_csv_with_match(capsys):
    assert cli.main(["facts", "--data", str(DATA), "--format", "csv", "--match", "da.recorded.change_pct"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "id,label,text,value,unit"
    assert len(lines) == 2
    row = next(csv.DictReader(io.StringIO(out)))
    assert (row["id"], row["text"], row["unit"]) == ("da.recorded.change_pct", "14.4%", "percent")
    assert float(row["value"]) == pytest.approx(14.409, abs=0.001)


def test_facts_match_is_a_prefix_of_the_id(capsys):
    # --match keeps facts whose id *starts with* the text, so .current also brings .current_start/_end
    assert cli.main(["facts", "--data", str(DATA), "--format", "csv", "--match", "da.recorded.current"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["id"], r["text"]) for r in rows] == [
        ("da.recorded.current", "12,196"),
        ("da.recorded.current_start", "April 2020"),
        ("da.recorded.current_end", "March 2021"),
    ]


def test_facts_match_nothing_says_so(capsys):
    assert cli.main(["facts", "--data", str(DATA), "--match", "da.recordd"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("narrator: --match da.recordd: no fact id contains 'da.recordd'; did you mean 'da.recorded.")


def test_facts_match_any_part_of_the_id_in_any_case(capsys):
    assert cli.main(["facts", "--data", str(DATA), "--format", "csv", "--match", "RECORDED.CHANGE_PCT"]) == 0
    ids = [line.split(",")[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert "da.recorded.change_pct" in ids and "all_crime.recorded.change_pct" in ids
    assert all("recorded.change_pct" in i for i in ids)


def test_facts_read_data_from_the_cwd_by_default(example, monkeypatch, capsys):
    monkeypatch.chdir(example.parent)
    assert cli.main(["facts", "--format", "csv", "--match", "period.end", "--period-end", "2020-12"]) == 0
    assert capsys.readouterr().out == (
        "id,label,text,value,unit\n"
        "period.end,last month of the current period,December 2020,2020-12,month\n"
    )


# --------------------------------------------------------------------------- errors


def test_a_bad_input_is_one_line_and_exit_code_2(example, monkeypatch, capsys):
    monkeypatch.chdir(example.parent)
    path = example / "observations.csv"
    path.write_text(path.read_text().replace("measure,month,value,denominator", "measure,month,valeu,denominator", 1))
    before = files_in(example.parent)

    assert cli.main(["build", "--format", "md"]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "narrator: data/observations.csv: unexpected column 'valeu'; did you mean 'value'? "
        "(expected columns: measure, month, value, denominator, and area if the rows are by area)\n"
    )
    assert "Traceback" not in captured.err
    assert files_in(example.parent) == before  # no report.md


@pytest.mark.parametrize("command", [["build"], ["facts"]])
def test_a_period_end_beyond_the_data(tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)
    assert cli.main([*command, "--data", str(DATA), "--period-end", "2021-06"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"narrator: {BEYOND_DATA}\n"
    assert files_in(tmp_path) == []


def test_a_missing_data_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build"]) == 2
    assert capsys.readouterr().err == (
        "narrator: no report.yaml in this folder (or in ./data); run narrator in your project folder, "
        "give it with --data FOLDER, or start one with: narrator init FOLDER\n"
    )
    assert files_in(tmp_path) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--debug", "--period-end", "2021-06"],
        ["--debug", "build", "--period-end", "2021-06"],
        ["--debug", "facts", "--period-end", "2021-06"],
    ],
    ids=["after the command", "before build", "before facts"],
)
def test_debug_prints_the_traceback(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    assert cli.main([*argv, "--data", str(DATA)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert f"narrator.errors.InputError: {BEYOND_DATA}\n" in err
    assert err.endswith(f"\nnarrator: {BEYOND_DATA}\n")


def test_interrupted(tmp_path, monkeypatch, capsys):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("narrator.project.load_project", interrupt)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(DATA)]) == 130
    assert capsys.readouterr().err == "narrator: interrupted; nothing was written\n"
    assert files_in(tmp_path) == []


# --------------------------------------------------------------------------- arguments


def test_help_names_the_commands(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: narrator ")
    assert "narrator build " in out
    assert "narrator facts " in out
    assert "--debug" in out


def test_narrator_alone_prints_the_help(capsys):
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: narrator ")
    assert "narrator init myforce" in out


def test_version(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"narrator {narrator.__version__}\n"


@pytest.mark.parametrize("command, options", [("build", ["--format {docx,md,html,pdf}", "--out FILE"]), ("facts", ["--format {json,csv}", "--match TEXT"])])
def test_command_help(capsys, command, options):
    with pytest.raises(SystemExit) as stopped:
        cli.main([command, "--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    for option in [*options, "--data FOLDER", "--period-end YYYY-MM"]:
        assert option in out


@pytest.mark.parametrize(
    "argv, complaint",
    [
        (["publish"], "argument COMMAND: invalid choice: 'publish'"),
        (["build", "--format", "odt"], "argument --format: invalid choice: 'odt'"),
        (["facts", "--format", "md"], "argument --format: invalid choice: 'md'"),
    ],
)
def test_bad_arguments_exit_2_with_usage(tmp_path, monkeypatch, capsys, argv, complaint):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: narrator")
    assert complaint in err
    assert files_in(tmp_path) == []


# --------------------------------------------------------------------------- never losing an edited draft


def edit_docx(path, text="The analyst's paragraph."):
    import docx

    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


PROTECT_ADVICE = "use --out to write the new draft elsewhere, or --force to replace it"


@pytest.mark.slow  # several builds
def test_building_again_replaces_an_unchanged_draft(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(DATA)]) == 0
    first = (tmp_path / "report.docx").read_bytes()
    assert cli.main(["build", "--data", str(DATA)]) == 0
    assert wrote(capsys.readouterr().out, tmp_path / "report.docx", tmp_path / "report.docx")
    assert (tmp_path / "report.docx").read_bytes() == first  # deterministic, fingerprint included
    assert files_in(tmp_path) == ["report.docx"]


@pytest.mark.slow  # several builds
def test_an_edited_docx_is_never_overwritten(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(DATA)]) == 0
    edit_docx(tmp_path / "report.docx")
    edited = (tmp_path / "report.docx").read_bytes()
    capsys.readouterr()

    assert cli.main(["build", "--data", str(DATA)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"narrator: report.docx: edited since Narrator wrote it, so it was not overwritten; {PROTECT_ADVICE}\n"
    assert (tmp_path / "report.docx").read_bytes() == edited
    assert files_in(tmp_path) == ["report.docx"]

    assert cli.main(["build", "--data", str(DATA), "--out", "report-2.docx"]) == 0
    assert files_in(tmp_path) == ["report-2.docx", "report.docx"]
    assert (tmp_path / "report.docx").read_bytes() == edited

    assert cli.main(["build", "--data", str(DATA), "--force"]) == 0
    assert (tmp_path / "report.docx").read_bytes() == (tmp_path / "report-2.docx").read_bytes()


def test_an_edited_markdown_draft_is_never_overwritten(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(DATA), "--format", "md"]) == 0
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert text.splitlines()[-1].startswith("<!-- narrator-fingerprint: sha256:")
    (tmp_path / "report.md").write_text(text.replace("rose by 14.4%", "rose sharply, by 14.4%"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["build", "--data", str(DATA), "--format", "md"]) == 2
    assert capsys.readouterr().err == f"narrator: report.md: edited since Narrator wrote it, so it was not overwritten; {PROTECT_ADVICE}\n"
    assert "rose sharply" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_a_file_narrator_did_not_write_is_never_overwritten(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.md").write_text("# My notes for the report\n", encoding="utf-8")
    assert cli.main(["build", "--data", str(DATA), "--format", "md"]) == 2
    assert capsys.readouterr().err == (
        "narrator: report.md: not a draft Narrator wrote (it carries no Narrator fingerprint), "
        f"so it was not overwritten; {PROTECT_ADVICE}\n"
    )
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == "# My notes for the report\n"
    assert cli.main(["build", "--data", str(DATA), "--format", "md", "--force"]) == 0
    assert "# POLICE AND CRIME PLAN" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_the_guard_comes_before_the_build(tmp_path, monkeypatch, capsys):
    """An edited draft is reported at once, even when the inputs would fail later."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04 not really a zip")

    def must_not_run(*args, **kwargs):
        raise AssertionError("the inputs were loaded")

    monkeypatch.setattr("narrator.project.load_project", must_not_run)
    assert cli.main(["build", "--data", str(DATA)]) == 2
    assert "not a draft Narrator wrote" in capsys.readouterr().err


def test_a_failed_build_leaves_the_earlier_draft(example, monkeypatch, capsys):
    monkeypatch.chdir(example.parent)
    assert cli.main(["build"]) == 0
    before = (example.parent / "report.docx").read_bytes()
    edit_path = example / "observations.csv"
    edit_path.write_text(edit_path.read_text().replace("measure,month,value,denominator", "measure,month,value", 1))
    capsys.readouterr()
    assert cli.main(["build"]) == 2
    assert capsys.readouterr().err.startswith("narrator: data/observations.csv")
    assert (example.parent / "report.docx").read_bytes() == before


def test_force_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    assert "--force" in capsys.readouterr().out


# --------------------------------------------------------------------------- a bug is still one line


def test_an_internal_error_is_one_line_and_exit_code_70(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr("narrator.project.load_project", broken)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(DATA)]) == 70  # told apart from check's 1 (something to update) and 2 (refused)
    assert capsys.readouterr().err == (
        "narrator: internal error (KeyError: 'oops'); this is a bug in Narrator, not in your files; "
        "run again with --debug and report the traceback\n"
    )
    assert cli.main(["--debug", "build", "--data", str(DATA)]) == 70
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n") and "KeyError: 'oops'" in err
    assert files_in(tmp_path) == []


def test_build_with_a_house_template_names_the_styles_it_lacks(example, tmp_path, monkeypatch, capsys):
    from word.test_template import make_house_template

    house = make_house_template(tmp_path / "house.docx")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(example), "--template", str(house), "--out", "draft.docx"]) == 0
    captured = capsys.readouterr()
    assert wrote(captured.out, tmp_path / "draft.docx")
    assert captured.err.startswith(f"narrator: note: {house} has no style 'Numbered Paragraph 1', ")
    assert captured.err.endswith("; the draft uses Narrator's own for them\n")


def test_template_applies_to_word_drafts_only(example, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(example), "--format", "md", "--template", "house.docx"]) == 2
    assert capsys.readouterr().err == "narrator: --template applies to Word drafts (and their PDF) only; drop it or write a .docx or .pdf\n"
    assert not (tmp_path / "report.md").exists()


# --------------------------------------------------------------------------- the format follows --out


@pytest.mark.parametrize("name, magic", [("draft.md", b"*Creating a safer"), ("draft.docx", b"PK"), ("DRAFT.MD", b"*Creating"),
                                         ("draft.html", b"<!DOCTYPE html>\n<html lang=\"en-GB\">")])
def test_the_extension_of_out_decides_the_format(tmp_path, capsys, name, magic):
    out = tmp_path / name
    assert cli.main(["build", "--data", str(DATA), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--format", "md", "--out", "draft.docx"], "--format md contradicts --out draft.docx; drop --format (the extension decides) or rename the file"),
        (["--format", "docx", "--out", "draft.md"], "--format docx contradicts --out draft.md; drop --format (the extension decides) or rename the file"),
        (["--out", "draft.txt"], "--out draft.txt: a draft is a .docx (Word), .md (Markdown), .html (web page) or .pdf file; "
                                  "end the name with one of them"),
        (["--out", "draft"], "--out draft: a draft is a .docx (Word), .md (Markdown), .html (web page) or .pdf file; "
                                  "end the name with one of them"),
    ],
)
def test_an_out_that_disagrees_is_refused(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(DATA), *argv]) == 2
    assert capsys.readouterr().err == f"narrator: {message}\n"
    assert files_in(tmp_path) == []


# --------------------------------------------------------------------------- a project folder, and init


def test_init_writes_a_project_that_builds_at_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", "myforce"]) == 0
    out = capsys.readouterr().out
    assert out == (
        f"wrote {tmp_path / 'myforce'}: README.md, commentary.yaml, measures.yaml, observations.csv, report.yaml\n"
        "next: cd myforce && narrator build\n"
    )
    monkeypatch.chdir(tmp_path / "myforce")
    assert cli.main(["build"]) == 0
    assert cli.main(["build", "--out", "report.md"]) == 0
    assert wrote(capsys.readouterr().out, tmp_path / "myforce" / "report.docx", tmp_path / "myforce" / "report.md")
    assert "## 2. Crime and outcomes" in (tmp_path / "myforce" / "report.md").read_text(encoding="utf-8")


def test_init_never_writes_into_a_folder_that_holds_anything(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("my notes")
    assert cli.main(["init", "mine"]) == 2
    assert capsys.readouterr().err == (
        "narrator: mine: not empty; narrator init writes a new project into a new or empty folder, "
        "so nothing of yours is overwritten\n"
    )
    assert files_in(tmp_path / "mine") == ["notes.txt"]
    assert files_in(tmp_path) == ["mine"]  # no staging folder left behind


def test_init_fills_an_empty_folder(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert cli.main(["init", str(tmp_path / "empty")]) == 0
    assert files_in(tmp_path / "empty") == ["README.md", "commentary.yaml", "measures.yaml", "observations.csv", "report.yaml"]
    assert files_in(tmp_path) == ["empty"]


def test_init_the_reference_example(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", "cambs", "--example", "cambridgeshire-2020-21"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"wrote {tmp_path / 'cambs'}: README.md, commentary.yaml, measures.yaml, observations.csv, report.yaml, templates/"
    )
    assert (tmp_path / "cambs" / "templates" / "victims.md.j2").read_bytes() == (DATA / "templates" / "victims.md.j2").read_bytes()
    assert cli.main(["build", "--data", "cambs", "--out", "cambs.md"]) == 0
    assert "recorded domestic abuse offences rose by 14.4% relative to 2019/20" in (tmp_path / "cambs.md").read_text(encoding="utf-8")


def test_the_project_folder_is_the_current_folder_when_it_holds_report_yaml(example, monkeypatch, capsys):
    monkeypatch.chdir(example)
    assert cli.main(["build", "--out", "here.md"]) == 0
    assert (example / "here.md").exists()


def test_commentary_for_another_period_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--data", str(DATA), "--period-end", "2019-03", "--out", "old.md"]) == 2
    assert capsys.readouterr().err == (
        f"narrator: {DATA / 'commentary.yaml'}: written for the period ending 2021-03 (its period_end), but this build is "
        "for the period ending 2019-03; give this period a commentary of its own (inputs.commentary in report.yaml "
        "names the file), or build with --no-commentary\n"
    )
    assert cli.main(["build", "--data", str(DATA), "--period-end", "2019-03", "--out", "old.md", "--no-commentary"]) == 0
    text = (tmp_path / "old.md").read_text(encoding="utf-8")
    assert "2018/19" in text and "lockdown" not in text


# --------------------------------------------------------------------------- issue 13: what reaches the screen, and where a draft goes


def test_library_warnings_never_reach_the_screen_but_debug_shows_them(tmp_path, monkeypatch, capsys):
    import warnings

    import narrator.project

    real = narrator.project.load_project

    def warning_load(*args, **kwargs):  # a library underneath that warns, as numpy did on an overflow
        warnings.warn("overflow encountered in reduce", RuntimeWarning)
        return real(*args, **kwargs)

    monkeypatch.setattr(narrator.project, "load_project", warning_load)
    out = tmp_path / "draft.md"
    assert cli.main(["build", "--data", str(DATA), "--out", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert cli.main(["--debug", "build", "--data", str(DATA), "--out", str(out)]) == 0
    assert "RuntimeWarning: overflow encountered in reduce" in capsys.readouterr().err


def test_a_draft_behind_a_link_is_written_to_the_linked_file_with_its_images(tmp_path, capsys):
    (tmp_path / "shared").mkdir()
    link = tmp_path / "draft.md"
    link.symlink_to(tmp_path / "shared" / "draft.md")
    assert cli.main(["build", "--data", str(DATA), "--out", str(link)]) == 0
    assert link.is_symlink() and files_in(tmp_path) == ["draft.md", "shared"]
    assert "draft-da.recorded.svg" in files_in(tmp_path / "shared")
    assert "](draft-da.recorded.svg)" in (tmp_path / "shared" / "draft.md").read_text(encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["build", "--data", str(DATA), "--out", str(tmp_path / "shared" / "draft.md"), "--force"]) == 0


def test_a_draft_is_never_written_over_an_input(tmp_path, capsys):
    data = copy_example(tmp_path)
    before = (data / "commentary.yaml").read_bytes()
    code = cli.main(["build", "--data", str(data), "--out", str(data / "templates" / "victims.md.j2"), "--force"])
    assert code == 2
    assert "victims.md.j2: a draft is a .docx (Word), .md (Markdown), .html (web page) or .pdf file" in capsys.readouterr().err
    (data / "notes.md").symlink_to(data / "commentary.yaml")
    assert cli.main(["build", "--data", str(data), "--out", str(data / "notes.md"), "--force"]) == 2
    assert capsys.readouterr().err == (
        f"narrator: {data / 'notes.md'}: is the same file as {data / 'commentary.yaml'}, one of the report's inputs; "
        "--out must name a draft, never an input, even with --force\n"
    )
    assert (data / "commentary.yaml").read_bytes() == before


@pytest.mark.parametrize("period, heading", [("quarter", "Q3 2020/21"), ("year_to_date", "April to December 2020")])
def test_build_another_period_from_the_command_line(tmp_path, capsys, period, heading):
    out = tmp_path / "q.md"
    argv = ["build", "--data", str(ROOT / "data"), "--period-end", "2020-12", "--period", period, "--no-commentary", "--out", str(out)]
    assert cli.main(argv) == 0
    assert re.search(rf"\| SAFEGUARDING THE VULNERABLE +\| {heading} \| Baseline \|", out.read_text(encoding="utf-8"))
    capsys.readouterr()
    assert cli.main([*argv[:6], "fortnight", *argv[7:]]) == 2
    assert capsys.readouterr().err == (
        "narrator: --period: the period must be year (12 months), quarter (3 months), year_to_date or a number of "
        "months from 1 to 12, found 'fortnight'\n")


def test_a_quarter_without_a_run_of_rises_builds_with_its_commentary(tmp_path):
    """Q4 2020/21 has months of serious sexual offences below a year before and no run of rises:
    the example's template asks for the run only where one was found (no fact, no sentence)."""
    out = tmp_path / "q4.md"
    argv = ["build", "--data", str(ROOT / "data"), "--period-end", "2021-03", "--period", "quarter", "--out", str(out)]
    assert cli.main(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert "| Q4 2020/21 | Baseline |" in text
    assert "serious sexual offences were higher than a year before in every month" not in text


def test_facts_of_an_area_on_data_without_areas(capsys):
    assert cli.main(["facts", "--data", str(ROOT / "data"), "--area", "North"]) == 2
    assert capsys.readouterr().err == "narrator: --area North: the observations have no areas (no area column)\n"


@pytest.mark.parametrize(("raw", "message"), [
    (b"r\xff.md", "narrator: r\ufffd.md: the name is not UTF-8 text (byte 0xFF); give the draft a name of UTF-8 text\n"),
    (b"d/" * 2100 + b"r.md", "narrator: " + "d/" * 40 + "…: the path is 4,204 bytes long; a path may have at most 4,095 (use a shorter --out)\n"),
])
def test_out_names_that_cannot_be_written_are_one_line(example, monkeypatch, capsys, raw, message):
    import os

    monkeypatch.chdir(example.parent)
    assert cli.main(["build", "--data", "data", "--out", os.fsdecode(raw)]) == 2
    assert capsys.readouterr().err == message


# --------------------------------------------------------------------------- the web page and the PDF


@pytest.mark.parametrize("name", ["report.html"] + ([pytest.param("report.pdf", marks=pytest.mark.office)] if shutil.which("soffice") else []))
def test_a_published_draft_is_built_again_over_itself_but_never_over_an_edited_one(tmp_path, capsys, name):
    out = tmp_path / name
    assert cli.main(["build", "--data", str(DATA), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out.resolve()}: 8 sections, 70 numbered paragraphs, 8 tables, 4 charts, ")
    assert said.endswith("; one web page, charts and styles inline\n" if name.endswith(".html")
                         else "; a tagged PDF of the Word draft, laid out by LibreOffice\n")
    assert cli.main(["build", "--data", str(DATA), "--out", str(out)]) == 0  # unchanged since written: replaced
    capsys.readouterr()
    out.write_bytes(out.read_bytes().replace(b"\n", b"\n%edited\n", 1))  # a line added by hand
    assert cli.main(["build", "--data", str(DATA), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (f"narrator: {out}: edited since Narrator wrote it, so it was not overwritten; "
                                       "use --out to write the new draft elsewhere, or --force to replace it\n")
    assert b"%edited" in out.read_bytes()


@pytest.mark.parametrize("command", ["check", "refresh"])
@pytest.mark.parametrize("name, kind", [("report.html", "a web page"), ("report.pdf", "a PDF")])
def test_check_and_refresh_read_word_and_markdown_drafts_only(tmp_path, monkeypatch, capsys, command, name, kind):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(b"%PDF-1.6\n" if name.endswith(".pdf") else b"<!DOCTYPE html>\n")
    argv = [command, name, "--data", str(DATA)] + (["--out", "new.docx"] if command == "refresh" else [])
    assert cli.main(argv) == 2
    assert capsys.readouterr().err == (
        f"narrator: {name}: is {kind}; narrator {command} reads Word drafts (.docx) and Markdown drafts only; "
        f"build {kind} again from the data with narrator build --out {name}\n")
    assert files_in(tmp_path) == [name]


def test_python_dash_m_narrator_is_the_narrator_command():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "narrator", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("usage: narrator ")
