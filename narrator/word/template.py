"""The clean default template, generated in code.

Contract: :func:`default_template` returns the bytes of a minimal, valid .docx with an
empty body: A4 with 2.5 cm margins, a footer carrying the page number, settings in
Word 2013+ mode (so Word does not open it in "Compatibility Mode"), and the styles a
report needs (:data:`STYLE_NAMES`). :func:`default_styles` returns its ``w:styles``
element, from which :mod:`.styles` copies any style a house template lacks.

Why generated rather than a .docx shipped as package data: every byte of it is
reviewable in this file and diffs as text; nothing is inherited from another tool's
template (python-docx's says "python-docx" and carries a thumbnail, 440 kB of styles
and random revision ids); and output does not change when python-docx is upgraded.

Style design. Type is Arial 11 pt (the document defaults carry the font, so a style
copied into a house template takes the house font instead). Headings 1-9 and
"Numbered Paragraph 1-9" share one outline numbering (``SEQ`` fields: see :mod:`.numbering`); a numbered
paragraph's style is named by how many parts its number has ("Numbered Paragraph 3"
is 4.3.1), and pressing Enter in Word continues at the same level. Sizes are in half
points and spacing in twentieths of a point, as Word stores them.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache

from lxml import etree

from . import fields
from .xml import parse, serialize, w

__all__ = ["STYLE_NAMES", "TABLE_STYLE", "default_styles", "default_template"]

FONT = "Arial"
LANGUAGE = "en-GB"
A4 = (11906, 16838)  # twips
MARGIN = 1418  # 2.5 cm
HEADER_FOOTER = 709  # 1.25 cm
TEXT_WIDTH = A4[0] - 2 * MARGIN
LEVELS = 9

TABLE_STYLE = "Report Table"
HEADER_FILL = "D9D9D9"

W_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def _on(tag: str) -> etree._Element:
    return w(tag)


def _spacing(before: int | None = None, after: int | None = None, line: int | None = None) -> etree._Element:
    return w("spacing", before=before, after=after, line=line, lineRule="auto" if line else None)


def _size(half_points: int) -> list[etree._Element]:
    return [w("sz", val=half_points), w("szCs", val=half_points)]


def _style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    priority: int | None = None,
    quick: bool = False,
    semi_hidden: bool = False,
    ppr: list[etree._Element] | None = None,
    rpr: list[etree._Element] | None = None,
    tail: list[etree._Element] | None = None,
    default: bool = False,
) -> etree._Element:
    style = w("style", type=kind, styleId=style_id, default="1" if default else None)
    style.append(w("name", val=name))
    if based_on:
        style.append(w("basedOn", val=based_on))
    if next_style:
        style.append(w("next", val=next_style))
    if priority is not None:
        style.append(w("uiPriority", val=priority))
    if semi_hidden:
        style.append(w("semiHidden"))
        style.append(w("unhideWhenUsed"))
    if quick:
        style.append(w("qFormat"))
    if ppr:
        style.append(w("pPr", *ppr))
    if rpr:
        style.append(w("rPr", *rpr))
    for element in tail or ():
        style.append(element)
    return style


def _heading(level: int) -> etree._Element:
    size, before, after = {1: (24, 360, 120), 2: (22, 240, 120)}.get(level, (22, 200, 100))
    rpr = [w("b"), w("bCs")] + ([w("i"), w("iCs")] if level >= 4 else []) + _size(size)
    return _style(
        "paragraph",
        f"Heading{level}",
        f"heading {level}",
        next_style=f"NumberedParagraph{min(level + 1, LEVELS)}",
        priority=9,
        quick=level <= 3,
        semi_hidden=level > 3,
        ppr=[_on("keepNext"), _on("keepLines"), _spacing(before, after), w("outlineLvl", val=level - 1)],
        rpr=rpr,
    )


def _numbered_paragraph(level: int) -> etree._Element:
    return _style(
        "paragraph",
        f"NumberedParagraph{level}",
        f"Numbered Paragraph {level}",
        next_style=f"NumberedParagraph{level}",
        priority=10,
        quick=level <= 4,
        semi_hidden=level > 4,
    )


def _borders(colour: str) -> etree._Element:
    """Horizontal rules only: above, below and between rows."""
    return w(
        "tblBorders",
        w("top", val="single", sz=8, space=0, color=colour),
        w("left", val="nil"),
        w("bottom", val="single", sz=8, space=0, color=colour),
        w("right", val="nil"),
        w("insideH", val="single", sz=4, space=0, color=colour),
        w("insideV", val="nil"),
    )


def _table_style() -> etree._Element:
    """Grey horizontal rules, a grey bold first row; cells hold "Table Text" paragraphs."""
    first_row = w(
        "tblStylePr",
        w("rPr", w("b"), w("bCs")),
        w("tcPr", w("shd", val="clear", color="auto", fill=HEADER_FILL)),
        type="firstRow",
    )
    return _style(
        "table",
        "ReportTable",
        TABLE_STYLE,
        based_on="TableNormal",
        priority=59,
        ppr=[_spacing(0, 0, 240)],
        tail=[
            w(
                "tblPr",
                w("tblInd", w=0, type="dxa"),
                _borders("A6A6A6"),
                w("tblCellMar", w("top", w=0, type="dxa"), w("left", w=85, type="dxa"),
                  w("bottom", w=0, type="dxa"), w("right", w=85, type="dxa")),
            ),
            w("tcPr", w("vAlign", val="center")),
            first_row,
        ],
    )


def _build_styles() -> etree._Element:
    styles = parse(f"<w:styles {W_NAMESPACES}/>")
    styles.append(
        w(
            "docDefaults",
            w("rPrDefault", w("rPr", w("rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT), *_size(22),
                              w("lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA"))),
            w("pPrDefault", w("pPr", _on("widowControl"), _spacing(0, 160, 264))),
        )
    )
    table_normal = _style("table", "TableNormal", "Normal Table", based_on=None, priority=99, semi_hidden=True, default=True,
                          tail=[w("tblPr", w("tblInd", w=0, type="dxa"),
                                  w("tblCellMar", w("top", w=0, type="dxa"), w("left", w=108, type="dxa"),
                                    w("bottom", w=0, type="dxa"), w("right", w=108, type="dxa")))])
    caption_rpr = [w("i"), w("iCs"), *_size(20)]
    for style in (
        _style("paragraph", "Normal", "Normal", based_on=None, quick=True, default=True),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", based_on=None, priority=1,
               semi_hidden=True, default=True),
        table_normal,
        _style("numbering", "NoList", "No List", based_on=None, priority=99, semi_hidden=True, default=True),
        _style("paragraph", "Title", "Title", next_style="Normal", priority=10, quick=True,
               ppr=[_on("keepNext"), _spacing(240, 240)], rpr=[w("b"), w("bCs"), *_size(28)]),
        _style("paragraph", "Strapline", "Strapline", next_style="Normal", priority=11, quick=True,
               ppr=[_spacing(0, 360, 240)], rpr=[w("i"), w("iCs"), w("color", val="404040"), *_size(24)]),
        _style("paragraph", "Memo", "Memo", next_style="Memo", priority=12,
               ppr=[w("tabs", w("tab", val="left", pos=1134)), _spacing(0, 60)]),
        *(_heading(level) for level in range(1, LEVELS + 1)),
        *(_numbered_paragraph(level) for level in range(1, LEVELS + 1)),
        _style("paragraph", "BodyText", "Body Text", priority=99, semi_hidden=True),
        _style("paragraph", "Note", "Note", next_style="Normal", priority=13,
               ppr=[_on("keepNext"), _spacing(0, 120)], rpr=[w("i"), w("iCs"), *_size(20)]),
        _style("paragraph", "Caption", "caption", next_style="Normal", priority=35, quick=True, semi_hidden=True,
               ppr=[_spacing(120, 240)], rpr=caption_rpr),
        # a table's caption: Word's caption style by another name, so that readers which take every
        # "Caption" paragraph with a SEQ Table field for the next table's caption in turn (pandoc)
        # read the caption tied to the table itself (w:tblCaption) instead
        _style("paragraph", "TableCaption", "Table Caption", based_on="Caption", next_style="Normal", priority=35, quick=True),
        _style("paragraph", "TableText", "Table Text", priority=14,
               ppr=[_spacing(40, 40, 240)], rpr=_size(20)),
        _style("paragraph", "FootnoteText", "footnote text", priority=99, semi_hidden=True,
               ppr=[_spacing(0, 40, 240), w("ind", left=170, hanging=170)], rpr=_size(18)),
        _style("character", "FootnoteReference", "footnote reference", based_on="DefaultParagraphFont", priority=99,
               semi_hidden=True, rpr=[w("vertAlign", val="superscript")]),
        _style("paragraph", "Header", "header", priority=99, semi_hidden=True,
               ppr=[w("tabs", w("tab", val="center", pos=TEXT_WIDTH // 2), w("tab", val="right", pos=TEXT_WIDTH)),
                    _spacing(0, 0, 240)], rpr=_size(18)),
        _style("paragraph", "Footer", "footer", priority=99, semi_hidden=True,
               ppr=[w("tabs", w("tab", val="center", pos=TEXT_WIDTH // 2), w("tab", val="right", pos=TEXT_WIDTH)),
                    _spacing(0, 0, 240)], rpr=_size(18)),
        _table_style(),
    ):
        styles.append(style)
    return styles


STYLE_NAMES = tuple(
    element.find(f"{{{etree.QName(element).namespace}}}name").get(f"{{{etree.QName(element).namespace}}}val")
    for element in _build_styles()
    if etree.QName(element).localname == "style"
)


def default_styles() -> etree._Element:
    """A fresh copy of the default template's ``w:styles``."""
    return parse(_styles_xml())


