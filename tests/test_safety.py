"""Safe by construction: conditions are parsed, never eval'd; templates are sandboxed and
strict; YAML is plain data read with safe_load, and a key given twice is an error."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml
from conftest import copy_example, edit, own_rule
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from narrator.errors import InputError, TemplateProblem
from narrator.settings.yamlfiles import StrictCSafeLoader, StrictSafeLoader, parse_yaml, read_yaml
from narrator.pipeline import build_draft
from narrator.project import load_project
from narrator.wording.conditions import ConditionError, parse_condition
from narrator.wording.phrasing import Movement, RuleBook
from narrator.wording.environment import make_environment

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "narrator").rglob("*.py"))


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path



def calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


# --------------------------------------------------------------------------- conditions: parsed, never run


@pytest.mark.parametrize(
    "source, message",
    [
        ("__import__('os').system('touch pwned')",
         "condition \"__import__('os').system('touch pwned')\": invalid name '__import__' at column 1; names must start with a letter"),
        ("kind.__class__ == 'x'", "condition \"kind.__class__ == 'x'\": unexpected '.' at column 5; attribute access is not allowed"),
        ("open('/etc/passwd') == 'x'", "condition \"open('/etc/passwd') == 'x'\": unexpected '(' at column 5; function calls are not allowed"),
        ("eval('1') == 1", "condition \"eval('1') == 1\": unexpected '(' at column 5; function calls are not allowed"),
        ("exec == 1", "condition 'exec == 1': unknown name 'exec' at column 1"),
    ],
)
def test_code_in_a_condition_is_refused(source, message):
    with pytest.raises(ConditionError) as caught:
        parse_condition(source, Movement.fields())
    assert str(caught.value) == message


def test_code_in_a_rule_condition_is_refused_when_the_rules_load(workspace):
    rules = own_rule(workspace / "data", "movements.yaml")
    edit(rules, "when: baseline_zero and current > 0", "when: __import__('os').system('touch pwned')")
    with pytest.raises(InputError) as caught:
        RuleBook.load(rules, make_environment())
    assert str(caught.value) == (
        f"{rules}: movement rule 'from-zero': condition \"__import__('os').system('touch pwned')\": "
        "invalid name '__import__' at column 1; names must start with a letter"
    )
    assert not (workspace / "pwned").exists()


def test_no_eval_exec_or_compile_anywhere_in_narrator():
    """No builtin that runs text as code is called by any module (re.compile is a method, not the builtin)."""
    found = []
    for path in SOURCES:
        for call in calls(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(call.func, ast.Name) and call.func.id in ("eval", "exec", "compile", "__import__"):
                found.append(f"{path.name}:{call.lineno}: {call.func.id}")
    assert found == []


# --------------------------------------------------------------------------- templates: sandboxed and strict


def test_templates_and_phrases_run_in_a_strict_sandbox(tmp_path):
    environment = make_environment(tmp_path)
    assert isinstance(environment, SandboxedEnvironment)
    assert issubclass(environment.undefined, StrictUndefined)


@pytest.mark.parametrize(
    "expression, message",
    [
        ("period.__class__", "access to attribute '__class__' of a measure or group of facts is unsafe."),
        ("say.__globals__", "access to attribute '__globals__' of 'method' object is unsafe."),
        ("cycler.__init__.__globals__", "access to attribute '__init__' of 'type' object is unsafe."),
        ("nothing_here", "'nothing_here' is not a measure, fact or function a template can use"),
        ("nothing_here | abs", "'nothing_here' is not a measure, fact or function a template can use"),
        ("(1 / 0)", "ZeroDivisionError: division by zero"),
    ],
)
def test_a_template_cannot_escape_and_fails_with_its_line(workspace, expression, message):
    template = workspace / "data" / "templates" / "report.md.j2"
    edit(template, "# Purpose", "# Purpose {{ " + expression + " }}")
    with pytest.raises(TemplateProblem) as caught:
        build_draft(load_project(workspace / "data"))
    assert str(caught.value) == f"{template}, line 5: {message}"


def test_a_rule_phrase_cannot_escape_the_sandbox(workspace):
    rules = own_rule(workspace / "data", "movements.yaml")
    edit(rules, '"remained unchanged at {{ current }}"', '"remained unchanged at {{ period.__class__.__mro__ }}"')
    edit(rules, "when: direction == \"flat\" and not significant\n", "when: true\n")
    with pytest.raises(InputError) as caught:
        build_draft(load_project(workspace / "data"))
    assert str(caught.value) == (
        f"{workspace / 'data' / 'templates' / 'victims.md.j2'}, line 14: {rules}: "
        "movement rule 'unchanged': access to attribute '__class__' of a measure or group of facts is unsafe."
    )


# --------------------------------------------------------------------------- YAML: plain data only


def test_yaml_is_read_with_a_safe_loader_only():
    assert issubclass(StrictSafeLoader, yaml.SafeLoader)
    if StrictCSafeLoader is not None:  # libyaml's parser, PyYAML's safe constructor (and the same strict checks)
        assert issubclass(StrictCSafeLoader, yaml.CSafeLoader) and issubclass(yaml.CSafeLoader, yaml.constructor.SafeConstructor)
    for path in SOURCES:
        for call in calls(ast.parse(path.read_text(encoding="utf-8"))):
            func = call.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "yaml":
                assert func.attr in ("load", "safe_load"), f"{path.name}:{call.lineno}: yaml.{func.attr}"
                if func.attr == "load":
                    loaders = [k.value for k in call.keywords if k.arg == "Loader"]
                    assert [ast.unparse(v) for v in loaders] in (["StrictSafeLoader"], ["StrictCSafeLoader"]), f"{path.name}:{call.lineno}"


def test_libyaml_and_the_python_parser_read_every_shipped_file_alike():
    if StrictCSafeLoader is None:
        pytest.skip("this PyYAML has no libyaml")
    files = [*ROOT.glob("rules/*.yaml"), *ROOT.glob("data/*.yaml"), *ROOT.glob("narrator/starter/*.yaml")]
    assert len(files) >= 8
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=StrictCSafeLoader) == yaml.load(text, Loader=StrictSafeLoader), path


@pytest.mark.parametrize(
    "text, message",
    [
        ("confidence: !!python/object/apply:os.system ['touch pwned']\n",
         "line 1, column 13: the YAML tag '!!python/object/apply:os.system' is not allowed; write plain values"),
        ("x: !!python/name:os.system\n", "line 1, column 4: the YAML tag '!!python/name:os.system' is not allowed; write plain values"),
        ("x: !custom 1\n", "line 1, column 4: the YAML tag '!custom' is not allowed; write plain values"),
    ],
)
def test_yaml_tags_that_would_build_python_objects_are_refused(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "report.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert str(caught.value) == f"{path}, {message}"
    assert not (tmp_path / "pwned").exists()


def test_a_key_given_twice_is_an_error_with_both_lines(tmp_path):
    path = tmp_path / "measures.yaml"
    path.write_text(
        "measures:\n"
        "  - id: da.recorded\n"
        "    label: Recorded Crime\n"
        "    kind: count\n"
        "    label: Recorded crime\n"
    )
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert str(caught.value) == f"{path}, line 5: key 'label' appears twice in the same mapping (first on line 3); keep one"


def test_a_key_twice_at_the_top_level(tmp_path):
    path = tmp_path / "style.yaml"
    path.write_text("decimal_places: 1\nthousands_separator: ','\ndecimal_places: 2\n")
    with pytest.raises(InputError, match=r"line 3: key 'decimal_places' appears twice in the same mapping \(first on line 1\)"):
        read_yaml(path)


def test_the_same_key_in_different_mappings_and_merge_keys_are_fine():
    assert parse_yaml("a: {x: 1}\nb: {x: 2}\n") == {"a": {"x": 1}, "b": {"x": 2}}
    assert parse_yaml("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  x: 3\n") == {"base": {"x": 1, "y": 2}, "c": {"x": 3, "y": 2}}
    assert parse_yaml("- 2021-03\n- 1,000\n- yes\n") == yaml.safe_load("- 2021-03\n- 1,000\n- yes\n")  # safe_load semantics


def test_the_example_yaml_files_have_no_duplicate_keys():
    for path in [*(ROOT / "data").glob("*.yaml"), *(ROOT / "rules").glob("*.yaml")]:
        read_yaml(path)


# --------------------------------------------------------------------------- amplification and characters Word cannot hold

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(8))  # 10^9 x's


def test_aliases_that_stand_for_a_billion_values_are_refused_before_anything_is_built(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text(LAUGHS + "largest_changes: *i\n", encoding="utf-8")
    assert len(path.read_bytes()) < 2048
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert str(caught.value) == (f"{path}, line 6, column 4: its aliases (*name) make this value stand for more than "
                                 "1,000,000 values; write the values out, or use fewer aliases")


@pytest.mark.slow  # a fresh interpreter, memory measured
def test_a_billion_values_in_report_yaml_is_one_line_in_little_memory(workspace):
    from hostile import MEMORY_MB, run_narrator

    edit(workspace / "data" / "report.yaml", "largest_changes:", LAUGHS.replace("\n", "\n") + "largest_changes: *i\nunused_:")
    code, err, peak = run_narrator("build", "--data", "data", "--out", "r.md", cwd=workspace, timeout=120)
    assert code == 2 and err.startswith("narrator: data/report.yaml, line ") and len(err) < 300
    assert peak < MEMORY_MB


def test_a_long_value_in_a_message_is_cut_short(tmp_path):
    from narrator.settings.yamlfiles import expect
    with pytest.raises(InputError) as caught:
        expect(["x" * 10_000] * 100_000, int, where="report.yaml: largest_changes", what="a whole number")
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize(("escape", "words"), [
    ("\\a", "the control character U+0007"), ("\\0", "the NUL character U+0000"), ("\\ud800", "the lone surrogate U+D800"),
    ("\\x1b", "the control character U+001B"),
])
def test_characters_word_cannot_hold_are_refused_with_their_place(workspace, escape, words):
    path = workspace / "data" / "commentary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f'\nextra: "A paragraph with {escape} inside"\n', encoding="utf-8")
    line = text.count("\n") + 2
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert str(caught.value) == f"{path}, line {line}, column 8 (extra): {words} is not allowed (a Word document cannot hold it); remove it"


def test_a_character_word_cannot_hold_in_a_paragraph_names_its_slot(workspace):
    path = workspace / "data" / "commentary.yaml"
    edit(path, "  - The board are asked", '  - "Bell\\a"\n  - The board are asked')
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert str(caught.value) == (f"{path}, line 16, column 5 (paragraphs › recommendation › item 1): the control character "
                                 "U+0007 is not allowed (a Word document cannot hold it); remove it")
