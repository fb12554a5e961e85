"""Printing and the exit codes every command shares (output.py; docs/errors.md)."""

import io
import sys

from narrator import output


def test_the_exit_codes_are_distinct_and_as_documented():
    codes = (output.EXIT_OK, output.EXIT_UPDATE, output.EXIT_REFUSED, output.EXIT_INTERNAL, output.EXIT_INTERRUPTED)
    assert codes == (0, 1, 2, 70, 130)


def test_say_prints_and_flushes(capsys):
    output.say("one line")
    output.say("no newline", end="")
    assert capsys.readouterr().out == "one line\nno newline"


class ClosedPipe(io.StringIO):
    def write(self, text):
        raise BrokenPipeError


def test_a_closed_pipe_ends_the_printing_not_the_command(monkeypatch):
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    output.say("anything")  # no exception: the command carries on to its own exit code
