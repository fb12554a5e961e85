"""A force (or area) named by the analyst, found among the names a table holds.

Analysts write a force's name as the force calls itself ("Kent Police", "Cambridgeshire
Constabulary", "Metropolitan Police Service"); published tables name it shorter ("Kent",
"Metropolitan Police"). :func:`choose` finds the one name meant:

* names are compared in any case, with punctuation as a space ("Dyfed-Powys" is "Dyfed Powys"),
  runs of spaces as one and "&" as "and";
* a trailing "Police", "Constabulary", "Service", "Police Service" or "Police Force" (and a
  leading "The") may be on either side, so "Kent Police" is the table's "Kent" and "Metropolitan
  Police Service" its "Metropolitan Police";
* exactly one name must match; none, or several, is an :class:`~narrator.errors.InputError` that
  lists the near names (those containing the name given, or closest to it in spelling) and says
  how to choose.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InputError

__all__ = ["Choice", "choose", "key", "matches", "the_one"]

SUFFIXES = ("police force", "police service", "constabulary", "police", "service")
SUFFIX_WORDS = "Police, Constabulary or Service"
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


def key(name: str) -> str:
    """The name as compared: lower case, single spaces, "and" for "&", no leading "the", no force suffix."""
    text = _SPACES.sub(" ", _PUNCTUATION.sub(" ", name.replace("&", " and "))).strip().casefold()
    text = text.removeprefix("the ")
    for suffix in SUFFIXES:
        if text.endswith(" " + suffix):
            return text[: -len(suffix) - 1].strip()
    return text


def matches(given: str, names: Sequence[str]) -> list[str]:
    """The names that are ``given`` (by :func:`key`), in the order of ``names``."""
    wanted = key(given)
    return [name for name in names if key(name) == wanted]


def the_one(given: str, names: Sequence[str]) -> str | None:
    """The one name of ``names`` that ``given`` is (exactly, else by :func:`key`); None when none
    is, or several are (:func:`choose` says which, for a message)."""
    if given in names:
        return given
    found = matches(given, names)
    return found[0] if len(found) == 1 else None


def holding(given: str, names: Sequence[str]) -> list[str]:
    """The names that hold ``given`` word for word, or are held by it ("Yorkshire": North, South and West Yorkshire)."""
    wanted = key(given)
    return [name for name in names if wanted and (f" {wanted} " in f" {key(name)} " or f" {key(name)} " in f" {wanted} ")]


def near(given: str, names: Sequence[str], n: int = 5) -> list[str]:
    """The names nearest ``given``: those holding it (or held by it), then the closest in spelling."""
    keys = {key(name): name for name in names}
    close = [keys[k] for k in difflib.get_close_matches(key(given), list(keys), n=n, cutoff=0.6)]
    return list(dict.fromkeys([*holding(given, names), *close]))[:n]


@dataclass(frozen=True)
class Choice:
    """Who is asking and how to choose otherwise, for the message when no single name matches."""

    asked: str  # "report.force 'Kent Constabulary'" or "--area 'Kent'"
    noun: str  # "forces" or "areas"
    where: str  # "column 'PFA' of rec-crime-pfa.csv"
    how: str  # "set report.force to one of them … or choose one with --area NAME"


def choose(given: str, names: Sequence[str], choice: Choice) -> str:
    """The one name of ``names`` that ``given`` means; else an InputError naming the near ones."""
    found = matches(given, names)
    if len(found) == 1:
        return found[0]
    if found:
        raise InputError(f"{choice.asked} could be any of {_listed(found)} ({choice.where}); {choice.how}")
    several = holding(given, names)
    if len(several) > 1:
        raise InputError(f"{choice.asked} could be any of {_listed(several)} ({choice.where}); {choice.how}")
    close = near(given, names)
    nearest = f"; near names: {_listed(close)}" if close else f"; they include {_listed(list(names)[:3])}"
    return _none(choice, len(names), nearest)


def _none(choice: Choice, count: int, nearest: str) -> str:
    if count == 1:
        raise InputError(f"{choice.asked} is not the one {choice.noun.rstrip('s')} in {choice.where}{nearest}; {choice.how}")
    raise InputError(f"{choice.asked} is none of the {count} {choice.noun} in {choice.where}{nearest}; {choice.how}")


def _listed(names: Sequence[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)
