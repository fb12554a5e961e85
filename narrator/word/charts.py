"""Native Word charts: a DrawingML chart part, its data in an embedded workbook, and the drawing.

Contract: :func:`chart_xml` returns the bytes of a chart part (``c:chartSpace``) drawing a
:class:`LineChart` (categories along the bottom, one value axis, a legend below), with every
value cached in the part, so that Word and LibreOffice draw it without opening the workbook;
:func:`workbook` returns the bytes of the small .xlsx that holds the same data (Word's
"Edit Data" opens it; its cells are what the chart's formulas ``Sheet1!$B$2:$B$13`` name);
:func:`drawing` returns the run that places the chart inline, with its alt text. Elements are
written in the order of the ECMA-376 schema (dml-chart.xsd, dml-main.xsd, dml-wordprocessing
Drawing.xsd): :data:`ORDER` transcribes the sequences used, and a test checks every element
against it. The bytes depend only on the arguments: no ids, dates or names from the clock.

Why native and not a picture: the analyst can restyle the chart in Word (colours, fonts,
axis), and its data travel with it. The look is set here once: no border, light grid
lines, no markers, lines in the colours given, text in the given typeface; a line with a ``marker`` is drawn as dots
alone (a dot chart of forces).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from ..zipfiles import write_zip
from .xml import escape

__all__ = ["CHART_TYPE", "DRAWING_NAMESPACES", "ORDER", "WORKBOOK_TYPE", "Line", "LineChart", "chart_xml", "drawing", "workbook"]

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# declared on the document's root (narrator.word.package), where every reader looks them up
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
PICTURE_FIRST = "urn:narrator:picture-first"  # a namespace no reader understands (see drawing)
DRAWING_NAMESPACES = {"wp": WP_NS, "a": A_NS, "pic": PIC_NS, "c": C_NS, "mc": MC_NS, "wps": WPS_NS, "np": PICTURE_FIRST}
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EMU_PER_POINT = 12700
CATEGORY_AXIS, VALUE_AXIS = 500100, 500200
GRID, AXIS_LINE, TEXT = "D9D9D9", "A6A6A6", "404040"
DATE_FORMAT = "mmm yyyy"

# Child sequences of the elements written here, in schema order.
ORDER: dict[str, tuple[str, ...]] = {
    "c:chartSpace": ("c:date1904", "c:lang", "c:roundedCorners", "c:style", "c:clrMapOvr", "c:pivotSource",
                     "c:protection", "c:chart", "c:spPr", "c:txPr", "c:externalData", "c:printSettings",
                     "c:userShapes", "c:extLst"),
    "c:chart": ("c:title", "c:autoTitleDeleted", "c:pivotFmts", "c:view3D", "c:floor", "c:sideWall", "c:backWall",
                "c:plotArea", "c:legend", "c:plotVisOnly", "c:dispBlanksAs", "c:showDLblsOverMax", "c:extLst"),
    "c:plotArea": ("c:layout", "c:lineChart", "c:catAx", "c:dateAx", "c:valAx", "c:dTable", "c:spPr", "c:extLst"),
    "c:lineChart": ("c:grouping", "c:varyColors", "c:ser", "c:dLbls", "c:dropLines", "c:hiLowLines",
                    "c:upDownBars", "c:marker", "c:smooth", "c:axId", "c:extLst"),
    "c:ser": ("c:idx", "c:order", "c:tx", "c:spPr", "c:marker", "c:dPt", "c:dLbls", "c:trendline", "c:errBars",
              "c:cat", "c:val", "c:smooth", "c:extLst"),
    "c:marker": ("c:symbol", "c:size", "c:spPr", "c:extLst"),
    "c:tx": ("c:strRef", "c:v"),
    "c:strRef": ("c:f", "c:strCache", "c:extLst"),
    "c:numRef": ("c:f", "c:numCache", "c:extLst"),
    "c:strCache": ("c:ptCount", "c:pt", "c:extLst"),
    "c:numCache": ("c:formatCode", "c:ptCount", "c:pt", "c:extLst"),
    "c:catAx": ("c:axId", "c:scaling", "c:delete", "c:axPos", "c:majorGridlines", "c:minorGridlines", "c:title",
                "c:numFmt", "c:majorTickMark", "c:minorTickMark", "c:tickLblPos", "c:spPr", "c:txPr", "c:crossAx",
                "c:crosses", "c:auto", "c:lblAlgn", "c:lblOffset", "c:tickLblSkip", "c:tickMarkSkip",
                "c:noMultiLvlLbl", "c:extLst"),
    "c:dateAx": ("c:axId", "c:scaling", "c:delete", "c:axPos", "c:majorGridlines", "c:minorGridlines", "c:title",
                 "c:numFmt", "c:majorTickMark", "c:minorTickMark", "c:tickLblPos", "c:spPr", "c:txPr", "c:crossAx",
                 "c:crosses", "c:auto", "c:lblOffset", "c:baseTimeUnit", "c:majorUnit", "c:majorTimeUnit",
                 "c:minorUnit", "c:minorTimeUnit", "c:extLst"),
    "c:valAx": ("c:axId", "c:scaling", "c:delete", "c:axPos", "c:majorGridlines", "c:minorGridlines", "c:title",
                "c:numFmt", "c:majorTickMark", "c:minorTickMark", "c:tickLblPos", "c:spPr", "c:txPr", "c:crossAx",
                "c:crosses", "c:crossBetween", "c:majorUnit", "c:minorUnit", "c:dispUnits", "c:extLst"),
    "c:scaling": ("c:logBase", "c:orientation", "c:max", "c:min", "c:extLst"),
    "c:majorGridlines": ("c:spPr",),
    "c:legend": ("c:legendPos", "c:legendEntry", "c:layout", "c:overlay", "c:spPr", "c:txPr", "c:extLst"),
    "c:legendEntry": ("c:idx", "c:delete", "c:txPr", "c:extLst"),
    "c:externalData": ("c:autoUpdate",),
    "c:spPr": ("a:xfrm", "a:prstGeom", "a:noFill", "a:solidFill", "a:ln", "a:effectLst", "a:extLst"),
    "c:txPr": ("a:bodyPr", "a:lstStyle", "a:p"),
    "a:ln": ("a:noFill", "a:solidFill", "a:prstDash", "a:round", "a:headEnd", "a:tailEnd", "a:extLst"),
    "a:p": ("a:pPr", "a:r", "a:endParaRPr"),
    "a:pPr": ("a:lnSpc", "a:spcBef", "a:spcAft", "a:defRPr"),
    "a:defRPr": ("a:ln", "a:noFill", "a:solidFill", "a:effectLst", "a:latin", "a:ea", "a:cs", "a:sym"),
    "a:solidFill": ("a:srgbClr",),
    "wp:inline": ("wp:extent", "wp:effectExtent", "wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"),
    "a:graphic": ("a:graphicData",),
    "a:graphicData": ("c:chart", "pic:pic"),
    "pic:pic": ("pic:nvPicPr", "pic:blipFill", "pic:spPr"),
    "pic:nvPicPr": ("pic:cNvPr", "pic:cNvPicPr"),
    "pic:blipFill": ("a:blip", "a:srcRect", "a:stretch"),
    "pic:spPr": ("a:xfrm", "a:prstGeom"),
    "a:xfrm": ("a:off", "a:ext"),
}


@dataclass(frozen=True)
class Line:
    name: str
    values: tuple[float | None, ...]
    colour: str  # hex RGB
    width: float  # points
    dash: str = "solid"  # a DrawingML preset: solid, dash, sysDash, sysDot
    legend: bool = True
    marker: int = 0  # points: a dot at each value and no line (a dot chart); 0: a line, no markers


@dataclass(frozen=True)
class LineChart:
    categories: tuple[str, ...]
    lines: tuple[Line, ...]
    axis: tuple[float, float, float]  # low, high, major step
    number_format: str  # the data's Excel format code
    axis_format: str  # the value axis labels' format code
    font: str  # typeface of every text; "" leaves it to the document
    dates: tuple[int, ...] = ()  # the categories as dates (Excel serial days): a date axis, labelled every `label_months`
    label_months: int = 12
    language: str = "en-GB"


def _number(value: float) -> str:
    """A value as the chart part and the workbook store it: the shortest exact form."""
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))


class _Builder:
    """Elements in the chart (c:) and drawing (a:) namespaces."""

    def __init__(self, chart: LineChart) -> None:
        self.chart = chart

    def c(self, tag: str, *children: etree._Element | None, **attributes: object) -> etree._Element:
        return self._element(C_NS, tag, children, attributes)

    def a(self, tag: str, *children: etree._Element | None, **attributes: object) -> etree._Element:
        return self._element(A_NS, tag, children, attributes)

    @staticmethod
    def _element(namespace: str, tag: str, children, attributes) -> etree._Element:
        element = etree.Element(f"{{{namespace}}}{tag}")
        for name, value in attributes.items():
            if value is not None:
                element.set(name.rstrip("_"), str(value))
        for child in children:
            if child is not None:
                element.append(child)
        return element

    def val(self, tag: str, value: object) -> etree._Element:
        return self.c(tag, val=value)

    def fill(self, colour: str) -> etree._Element:
        return self.a("solidFill", self.a("srgbClr", val=colour))

    def outline(self, colour: str | None, width: float = 0.75, dash: str = "solid") -> etree._Element:
        if colour is None:
            return self.a("ln", self.a("noFill"))
        return self.a("ln", self.fill(colour), self.a("prstDash", val=dash), self.a("round"),
                      w=round(width * EMU_PER_POINT), cap="rnd")

    def text(self, size: int = 900, colour: str = TEXT) -> etree._Element:
        font = self.chart.font
        defaults = self.a("defRPr", self.fill(colour), self.a("latin", typeface=font) if font else None,
                          self.a("cs", typeface=font) if font else None, sz=size, b=0)
        return self.c("txPr", self.a("bodyPr"), self.a("lstStyle"),
                      self.a("p", self.a("pPr", defaults), self.a("endParaRPr", lang=self.chart.language)))

    def strings(self, reference: str, texts: Sequence[str]) -> etree._Element:
        cache = self.c("strCache", self.val("ptCount", len(texts)))
        for index, text in enumerate(texts):
            point = self.c("pt", idx=index)
            point.append(self.c("v"))
            point[0].text = text
            cache.append(point)
        formula = self.c("f")
        formula.text = reference
        return self.c("strRef", formula, cache)

    def numbers(self, reference: str, values: Sequence[float | None], number_format: str | None = None) -> etree._Element:
        code = self.c("formatCode")
        code.text = number_format or self.chart.number_format
        cache = self.c("numCache", code, self.val("ptCount", len(values)))
        for index, value in enumerate(values):
            if value is None:
                continue  # a gap: the line breaks there
            point = self.c("pt", idx=index)
            point.append(self.c("v"))
            point[0].text = _number(value)
            cache.append(point)
        formula = self.c("f")
        formula.text = reference
        return self.c("numRef", formula, cache)


def _column(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _plot(b: "_Builder", chart: LineChart) -> etree._Element:
    """The line chart's plot: one series per line, its values in the workbook's columns."""
    rows = len(chart.categories)
    categories = f"Sheet1!$A$2:$A${rows + 1}"
    plot = b.c("lineChart", b.val("grouping", "standard"), b.val("varyColors", 0))
    for index, line in enumerate(chart.lines):
        column = _column(index + 1)
        series = b.c(
            "ser",
            b.val("idx", index),
            b.val("order", index),
            b.c("tx", b.strings(f"Sheet1!${column}$1", [line.name])),
            b.c("spPr", b.outline(None) if line.marker else b.outline(line.colour, line.width, line.dash)),
            b.c("marker", b.val("symbol", "circle"), b.val("size", line.marker),
                b.c("spPr", b.fill(line.colour), b.outline(line.colour))) if line.marker else b.c("marker", b.val("symbol", "none")),
            b.c("cat", b.numbers(categories, chart.dates, DATE_FORMAT) if chart.dates else b.strings(categories, chart.categories)),
            b.c("val", b.numbers(f"Sheet1!${column}$2:${column}${rows + 1}", line.values)),
            b.val("smooth", 0),
        )
        plot.append(series)
    plot.append(b.val("marker", 1))
    plot.append(b.val("axId", CATEGORY_AXIS))
    plot.append(b.val("axId", VALUE_AXIS))
    return plot


def _axes(b: "_Builder", chart: LineChart) -> tuple[etree._Element, etree._Element]:
    """The category axis (months, or dates along a time line) and the value axis."""
    low, high, step = chart.axis
    shared = (
        b.val("axId", CATEGORY_AXIS),
        b.c("scaling", b.val("orientation", "minMax")),
        b.val("delete", 0),
        b.val("axPos", "b"),
        b.c("numFmt", formatCode=DATE_FORMAT if chart.dates else "General", sourceLinked=0 if chart.dates else 1),
        b.val("majorTickMark", "out"),
        b.val("minorTickMark", "none"),
        b.val("tickLblPos", "low"),
        b.c("spPr", b.outline(AXIS_LINE)),
        b.text(),
        b.val("crossAx", VALUE_AXIS),
        b.val("crosses", "autoZero"),
    )
    if chart.dates:  # months along a time line, a label every label_months
        category_axis = b.c("dateAx", *shared, b.val("auto", 0), b.val("lblOffset", 100), b.val("baseTimeUnit", "months"),
                            b.val("majorUnit", chart.label_months), b.val("majorTimeUnit", "months"))
    else:
        category_axis = b.c("catAx", *shared, b.val("auto", 1), b.val("lblAlgn", "ctr"), b.val("lblOffset", 100),
                            b.val("noMultiLvlLbl", 0))
    value_axis = b.c(
        "valAx",
        b.val("axId", VALUE_AXIS),
        b.c("scaling", b.val("orientation", "minMax"), b.val("max", _number(high)), b.val("min", _number(low))),
        b.val("delete", 0),
        b.val("axPos", "l"),
        b.c("majorGridlines", b.c("spPr", b.outline(GRID, 0.5))),
        b.c("numFmt", formatCode=chart.axis_format, sourceLinked=0),
        b.val("majorTickMark", "none"),
        b.val("minorTickMark", "none"),
        b.val("tickLblPos", "nextTo"),
        b.c("spPr", b.outline(None)),
        b.text(),
        b.val("crossAx", CATEGORY_AXIS),
        b.val("crosses", "autoZero"),
        b.val("crossBetween", "between"),
        b.val("majorUnit", _number(step)),
    )
    return category_axis, value_axis


def chart_xml(chart: LineChart, workbook_rel: str) -> bytes:
    """The chart part drawing ``chart``; ``workbook_rel`` is the id of its relationship to the workbook."""
    b = _Builder(chart)
    plot = _plot(b, chart)
    category_axis, value_axis = _axes(b, chart)
    legend = b.c("legend", b.val("legendPos", "b"))
    for index, line in enumerate(chart.lines):
        if not line.legend:
            legend.append(b.c("legendEntry", b.val("idx", index), b.val("delete", 1)))
    legend.append(b.val("overlay", 0))
    legend.append(b.text())
    space = b.c(
        "chartSpace",
        b.val("date1904", 0),
        b.val("lang", chart.language),
        b.val("roundedCorners", 0),
        b.c(
            "chart",
            b.val("autoTitleDeleted", 1),
            b.c("plotArea", b.c("layout"), plot, category_axis, value_axis, b.c("spPr", b.a("noFill"), b.outline(None))),
            legend,
            b.val("plotVisOnly", 1),
            b.val("dispBlanksAs", "gap"),
        ),
        b.c("spPr", b.fill("FFFFFF"), b.outline(None)),
        b.text(),
        b.c("externalData", b.val("autoUpdate", 0)),
    )
    space[-1].set(f"{{{R_NS}}}id", workbook_rel)
    root = etree.Element(f"{{{C_NS}}}chartSpace", nsmap={"c": C_NS, "a": A_NS, "r": R_NS})
    for child in space:
        root.append(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- the embedded workbook ------------------------------------------------------------------

_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def workbook(chart: LineChart) -> bytes:
    """The .xlsx holding the chart's data: categories in column A, a line per column from B, names in row 1."""
    def cell(reference: str, value: str | float | None, style: int = 1) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
        return f'<c r="{reference}" s="{style}"><v>{_number(value)}</v></c>'

    rows = ['<row r="1">' + "".join(cell(f"{_column(i + 1)}1", line.name) for i, line in enumerate(chart.lines)) + "</row>"]
    for r, category in enumerate(chart.categories, start=2):
        cells = (cell(f"A{r}", chart.dates[r - 2], style=2) if chart.dates else cell(f"A{r}", category)) + "".join(
            cell(f"{_column(i + 1)}{r}", line.values[r - 2]) for i, line in enumerate(chart.lines)
        )
        rows.append(f'<row r="{r}">{cells}</row>')
    sheet = (f'{_DECLARATION}<worksheet xmlns="{_SML}"><sheetData>{"".join(rows)}</sheetData></worksheet>')
    styles = (
        f'{_DECLARATION}<styleSheet xmlns="{_SML}">'
        f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{escape(chart.number_format, {chr(34): "&quot;"})}"/>'
        f'<numFmt numFmtId="165" formatCode="{DATE_FORMAT}"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Arial"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
    parts = {
        "[Content_Types].xml": (
            f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{_DECLARATION}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{_DECLARATION}<workbook xmlns="{_SML}" xmlns:r="{_REL}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_DECLARATION}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/styles.xml": styles,
    }
    return write_zip((name, text.encode("utf-8")) for name, text in parts.items())


# --- the drawing in the text --------------------------------------------------------------------


def drawing(chart_rel: str, shape_id: int, name: str, alt_text: str, width_emu: int, height_emu: int,
            picture_rel: str | None = None, picture_ids: tuple[int, int] = (0, 0)) -> etree._Element:
    """A ``w:r`` holding the chart inline, ``width_emu`` × ``height_emu``, with ``alt_text`` as its description.

    With ``picture_rel`` (an image part: the same chart drawn as a picture) the run holds an
    ``mc:AlternateContent`` of three: the picture for a reader that understands the namespace
    :data:`PICTURE_FIRST` (none does, but pandoc takes the first choice it can draw, and never the
    fallback: it drops a chart), the chart for one that understands Word 2010's shapes (Word,
    LibreOffice: it reads a choice that requires "wps", "wpg" or "w14" and no other), and the
    picture again as the fallback for any other reader. Picture and chart carry the same alt text;
    the pictures' drawings have the ids ``picture_ids``, so no two drawings of the file share one.
    """
    nsmap = {"w": W_NS, "wp": WP_NS, "a": A_NS, "c": C_NS, "r": R_NS}
    run = etree.Element(f"{{{W_NS}}}r", nsmap=nsmap)
    chart = etree.Element(f"{{{C_NS}}}chart")
    chart.set(f"{{{R_NS}}}id", chart_rel)
    if picture_rel is None:
        run.append(_inline(chart, C_NS, shape_id, name, alt_text, width_emu, height_emu))
        return run
    choices = etree.SubElement(run, f"{{{MC_NS}}}AlternateContent")
    for holder, content, uri, number in (
            (etree.SubElement(choices, f"{{{MC_NS}}}Choice", Requires="np"), None, PIC_NS, picture_ids[0]),
            (etree.SubElement(choices, f"{{{MC_NS}}}Choice", Requires="wps"), chart, C_NS, shape_id),
            (etree.SubElement(choices, f"{{{MC_NS}}}Fallback"), None, PIC_NS, picture_ids[1])):
        content = content if content is not None else _picture(picture_rel, name, alt_text, width_emu, height_emu)
        holder.append(_inline(content, uri, number, name, alt_text, width_emu, height_emu))
    return run


def _inline(content: etree._Element, uri: str, shape_id: int, name: str, alt_text: str, width_emu: int,
            height_emu: int) -> etree._Element:
    """``w:drawing`` placing ``content`` (a chart or a picture) inline, its description ``alt_text``."""
    inline = etree.SubElement(etree.Element(f"{{{W_NS}}}drawing"), f"{{{WP_NS}}}inline",
                              distT="0", distB="0", distL="0", distR="0")
    etree.SubElement(inline, f"{{{WP_NS}}}extent", cx=str(width_emu), cy=str(height_emu))
    etree.SubElement(inline, f"{{{WP_NS}}}effectExtent", l="0", t="0", r="0", b="0")
    etree.SubElement(inline, f"{{{WP_NS}}}docPr", id=str(shape_id), name=name, descr=alt_text)
    etree.SubElement(inline, f"{{{WP_NS}}}cNvGraphicFramePr")
    graphic = etree.SubElement(inline, f"{{{A_NS}}}graphic")
    etree.SubElement(graphic, f"{{{A_NS}}}graphicData", uri=uri).append(content)
    return inline.getparent()


def _picture(picture_rel: str, name: str, alt_text: str, width_emu: int, height_emu: int) -> etree._Element:
    """``pic:pic`` showing the image part ``picture_rel`` stretched over ``width_emu`` × ``height_emu``."""
    pic = etree.Element(f"{{{PIC_NS}}}pic", nsmap={"pic": PIC_NS})
    names = etree.SubElement(pic, f"{{{PIC_NS}}}nvPicPr")
    etree.SubElement(names, f"{{{PIC_NS}}}cNvPr", id="0", name=f"{name} picture", descr=alt_text)
    etree.SubElement(names, f"{{{PIC_NS}}}cNvPicPr")
    fill = etree.SubElement(pic, f"{{{PIC_NS}}}blipFill")
    etree.SubElement(fill, f"{{{A_NS}}}blip").set(f"{{{R_NS}}}embed", picture_rel)
    etree.SubElement(etree.SubElement(fill, f"{{{A_NS}}}stretch"), f"{{{A_NS}}}fillRect")
    shape = etree.SubElement(pic, f"{{{PIC_NS}}}spPr")
    frame = etree.SubElement(shape, f"{{{A_NS}}}xfrm")
    etree.SubElement(frame, f"{{{A_NS}}}off", x="0", y="0")
    etree.SubElement(frame, f"{{{A_NS}}}ext", cx=str(width_emu), cy=str(height_emu))
    etree.SubElement(etree.SubElement(shape, f"{{{A_NS}}}prstGeom", prst="rect"), f"{{{A_NS}}}avLst")
    return pic
