"""Native Word charts, read back: the chart part, its embedded workbook, the drawing and its caption."""

from __future__ import annotations

import io
import posixpath

import openpyxl
import pytest
from docx.oxml.ns import qn
from lxml import etree

from narrator.model import Chart, Document
from narrator.writers import WriterOptions, render_docx
from narrator.word.charts import A_NS, C_NS, MC_NS, PIC_NS, PICTURE_FIRST, WP_NS, WPS_NS
from narrator.writers.svg import render_chart_svg

from .wordxml import chart_out_of_order as out_of_order

from .wordxml import Package, text, top_paragraphs

C = f"{{{C_NS}}}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
COLOURS = {"current": "1F4E79", "previous": "A6A6A6", "mean": "595959", "limit": "7F7F7F", "monthly": "9DC3E6",
           "rolling": "1F4E79", "threshold": "C00000"}


@pytest.fixture(scope="module")
def charts(example_draft):
    return [b for b in example_draft.document.blocks if isinstance(b, Chart)]


@pytest.fixture(scope="module")
def package(charts):
    document = Document(title="T", blocks=tuple(charts))
    return Package(render_docx(document, WriterOptions(chart_colours=COLOURS, chart_font="Arial")))


def relationships(package: Package, part: str) -> dict[str, tuple[str, str]]:
    folder, name = posixpath.split(part)
    rels = package.xml(f"{folder}/_rels/{name}.rels")
    return {r.get("Id"): (r.get("Type").rsplit("/", 1)[-1], posixpath.normpath(posixpath.join(folder, r.get("Target"))))
            for r in rels.iter(f"{RELS}Relationship")}


def chart_parts(package: Package) -> list[str]:
    """The chart parts in the order the document's drawings refer to them."""
    rels = relationships(package, "word/document.xml")
    return [rels[c.get(qn("r:id"))][1] for c in package.body.iter(f"{C}chart")]


def test_each_chart_is_a_chart_part_drawn_inline_with_its_alt_text(package, charts):
    assert chart_parts(package) == [f"word/charts/chart{n}.xml" for n in (1, 2, 3, 4)]
    inlines = [i for i in package.body.iter(f"{{{WP_NS}}}inline") if i.find(f".//{C}chart") is not None]
    descriptions = [i.find(f"{{{WP_NS}}}docPr").get("descr") for i in inlines]
    assert descriptions == [chart.alt_text for chart in charts]
    ids = [i.find(f"{{{WP_NS}}}docPr").get("id") for i in inlines]
    assert len(set(ids)) == len(ids)
    extent = inlines[0].find(f"{{{WP_NS}}}extent")
    assert (int(extent.get("cx")), int(extent.get("cy"))) == (9070 * 635, 6 * 360000)  # the text's width, 6 cm high
    types = package.xml("[Content_Types].xml")
    declared = {o.get("PartName"): o.get("ContentType") for o in types}
    assert declared["/word/charts/chart1.xml"] == "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


def test_each_chart_has_its_picture_for_readers_without_charts(package, charts):
    """Pandoc takes the first choice it can draw (the picture); Word and LibreOffice the chart (their
    choice requires "wps"); any other reader the fallback: the chart drawn by our own SVG writer."""
    rels = relationships(package, "word/document.xml")
    alternates = list(package.body.iter(f"{{{MC_NS}}}AlternateContent"))
    assert len(alternates) == len(charts)
    for alternate, chart in zip(alternates, charts):
        kinds = [(etree.QName(holder).localname, holder.get("Requires"),
                  etree.QName(holder.find(f".//{{{A_NS}}}graphicData")[0]).localname) for holder in alternate]
        assert kinds == [("Choice", "np", "pic"), ("Choice", "wps", "chart"), ("Fallback", None, "pic")]
        assert [h.find(f".//{{{WP_NS}}}docPr").get("descr") for h in alternate] == [chart.alt_text] * 3
        assert alternate.find(f".//{{{PIC_NS}}}cNvPr").get("descr") == chart.alt_text
        picture = rels[alternate.find(f".//{{{A_NS}}}blip").get(qn("r:embed"))]
        assert picture[0] == "image" and picture[1].endswith(".svg")
        assert package.zip.read(picture[1]).decode() == render_chart_svg(chart, WriterOptions(chart_colours=COLOURS, chart_font="Arial"))
    root = package.document  # every prefix a choice requires is declared on the root, where readers look
    assert {root.nsmap["np"], root.nsmap["wps"], root.nsmap["mc"]} == {PICTURE_FIRST, WPS_NS, MC_NS}
    types = {o.get("PartName"): o.get("ContentType") for o in package.xml("[Content_Types].xml")}
    assert types["/word/media/chart1.svg"] == "image/svg+xml"


