"""The default draft states every figure of the reference report, each traced to its fact.

The reference's judgement words are annotations, not expected outputs: the draft's words are the
tests' (checked word for word below), and data/README.md lists every measure where they differ.
"""

import re
from pathlib import Path

import pytest
import yaml
from conftest import figures

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = yaml.safe_load((Path(__file__).parent / "reference" / "figures.yaml").read_text(encoding="utf-8"))
EXPECTED = {k: v for k, v in REFERENCE.items() if not k.endswith(".judgement")}
REFERENCE_WORDS = {k.removesuffix(".judgement"): v for k, v in REFERENCE.items() if k.endswith(".judgement")}

# What the tests fixed in advance for each kind of measure give on the example data, at 95%.
JUDGEMENTS = {
    "all_crime.recorded": "Lower", "da.recorded": "Higher", "da.ppo_rate": "Improved",
    "da.prompt_response": "Improved", "csa.recorded": "Within usual variation", "csa.ppo_rate": "Improved",
    "cse.recorded": "Higher", "sso.recorded": "Within usual variation", "sso.ppo_rate": "Improved",
    "rape.recorded": "Within usual variation", "rape.ppo_rate": "Improved", "msht.recorded": "Within usual variation",
    "fraud.non_crime_investigations": "-", "fraud.referrals": "Lower",
    "all_crime.outcome_rate": "Improved", "national.all_crime.outcome_rate": "-",
    "burglary.recorded": "Lower", "burglary.ppo_rate": "Improved", "burglary.satisfaction": "No significant change",
    "burglary.satisfaction_contact": "Improved", "burglary.satisfaction_actions": "No significant change",
    "burglary.satisfaction_follow_up": "No significant change", "burglary.satisfaction_treatment": "No significant change",
    "tomv.recorded": "Lower", "tomv.ppo_rate": "Within usual variation",
    "calls999.answered_10s": "Improved", "calls101.answered_30s": "Improved",
    "confidence.local_concerns": "Improved", "victim_satisfaction.whole": "Improved",
    "victim_satisfaction.violence": "Improved",
    "hate.recorded": "Within usual variation", "hate.ppo_rate": "Within usual variation", "hate.satisfaction": "No significant change",
    "knife.recorded": "Within usual variation", "knife.ppo_rate": "Within usual variation", "weapons.recorded": "Lower",
    "weapons.ppo_rate": "Within usual variation", "drugs.recorded": "Higher", "drugs.ppo_rate": "Improved",
    "drugs.trafficking.recorded": "Higher", "drugs.possession.recorded": "Higher",
    "drugs.trafficking.ppo_rate": "Improved", "drugs.possession.ppo_rate": "Improved",
    "national.drugs.recorded": "-", "national.drugs.outcome_rate": "-",
    "youth.dispersal_authorities": "-", "youth.cbo": "-", "youth.cpw": "-", "youth.injunctions": "-",
}


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
    assert expected in stated[fact_id], (  # a fall's minus sign included: the reference prints it
        f"{fact_id}: expected {expected!r}, the draft prints {sorted(stated[fact_id])}"
    )


def test_every_judgement_is_the_tests_word(example_draft, stated):
    """Word for word, every measure's judgement; the reference tables' measures print it with its fact."""
    facts = example_draft.facts
    assert {m: facts[f"{m}.judgement"].value for m in example_draft.analysis.assessments} == JUDGEMENTS
    for measure in REFERENCE_WORDS:
        assert stated[f"{measure}.judgement"] == {JUDGEMENTS[measure]}


def departures() -> dict[str, tuple[str, str, str]]:
    """data/README.md's table: measure -> (reference word, Narrator's word, the test's p or interval)."""
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Judgements: where the tests and the reference differ", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([a-z0-9_]+\.[a-z0-9_.]+) \| (.+?) \| (.+?) \| (.+?) \|$", section, flags=re.M)
    return {m: (ref, ours, test) for m, ref, ours, test in rows}


