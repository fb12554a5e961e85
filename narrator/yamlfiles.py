"""Reading the YAML files an analyst edits: safe_load only, errors with file and line."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from pathlib import Path

import yaml

from .errors import InputError


def read_yaml(path: Path) -> object:
    """The parsed file; a missing file or a syntax error is one InputError with the line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{path}{line}: YAML syntax error: {error.problem}") from None
    except yaml.YAMLError as error:
        raise InputError(f"{path}: YAML error: {error}") from None


def suggestion(word: str, choices: Collection[str]) -> str:
    """"; did you mean 'x'?" for the nearest choice, or ""."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def check_keys(
    mapping: object,
    *,
    where: str,
    allowed: Collection[str],
    required: Collection[str] = (),
) -> Mapping[str, object]:
    """``mapping`` if it is a mapping with only ``allowed`` keys and all ``required`` ones."""
    if not isinstance(mapping, Mapping):
        raise InputError(f"{where}: expected a mapping of keys to values, found {type(mapping).__name__}")
    for key in mapping:
        if key not in allowed:
            raise InputError(f"{where}: unknown key '{key}'{suggestion(key, allowed)}")
    for key in required:
        if key not in mapping:
            raise InputError(f"{where}: missing key '{key}'")
    return mapping


def expect(value: object, kind: type | tuple[type, ...], *, where: str, what: str) -> object:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise InputError(f"{where}: expected {what}, found {value!r}")
    return value
