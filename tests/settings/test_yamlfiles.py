"""Reading the YAML files an analyst edits (settings/yamlfiles.py): safe data only, errors with file and line."""

import pytest

from narrator.errors import InputError
from narrator.settings.yamlfiles import check_keys, describe, expect, line_of, parse_yaml, read_yaml


def write(tmp_path, text: str):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_data_as_safe_load_gives_it():
    assert parse_yaml("a: 1\nb: [x, 2021-03]\n") == {"a": 1, "b": ["x", "2021-03"]}


@pytest.mark.parametrize("text, message", [
    ("a: 1\nb: 2\na: 3\n", "x.yaml, line 3: key 'a' appears twice in the same mapping (first on line 1); keep one"),
    ("a: !!python/object/apply:os.system [echo]\n", "x.yaml, line 1, column 4: the YAML tag '!!python/object/apply:os.system' is not allowed; write plain values"),
    ("a: 2021-02-30\n", "x.yaml, line 1, column 4: YAML error: '2021-02-30' is not a real date (day is out of range for month)"),
    ('a: "bell \\a"\n', "x.yaml, line 1, column 4 (a): "),
])
def test_what_is_refused_names_the_line(tmp_path, text, message):
    with pytest.raises(InputError) as raised:
        read_yaml(write(tmp_path, text))
    assert str(raised.value).startswith(f"{tmp_path}/{message}")


def test_the_line_of_a_value_for_a_message(tmp_path):
    path = write(tmp_path, "measures:\n  - id: a\n  - id: b\n    kind: cuont\n")
    assert line_of(path, "measures", 1, "kind") == 4
    assert line_of(path, "measures", 5) is None


def test_keys_and_kinds_are_checked_with_the_place_and_what_was_found():
    with pytest.raises(InputError, match=r"^r: unknown key 'titel'; did you mean 'title'\?"):
        check_keys({"titel": "T"}, where="r", allowed=("title", "force"))
    with pytest.raises(InputError, match=r"^r: expected a mapping of keys to values, found a list$"):
        check_keys(["a"], where="r", allowed=("title",))
    with pytest.raises(InputError, match=r"^r: expected a whole number, found True$"):
        expect(True, int, where="r", what="a whole number")
    assert describe(None) == "nothing" and describe(3) == "the number 3" and describe("abc") == "the text 'abc'"
