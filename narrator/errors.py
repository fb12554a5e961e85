"""Errors a user can cause. Each carries one message that says what to fix."""

import difflib
from collections.abc import Collection


def suggestion(word: object, choices: Collection[str], *, cutoff: float = 0.6, show: str = "'{}'") -> str:
    """"; did you mean 'x'?" for the choice nearest ``word``, or "" when none is close."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=cutoff)
    return f"; did you mean {show.format(close[0])}?" if close else ""


class NarratorError(Exception):
    """A problem with the user's input or settings; printed as one line, exit code 2."""


class InputError(NarratorError):
    """A data, catalogue, settings or commentary file is missing or wrong."""


class TemplateProblem(NarratorError):
    """A template or rule cannot be used (syntax, missing fact, unknown name)."""
