"""wording/templatefiles.py: template files read as every file is read, and a circle of includes named."""

from __future__ import annotations

import os

import pytest
from jinja2 import TemplateNotFound

from narrator.errors import TemplateProblem
from narrator.wording.environment import make_environment
from narrator.wording.templatefiles import FileProblem, TemplateLoader, refuse_circles


def test_the_first_folder_holding_the_file_wins_and_a_folder_of_that_name_is_passed_over(tmp_path):
    own, default = tmp_path / "own", tmp_path / "default"
    (own / "dir.md.j2").mkdir(parents=True)
    default.mkdir()
    (default / "dir.md.j2").write_text("from the defaults", encoding="utf-8")
    (own / "mine.md.j2").write_text("mine", encoding="utf-8")
    (default / "mine.md.j2").write_text("theirs", encoding="utf-8")
    loader = TemplateLoader([str(own), str(default)])
    environment = make_environment()
    source, filename, uptodate = loader.get_source(environment, "dir.md.j2")
    assert (source, filename, uptodate()) == ("from the defaults", str(default / "dir.md.j2"), True)
    assert loader.get_source(environment, "mine.md.j2")[:2] == ("mine", str(own / "mine.md.j2"))
    (own / "mine.md.j2").write_text("changed", encoding="utf-8")
    os.utime(own / "mine.md.j2", (0, 0))
    assert loader.get_source(environment, "mine.md.j2")[0] == "changed"
    with pytest.raises(TemplateNotFound):
        loader.get_source(environment, "absent.md.j2")


def test_a_named_pipe_where_a_template_should_be_is_one_message_never_the_default(tmp_path):
    own, default = tmp_path / "own", tmp_path / "default"
    own.mkdir()
    default.mkdir()
    os.mkfifo(own / "report.md.j2")
    (default / "report.md.j2").write_text("default", encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        TemplateLoader([str(own), str(default)]).get_source(make_environment(), "report.md.j2")
    assert str(caught.value) == f"{own / 'report.md.j2'}: is a named pipe, not a file; a template is an ordinary file"


def test_a_circle_is_named_from_where_it_closes():
    with pytest.raises(TemplateProblem) as caught:
        refuse_circles("a", {"a": [("b", 3)], "b": [("c", 4)], "c": [("b", 7)]}, {"a": "A.j2", "b": "B.j2", "c": "C.j2"})
    assert str(caught.value) == ("C.j2, line 7: b includes itself without end (b → c → b); "
                                 "a template may not include itself, directly or through another")


def test_two_ways_to_one_template_are_no_circle():
    refuse_circles("a", {"a": [("b", 3), ("c", 1)], "b": [("c", 4)], "c": []}, {})  # raises nothing
