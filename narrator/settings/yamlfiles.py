"""Reading the YAML files an analyst edits: safe_load only, errors with file and line.

:class:`StrictSafeLoader` is PyYAML's ``SafeLoader`` (plain data only: no Python tags, so
reading a file can never run code) with one addition: a key given twice in the same
mapping is an error naming both lines, where PyYAML would silently keep the last.

A file may not hold Unicode's private-use characters: they mean nothing outside one font, and
Narrator uses some of them to mark figures (:mod:`narrator.wording.markers`), so text an analyst
writes can never pass for a figure. :func:`line_of` finds the line of a value that is well-formed
YAML but not what is wanted, for its message.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Hashable, Mapping
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import InputError, suggestion


PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def private_use_problem(char: str) -> str:
    """Why a private-use ``char`` is refused."""
    return f"the private-use character U+{ord(char):04X} is not allowed (Narrator marks figures with such characters); remove it"


class DuplicateKeyError(ConstructorError):
    """A mapping holds the same key twice."""

    def __init__(self, key: object, first_line: int, mark: yaml.Mark) -> None:
        super().__init__(None, None, f"key '{key}' appears twice (first on line {first_line})", mark)
        self.key = key
        self.first_line = first_line


class _Strict:
    """The constructor of a strict loader: duplicate keys refused, impossible dates named."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:
        if isinstance(node, MappingNode):
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # merge keys (<<) and complex keys are left to PyYAML
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, Hashable):
                    continue
                if key in seen:
                    raise DuplicateKeyError(key, seen[key], key_node.start_mark)
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: ScalarNode):
        """A date-like value that is no real date (2021-02-30) is an error with its line, not a crash."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise ConstructorError(None, None, f"{node.value!r} is not a real date ({error})", node.start_mark) from None


class StrictSafeLoader(_Strict, yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses duplicate keys; everything else is safe_load."""


StrictSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictSafeLoader.construct_yaml_timestamp)

# The same constructor over libyaml's parser (several times faster), where PyYAML has it.
StrictCSafeLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class StrictCSafeLoader(_Strict, yaml.CSafeLoader):  # type: ignore[no-redef]
        """``yaml.CSafeLoader`` (libyaml's parser, PyYAML's safe constructor) with the same checks."""

    StrictCSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictCSafeLoader.construct_yaml_timestamp)


def parse_yaml(text: str) -> object:
    """``text`` parsed as safe_load would, refusing duplicate keys.

    libyaml parses it when PyYAML has it; anything wrong is parsed again by the pure-Python
    parser, whose messages (and lines) the errors are worded from, so a mistake reads the same
    either way."""
    if StrictCSafeLoader is not None:
        try:
            return yaml.load(text, Loader=StrictCSafeLoader)  # a SafeLoader's constructor: safe_load semantics
        except (yaml.YAMLError, ValueError, RecursionError):
            pass
    return yaml.load(text, Loader=StrictSafeLoader)


def read_yaml(path: Path) -> object:
    """The parsed file; a missing file or a syntax error is one InputError with the line."""
    if Path(path).exists() and not Path(path).is_file() and not Path(path).is_dir():
        raise InputError(f"{path}: not a file (a named pipe or a device); expected a YAML file")  # never opened: it could block
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; expected a YAML file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read: {error.strerror or error}") from None
    reserved = PRIVATE_USE.search(text)
    if reserved:
        line = text.count("\n", 0, reserved.start()) + 1
        column = reserved.start() - (text.rfind("\n", 0, reserved.start()) + 1) + 1
        raise InputError(f"{path}, line {line}, column {column}: {private_use_problem(reserved.group())}")
    try:
        return parse_yaml(text)
    except DuplicateKeyError as error:
        mark = error.problem_mark
        raise InputError(
            f"{path}, line {mark.line + 1}: key '{error.key}' appears twice in the same mapping "
            f"(first on line {error.first_line}); keep one"
        ) from None
    except ConstructorError as error:
        mark = error.problem_mark
        line = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        tag = re.search(r"constructor for the tag '([^']*)'", str(error.problem))
        if tag:  # !!python/object and other tags: plain data only, nothing is ever run
            shown = re.sub(r"^tag:yaml\.org,2002:", "!!", tag.group(1))
            raise InputError(f"{path}{line}: the YAML tag '{shown}' is not allowed; write plain values") from None
        raise InputError(f"{path}{line}: YAML error: {error.problem}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{path}{line}: YAML syntax error: {error.problem}") from None
    except yaml.YAMLError as error:
        raise InputError(f"{path}: YAML error: {error}") from None
    except (ValueError, RecursionError) as error:  # a value PyYAML cannot build; no line to give
        raise InputError(f"{path}: YAML error: {error}") from None


def line_of(path: Path, *keys: object) -> int | None:
    """The line of the value reached by ``keys`` (mapping keys, list indexes from 0) in the YAML
    file ``path``, or None; read again only to word an error."""
    try:
        loader = StrictSafeLoader(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        node = loader.get_single_node()  # the node tree only: nothing is constructed
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    for key in keys:
        if isinstance(node, MappingNode):
            node = next((value for name, value in node.value if isinstance(name, ScalarNode) and name.value == str(key)), None)
        elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
        else:
            return None
        if node is None:
            return None
    return node.start_mark.line + 1


def describe(value: object) -> str:
    """What a YAML value is, for messages: "nothing", "a list", "the text 'abc'", "the number 3"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


def check_keys(
    mapping: object,
    *,
    where: str,
    allowed: Collection[str],
    required: Collection[str] = (),
) -> Mapping[str, object]:
    """``mapping`` if it is a mapping with only ``allowed`` keys and all ``required`` ones."""
    if mapping is None:
        wanted = list(required) or list(allowed)
        raise InputError(f"{where}: empty; expected {'the key' if len(wanted) == 1 else 'keys'} {', '.join(wanted)}")
    if not isinstance(mapping, Mapping):
        raise InputError(f"{where}: expected a mapping of keys to values, found {describe(mapping)}")
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
