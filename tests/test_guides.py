"""`narrator docs`: the guides installed with Narrator, listed and printed (narrator/guides.py)."""

from __future__ import annotations

from pathlib import Path

from narrator import cli
from narrator.defaults import DOCS

ROOT = Path(__file__).resolve().parent.parent


def test_the_list_names_every_guide_with_its_title_and_folder(capsys):
    assert cli.main(["docs"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Narrator's guides, in {DOCS}:"
    assert "  starting      Starting your own report" in out
    assert "  data          Input data: what Narrator reads" in out
    assert out[-1] == "Read one with: narrator docs NAME (narrator docs NAME --path gives its file)"
    assert len(out) == 2 + len(list((ROOT / "docs").glob("*.md")))


def test_a_guide_is_printed_or_its_path_given(capsys):
    assert cli.main(["docs", "data"]) == 0
    assert capsys.readouterr().out == (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    assert cli.main(["docs", "starting.md", "--path"]) == 0
    assert capsys.readouterr().out == f"{DOCS / 'starting.md'}\n"


def test_an_unknown_guide_is_one_line_and_exit_2(capsys):
    assert cli.main(["docs", "dat"]) == 2
    names = ", ".join(sorted(path.stem for path in (ROOT / "docs").glob("*.md")))
    assert capsys.readouterr().err == f"narrator: no guide 'dat'; did you mean 'data'?; the guides: {names}\n"
