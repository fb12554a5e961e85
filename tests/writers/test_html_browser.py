"""The web page in a real browser: headless Chromium (Debian's), axe-core at WCAG 2.2 AA, screenshots.

tests/browser/check.mjs opens the page with playwright-core driving /usr/bin/chromium (no browser
download), injects axe-core, runs the rules tagged wcag2a, wcag2aa, wcag21a, wcag21aa and wcag22aa,
and takes a screenshot of the first screen and of the whole page, and prints the page as PDF.
Skips, with the reason, without Chromium, Node.js or the npm packages (`npm ci` in tests/browser);
.ci/run installs all three.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from narrator.pipeline import writer_options
from narrator.writers import render_html

Image = pytest.importorskip("PIL.Image", reason="Pillow is not installed (pip install -e '.[test]')")

BROWSER = Path(__file__).resolve().parents[1] / "browser"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
NODE = shutil.which("node")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"),
    pytest.mark.skipif(NODE is None, reason="Node.js is not installed (Debian: apt-get install nodejs npm)"),
    pytest.mark.skipif(not (BROWSER / "node_modules" / "axe-core").is_dir() or not (BROWSER / "node_modules" / "playwright-core").is_dir(),
                       reason="axe-core and playwright-core are not installed: run npm ci in tests/browser"),
]
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def open_in_chromium(page: Path, out: Path) -> dict:
    done = subprocess.run([NODE, str(BROWSER / "check.mjs"), str(page), str(out)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "CHROMIUM": CHROMIUM})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def opened(reader_drafts, tmp_path_factory):
    results = {}
    for name, (project, draft) in reader_drafts.items():
        folder = tmp_path_factory.mktemp(name.replace(" ", "-"))
        page = folder / "report.html"
        page.write_text(render_html(draft.document, writer_options(project)), encoding="utf-8")
        results[name] = (open_in_chromium(page, folder), folder)
    return results


def result(opened, name):
    if name not in opened:
        pytest.skip(f"no {name} draft: the Home Office table is not in shared/public-data")
    return opened[name]


@pytest.mark.parametrize("name", ["default", "starter", "home office"])
def test_axe_finds_no_violation_at_wcag_2_2_aa(opened, name):
    found, _ = result(opened, name)
    assert found["violations"] == []
    assert found["checked"] >= 15  # the rules that applied and passed: the page was really checked


@pytest.mark.parametrize("name", ["default", "starter", "home office"])
def test_the_first_screen_shows_the_report(opened, name):
    _, folder = result(opened, name)
    with Image.open(folder / "first-screen.png") as shot:
        assert shot.size == (1280, 900)
        grey = shot.convert("L")
        histogram = grey.histogram()
        dark = sum(histogram[:128]) / (1280 * 900)  # text and rules
        assert 0.01 < dark < 0.35, dark
        left, _, right, _ = grey.point(lambda v: 255 if v < 128 else 0).getbbox()
        assert 150 < left and right < 1130  # the text column is centred, nothing runs off the side


def test_the_whole_page_and_its_print_layout(opened):
    found, folder = result(opened, "default")
    with Image.open(folder / "page.png") as shot:
        width, height = shot.size
        assert width == 1280 and height > 8000  # the whole report, charts and all
        bottom = shot.crop((0, height - 900, width, height)).convert("L")
        assert bottom.getextrema()[0] < 100  # the footnotes at the end are drawn too
    assert 8 <= found["printPages"] <= 30