def changed_words() -> dict[str, tuple[str, str, str, str]]:
    """data/README.md's table of the words issue 16 changed: measure -> (old, new, p, range)."""
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Judgements whose words changed", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([a-z0-9_]+\.[a-z0-9_.]+) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \|$", section, flags=re.M)
    return {m: (old, new, p, span) for m, old, new, p, span in rows}


# Issue 16's tests (surveys allowing for their dispersion, counts for the earlier pairs' dispersion and
# autocorrelation, read without the most variable earlier year) moved these verdicts: measure -> (old word, test before).
MOVED = {"burglary.satisfaction": ("Improved", "interval 0.4 to 8.2"),
         "burglary.satisfaction_actions": ("Improved", "interval 0.4 to 7.8"),
         "knife.recorded": ("Lower", "p = 0.017"),
         "cse.recorded": ("Within usual variation", "p = 0.100")}


def moved_verdicts() -> dict[str, tuple[str, ...]]:
    """data/README.md's table of the verdicts the tests moved: measure -> (old, new, before, now, range)."""
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Judgements that changed with the tests", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([a-z0-9_]+\.[a-z0-9_.]+) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \|$", section, flags=re.M)
    return {row[0]: row[1:] for row in rows}


def test_the_data_readme_lists_every_verdict_the_tests_moved(example_draft):
    facts = example_draft.facts
    listed = moved_verdicts()
    assert set(listed) == set(MOVED)
    for measure, (old, new, before, now, span) in listed.items():
        assert (old, before) == MOVED[measure]
        assert new == facts[f"{measure}.judgement"].value
        assert now.split(" (")[0] in facts[f"{measure}.benchmark"].value, measure
        low, high = (facts[f"{measure}.change_{end}"].value for end in ("low", "high"))
        printed = lambda x: f"{x:.1f}".replace("-", "\u2212")  # noqa: E731
        unit = "%" if facts[f"{measure}.change_low"].unit == "percent" else " points"
        assert span == f"{printed(low)}{'%' if unit == '%' else ''} to {printed(high)}{unit}", measure


def test_the_data_readme_lists_every_word_that_changed_with_its_p_and_range(example_draft):
    facts = example_draft.facts
    listed = changed_words()
    moved_to_none = {m for m in MOVED if JUDGEMENTS[m] in NO_CHANGE_FOUND}
    assert set(listed) | moved_to_none == {m for m, word in JUDGEMENTS.items() if word in NO_CHANGE_FOUND}
    for measure, (old, new, p, span) in listed.items():
        assert (old, new) == ("Comparable", facts[f"{measure}.judgement"].value)
        if p != "\u2013":
            assert p in facts[f"{measure}.benchmark"].value, measure
        low, high = (facts[f"{measure}.change_{end}"].value for end in ("low", "high"))
        unit = "%" if facts[f"{measure}.change_low"].unit == "percent" else " points"
        printed = lambda x: f"{x:.1f}".replace("-", "\u2212")  # noqa: E731
        assert span == f"{printed(low)}{'%' if unit == '%' else ''} to {printed(high)}{unit}", measure


# The reference's "Comparable" is the finding the draft words by its kind of evidence.
NO_CHANGE_FOUND = {"Comparable", "Within usual variation", "No significant change"}


def same_finding(reference: str, ours: str) -> bool:
    return reference == ours or {reference, ours} <= NO_CHANGE_FOUND


def test_the_data_readme_lists_every_judgement_that_differs_from_the_reference(example_draft):
    differ = {m for m, word in REFERENCE_WORDS.items() if not same_finding(word, JUDGEMENTS[m])}
    listed = departures()
    assert set(listed) == differ
    for measure, (reference, ours, test) in listed.items():
        assert (reference, ours) == (REFERENCE_WORDS[measure], JUDGEMENTS[measure])
        figure = test.split(", ", 1)[1]  # "p = 0.195" or "interval -17.6 to 2.1"
        assert figure in example_draft.facts[f"{measure}.benchmark"].value, measure


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
