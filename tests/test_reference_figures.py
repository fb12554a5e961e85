"""The default draft states every figure of the reference report, each traced to its fact."""

from pathlib import Path

import pytest
import yaml
from conftest import figures

EXPECTED = yaml.safe_load((Path(__file__).parent / "reference" / "figures.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stated(example_draft):
    by_fact = {}
    for run in figures(example_draft.document):
        by_fact.setdefault(run.fact_id, set()).add(run.text)
    return by_fact


@pytest.mark.parametrize("fact_id", sorted(EXPECTED))
def test_reference_figure_is_stated_with_its_fact(fact_id, stated):
    expected = str(EXPECTED[fact_id])
    assert fact_id in stated, f"{fact_id} ({expected}) is not stated anywhere in the draft"
    assert expected in stated[fact_id] or expected.lstrip("\u2212") in stated[fact_id], (
        f"{fact_id}: expected {expected!r}, the draft prints {sorted(stated[fact_id])}"
    )


def test_every_figure_printed_for_a_fact_is_the_same_figure(stated, example_draft, example_project):
    """A fact printed twice prints the same way (tables print no units, text may use words, and a
    word opening a sentence takes a capital)."""
    facts = example_draft.facts
    style_variants = {}
    for fact_id, texts in stated.items():
        fact = facts[fact_id]
        unsigned = {t.lstrip("\u2212") for t in texts}
        allowed = {
            str(v).lstrip("\u2212")
            for v in (
                example_project.style.format(fact.value, fact.unit, "text"),
                example_project.style.format(fact.value, fact.unit, "table"),
            )
        }
        allowed |= {text[:1].upper() + text[1:] for text in allowed}
        style_variants[fact_id] = unsigned - allowed
    assert {k: v for k, v in style_variants.items() if v} == {}

