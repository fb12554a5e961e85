"""Grammar from data: the few words whose form depends on a figure or a list, in one place.

Number agreement ("one of the three months was", "two were"), lists ("A, B and C"), articles,
singular nouns, ordinals in words ("second") and the plain words for counts and rankings that a
Board reads more easily than the figures ("every force", "all but one", "the second smallest"),
through `num2words <https://pypi.org/project/num2words/>`_ (numbers and ordinals in words) and
`inflect <https://pypi.org/project/inflect/>`_ (a noun's singular and plural, its article) rather
than rules written by hand. inflect is imported on first use only: its import takes a second or
more (typeguard instruments it), and most drafts never need it; the singulars of the nouns an
areas report calls its areas by (:data:`SINGULARS`: forces, districts, …) are known without it. Functions take a fact (a template's ``FactRef``) or a
number and return words; a figure they keep stays the fact, printed in house style and marked
with its id, so a template still prints no figure of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from num2words import num2words

from . import markers
from .sandbox import Words

WORDS_BELOW = 10  # a rank from the other end in words below this ("the second smallest"), as house style writes numbers
# The singular of the plurals a report's areas are called by (report.yaml's areas.noun), each as
# inflect gives it (a test checks every one), so that an areas report never waits for inflect.
SINGULARS = {
    plural: plural[:-3] + "y" if plural.endswith("ies") else plural[:-2] if plural.endswith(("ches", "shes")) else plural[:-1]
    for plural in (
        "areas", "forces", "districts", "boroughs", "divisions", "wards", "neighbourhoods", "authorities", "counties",
        "regions", "sectors", "beats", "units", "commands", "partnerships", "localities", "towns", "cities",
        "constituencies", "parishes", "branches", "zones", "patches", "teams", "stations", "departments", "services",
        "constabularies", "councils",
    )
}


@cache
def _engine():
    """inflect's engine, made on first use (see the module's note)."""
    import inflect

    return inflect.engine()


def value_of(count: object) -> object:
    """A fact's value (a template's FactRef has ``.value``), or the number given."""
    return getattr(count, "value", count)


def agree(count: object, singular: str, plural: str) -> str:
    """``singular`` when ``count`` (a fact or a number) is one, else ``plural``."""
    return singular if value_of(count) == 1 else plural


def listed(items: Iterable[object], conjunction: str = "and") -> str:
    """Items as running text: "A", "A and B", "A, B and C" (no comma before the last)."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def singular(noun: object) -> str:
    """The singular of a plural noun ("forces" → "force"); a singular noun as it is."""
    text = str(value_of(noun))
    head, _, last = text.rpartition(" ")
    one = SINGULARS.get(last) or _engine().singular_noun(last)
    return f"{head} {one}".strip() if one else text


def plural(noun: str) -> str:
    """The plural of a singular noun, its article dropped ("rise" and "a rise" → "rises")."""
    text = str(noun)
    for article_word in ("a ", "an "):
        text = text.removeprefix(article_word)
    head, _, last = text.rpartition(" ")
    return f"{head} {_engine().plural_noun(last)}".strip()


def article(phrase: str) -> str:
    """The phrase with "a" or "an" before it, as it is spoken ("an hour", "a unit")."""
    return _engine().a(str(phrase))


def ordinal_words(number: int) -> str:
    """1 → "first", 2 → "second"."""
    return num2words(int(number), to="ordinal")


def rank_words(place: int, of: int, most: str = "largest", least: str = "smallest") -> str | None:
    """A place among ``of`` as a reader says it: 1 → "the largest"; in the second half, counted from the
    end, ``of`` → "the smallest", ``of`` − 1 → "the second smallest"; None where the place is in the
    first half and beyond the first, or too far from the end for words (the caller prints the fact)."""
    place, of = int(value_of(place)), int(value_of(of))
    if place == 1:
        return f"the {most}"
    from_end = of - place + 1
    if place > of / 2 and from_end < WORDS_BELOW:
        return f"the {least}" if from_end == 1 else f"the {ordinal_words(from_end)} {least}"
    return None


def share(count: object, total: object) -> str:
    """What part of ``total`` a count is, as a word: all, all_but_one, none, one or some."""
    count, total = int(value_of(count)), int(value_of(total))
    if count == 0:
        return "none"
    if count == total:
        return "all" if total > 1 else "one"
    if count == total - 1 and total > 3:
        return "all_but_one"
    return "one" if count == 1 else "some"


def how_many(count: object, total: object, noun: object, brief: bool = False) -> str:
    """A count of ``total`` things in plain words: "every force", "all but one force", or the count of
    the total ("36 of the 44 forces", "none of the three areas"); ``brief`` when the total has been
    said ("all but one", "none", "36"). A count or total given as a fact prints as its marked figure."""
    noun = str(value_of(noun))
    one = singular(noun)
    share_of = share(count, total)
    if share_of == "all" or (share_of == "one" and int(value_of(total)) == 1):
        return f"every {one}"
    if share_of == "all_but_one":
        return "all but one" if brief else f"all but one {one}"
    said = "none" if share_of == "none" else str(count)
    return said if brief else f"{said} of the {total} {noun}"


def small_number(number: int) -> str | None:
    """A small count that is no fact (a difference of two facts) in words; None at ten or more."""
    number = int(value_of(number))
    return num2words(number) if 0 <= number < WORDS_BELOW else None


def capitalise_first(text: object) -> str:
    """The text with its first visible letter in capitals, unless a figure comes first; the rest (and any
    fact id) untouched."""
    if isinstance(text, Words):
        return Words(capitalise_first(str(text)))  # still the analyst's words
    text = str(text)
    hidden = False  # inside a marker's fact id or footnote key, which a reader never sees
    for i, char in enumerate(text):
        if char in (markers.FIGURE, markers.FOOTNOTE):
            hidden = True
        elif char in (markers.SEPARATOR, markers.CLOSE):
            hidden = False
        elif char.isalnum() and not hidden:  # a sentence opening with a figure ("12 months") stays as it is
            return text[:i] + char.upper() + text[i + 1 :] if char.isalpha() else text
    return text
