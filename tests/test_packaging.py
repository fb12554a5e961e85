"""The wheel carries Narrator's defaults, so every command works outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "narrator").rglob("__init__.py")}
    assert on_disk <= listed
    assert {"narrator._rules", "narrator._templates", "narrator._example", "narrator._example.templates"} <= listed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    return next(out.glob("narrator-*.whl"))


@pytest.mark.wheel
def test_the_wheel_holds_the_defaults_the_starter_and_the_example(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, shipped in (("rules", "_rules"), ("templates", "_templates"), ("data", "_example"), ("data/templates", "_example/templates")):
        for path in (ROOT / folder).glob("*.*"):
            if path.is_file():
                assert f"narrator/{shipped}/{path.name}" in names, path
    for path in (ROOT / "narrator" / "starter").iterdir():
        assert f"narrator/starter/{path.name}" in names
    guides = {path.name for path in (ROOT / "docs").glob("*.md")}
    assert {"starting.md", "data.md", "errors.md", "updating.md"} <= guides
    for name in guides:
        assert f"narrator/_docs/{name}" in names, name
    shipped = {str(p.relative_to(ROOT)) for p in (ROOT / "narrator").rglob("*") if p.is_file() and p.suffix in (".css", ".j2", ".yaml")
               and "starter" not in p.parts}
    assert "narrator/writers/html.css" in shipped  # the web page's style sheet, read at run time
    assert shipped <= names  # every style sheet or template inside the package is in the wheel


@pytest.mark.wheel
def test_an_installed_wheel_works_from_any_folder(wheel, tmp_path):
    """Installed (not editable) into a folder of its own, run from outside the repository: init, build every format
    (the PDF where LibreOffice is installed)."""
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)], check=True, capture_output=True)
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}

    def narrator(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "narrator.cli", *args], cwd=cwd, env=env, capture_output=True, text=True)

    assert narrator("init", "myforce", cwd=work).returncode == 0
    for out in ("report.docx", "report.md", "report.html", *(["report.pdf"] if shutil.which("soffice") else [])):
        done = narrator("build", "--out", out, cwd=work / "myforce")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"wrote {work / 'myforce' / out}: ")
    data = narrator("docs", "data", "--path", cwd=work)
    assert data.returncode == 0 and data.stdout == f"{site / 'narrator' / '_docs' / 'data.md'}\n"
    assert narrator("docs", "starting", cwd=work).stdout.startswith("# Starting your own report\n")
    located = subprocess.run([sys.executable, "-c", "import narrator.defaults as d; print(d.RULES)"], cwd=work, env=env, capture_output=True, text=True)
    assert located.stdout.strip() == str(site / "narrator" / "_rules")
    example = narrator("init", "cambs", "--example", "cambridgeshire-2020-21", cwd=work)
    assert example.returncode == 0, example.stderr
    assert narrator("build", "--out", "cambs.md", "--data", "cambs", cwd=work).returncode == 0
