"""Errors a user can cause, and the nearest-name suggestion every message uses (errors.py)."""

from narrator.errors import InputError, NarratorError, TemplateProblem, suggestion


def test_the_nearest_choice_or_nothing():
    assert suggestion("valeu", ["measure", "month", "value"]) == "; did you mean 'value'?"
    assert suggestion("zzz", ["measure", "month", "value"]) == ""
    assert suggestion(3, ["3"]) == ""  # only words are suggested for
    assert suggestion("burglry", ["burglary"], show="{}") == "; did you mean burglary?"


def test_every_user_error_is_a_narrator_error():
    assert issubclass(InputError, NarratorError) and issubclass(TemplateProblem, NarratorError)
    assert not issubclass(NarratorError, (ValueError, OSError))  # never caught by accident as a library's error
