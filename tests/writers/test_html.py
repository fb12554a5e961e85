"""The web page: one self-contained, accessible page of the same document as the Word draft.

Structure is checked here by walking the page's elements; tests/writers/test_html_browser.py opens
it in a real browser (axe-core, screenshots)."""

from __future__ import annotations

import re

import pytest
from lxml import etree, html

from narrator.document.numbering import format_number
from narrator.model import Cell, Chart, Document, Heading, Paragraph, Row, Table, Text, plain_text
from narrator.pipeline import writer_options
from narrator.writers import render_html
from narrator.writers.legend import LegendPiece, colour_name, legend_pieces

DRAFTS = ("default", "starter", "home office")


@pytest.fixture(scope="module")
def pages(reader_drafts):
    return {name: (draft.document, render_html(draft.document, writer_options(project)))
            for name, (project, draft) in reader_drafts.items()}


def page_of(pages, name):
    if name not in pages:
        pytest.skip(f"no {name} draft: the Home Office table is not in shared/public-data")
    document, text = pages[name]
    return document, text, html.document_fromstring(text)


def words(element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.mark.parametrize("name", DRAFTS)
def test_language_title_landmarks_and_one_h1(pages, name):
    document, text, root = page_of(pages, name)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    assert root.findtext(".//head/title") == " ".join(document.title.split())
    assert [words(h) for h in root.iter("h1")] == [" ".join(document.title.split())]
    assert len(root.findall(".//main")) == 1
    assert root.find(".//head/meta[@charset='utf-8']") is not None


@pytest.mark.parametrize("name", DRAFTS)
def test_headings_in_order_numbered_as_in_the_document(pages, name):
    document, _, root = page_of(pages, name)
    shown = [(int(h.tag[1]), words(h)) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6") if h.get("id") != "notes"]
    levels = [level for level, _ in shown]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels  # never skips a level going down
    expected = [(1, " ".join(document.title.split()))] + [
        (b.level + 1, " ".join(((format_number(b.number) + " ") if b.numbered and b.number else "") .split() + plain_text(b.runs).split()))
        for b in document.blocks if isinstance(b, Heading)
    ]
    assert shown == expected


@pytest.mark.parametrize("name", DRAFTS)
def test_every_numbered_paragraph_carries_its_number_as_text(pages, name):
    document, _, root = page_of(pages, name)
    numbered = [b for b in document.blocks if isinstance(b, Paragraph) and b.numbered]
    shown = root.xpath("//p[@class='numbered']")
    assert [p.get("id") for p in shown] == [f"p{format_number(b.number)}" for b in numbered]
    assert [p.find("span").text for p in shown] == [format_number(b.number) for b in numbered]
    # the text in a column of its own beside the number (html.css: a grid), so every line starts at one edge
    assert all([c.get("class") for c in p] == ["number", "text"] for p in shown)
    text = [" ".join("".join(p.xpath(".//text()[not(ancestor::sup)]")).split()[1:]) for p in shown]
    assert text == [" ".join(plain_text(b.runs).split()) for b in numbered]


@pytest.mark.parametrize("name", DRAFTS)
def test_tables_have_captions_header_cells_with_scope_and_the_words_of_the_judgements(pages, name):
    document, _, root = page_of(pages, name)
    tables = [b for b in document.blocks if isinstance(b, Table) and b.rows]
    shown = root.xpath("//main//table[not(@class='data')]")
    assert len(shown) == len(tables)
    for table, element in zip(tables, shown):
        caption = element.find("caption")
        if table.caption:
            assert words(caption) == " ".join(f"Table {table.number}: {table.caption}".split())
        else:
            assert caption is None
        head = element.find("thead")
        if table.rows[0].kind == "header":
            assert head.xpath(".//th[@scope='col']")
        else:  # labelled values: each row headed by its first cell
            assert head is None and all(tr[0].tag == "th" and tr[0].get("scope") == "row" for tr in element.find("tbody"))
        assert all(th.get("scope") in ("col", "row", "rowgroup") for th in element.iter("th"))
        for row in table.rows:
            for cell in row.cells:
                if cell.tone in ("good", "bad") and plain_text(cell.runs).strip():  # neutral: unshaded
                    tone = f"tone-{cell.tone}"
                    assert any(words(td) == " ".join(plain_text(cell.runs).split()) for td in element.xpath(f".//*[contains(@class,'{tone}')]"))


def test_a_continued_cell_is_merged_into_the_one_above(pages):
    _, _, root = page_of(pages, "default")
    focus = root.xpath("//th[normalize-space()='Focus for the Force']")
    assert len(focus) == 1 and int(focus[0].get("rowspan")) > 1


def test_group_rows_open_a_row_group_and_an_empty_table_places_nothing():
    rows = (Row((Cell((Text("Measure"),)), Cell((Text("Value"),))), kind="header"),
            Row((Cell((Text("VICTIMS"),)),), kind="group"), Row((Cell((Text("A"),)), Cell((Text("1"),), align="right"))),
            Row((Cell((Text("OFFENDERS"),)),), kind="group"), Row((Cell((Text("B"),)), Cell((Text("2"),), align="right"))))
    root = html.document_fromstring(render_html(Document("T", blocks=(Table("t", rows), Table("e", ())))))
    assert len(root.xpath("//table")) == 1
    bodies = root.xpath("//table/tbody")
    assert [[words(th) for th in body.xpath(".//th")] for body in bodies] == [["VICTIMS", "A"], ["OFFENDERS", "B"]]
    assert [th.get("scope") for th in root.xpath("//tbody/tr[@class='group']/th")] == ["rowgroup", "rowgroup"]
    assert [th.get("colspan") for th in root.xpath("//tbody/tr[@class='group']/th")] == ["2", "2"]


def test_the_legend_names_the_words_beside_each_colour(pages):
    document, _, root = page_of(pages, "default")
    legends = root.xpath("//p[contains(@class,'legend')]")
    assert len(legends) == 1
    swatches = {s.get("class"): words(s) for s in legends[0].xpath("span[contains(@class,'swatch')]")}
    assert swatches == {"swatch tone-good": "Lower / Improved", "swatch tone-bad": "red"}
    assert words(legends[0]).startswith("Perf v Benchmark: Lower / Improved a change the test finds, in the direction the force aims for, red in the other direction;")
    # the legend comes right after the first table with a shaded cell
    assert legends[0].getprevious().get("class") == "table-wrap"


def test_legend_pieces_and_colour_names():
    judged = Document("T", blocks=(Table("t", rows=(Row((Cell((Text("Improved"),), tone="good"),)),
                                                    Row((Cell((Text("Lower"),), tone="good"),)),
                                                    Row((Cell((Text("Improved"),), tone="good"),)))),))
    assert legend_pieces("A {good} B {bad} C {none}", {"good": "C6EFCE", "bad": "FFC7CE"}, judged) == [
        LegendPiece("A "), LegendPiece("Improved / Lower", "good", "C6EFCE"), LegendPiece(" B "),
        LegendPiece("red", "bad", "FFC7CE"), LegendPiece(" C "),
    ]
    assert legend_pieces("{good} x", {"good": ""}, judged) == [LegendPiece(" x")]
    assert [colour_name(c) for c in ("C6EFCE", "FFC7CE", "FFEB9C", "D9D9D9", "9BC2E6")] == ["green", "red", "yellow", "grey", "blue"]


@pytest.mark.parametrize("name", DRAFTS)
def test_charts_are_inline_svg_with_text_alternatives_and_their_data(pages, name):
    document, _, root = page_of(pages, name)
    charts = [b for b in document.blocks if isinstance(b, Chart)]
    figures = root.xpath("//figure")
    assert len(figures) == len(charts)
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    for chart, figure in zip(charts, figures):
        svg = figure.find("svg")
        assert svg.get("role") == "img"
        title, desc = (root.get_element_by_id(i) for i in svg.get("aria-labelledby").split())
        assert (title.tag, title.text, desc.tag, desc.text) == ("title", chart.caption, "desc", chart.alt_text)
        assert words(figure.find("figcaption")) == " ".join(f"Figure {chart.number}: {chart.caption}".split())
        data = figure.find("details/table")
        assert [words(th) for th in data.find("thead").iter("th")] == ["Month", *(s.name for s in chart.series)]
        assert [words(tr.find("th")) for tr in data.find("tbody")] == list(chart.categories)


def test_the_data_table_prints_values_as_the_chart_labels_do(pages):
    document, _, root = page_of(pages, "default")
    chart = next(b for b in document.blocks if isinstance(b, Chart))
    first = root.xpath("//figure//details//tbody/tr")[0]
    expected = [f"{s.values[0]:,.0f}" for s in chart.series]
    assert chart.number_format == "#,##0"
    assert [words(td) for td in first.findall("td")] == expected


def test_footnotes_link_both_ways(pages):
    document, _, root = page_of(pages, "default")
    refs = root.xpath("//sup[@class='ref']/a")
    notes = root.xpath("//section[@class='footnotes']//li")
    assert len(notes) == len(document.footnotes) > 0
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for ref in refs:
        assert ref.get("href")[1:] in ids and ref.get("aria-label") == f"Note {ref.text}"
    backs = root.xpath("//a[@class='back']")
    assert {b.get("href")[1:] for b in backs} == {r.get("id") for r in refs}
    assert all(words(b).startswith("Back to reference ") and words(b).endswith(" in the text") for b in backs)


def test_every_figure_of_the_document_is_on_the_page_with_its_fact(pages, example_draft):
    document, _, root = page_of(pages, "default")
    from tests.conftest import figures

    shown = [(span.get("data-fact"), span.text) for span in root.xpath("//span[@class='figure']")]
    assert shown == [(f.fact_id, f.text) for f in figures(document)]


def test_the_style_sheet_is_inline_with_print_styles_and_no_external_file(pages):
    _, text, root = page_of(pages, "default")
    style = root.findtext(".//head/style")
    assert "@media print" in style and "print-color-adjust: exact" in style
    assert ".tone-good { background-color: #C6EFCE; }" in style
    assert not root.xpath("//link | //script | //img | //*[@src]")
    assert not root.xpath("//*[starts-with(@href,'http') or starts-with(@xlink:href,'http')]",
                          namespaces={"xlink": "http://www.w3.org/1999/xlink"})


def test_the_same_document_gives_the_same_bytes(example_project, example_draft):
    options = writer_options(example_project)
    assert render_html(example_draft.document, options) == render_html(example_draft.document, options)


def test_it_parses_as_xml_free_html(pages):
    _, text, _ = page_of(pages, "default")
    parser = etree.HTMLParser(recover=False)
    etree.fromstring(text.encode(), parser)
