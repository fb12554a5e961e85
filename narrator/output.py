"""What the ``narrator`` command prints to, and the exit codes every command shares (docs/errors.md).

:func:`say` prints; when the reader has closed the pipe (``narrator check … | head``) it prints
nothing more and the command carries on, so it still ends with its own exit code.
"""

from __future__ import annotations

import os
import sys

__all__ = ["EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_REFUSED", "EXIT_UPDATE", "say", "stdout_closed"]

EXIT_OK = 0  # done; for check: every figure current
EXIT_UPDATE = 1  # check: something to update (stale, hand-edited, unknown)
EXIT_REFUSED = 2  # bad input, refused with one line; nothing written
EXIT_INTERNAL = 70  # a bug in Narrator (EX_SOFTWARE in sysexits.h), one line
EXIT_INTERRUPTED = 130  # Ctrl-C; nothing written


def say(text: str, *, end: str = "\n") -> None:
    """Print ``text``, and flush it; a pipe closed by its reader ends the printing, not the command."""
    try:
        print(text, end=end)
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_closed()


def stdout_closed() -> None:
    """Standard output is a pipe nobody reads any more: send the rest (and Python's final flush) nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (under a test's capture)
        pass