@lru_cache(maxsize=1)
def _styles_xml() -> bytes:
    return serialize(_build_styles())


def _settings() -> etree._Element:
    settings = parse(f"<w:settings {W_NAMESPACES}/>")
    word = "http://schemas.microsoft.com/office/word"
    for element in (
        w("zoom", percent=100),
        w("defaultTabStop", val=720),
        w("characterSpacingControl", val="doNotCompress"),
        w(
            "compat",
            w("compatSetting", name="compatibilityMode", uri=word, val=15),
            w("compatSetting", name="overrideTableStyleFontSizeAndJustification", uri=word, val=1),
            w("compatSetting", name="enableOpenTypeFeatures", uri=word, val=1),
            w("compatSetting", name="doNotFlipMirrorIndents", uri=word, val=1),
            w("compatSetting", name="differentiateMultirowTableHeaders", uri=word, val=1),
        ),
        w("themeFontLang", val=LANGUAGE),
        w("decimalSymbol", val="."),
        w("listSeparator", val=","),
    ):
        settings.append(element)
    return settings


def _document() -> etree._Element:
    document = parse(f"<w:document {W_NAMESPACES}><w:body/></w:document>")
    body = document[0]
    body.append(
        w(
            "sectPr",
            w("footerReference", type="default", r_id="rId1"),
            w("pgSz", w=A4[0], h=A4[1]),
            w("pgMar", top=MARGIN, right=MARGIN, bottom=MARGIN, left=MARGIN, header=HEADER_FOOTER,
              footer=HEADER_FOOTER, gutter=0),
            w("cols", space=708),
            w("docGrid", linePitch=360),
        )
    )
    return document


