"""Errors a user can cause. Each carries one message that says what to fix."""


class NarratorError(Exception):
    """A problem with the user's input or settings; printed as one line, exit code 2."""


class InputError(NarratorError):
    """A data, catalogue, settings or commentary file is missing or wrong."""


class TemplateProblem(NarratorError):
    """A template or rule cannot be used (syntax, missing fact, unknown name)."""
