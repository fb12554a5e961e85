"""wording/debug.py: every error while a template renders is one TemplateProblem naming its file and line."""

from __future__ import annotations

import pytest

from narrator.errors import TemplateProblem
from narrator.wording.debug import render_report
from narrator.wording.environment import make_environment


class Context:
    """What render_report asks of a ReportContext: the names a template sees."""

    def namespace(self):
        return {"recorded": 1}


@pytest.fixture
def render(tmp_path):
    def render(source: str) -> str:
        (tmp_path / "t.md.j2").write_text("line one\n" + source + "\n", encoding="utf-8")
        with pytest.raises(TemplateProblem) as caught:
            render_report(make_environment(tmp_path), "t.md.j2", Context())
        return str(caught.value).removeprefix(f"{tmp_path / 't.md.j2'}, line 2: ")
    return render


def test_a_template_that_renders_gives_its_text(tmp_path):
    (tmp_path / "t.md.j2").write_text("{% if recorded %}plain words{% endif %}\n", encoding="utf-8")
    assert render_report(make_environment(tmp_path), "t.md.j2", Context()) == "plain words"  # trim_blocks: the newline after a tag goes


@pytest.mark.parametrize(("source", "message"), [
    ("{{ reccorded }}", "'reccorded' is not a measure, fact or function a template can use; did you mean 'recorded'?"),
    ("{{ abs(x) }}", "'abs' is not a measure, fact or function a template can use"),
    ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
    ("{% if %}", "Expected an expression, got 'end of statement block'"),
    ("{{ 3 | cap }}", "the filter cap expects words or a fact, such as name(da.recorded) | cap; it was given the number 3"),
    ("{{ recorded }}", "prints the number 1, which is not a fact; a template prints facts, such as {{ da.recorded.current }}, "
                       "never a fact's .value or a number of its own"),
])
def test_an_error_is_said_in_template_terms_with_its_file_and_line(render, source, message):
    assert render(source) == message


def test_a_missing_include_names_the_folders(render, tmp_path):
    assert render("{% include 'nothere.md.j2' %}") == (
        f"no template 'nothere.md.j2' in {tmp_path}; a template may include or import only the templates in those folders, "
        "by a name such as macros.md.j2")


def test_a_macro_that_calls_itself_is_named(tmp_path):
    (tmp_path / "t.md.j2").write_text("{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}\n", encoding="utf-8")
    with pytest.raises(TemplateProblem) as caught:
        render_report(make_environment(tmp_path), "t.md.j2", Context())
    assert str(caught.value).startswith(f"{tmp_path / 't.md.j2'}, line ")
    assert str(caught.value).endswith("a macro calls itself without end (at t.md.j2, line 1); a macro may not call itself")
