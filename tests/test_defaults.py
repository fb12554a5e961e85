"""A project overrides Narrator's shipped defaults file by file, and inherits what it does not override."""

from pathlib import Path

import pytest
from conftest import edit, own_rule

from narrator.defaults import RULES, STARTER, TEMPLATES, Sources
from narrator.errors import InputError
from narrator.pipeline import build_draft, render
from narrator.project import load_project

ROOT = Path(__file__).resolve().parent.parent


def starter(tmp_path) -> Path:
    import shutil

    return Path(shutil.copytree(STARTER, tmp_path / "project"))


def test_in_the_repository_the_defaults_are_its_top_level_folders():
    assert (RULES, TEMPLATES) == (ROOT / "rules", ROOT / "templates")


def test_a_project_without_folders_of_its_own_uses_the_defaults(tmp_path):
    project = load_project(starter(tmp_path))
    assert project.sources == Sources(None, None)
    assert project.sources.template_folders() == (TEMPLATES,)
    assert project.sources.rule_layers("style.yaml") == (RULES / "style.yaml",)


def test_a_style_file_of_its_own_overrides_only_the_keys_it_holds(tmp_path):
    folder = starter(tmp_path)
    (folder / "rules").mkdir()
    (folder / "rules" / "style.yaml").write_text('point_change_unit: ppts\npoint_change_unit_singular: ppt\n')
    style = load_project(folder).style
    assert style.format(1.25, "points") == "1.3 ppts"
    assert style.format(12196, "count") == "12,196"  # the default thousands separator, inherited


def test_a_rule_file_of_its_own_replaces_the_sets_it_names(tmp_path):
    folder = starter(tmp_path)
    (folder / "rules").mkdir()
    (folder / "rules" / "movements.yaml").write_text(
        "finding:\n  - {id: plain, when: 'true', say: ' (see the table)'}\n", encoding="utf-8"
    )
    text = render(build_draft(load_project(folder)).document, "md").decode()
    assert "from 55,885 to 52,418 (see the table)." in text  # the default movement set, with the project's finding
    assert "statistically significant" not in text.split("## 2.")[1]


def test_a_template_of_its_own_replaces_the_default_and_may_import_the_default_macros(tmp_path):
    folder = starter(tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "report.md.j2").write_text(
        '{% import "macros.md.j2" as s with context %}\n# Burglary\n\n{{ s.measure(burglary.recorded) }}\n\n'
        "{{ commentary_if('burglary.recorded') }}\n{{ commentary_if('introduction') }}\n",
        encoding="utf-8",
    )
    text = render(build_draft(load_project(folder)).document, "md").decode()
    assert "## 1. Burglary" in text
    assert "1.1 Recorded residential burglaries decreased by 203 offences (7.3%) relative to 2024/25" in text


def test_a_project_that_names_a_missing_rules_folder_is_told(tmp_path):
    folder = starter(tmp_path)
    edit(folder / "report.yaml", "  commentary: commentary.yaml\n", "  commentary: commentary.yaml\n  rules: house-rules\n")
    with pytest.raises(InputError) as caught:
        load_project(folder)
    assert str(caught.value) == f"{folder / 'report.yaml'}: inputs.rules: {folder / 'house-rules'} is not a folder"


def test_a_broken_override_names_the_projects_file(tmp_path):
    folder = starter(tmp_path)
    edit(own_rule(folder, "judgements.yaml"), "untested:", "untestd:")
    with pytest.raises(InputError) as caught:
        load_project(folder)
    assert str(caught.value) == f"{folder / 'rules' / 'judgements.yaml'}: unknown key 'untestd'; did you mean 'untested'?"
