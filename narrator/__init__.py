"""Narrator: the first draft of a police force's annual performance report, from data."""

__version__ = "0.1.0"
