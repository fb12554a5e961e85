"""The default draft as LibreOffice lays it out: the numbers, captions and footnotes Word's
own machinery computes (list numbering, SEQ fields, footnotes) appear where they should,
and follow when a paragraph is inserted and a table deleted; the native charts are drawn,
with their captions; and no page but the last is left more than 15% blank.

Needs LibreOffice (``soffice``) and poppler (``pdftotext``); skips with the reason when
either is missing. ``.ci/run`` installs both.
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from lxml import etree
from pages import PDFTOPPM, PDFTOTEXT, SOFFICE, TIMEOUT, blank_shares, pdf_text, to_pdf

from narrator.document.numbering import format_number
from narrator.model import (
    Chart,
    Figure,
    FootnoteRef,
    Heading,
    Paragraph,
    Table,
    Text,
    plain_text,
)
from narrator.pipeline import build_draft, writer_options
from narrator.project import load_project
from narrator.scaffold import init_project
from narrator.word.numbertext import number_prefix
from narrator.word.ranges import paragraph_text
from narrator.writers import render_docx

pytestmark = [
    pytest.mark.office,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (no soffice on PATH); "
                       "install libreoffice-writer-nogui, as .ci/run does, to check the PDF layout"),
    pytest.mark.skipif(PDFTOTEXT is None or PDFTOPPM is None,
                       reason="pdftotext or pdftoppm is not installed; install poppler-utils, as .ci/run does"),
]
BLANK = 0.15  # no page but the last may have a blank band taller than this share of its body (see tests/pages.py)


def to_pdf_text(documents: dict[str, bytes], folder: Path) -> dict[str, str]:
    """Each .docx converted by LibreOffice headless (one run, its own profile), as pdftotext's text."""
    try:
        pdfs = to_pdf(documents, folder)
    except subprocess.TimeoutExpired:
        pytest.fail(f"LibreOffice took more than {TIMEOUT} s to convert {len(documents)} files")
    return {name: pdf_text(pdf) for name, pdf in pdfs.items()}


def _words(text: str) -> str:
    return " ".join(text.split())


def block_text(block) -> str:
    return _words(plain_text(block.runs))


def shown_numbers(pdf_text: str, openings: list[str]) -> list[str | None]:
    """The label LibreOffice printed before each paragraph opening ``openings``, in order."""
    lines = [_words(line) for line in pdf_text.splitlines()]
    position, labels = 0, []
    for opening in openings:
        start = " ".join(opening.split()[:3])
        pattern = re.compile(rf"^(\S+) {re.escape(start)}")
        for index in range(position, len(lines)):
            match = pattern.match(lines[index])
            if match:
                labels.append(match.group(1))
                position = index + 1
                break
        else:
            labels.append(None)
    return labels


def _edited(data: bytes, opening: str) -> bytes:
    """The draft as an analyst leaves it: a paragraph inserted after the one opening with
    ``opening`` (Enter at its end, its number copied from that paragraph, then typing), and
    the first captioned table deleted with its caption. The stored numbers of the captions and
    of the paragraphs are made wrong, so only a live SEQ field prints the right one."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        root = etree.fromstring(source.read("word/document.xml"))
        body = root.find(qn("w:body"))
        (paragraph,) = [p for p in body.iterfind(qn("w:p")) if _words(paragraph_text(p)[0]).startswith(opening)]
        inserted = copy.deepcopy(paragraph)
        number = number_prefix(inserted)
        for child in list(inserted):
            if child.tag != qn("w:pPr") and not any(child is n for n in number):
                inserted.remove(child)
        run = etree.SubElement(inserted, qn("w:r"))
        etree.SubElement(run, qn("w:t")).text = "An inserted paragraph of the analyst's."
        paragraph.addnext(inserted)
        for each in body.iter(qn("w:p")):
            for instruction in [i for r in number_prefix(each) for i in r.iter(qn("w:instrText")) if "\\h" not in i.text]:
                instruction.getparent().getnext().getnext().find(qn("w:t")).text = "9"
        captions = [p for p in body.iterfind(qn("w:p")) if any("SEQ Table" in (i.text or "") for i in p.iter(qn("w:instrText")))]
        first = captions[0]
        body.remove(first.getprevious())  # the table
        body.remove(first)
        for caption in captions[1:]:
            for instruction in caption.iter(qn("w:instrText")):
                result = instruction.getparent().getnext().getnext()  # begin, instr, separate, result
                result.find(qn("w:t")).text = "9"
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in source.infolist():
                content = source.read(member)
                if member.filename == "word/document.xml":
                    content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                target.writestr(member, content)
    return out.getvalue()


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


@pytest.fixture(scope="module")
def draft(example_draft):
    return example_draft.document


@pytest.fixture(scope="module")
def numbered(draft):
    return [b for b in draft.blocks if isinstance(b, (Heading, Paragraph)) and b.numbered]


@pytest.fixture(scope="module")
def after_432(numbered):
    (block,) = [b for b in numbered if b.number == (4, 3, 2)]
    return block


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("lo")


@pytest.fixture(scope="module")
def pdf(folder, example_project, draft, after_432):
    """The default draft, an edited copy and the generic draft of a new project (`narrator init`),
    laid out by LibreOffice in one run: their PDFs' text."""
    data = render_docx(draft, writer_options(example_project))
    init_project(folder / "generic-project")
    generic = load_project(folder / "generic-project")
    documents = {
        "draft": data,
        "edited": _edited(data, block_text(after_432)),
        "generic": render_docx(build_draft(generic).document, writer_options(generic)),
    }
    return to_pdf_text(documents, folder)


