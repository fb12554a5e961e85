"""The Word draft against the accessibility rules that Word's Accessibility Checker and the UK
public-sector guidance apply, one test per rule, each walking the package's XML: on the default
example, the starter project and (where its table is present) a Home Office force's draft."""

from __future__ import annotations

import pytest
from lxml import etree

from narrator.model import Chart, Table
from narrator.pipeline import writer_options
from narrator.writers import render_docx
from narrator.zipfiles import read_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "wp": WP, "dc": "http://purl.org/dc/elements/1.1/",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
DRAFTS = ("default", "starter", "home office")


@pytest.fixture(scope="module")
def packages(reader_drafts):
    out = {}
    for name, (project, draft) in reader_drafts.items():
        parts = dict(read_zip(render_docx(draft.document, writer_options(project))))
        out[name] = (draft.document, {n: etree.fromstring(d) for n, d in parts.items() if n.endswith(".xml")})
    return out


def package(packages, name):
    if name not in packages:
        pytest.skip(f"no {name} draft: the Home Office table is not in shared/public-data")
    return packages[name]


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}t"))


def style_names(parts) -> dict[str, str]:
    return {s.get(f"{{{W}}}styleId"): s.find("w:name", NS).get(f"{{{W}}}val") for s in parts["word/styles.xml"].iterfind("w:style", NS)}


def style_of(paragraph) -> str | None:
    found = paragraph.find("w:pPr/w:pStyle", NS)
    return None if found is None else found.get(f"{{{W}}}val")


@pytest.mark.parametrize("name", DRAFTS)
def test_the_document_has_a_title_and_a_language(packages, name):
    document, parts = package(packages, name)
    assert parts["docProps/core.xml"].findtext("dc:title", namespaces=NS) == document.title
    assert parts["word/styles.xml"].find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(f"{{{W}}}val") == "en-GB"


@pytest.mark.parametrize("name", DRAFTS)
def test_headings_are_in_order(packages, name):
    _, parts = package(packages, name)
    names = style_names(parts)
    levels = [int(names[style_of(p)].split()[-1]) for p in parts["word/document.xml"].iter(f"{{{W}}}p")
              if style_of(p) and names.get(style_of(p), "").lower().startswith("heading ")]
    assert levels and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


@pytest.mark.parametrize("name", DRAFTS)
def test_every_table_repeats_its_header_row_and_has_a_caption_and_description(packages, name):
    document, parts = package(packages, name)
    tables = list(parts["word/document.xml"].iter(f"{{{W}}}tbl"))
    model = [b for b in document.blocks if isinstance(b, Table) and b.rows]
    assert len(tables) == len(model) > 0
    for table, block in zip(tables, model):
        first = table.find("w:tr", NS)
        look = table.find("w:tblPr/w:tblLook", NS)
        if block.rows[0].kind == "header":
            assert first.find("w:trPr/w:tblHeader", NS) is not None and look.get(f"{{{W}}}firstRow") == "1"
        else:  # a table of labelled values: the first column heads the rows
            assert look.get(f"{{{W}}}firstColumn") == "1" and look.get(f"{{{W}}}firstRow") == "0"
        caption = table.find("w:tblPr/w:tblCaption", NS)
        description = table.find("w:tblPr/w:tblDescription", NS)
        assert caption is not None and caption.get(f"{{{W}}}val").strip()
        assert description is not None and description.get(f"{{{W}}}val").startswith(" A table of ")
        if block.caption:
            assert caption.get(f"{{{W}}}val") == " ".join(block.caption.split())
            visible = table.getnext()
            assert style_of(visible) == "TableCaption"
            assert text(visible) == f"Table {block.number}: {' '.join(block.caption.split())}"


def test_a_table_description_names_its_headings(packages):
    _, parts = package(packages, "default")
    first = next(parts["word/document.xml"].iter(f"{{{W}}}tbl"))
    assert first.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val") == "PCP Pillar"
    assert first.find("w:tblPr/w:tblDescription", NS).get(f"{{{W}}}val") == " " + \
        "A table of 8 rows and after it the columns Victims; Offenders; Communities."  # the title is not said twice


@pytest.mark.parametrize("name", DRAFTS)
def test_every_chart_has_alt_text_and_nothing_floats(packages, name):
    document, parts = package(packages, name)
    body = parts["word/document.xml"]
    drawings = list(body.iter(f"{{{WP}}}docPr"))
    charts = [b for b in document.blocks if isinstance(b, Chart)]
    # each chart three times: the picture pandoc draws, the chart Word draws, the picture as fallback
    assert [d.get("descr") for d in drawings] == [c.alt_text for c in charts for _ in range(3)]
    ids = [d.get("id") for d in drawings]
    assert len(set(ids)) == len(ids)
    assert not list(body.iter(f"{{{WP}}}anchor"))  # every drawing inline: read where it stands


@pytest.mark.parametrize("name", DRAFTS)
def test_colour_never_carries_meaning_alone(packages, name):
    """Every shaded cell holds words, and every colour sample of the legend names the words it stands for."""
    _, parts = package(packages, name)
    body = parts["word/document.xml"]
    for cell in body.iter(f"{{{W}}}tc"):
        fill = cell.find("w:tcPr/w:shd", NS)
        if fill is not None and fill.get(f"{{{W}}}fill") not in (None, "auto", "FFFFFF", "D9D9D9", "F2F2F2"):
            assert text(cell).strip(), "a shaded cell with no words"
    samples = [r for r in body.iter(f"{{{W}}}r") if r.find("w:rPr/w:shd", NS) is not None]
    assert all(text(r).strip("\u00a0 ") for r in samples)


def test_the_legend_names_the_words_beside_each_colour(packages):
    _, parts = package(packages, "default")
    body = parts["word/document.xml"]
    samples = [(r.find("w:rPr/w:shd", NS).get(f"{{{W}}}fill"), text(r)) for r in body.iter(f"{{{W}}}r")
               if r.find("w:rPr/w:shd", NS) is not None]
    assert samples == [("C6EFCE", "\u00a0Lower / Improved\u00a0"), ("FFC7CE", "\u00a0red\u00a0")]


@pytest.mark.parametrize("name", DRAFTS)
def test_link_text_says_where_it_goes(packages, name):
    _, parts = package(packages, name)
    for link in parts["word/document.xml"].iter(f"{{{W}}}hyperlink"):
        words = " ".join(text(link).split()).lower()
        assert words and words not in {"here", "click here", "link", "this link", "read more", "more"}


def test_the_no_test_judgement_is_a_plain_hyphen(packages):
    """Word's non-breaking hyphen reads as U+2011 in other readers (pandoc): the lone '-' is a plain hyphen."""
    _, parts = package(packages, "default")
    cells = list(parts["word/document.xml"].iter(f"{{{W}}}tc"))
    assert [c for c in cells if text(c) == "-"]
    assert [c for c in cells if c.find(".//w:noBreakHyphen", NS) is not None] == []
