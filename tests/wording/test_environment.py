"""wording/environment.py: the one Jinja configuration (its grammar filters and globals, the project's
templates before the defaults) and the check of every template before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrator.errors import TemplateProblem
from narrator.wording.environment import check_templates, make_environment


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    own, default = tmp_path / "own", tmp_path / "default"
    own.mkdir()
    default.mkdir()
    (own / "report.md.j2").write_text("{% include 'macros.md.j2' %}own\n", encoding="utf-8")
    (default / "report.md.j2").write_text("default\n", encoding="utf-8")
    (default / "macros.md.j2").write_text(
        "{{ 'rise' | plural }}; {{ 3 | noun('month', 'months') }}; {{ ['a', 'b', 'c'] | listed }}; {{ how_many(43, 44, 'forces') }}; "
        "{{ rank_words(43, 44) }}; {{ 'hour' | article }}; {{ 'the force' | cap }}; {{ 'areas' | singular }}; "
        "{{ share(0, 3) }}; {{ small_number(4) }}\n", encoding="utf-8")
    return own, default


def problem(call) -> str:
    with pytest.raises(TemplateProblem) as caught:
        call()
    return str(caught.value)


def test_the_projects_template_comes_first_and_includes_the_defaults_macros(folders):
    environment = make_environment(list(folders))
    assert environment.get_template("report.md.j2").render() == (
        "rises; months; a, b and c; all but one force; the second smallest; an hour; The force; area; none; four\nown\n")
    assert make_environment(folders[1]).get_template("report.md.j2").render() == "default\n"  # one folder alone


def test_an_undefined_name_fails_even_under_abs_and_round(folders):
    template = make_environment(list(folders)).from_string("{{ (missing | abs) }}")
    with pytest.raises(Exception, match="'missing' is undefined"):
        template.render()


def test_every_template_reached_by_name_is_checked(folders):
    own, default = folders
    check_templates([own, default], "report.md.j2")  # report.md.j2 → macros.md.j2: both there
    (own / "t.md.j2").write_text("first\n{% include 'nothere.md.j2' %}\n", encoding="utf-8")
    assert problem(lambda: check_templates([own, default], "t.md.j2")) == (
        f"{own / 't.md.j2'}, line 2: no template 'nothere.md.j2' in {own} or {default}; a template may include or import only "
        "the templates in those folders, by a name such as macros.md.j2")
    (own / "t.md.j2").write_text("{% include 'nothere.md.j2' ignore missing %}\n{% for x in %}\n", encoding="utf-8")
    assert problem(lambda: check_templates([own, default], "t.md.j2")) == (
        f"{own / 't.md.j2'}, line 2: Expected an expression, got 'end of statement block'")


def test_templates_that_include_each_other_are_refused_before_they_render(folders):
    own, default = folders
    (own / "a.md.j2").write_text("x\n{% include 'b.md.j2' %}\n", encoding="utf-8")
    (own / "b.md.j2").write_text("{% include 'a.md.j2' %}\n", encoding="utf-8")
    assert problem(lambda: check_templates([own, default], "a.md.j2")) == (
        f"{own / 'b.md.j2'}, line 1: a.md.j2 includes itself without end (a.md.j2 → b.md.j2 → a.md.j2); "
        "a template may not include itself, directly or through another")