def test_every_number_libreoffice_prints_is_the_one_number_blocks_computes(pdf, numbered):
    shown = shown_numbers(pdf["draft"], [block_text(b) for b in numbered])
    expected = [format_number(b.number) for b in numbered]
    assert shown == expected
    assert {"1.", "4.3", "4.3.1", "7.4.2"} <= set(shown)


def test_captions_are_numbered_by_their_seq_fields(pdf, draft):
    text = _words(pdf["draft"])
    captioned = [b for b in draft.blocks if isinstance(b, Table) and b.caption]
    assert [b.number for b in captioned] == [1, 2]
    for table in captioned:
        assert f"Table {table.number}: {_words(table.caption)}" in text


def test_footnotes_appear_at_the_foot_and_their_references_in_the_text(pdf, draft):
    lines = [_words(line) for line in pdf["draft"].splitlines()]
    text = _words(pdf["draft"])
    for note in draft.footnotes:
        opening = " ".join(plain_text(note.runs).split()[:4])
        (index,) = [i for i, line in enumerate(lines) if opening in line]
        before = " ".join(lines[max(0, index - 2) : index + 1])
        assert re.search(rf"(^|\s){note.number}(\s|$)", before), f"footnote {note.number} has no number"
    cited: dict[str, int] = {}
    for block in draft.blocks:
        runs = block.runs if not isinstance(block, (Table, Chart)) else ()
        for previous, run in zip(runs, runs[1:]):
            if isinstance(run, FootnoteRef) and isinstance(previous, (Text, Figure)):
                key = f"{previous.text.split()[-1]}{run.number}"
                cited[key] = cited.get(key, 0) + 1
    assert cited
    for key, count in cited.items():
        assert text.count(key) >= count, key  # a repeated reference (a NOTEREF field) prints too


def test_an_inserted_paragraph_and_a_deleted_table_renumber_the_rest(pdf, numbered, after_432):
    text = _words(pdf["edited"])
    follow = numbered[numbered.index(after_432) + 1]
    assert follow.number == (4, 3, 3)
    labels = shown_numbers(pdf["edited"], [block_text(after_432), "An inserted paragraph of", block_text(follow)])
    assert labels == ["4.3.2", "4.3.3", "4.3.4"]
    assert "Table 1: Youth Gang KPI" in text  # was Table 2; its stored number said 9
    assert "Table 2" not in text and "Median Prompt Response Times" not in text


def test_every_chart_is_drawn_with_its_figure_caption(pdf, draft):
    text = _words(pdf["draft"])
    charts = [b for b in draft.blocks if isinstance(b, Chart)]
    assert [c.number for c in charts] == [1, 2, 3, 4]
    for chart in charts:
        assert f"Figure {chart.number}: {_words(chart.caption)}" in text
    # the legends are drawn from the chart parts: only a chart LibreOffice could read shows them
    for name in ("Monthly average, 12 months to date", "1,000 a month"):  # the example has no control chart
        assert name in text
    assert text.count("2019/20 2020/21") >= 3  # the legends of the three year-on-year charts


@pytest.mark.parametrize("name, pages", [("draft", 10), ("generic", 2)])
def test_no_page_but_the_last_is_more_than_15_percent_blank(pdf, folder, name, pages):
    shares = blank_shares(folder / f"{name}.pdf")
    assert len(shares) >= pages
    assert {page: round(share, 2) for page, share in enumerate(shares[:-1], start=1) if share > BLANK} == {}
