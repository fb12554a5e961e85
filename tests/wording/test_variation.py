"""wording/variation.py: the seeded order of equivalent wordings, openers, judgement phrases (issue 18)."""

from __future__ import annotations

import pytest

from narrator.wording.variation import Findings, Openers, core, echoes, first_word, order, seed


def plain(text: str) -> str:
    return text


def test_the_order_is_seeded_by_the_key_and_never_by_chance():
    import hashlib

    assert seed("da.recorded") == int.from_bytes(hashlib.sha256(b"da.recorded").digest()[:8], "big")
    assert order("da.recorded", ["a", "b", "c"]) == order("da.recorded", ["a", "b", "c"])
    assert seed("da.recorded") % 3 == 1 and order("da.recorded", ["a", "b", "c"]) == ["b", "c", "a"]  # rotated, never shuffled
    assert seed("x") == 3274422879871479876 and order("x", ["a", "b", "c"]) == ["a", "b", "c"]
    assert order("x", []) == []


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


def test_core_is_what_a_reader_hears_figures_and_brackets_of_figures_aside():
    assert core(", a rise larger than the usual variation (95% range 1.2 to 3.4), 12.5%;") == "a rise larger than the usual variation"
    assert core("; sampling (alone) could account for it") == "sampling alone could account for it"


def test_first_word_is_the_first_word_of_letters_in_lower_case():
    assert first_word("Compared with 2019/20, …") == "compared"
    assert first_word("12% of the force’s crimes") == "of"
    assert first_word("12") == ""


def test_no_options_choose_nothing_and_remember_nothing():
    openers, findings = Openers(plain), Findings(plain)
    assert openers.choose("a", []) == "" and openers.last_used == {}
    assert findings.choose("a", []) == "" and findings.last == ""
