"""Shared fixtures: the example report, built once per test session."""

from pathlib import Path

import pytest

from narrator.document import Figure, Table
from narrator.pipeline import build_draft
from narrator.project import load_project

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def example_project():
    return load_project(DATA)


@pytest.fixture(scope="session")
def example_draft(example_project):
    return build_draft(example_project)


def figures(document):
    """Every Figure run in the document: memo, paragraphs, headings, tables."""
    found = [run for field in document.memo for run in field.runs if isinstance(run, Figure)]
    for block in document.blocks:
        if isinstance(block, Table):
            found += [run for row in block.rows for cell in row.cells for run in cell.runs if isinstance(run, Figure)]
        else:
            found += [run for run in block.runs if isinstance(run, Figure)]
    return found
