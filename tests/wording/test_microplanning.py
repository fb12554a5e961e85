"""The microplanning modules on their own: variation (openers, judgement phrases), aggregation's
plan, referring expressions (issue 18)."""

from __future__ import annotations

import pytest

from narrator.wording.aggregation import runs, together_words
from narrator.wording.referring import Mentions, force_name
from narrator.wording.variation import Findings, Openers, echoes, first_word, order, seed


def plain(text: str) -> str:
    return text


def test_the_order_is_seeded_by_the_key_and_never_by_chance():
    import hashlib

    assert seed("da.recorded") == int.from_bytes(hashlib.sha256(b"da.recorded").digest()[:8], "big")
    assert order("da.recorded", ["a", "b", "c"]) == order("da.recorded", ["a", "b", "c"])
    assert sorted(order("x", ["a", "b", "c"])) == ["a", "b", "c"]


def test_openers_prefer_the_rules_first_then_the_first_word_unused_longest():
    openers = Openers(plain)
    options = ["Recorded burglaries fell", "Compared with 2019/20, recorded burglaries fell", "Over 2020/21, recorded burglaries fell"]
    assert openers.choose("burglary", options) == options[0]  # nothing used yet: the rules' first
    second = openers.choose("robbery", ["Recorded robberies rose", "Compared with 2019/20, recorded robberies rose",
                                        "Over 2020/21, recorded robberies rose"])
    assert first_word(second) in ("compared", "over")  # "recorded" was just used
    third = openers.choose("theft", ["Recorded thefts rose", "Compared with 2019/20, recorded thefts rose", "Over 2020/21, recorded thefts rose"])
    assert {first_word(second), first_word(third)} == {"compared", "over"}  # each first word once in three paragraphs
    openers.note("Against the same months a year before, …")  # a template's own opening counts too
    assert openers.last_used["against"] == 4


def test_a_judgement_phrase_is_said_another_way_in_the_next_sentence():
    findings = Findings(plain)
    first = [", a rise larger than the usual variation from year to year", ", a rise outside the series' normal year-on-year range"]
    assert findings.choose("a", first) == first[0]
    assert findings.choose("b", [", a fall larger than the usual variation from year to year",
                                 ", a fall outside the series' normal year-on-year range"]) == ", a fall outside the series' normal year-on-year range"
    findings.forget()
    assert findings.choose("c", first) == first[0]  # a new paragraph: the rules' own words again


@pytest.mark.parametrize("text, before, echoed", [
    ("; the change is not statistically significant (95% range 1 to 2)", ", a statistically significant improvement", True),
    ("; sampling alone could account for a change this size (95% range −2.0 percentage points to 7.6 percentage points)",
     "; the change is not statistically significant (95% range −4.8 percentage points to 0.3 percentage points)", False),
    (", a fall larger than the usual variation from year to year", "; this is within the usual variation from year to year", True),
])
def test_echoes_are_judgement_terms_or_runs_of_four_words_figures_aside(text, before, echoed):
    assert echoes(text, before) is echoed


def test_a_run_is_consecutive_measures_with_one_shareable_finding():
    f = ", a rise larger than the usual variation from year to year"
    assert runs([f, f, f], [True, True, True]) == [(0, 2)]
    assert runs([f, f, f, f], [True] * 4) == [(0, 2)]  # three at most: the fourth stands alone
    assert runs([f, "", f, f], [True] * 4) == [(2, 3)]
    assert runs([f, f], [False, True]) == []  # the first says more after its movement: its finding stays with it
    assert runs([f, f], [True, False]) == [(0, 1)]  # the last's extras come after the closing sentence
    assert together_words(2) == "Both" and together_words(3) == "All three"


@pytest.mark.parametrize("report_force, area, named", [
    ("Kent Police", "Kent", "Kent Police"), ("Kent Police", None, "Kent Police"), ("Kent Police", "Essex", "Essex"),
    (None, "North Area", "North Area"), ("Metropolitan Police Service", "Metropolitan Police", "Metropolitan Police Service"),
])
def test_the_force_is_named_as_the_analyst_names_it(report_force, area, named):
    assert force_name(report_force, area) == named


def test_a_name_is_said_in_full_once_a_paragraph():
    mentions = Mentions()
    assert mentions.refer("force", "Kent Police", "the force") == "Kent Police"
    assert mentions.refer("force", "Kent Police", "the force") == "the force"
    mentions.new_paragraph()
    assert mentions.refer("force", "Kent Police", "the force") == "Kent Police"


def test_the_singulars_known_without_inflect_are_inflects():
    """grammar.SINGULARS (the nouns areas are called by) give the words inflect gives, so an areas report
    need not import it (its import takes over a second)."""
    import inflect

    from narrator.wording.grammar import SINGULARS, singular

    engine = inflect.engine()
    assert {plural: engine.singular_noun(plural) for plural in SINGULARS} == SINGULARS
    assert singular("forces") == "force" and singular("local authorities") == "local authority"
    assert singular("police force areas") == "police force area" and singular("force") == "force"
    assert singular("precincts") == "precinct"  # not known: inflect's
