"""The import graph (tools/layering.py): no circle, no import of a higher stage, and load_project
reads every setting before any data."""

import importlib.util
import sys
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "layering.py"
spec = importlib.util.spec_from_file_location("layering", TOOL)
layering = importlib.util.module_from_spec(spec)
sys.modules["layering"] = layering
spec.loader.exec_module(layering)


@pytest.fixture(scope="module")
def graph():
    """The package's import graph, read once for the tests that ask of it."""
    return layering.graph()


def test_every_module_has_a_stage(graph):
    edges = graph
    assert {layering.stage(m) for m in edges} <= set(layering.RANK)
    assert "narrator.settings.report" in edges and "narrator.word.package" in edges


def test_no_module_imports_a_higher_stage(graph):
    assert layering.upward(graph) == []


def test_no_circles_of_imports(graph):
    assert layering.circles(graph) == []


def test_the_tool_finds_an_upward_import_and_a_circle():
    edges = {"narrator.settings.a": {"narrator.inputs.b"}, "narrator.inputs.b": {"narrator.settings.a"},
             "narrator.word.c": {"narrator.errors"}}
    assert layering.upward(edges) == [("narrator.settings.a", "narrator.inputs.b")]
    assert layering.circles(edges) == [["narrator.inputs.b", "narrator.settings.a"]]


def test_load_project_reads_the_settings_and_rules_before_the_data():
    walk = layering.walk()
    assert walk[0] == "settings"
    assert walk.index("inputs") > walk.index("wording") > walk.index("analysis")


def test_no_module_over_500_lines_and_no_function_over_80():
    assert layering.long_modules() == []
    assert layering.long_functions() == []