def test_captions_are_numbered_figures_below_their_charts(package, charts):
    captions = [p for p in top_paragraphs(package) if "SEQ Figure" in "".join(i.text for i in p.iter(qn("w:instrText")))]
    assert [text(p) for p in captions] == [f"Figure {c.number}: {c.caption}" for c in charts]
    drawing = captions[0].getprevious()
    assert drawing.find(f".//{{{WP_NS}}}inline") is not None
    assert drawing.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None  # a chart stays with its caption


def test_the_chart_parts_keep_schema_order(package):
    for part in chart_parts(package):
        assert out_of_order(package.xml(part)) == [], part
    assert out_of_order(package.document) == []


def test_the_chart_caches_every_value_it_draws(package, charts):
    for part, chart in zip(chart_parts(package), charts):
        root = package.xml(part)
        series = root.findall(f".//{C}ser")
        assert len(series) == len(chart.series)
        for element, line in zip(series, chart.series):
            assert element.find(f"{C}tx//{C}v").text == line.name
            points = {int(p.get("idx")): float(p.find(f"{C}v").text) for p in element.find(f"{C}val").iter(f"{C}pt")}
            assert points == {i: v for i, v in enumerate(line.values) if v is not None}
            colour = element.find(f"{C}spPr/{{http://schemas.openxmlformats.org/drawingml/2006/main}}ln//"
                                  "{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr").get("val")
            assert colour == COLOURS[line.role]
        scaling = root.find(f".//{C}valAx/{C}scaling")
        assert (float(scaling.find(f"{C}min").get("val")), float(scaling.find(f"{C}max").get("val"))) == chart.axis[:2]
        assert root.find(f"{C}roundedCorners").get("val") == "0"
        hidden = [int(e.find(f"{C}idx").get("val")) for e in root.iter(f"{C}legendEntry")]
        assert hidden == [i for i, line in enumerate(chart.series) if not line.legend]


def test_a_trend_chart_has_a_date_axis_and_a_year_on_year_chart_months(package, charts):
    kinds = [(package.xml(p).find(f".//{C}dateAx") is not None) for p in chart_parts(package)]
    assert kinds == [chart.kind == "trend" for chart in charts] == [False, True, False, False]


def test_each_chart_carries_its_data_in_a_workbook(package, charts):
    for part, chart in zip(chart_parts(package), charts):
        root = package.xml(part)
        kind, workbook = relationships(package, part)[root.find(f"{C}externalData").get(qn("r:id"))]
        assert kind == "package" and workbook.endswith(".xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(package.zip.read(workbook))).active
        assert [cell.value for cell in sheet[1][1:]] == [line.name for line in chart.series]
        for column, line in enumerate(chart.series, start=2):
            assert [sheet.cell(row, column).value for row in range(2, len(chart.categories) + 2)] == list(line.values)
        first = sheet.cell(2, 1).value
        if chart.kind == "trend":
            assert first.strftime("%Y-%m") == chart.months[0]  # a date, shown as "Apr 2016"
        else:
            assert first == chart.categories[0]
        formula = root.find(f".//{C}ser/{C}val/{C}numRef/{C}f").text
        assert formula == f"Sheet1!$B$2:$B${len(chart.categories) + 1}"


def test_chart_text_takes_the_house_font(package, charts):
    root = package.xml(chart_parts(package)[0])
    faces = {e.get("typeface") for e in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}latin")}
    assert faces == {"Arial"}


def test_charts_are_deterministic(charts):
    document = Document(title="T", blocks=tuple(charts))
    assert render_docx(document, WriterOptions(chart_colours=COLOURS)) == render_docx(document, WriterOptions(chart_colours=COLOURS))


def test_drawing_ids_follow_those_of_a_house_template(tmp_path, charts):
    """A logo in a house header keeps its drawing id; the charts (each the picture, the chart, the
    picture again: see the test above) take the next ones."""
    import docx

    house = docx.Document()
    paragraph = house.sections[0].header.paragraphs[0]
    paragraph._p.append(etree.fromstring(
        f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="{WP_NS}"><w:drawing>'
        '<wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="7" name="Logo"/></wp:inline></w:drawing></w:r>'))
    house.save(tmp_path / "house.docx")
    package = Package(render_docx(Document(title="T", blocks=tuple(charts[:2])), WriterOptions(reference=tmp_path / "house.docx")))
    assert [i.find(f"{{{WP_NS}}}docPr").get("id") for i in package.body.iter(f"{{{WP_NS}}}inline")] == \
        ["9", "8", "10", "12", "11", "13"]