def _footer() -> etree._Element:
    footer = parse(f"<w:ftr {W_NAMESPACES}/>")
    paragraph = w("p", w("pPr", w("pStyle", val="Footer"), w("jc", val="center")))
    for run in fields.page():
        paragraph.append(run)
    footer.append(paragraph)
    return footer


_FONT_TABLE = f"""<w:fonts {W_NAMESPACES}>
<w:font w:name="{FONT}"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
</w:fonts>"""

_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{_CT}.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="{_CT}.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="{_CT}.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="{_CT}.fontTable+xml"/>
<Override PartName="/word/footer1.xml" ContentType="{_CT}.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

_DOCUMENT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}/footer" Target="footer1.xml"/>
<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="{_REL}/settings" Target="settings.xml"/>
<Relationship Id="rId4" Type="{_REL}/fontTable" Target="fontTable.xml"/>
</Relationships>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"""

_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>"""


@lru_cache(maxsize=1)
def default_template() -> bytes:
    """The default template as .docx bytes (always the same bytes)."""
    members = {
        "[Content_Types].xml": _CONTENT_TYPES.encode(),
        "_rels/.rels": _PACKAGE_RELS.encode(),
        "docProps/core.xml": _CORE.encode(),
        "docProps/app.xml": _APP.encode(),
        "word/document.xml": serialize(_document()),
        "word/_rels/document.xml.rels": _DOCUMENT_RELS.encode(),
        "word/styles.xml": _styles_xml(),
        "word/settings.xml": serialize(_settings()),
        "word/fontTable.xml": _FONT_TABLE.encode(),
        "word/footer1.xml": serialize(_footer()),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()
