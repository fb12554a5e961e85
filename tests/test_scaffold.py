"""narrator init: a project that builds at once, never written over anything."""

import pytest

from narrator.defaults import STARTER
from narrator.errors import InputError
from narrator.scaffold import init_project

STARTER_FILES = ["README.md", "commentary.yaml", "measures.yaml", "observations.csv", "report.yaml"]


def test_the_starter_project(tmp_path):
    written = init_project(tmp_path / "new")
    assert [p.name for p in written] == STARTER_FILES
    for path in written:
        assert path.read_bytes() == (STARTER / path.name).read_bytes()


def test_the_starter_data_is_illustrative_and_covers_every_kind(tmp_path):
    import pandas as pd
    import yaml

    measures = yaml.safe_load((STARTER / "measures.yaml").read_text(encoding="utf-8"))["measures"]
    kinds = {(m["kind"], m.get("survey", False)) for m in measures}
    assert kinds == {("count", False), ("proportion", False), ("proportion", True), ("level", False)}
    data = pd.read_csv(STARTER / "observations.csv")
    assert data.groupby("measure")["month"].nunique().min() >= 36
    assert "invented" in (STARTER / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "example, message",
    [
        ("cambridgeshire", "--example cambridgeshire: no such example; did you mean 'cambridgeshire-2020-21'?"),
        ("kent", "--example kent: no such example; the examples are cambridgeshire-2020-21"),
    ],
)
def test_an_unknown_example(tmp_path, example, message):
    with pytest.raises(InputError) as caught:
        init_project(tmp_path / "new", example)
    assert str(caught.value) == message
    assert list(tmp_path.iterdir()) == []


def test_a_file_in_the_way(tmp_path):
    (tmp_path / "new").write_text("mine")
    with pytest.raises(InputError, match=r"new: is a file; narrator init writes a new project into a new or empty folder"):
        init_project(tmp_path / "new")
    assert (tmp_path / "new").read_text() == "mine"


def test_a_missing_parent_folder(tmp_path):
    with pytest.raises(InputError, match=r"does not exist"):
        init_project(tmp_path / "no" / "such" / "place")
    assert list(tmp_path.iterdir()) == []
