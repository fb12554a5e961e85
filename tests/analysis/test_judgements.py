"""analysis/judgements.py: the judgement words (rules/judgements.yaml) by evidence, polarity and direction, and their tone."""

from __future__ import annotations

import pytest

from conftest import ROOT
from narrator.analysis.judgements import Vocabulary, tone
from narrator.errors import InputError

DEFAULT = ROOT / "rules" / "judgements.yaml"


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.load(DEFAULT)


@pytest.mark.parametrize(("kind", "polarity", "direction", "survey", "word"), [
    ("count", "lower_is_better", "down", False, "Lower"),  # a complete count: direction words only
    ("count", "higher_is_better", "up", False, "Higher"),
    ("count", "lower_is_better", "none", False, "Within usual variation"),
    ("proportion", "higher_is_better", "up", False, "Improved"),
    ("proportion", "lower_is_better", "up", False, "Deteriorated"),
    ("proportion", "neutral", "down", False, "Lower"),
    ("proportion", "higher_is_better", "none", True, "No significant change"),  # a sample
    ("level", "lower_is_better", "down", False, "Improved"),
    ("level", "neutral", "none", False, "Within usual variation"),
])
def test_the_word_follows_the_evidence_the_polarity_and_the_direction(vocabulary, kind, polarity, direction, survey, word):
    assert vocabulary.word(kind, polarity, direction, tested=True, survey=survey) == word


def test_an_untested_measure_has_the_untested_word_and_no_tone(vocabulary):
    assert vocabulary.word("count", "lower_is_better", "down", tested=False) == "-"
    assert tone("lower_is_better", "down", tested=False) is None


def test_every_test_has_its_words_for_a_table_note(vocabulary):
    assert sorted(vocabulary.methods) == ["annual_totals", "ci_current", "linear", "newcombe", "poisson", "quasi_binomial",
                                          "quasi_poisson", "spc", "two_proportion"]
    assert vocabulary.methods["quasi_poisson"] == "counts by a quasi-Poisson model of the monthly counts"


@pytest.mark.parametrize(("polarity", "direction", "colour"), [
    ("higher_is_better", "up", "good"), ("higher_is_better", "down", "bad"), ("lower_is_better", "up", "bad"),
    ("lower_is_better", "down", "good"), ("neutral", "up", "neutral"), ("lower_is_better", "none", "neutral"),
])
def test_the_tone_is_good_in_the_direction_the_force_aims_for(polarity, direction, colour):
    assert tone(polarity, direction, tested=True) == colour


def test_a_projects_file_replaces_the_kinds_it_names(tmp_path):
    own = tmp_path / "judgements.yaml"
    own.write_text("survey:\n"
                   "  higher_is_better: {up: Better, down: Worse, none: No significant change}\n"
                   "  lower_is_better: {up: Worse, down: Better, none: No significant change}\n"
                   "  neutral: {up: Higher, down: Lower, none: No significant change}\n", encoding="utf-8")
    vocabulary = Vocabulary.load([DEFAULT, own])
    assert vocabulary.word("proportion", "higher_is_better", "up", tested=True, survey=True) == "Better"
    assert vocabulary.word("proportion", "higher_is_better", "up", tested=True) == "Improved"  # the default's rates


@pytest.mark.parametrize(("text", "message"), [
    ("colour: red\n", "{own}: unknown key 'colour'"),
    ("count:\n  higher_is_better: {up: Higher, down: Lower}\n", "{own}: count: missing key 'lower_is_better'"),
    ("count:\n  higher_is_better: {up: Higher, down: '', none: Within}\n  lower_is_better: {up: Higher, down: Lower, none: Within}\n"
     "  neutral: {up: Higher, down: Lower, none: Within}\n", "{own}: count.higher_is_better.down: expected a word such as Higher"),
    ("methods:\n  poisson: 3\n", "{own}: methods: missing key 'quasi_poisson'"),
])
def test_a_wrong_vocabulary_is_one_line_naming_the_file(tmp_path, text, message):
    own = tmp_path / "judgements.yaml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Vocabulary.load([DEFAULT, own])
    assert str(caught.value) == message.format(own=own)
