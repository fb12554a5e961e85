"""The PDF: the Word draft laid out by LibreOffice, tagged, with bookmarks from its headings.

Needs LibreOffice (soffice) and poppler (pdfinfo, pdftotext); skips with the reason without them
(.ci/run installs both). The message when LibreOffice is missing is tested without it (an empty PATH).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from narrator import cli
from narrator.document.numbering import format_number
from narrator.model import Chart, Heading, plain_text
from narrator.pipeline import writer_options
from narrator.writers.pdf import INSTALL, for_libreoffice, render_pdf
from narrator.zipfiles import read_zip

pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (pip install -e '.[test]')")

SOFFICE = shutil.which("soffice")
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
DRAFTS = ("default", "starter", "home office")


@pytest.fixture(scope="module")
def pdfs(reader_drafts, tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (no soffice on PATH); Debian: apt-get install libreoffice-writer-nogui")
    if not POPPLER:
        pytest.skip("poppler is not installed (no pdfinfo/pdftotext); Debian: apt-get install poppler-utils")
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for name, (project, draft) in reader_drafts.items():
        path = folder / f"{name.replace(' ', '-')}.pdf"
        path.write_bytes(render_pdf(draft.document, writer_options(project)))
        out[name] = (draft.document, path)
    return out


def pdf_of(pdfs, name):
    if name not in pdfs:
        pytest.skip(f"no {name} draft: the Home Office table is not in shared/public-data")
    return pdfs[name]


def info(path: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in text.splitlines())}


def outline(reader) -> list[tuple[int, str]]:
    items = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                items.append((depth, " ".join(entry.title.split())))

    walk(reader.outline, 1)
    return items


def tags(node, found=None) -> list[str]:
    """The structure types of the tag tree, in reading order."""
    found = [] if found is None else found
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            tags(kid, found)
        return found
    if not hasattr(node, "get"):
        return found
    if "/S" in node:
        found.append(str(node["/S"])[1:])
    kids = node.get("/K")
    if kids is not None and not isinstance(kids, int):
        tags(kids if isinstance(kids, list) else kids, found)
    return found


def figures(node, found=None) -> list[str | None]:
    """The /Alt of every Figure of the tag tree, in reading order (None where it has none)."""
    found = [] if found is None else found
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            figures(kid, found)
    elif hasattr(node, "get"):
        if node.get("/S") == "/Figure":
            found.append(None if node.get("/Alt") is None else str(node["/Alt"]))
        kids = node.get("/K")
        if kids is not None and not isinstance(kids, int):
            figures(kids, found)
    return found


@pytest.mark.office  # LibreOffice lays the drafts out (the pdfs fixture)
@pytest.mark.parametrize("name", DRAFTS)
def test_every_chart_is_a_figure_with_its_alt_text(pdfs, name):
    """LibreOffice draws each chart's picture (a chart's alt text it would drop) and tags it a Figure."""
    document, path = pdf_of(pdfs, name)
    found = figures(pypdf.PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    assert found == [b.alt_text for b in document.blocks if isinstance(b, Chart)]


@pytest.mark.office  # LibreOffice lays the drafts out (the pdfs fixture)
@pytest.mark.parametrize("name", DRAFTS)
def test_tagged_with_its_title_and_language(pdfs, name):
    document, path = pdf_of(pdfs, name)
    found = info(path)
    assert found["Tagged"] == "yes"
    assert found["Title"] == " ".join(document.title.split())
    root = pypdf.PdfReader(path).trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


@pytest.mark.office  # LibreOffice lays the drafts out (the pdfs fixture)
@pytest.mark.parametrize("name", DRAFTS)
def test_bookmarks_are_the_headings_in_order_and_only_they_are_tagged_as_headings(pdfs, name):
    document, path = pdf_of(pdfs, name)
    reader = pypdf.PdfReader(path)
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    expected = [(b.level, " ".join(((format_number(b.number) + " ") if b.numbered and b.number else "").split()
                                   + plain_text(b.runs).split())) for b in headings]
    assert outline(reader) == expected
    found = tags(reader.trailer["/Root"]["/StructTreeRoot"])
    assert [t for t in found if t.startswith("H")] == [f"H{b.level}" for b in headings]
    assert found.count("Table") == sum(1 for b in document.blocks if type(b).__name__ == "Table" and b.rows)


@pytest.mark.office  # LibreOffice lays the drafts out (the pdfs fixture)
def test_the_text_holds_every_number_and_the_pages_are_a4(pdfs):
    document, path = pdf_of(pdfs, "default")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for number in ("1.1", "4.3", "4.3.1", "Table 1:", "Figure 1:"):
        assert f"\n{number}" in text or f" {number}" in text, number
    found = info(path)
    assert found["Page size"].startswith("595.") and 10 <= int(found["Pages"]) <= 20


def test_libreoffice_is_given_numbers_as_text_and_charts_as_pictures(example_draft, example_project):
    from narrator.writers import render_docx

    parts = dict(read_zip(render_docx(example_draft.document, writer_options(example_project))))
    given = dict(read_zip(for_libreoffice(render_docx(example_draft.document, writer_options(example_project)))))
    assert {name: data for name, data in given.items() if name not in ("word/numbering.xml", "word/document.xml")} == \
        {name: data for name, data in parts.items() if name not in ("word/numbering.xml", "word/document.xml")}
    assert b"SEQ Outline" in parts["word/document.xml"] and b"SEQ Outline" not in given["word/document.xml"]
    assert b"<w:t>4.3.1</w:t><w:tab/>" in given["word/document.xml"]
    # each chart's native choice is gone: LibreOffice draws its picture, whose alt text reaches the PDF
    assert parts["word/document.xml"].count(b'Requires="wps"') == 4
    assert given["word/document.xml"].count(b'Requires="wps"') == 0
    assert given["word/document.xml"].count(b"<pic:pic") == 8


def test_without_libreoffice_the_build_says_how_to_install_it_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("NARRATOR_SOFFICE", raising=False)
    out = tmp_path / "report.pdf"
    assert cli.main(["build", "--data", str(Path(__file__).resolve().parents[2] / "data"), "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"narrator: {INSTALL}\n"
    assert not out.exists()


def test_a_named_soffice_that_is_not_there_is_said_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NARRATOR_SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / "report.pdf"
    assert cli.main(["build", "--data", str(Path(__file__).resolve().parents[2] / "data"), "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"narrator: NARRATOR_SOFFICE={tmp_path / 'no-soffice'}: no such program; {INSTALL}\n"
    assert not out.exists()

