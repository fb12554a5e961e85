"""Drafts built once per session: the example as Narrator writes it, and what the data give now (as they are, and revised)."""

from __future__ import annotations

import pytest
from conftest import copy_example

from narrator.drafts.files import stamp
from narrator.pipeline import current_figures, render_draft, writer_options
from narrator.project import load_project

from .editing import figure_map, revise


@pytest.fixture(scope="session")
def built(example_project, example_draft) -> bytes:
    """The example's Word draft, as `narrator build` writes it."""
    return stamp(render_draft(example_draft, example_project, "docx", writer_options(example_project)).main, "docx")


@pytest.fixture(scope="session")
def now(example_project):
    """What Narrator would write now from the example's data, unrevised."""
    return current_figures(example_project)


@pytest.fixture(scope="session")
def revised_project(tmp_path_factory):
    folder = copy_example(tmp_path_factory.mktemp("revised"))
    revise(folder / "observations.csv")
    return load_project(folder)


@pytest.fixture(scope="session")
def revised(revised_project):
    """What Narrator would write now from the revised data (editing.REVISIONS)."""
    return current_figures(revised_project)


@pytest.fixture(scope="session")
def total(built) -> int:
    """How many figures the example's draft prints (the templates decide; every test counts from it)."""
    return len(figure_map(built).figures)
