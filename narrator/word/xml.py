"""Small XML helpers for WordprocessingML: building elements and keeping schema order.

Contract: :func:`w` builds a ``w:`` element (``w("pStyle", val="Heading1")`` gives
``<w:pStyle w:val="Heading1"/>``); elements are made by python-docx's parser, so
python-docx reads them back as its own. Word refuses a file whose elements are out of
schema order, so every child that is added to an existing properties element goes
through :func:`insert_ordered`, which places it by the sequences in :data:`ORDER`
(transcribed from the ECMA-376 schema, wml.xsd) and replaces an element of the same tag.
"""

from __future__ import annotations

import functools
import re

from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser, parse_xml
from lxml import etree

__all__ = ["ORDER", "W_NS", "append_all", "attribute_text", "escape", "insert_ordered", "local", "parse", "quoteattr", "run_content", "serialize",
           "text_runs", "twips", "w"]

W_NS = nsmap["w"]
R_NS = nsmap["r"]


def w(tag: str, *children: etree._Element | None, text: str | None = None, **attributes: object) -> etree._Element:
    """``<w:tag w:attr="…">children</w:tag>``; an attribute given as ``None`` is left out.

    An attribute name with a colon (``xml_space`` is spelt ``xml:space``, ``r:id`` as
    ``r_id``) keeps its own namespace; others are ``w:`` attributes.
    """
    element = oxml_parser.makeelement(_clark(tag), nsmap=_W_NSMAP)  # as OxmlElement(f"w:{tag}") makes it
    for name, value in attributes.items():
        if value is not None:
            element.set(_attribute(name), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    if text is not None:
        element.text = text
    return element


_W_NSMAP = {"w": W_NS}


@functools.lru_cache(maxsize=None)
def _clark(tag: str) -> str:
    return qn(f"w:{tag}")


@functools.lru_cache(maxsize=None)
def _attribute(name: str) -> str:
    prefix, _, rest = name.partition("_")
    return qn(f"{prefix}:{rest}") if prefix in ("xml", "r") and rest else qn(f"w:{name}")


_SPACE = re.compile(r"^\s|\s$|\s\s")


def run_content(text: str, *, unbreakable_hyphens: bool = False) -> list[etree._Element]:
    """``text`` as the children of a ``w:r``: "\\t" a tab, "\\n" a line break; with
    ``unbreakable_hyphens`` a hyphen is Word's non-breaking hyphen (so "(-33.8%)" never ends a
    line at its sign)."""
    elements: list[etree._Element] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            elements.append(w("br"))
        for position, piece in enumerate(line.split("\t")):
            if position:
                elements.append(w("tab"))
            parts = piece.split("-") if unbreakable_hyphens else [piece]
            for number, part in enumerate(parts):
                if number:
                    elements.append(w("noBreakHyphen"))
                if part:
                    elements.append(w("t", text=part, xml_space="preserve" if _SPACE.search(part) else None))
    return elements


def append_all(paragraph: etree._Element, elements: list[etree._Element]) -> None:
    """Append each of ``elements`` (runs, a bookmark's marks) to ``paragraph``."""
    for element in elements:
        paragraph.append(element)


def text_runs(
    text: str, *, bold: bool = False, italic: bool = False, unbreakable_hyphens: bool = False
) -> list[etree._Element]:
    """``text`` as one run; none if empty.

    "\\t" and "\\n" become Word tabs and line breaks. With ``unbreakable_hyphens`` a
    hyphen is Word's non-breaking hyphen, so "(-33.8%)" never ends a line at its sign.
    """
    if not text:
        return []
    rpr = w("rPr", w("b") if bold else None, w("i") if italic else None) if bold or italic else None
    return [w("r", rpr, *run_content(text, unbreakable_hyphens=unbreakable_hyphens))]


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """``&``, ``<`` and ``>`` escaped (then each of ``entities`` replaced by its value), as
    xml.sax.saxutils.escape does: that module imports urllib.request, and with it http and ssl,
    a fiftieth of a second a build need not spend."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        text = text.replace(key, value)
    return text


def attribute_text(text: str) -> str:
    """An attribute's value escaped, its line breaks and tabs as character references (quotes aside)."""
    return escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def quoteattr(text: str) -> str:
    """An attribute's value escaped and quoted, as xml.sax.saxutils.quoteattr does."""
    text = attribute_text(text)
    if '"' not in text:
        return f'"{text}"'
    return f"'{text}'" if "'" not in text else '"' + text.replace('"', "&quot;") + '"'


def local(element: etree._Element) -> str:
    """The tag without its namespace: ``"pPr"`` for ``{…main}pPr``."""
    return etree.QName(element).localname


def parse(xml: str | bytes) -> etree._Element:
    return parse_xml(xml)


def serialize(element: etree._Element) -> bytes:
    """As python-docx writes a part: UTF-8, with an XML declaration, standalone."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)


def twips(emu: int) -> int:
    """EMU (python-docx lengths) → twentieths of a point, Word's unit for layout."""
    return round(emu / 635)


def _sequence(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# Child sequences of the elements Narrator edits, in schema order (wml.xsd).
ORDER: dict[str, tuple[str, ...]] = {
    "pPr": _sequence(
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
        "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
        "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
        "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
        "rPr sectPr pPrChange"
    ),
    "rPr": _sequence(
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
        "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
        "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ),
    "tblPr": _sequence(
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
    ),
    "trPr": _sequence(
        "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
        "tblCellSpacing jc hidden ins del trPrChange"
    ),
    "tcPr": _sequence(
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
        "vAlign hideMark"
    ),
    "style": _sequence(
        "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
        "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr "
        "tblStylePr"
    ),
    "lvl": _sequence("start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr"),
    "abstractNum": _sequence("nsid multiLevelType tmpl name styleLink numStyleLink lvl"),
    "numbering": _sequence("numPicBullet abstractNum num numIdMacAtCleanup"),
    "settings": _sequence(
        "writeProtection view zoom removePersonalInformation removeDateAndTime "
        "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
        "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
        "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader "
        "bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors "
        "activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter "
        "stylePaneSortMethod documentType mailMerge revisionView trackRevisions doNotTrackMoves "
        "doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme styleLockQFSet "
        "defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps "
        "showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
        "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
        "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
        "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
        "doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
        "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
        "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
        "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
        "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars "
        "rsids mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
        "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
        "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
    ),
    "sectPr": _sequence(
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
        "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
        "docGrid printerSettings sectPrChange"
    ),
    "tbl": _sequence("tblPr tblGrid tr"),
    "tr": _sequence("tblPrEx trPr tc"),
    "tc": _sequence("tcPr p"),
    "body": _sequence("p sectPr"),
}

# Elements that may appear in any order among themselves: ranked as the first of their group.
_SAME_RANK = {"footerReference": "headerReference", "tbl": "p", "sdt": "p", "bookmarkStart": "p", "bookmarkEnd": "p"}


def _rank(order: tuple[str, ...], name: str) -> int | None:
    name = _SAME_RANK.get(name, name)
    return order.index(name) if name in order else None


def insert_ordered(parent: etree._Element, child: etree._Element, *, replace: bool = True) -> etree._Element:
    """Put ``child`` into ``parent`` where the schema wants it; return ``child``.

    With ``replace``, an existing child of the same tag is removed first (for the
    elements that occur once). Children from other namespaces (Word's extensions, such
    as ``w14:`` elements at the end of the settings) stay after every known element.
    """
    order = ORDER[local(parent)]
    name = local(child)
    if replace:
        for old in parent.findall(child.tag):
            parent.remove(old)
    position = _rank(order, name)
    if position is None:
        raise ValueError(f"<w:{name}> is not a child of <w:{local(parent)}>")
    for index, existing in enumerate(parent):
        if not isinstance(existing.tag, str):
            continue
        known = etree.QName(existing).namespace in (W_NS, nsmap["m"], nsmap["sl"])
        rank = _rank(order, local(existing)) if known else None
        if not known or (rank is not None and rank > position):
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def get_or_add(parent: etree._Element, tag: str) -> etree._Element:
    """The ``w:tag`` child of ``parent``, added in schema order if missing."""
    found = parent.find(qn(f"w:{tag}"))
    if found is None:
        found = insert_ordered(parent, w(tag), replace=False)
    return found


W_NAMESPACES_DECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
