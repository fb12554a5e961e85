"""wording/grammar.py: agreement, lists, articles, counts and ranks in words, each word exact."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from narrator.wording import grammar, markers
from narrator.wording.sandbox import Words


def fact(value):
    """A template's FactRef as grammar sees it: something with a ``.value``."""
    return SimpleNamespace(value=value)


@pytest.mark.parametrize(("count", "said"), [(1, "was"), (fact(1), "was"), (0, "were"), (2, "were"), (fact(3), "were")])
def test_agree_takes_the_singular_for_one_only(count, said):
    assert grammar.agree(count, "was", "were") == said


@pytest.mark.parametrize(("items", "conjunction", "text"), [
    ([], "and", ""),
    (["burglary"], "and", "burglary"),
    (["burglary", "robbery"], "and", "burglary and robbery"),
    (["burglary", "robbery", "theft"], "and", "burglary, robbery and theft"),
    (["Kent", "Essex", "Surrey"], "or", "Kent, Essex or Surrey"),
])
def test_listed_has_no_comma_before_the_last(items, conjunction, text):
    assert grammar.listed(items, conjunction) == text


@pytest.mark.parametrize(("noun", "one"), [("forces", "force"), ("policing areas", "policing area"), ("force", "force"),
                                           (fact("districts"), "district")])
def test_singular_changes_the_last_word_only(noun, one):
    assert grammar.singular(noun) == one


@pytest.mark.parametrize(("noun", "many"), [("rise", "rises"), ("a rise", "rises"), ("an increase", "increases"),
                                            ("large fall", "large falls")])
def test_plural_drops_the_article(noun, many):
    assert grammar.plural(noun) == many


@pytest.mark.parametrize(("phrase", "with_article"), [("hour", "an hour"), ("unit", "a unit"), ("rise", "a rise"),
                                                      ("increase", "an increase")])
def test_the_article_is_the_spoken_one(phrase, with_article):
    assert grammar.article(phrase) == with_article


def test_ordinals_and_small_numbers_in_words():
    assert [grammar.ordinal_words(n) for n in (1, 2, 3, 21)] == ["first", "second", "third", "twenty-first"]
    assert [grammar.small_number(n) for n in (0, 3, 9, fact(2))] == ["zero", "three", "nine", "two"]
    assert grammar.small_number(10) is None and grammar.small_number(-1) is None


def test_a_rank_is_said_from_the_nearer_end_below_ten_else_left_to_the_figure():
    assert [grammar.rank_words(place, 44) for place in (1, 2, 22, 23, 35, 36, 40, 43, 44)] == [
        "the largest", None, None, None, None, "the ninth smallest", "the fifth smallest", "the second smallest", "the smallest"]
    assert grammar.rank_words(fact(4), fact(5), most="highest", least="lowest") == "the second lowest"
    assert grammar.rank_words(1, 5, most="highest", least="lowest") == "the highest"


@pytest.mark.parametrize(("count", "total", "word"), [
    (0, 3, "none"), (3, 3, "all"), (1, 1, "one"), (43, 44, "all_but_one"), (3, 4, "all_but_one"),
    (2, 3, "some"), (1, 5, "one"), (5, 10, "some"),
])
def test_share_is_a_word_for_the_part(count, total, word):
    assert grammar.share(count, total) == word


def test_how_many_says_the_count_in_plain_words():
    assert [grammar.how_many(c, t, "forces") for c, t in [(44, 44), (43, 44), (0, 3), (36, 44), (1, 1), (2, 3)]] == [
        "every force", "all but one force", "none of the 3 forces", "36 of the 44 forces", "every force", "2 of the 3 forces"]
    assert [grammar.how_many(c, t, "forces", brief=True) for c, t in [(44, 44), (43, 44), (0, 3), (36, 44)]] == [
        "every force", "all but one", "none", "36"]
    assert grammar.how_many(2, 3, fact("areas")) == "2 of the 3 areas"


def test_capitalise_first_skips_what_a_reader_never_sees():
    assert grammar.capitalise_first("the force") == "The force"
    assert grammar.capitalise_first("") == ""
    assert grammar.capitalise_first("– 4") == "– 4"
    assert grammar.capitalise_first("12 months to March") == "12 months to March"  # a figure first: as it is
    assert grammar.capitalise_first(markers.figure("period.rolling_months", "12") + " months") == \
        markers.figure("period.rolling_months", "12") + " months"
    marked = markers.footnote("note") + "the force"
    assert grammar.capitalise_first(marked) == markers.footnote("note") + "The force"
    figure = "da.recorded.judgement"
    assert grammar.capitalise_first(markers.figure(figure, "improved")) == markers.figure(figure, "Improved")  # not the id
    said = grammar.capitalise_first(Words("our plan"))
    assert isinstance(said, Words) and said == "Our plan"


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
