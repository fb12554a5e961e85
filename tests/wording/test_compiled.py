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


# --------------------------------------------------------------------------- a cache that runs no foreign code

PLANTED = "import pathlib; pathlib.Path({!r}).write_text('ran')"


def _phrase_entry(source: str):
    return compiled._path("phrase", make_environment(), source)


def test_a_planted_entry_is_never_run(cache, tmp_path):
    import marshal
    import pickle

    make_environment().from_string("fell by {{ x }}").render(x="a")  # the folder and key exist
    proof = tmp_path / "pwned"
    code = compile(PLANTED.format(str(proof)), "planted", "exec")
    entry = _phrase_entry("rose by {{ x }}")
    for planted in (marshal.dumps(code),  # as the cache once stored it: marshalled, unsigned
                    compiled.MAGIC + b"\0" * 32 + marshal.dumps(code)):  # a signature made without the key
        entry.write_bytes(planted)
        assert make_environment().from_string("rose by {{ x }}").render(x="a") == "rose by a"
        assert not proof.exists()

    class Boom:  # Jinja's own format unpickles a header: an object that runs code as it is built
        def __reduce__(self):
            return (exec, (PLANTED.format(str(proof)),))

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.md.j2").write_text("# {{ x }}\n", encoding="utf-8")
    make_environment(tmp_path / "t").get_template("a.md.j2")
    (stored,) = entry.parent.glob("t-*")
    stored.write_bytes(b"j2" + pickle.dumps(Boom(), 2) + marshal.dumps(code))
    assert make_environment(tmp_path / "t").get_template("a.md.j2").render(x="b") == "# b\n"
    assert not proof.exists()


def test_an_entry_signed_with_this_user_s_key_is_used(cache, monkeypatch):
    make_environment().from_string("rose by {{ x }}")
    assert compiled._read(_phrase_entry("rose by {{ x }}")) is not None
    key = compiled.key_path()
    assert key.stat().st_mode & 0o777 == 0o600 and key.stat().st_size == 32
    assert key.parent.stat().st_mode & 0o077 == 0 and cache not in key.parents


def _in_a_process(cache, source: str, timeout: float = 60):
    import subprocess
    import sys

    from hostile import ROOT
    script = f"from narrator.wording.environment import make_environment\nprint(make_environment().from_string({source!r}).render(x='a'))"
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout,
                          env={**__import__("os").environ, "NARRATOR_CACHE": str(cache), "PYTHONPATH": str(ROOT)})


@pytest.mark.slow  # a fresh interpreter
@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_named_pipe_or_a_link_to_dev_zero_is_no_entry(cache, kind):
    import os

    make_environment().from_string("fell by {{ x }}")
    entry = _phrase_entry("rose by {{ x }}")
    if kind == "fifo":
        os.mkfifo(entry)
    else:
        entry.symlink_to("/dev/zero")
    done = _in_a_process(cache, "rose by {{ x }}")  # would block, or read without end
    assert (done.returncode, done.stdout, done.stderr) == (0, "rose by a\n", "")
    assert entry.is_file() and not entry.is_symlink()  # replaced by the entry that process compiled


@pytest.mark.parametrize("whose", ["writable by others", "another user's"])
def test_a_folder_that_is_not_the_user_s_alone_is_not_used(tmp_path, monkeypatch, capsys, whose):
    import os

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    if whose == "writable by others":
        folder.chmod(0o777)
        why = f"{folder} can be written by other users (mode 777)"
    elif os.getuid() != 0:
        pytest.skip("making a folder another user owns needs root")
    else:
        os.chown(folder, 4242, 4242)
        why = f"{folder} belongs to another user"
    monkeypatch.setenv("NARRATOR_CACHE", str(folder))
    monkeypatch.setattr(compiled, "_FOLDER", False)
    assert compiled.folder() is None
    assert capsys.readouterr().err == (f"narrator: note: the cache folder {why}, so it is not used; "
                                       "templates are compiled afresh (NARRATOR_CACHE may name a folder of your own)\n")
    assert make_environment().from_string("fell").render() == "fell" and list(folder.iterdir()) == []
    monkeypatch.setattr(compiled, "_FOLDER", False)
