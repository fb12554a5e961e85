"""The disk cache of compiled templates and phrases: used when it can be, never hiding an error."""

from __future__ import annotations


import pytest
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from narrator.wording import compiled
from narrator.wording.environment import make_environment


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NARRATOR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(compiled, "_FOLDER", False)  # looked for again
    yield tmp_path / "cache"
    monkeypatch.setattr(compiled, "_FOLDER", False)


def test_a_phrase_is_compiled_once_then_read_back(cache, monkeypatch):
    first = make_environment().from_string("rose by {{ change_pct }}")
    assert first.render(change_pct="the change") == "rose by the change"
    (folder,) = cache.iterdir()
    assert folder.name.startswith("0.1.0-jinja") and len(list(folder.glob("p-*"))) == 1
    monkeypatch.setattr(SandboxedEnvironment, "compile", lambda *a, **k: pytest.fail("compiled again"))
    again = make_environment().from_string("rose by {{ change_pct }}")
    assert again.render(change_pct="the change") == "rose by the change"


def test_a_phrase_that_does_not_compile_is_never_kept(cache):
    for _ in range(2):  # the same error the second time: nothing was stored
        with pytest.raises(TemplateSyntaxError) as error:
            make_environment().from_string("rose by 12%")
        assert "'12%' is a figure typed into the phrase" in str(error.value)
    assert list(next(cache.iterdir()).glob("p-*")) == []


def test_file_templates_go_to_jinja_s_bytecode_cache(cache, tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.md.j2").write_text("# {{ x }}\n", encoding="utf-8")
    make_environment(tmp_path / "t").get_template("a.md.j2")
    assert len(list(next(cache.iterdir()).glob("t-*"))) == 1


def test_off_or_unwritable_means_no_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(compiled, "_FOLDER", False)
    monkeypatch.setenv("NARRATOR_CACHE", "off")
    assert compiled.folder() is None and compiled.bytecode_cache() is None
    assert make_environment().from_string("fell").render() == "fell"  # compiled as if there were no cache
    monkeypatch.setattr(compiled, "_FOLDER", False)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NARRATOR_CACHE", str(blocked))
    assert compiled.folder() is None
    monkeypatch.setattr(compiled, "_FOLDER", False)
