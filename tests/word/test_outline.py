"""Where a paragraph stands: its number as Word shows it, its section, its table row."""

from __future__ import annotations

import copy
import io

import docx
import pytest
from lxml import etree

from narrator.document.numbering import format_number
from narrator.model import Heading, Paragraph
from narrator.pipeline import render
from narrator.word.numbertext import number_prefix
from narrator.word.outline import Place, places
from narrator.word.ranges import paragraph_text
from narrator.word.xml import W_NS
from .wordxml import Package

WORD = f'xmlns:w="{W_NS}"'


@pytest.fixture(scope="module")
def rendered(example_draft):
    return render(example_draft.document, "docx")


def places_of(data: bytes) -> tuple[Package, dict]:
    package = Package(data)
    return package, places(package.document, package.xml("word/numbering.xml"), package.styles)


def numbers_in_order(data: bytes) -> list[str]:
    package, found = places_of(data)
    return [found[p].number for p in package.body.iter(f"{{{W_NS}}}p") if found[p].number]


def test_the_numbers_are_the_models(example_draft, rendered):
    expected = [format_number(b.number) for b in example_draft.document.blocks
                if isinstance(b, (Heading, Paragraph)) and b.numbered and b.number]
    assert numbers_in_order(rendered) == expected
    assert expected[:3] == ["1.", "1.1", "2."]


def test_a_paragraph_given_a_copied_number_shifts_the_numbers_after_it(rendered):
    """The analyst's new paragraph, its number copied from the one above (the SEQ fields and tab):
    Word shows the numbers an update gives (F9), and so does places."""
    document = docx.Document(io.BytesIO(rendered))
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if paragraph_text(p._p)[0].startswith("Ahead of the pandemic"))
    new = paragraphs[index + 1].insert_paragraph_before("The analyst's own paragraph.", style="Numbered Paragraph 3")
    for run in reversed(number_prefix(paragraphs[index]._p)):
        new._p.insert(1, copy.deepcopy(run))
    out = io.BytesIO()
    document.save(out)
    package, found = places_of(out.getvalue())
    by_text = {paragraph_text(p)[0][:40]: found[p] for p in package.body.iter(f"{{{W_NS}}}p")}
    assert by_text["Ahead of the pandemic, levels of Domesti"] == Place("4.3.1", "4.3 Domestic Abuse")
    assert by_text["The analyst's own paragraph."] == Place("4.3.2", "4.3 Domestic Abuse")
    assert numbers_in_order(out.getvalue()).count("4.3.3") == 1
    assert by_text["A recent success for Domestic Abuse perf"].number == "4.3.4"  # was 4.3.3


def test_table_cells_have_their_table_row_and_row_label(rendered):
    package, found = places_of(rendered)
    cells = [found[p] for p in package.body.iter(f"{{{W_NS}}}p") if found[p].table == 2]
    assert cells[0] == Place("", "4. VICTIMS Pillar – We will Safeguard the Vulnerable", 2, 1, "SAFEGUARDING THE VULNERABLE")
    assert Place("", "4. VICTIMS Pillar – We will Safeguard the Vulnerable", 2, 4, "Recorded Crime") in cells


NUMBERING = f"""<w:numbering {WORD}>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:pStyle w:val="Part"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""
STYLES = f"""<w:styles {WORD}>
<w:style w:type="paragraph" w:styleId="Part"><w:name w:val="Part"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
</w:styles>"""


def paragraph(style: str | None = None, num: tuple[int, int] | None = None, text: str = "x") -> str:
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "")
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_formats_levels_from_styles_restarts_and_sections():
    body = "".join([
        paragraph("Part", text="Victims"),  # the style's list; its level from the level's pStyle: I.
        paragraph(num=(1, 1)), paragraph(num=(1, 1)),  # (a) (b)
        paragraph(num=(1, 2)),  # a bullet
        paragraph("Heading2", text="Unnumbered heading"),
        paragraph("Part", text="Offenders"),  # II.
        paragraph(num=(1, 1)),  # (a) again: restarted after a higher level
        paragraph(num=(2, 0), text="Again"),  # instance 2 starts level 1 over: I. (not a heading)
        paragraph(num=(0, 0)),  # numId 0: no number
    ])
    document = etree.fromstring(f"<w:document {WORD}><w:body>{body}</w:body></w:document>")
    found = places(document, etree.fromstring(NUMBERING), etree.fromstring(STYLES))
    shown = [(place.number, place.section) for place in found.values()]
    assert shown == [
        ("I.", "I. Victims"), ("(a)", "I. Victims"), ("(b)", "I. Victims"), ("•", "I. Victims"),
        ("", "Unnumbered heading"), ("II.", "II. Offenders"), ("(a)", "II. Offenders"), ("I.", "II. Offenders"),
        ("", "II. Offenders"),
    ]


def test_a_document_without_numbering_or_styles():
    document = etree.fromstring(f"<w:document {WORD}><w:body>{paragraph(num=(1, 0))}</w:body></w:document>")
    assert list(places(document).values()) == [Place()]


def _seq(instruction: str, stored: str = "9") -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{stored}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def test_numbers_held_as_seq_fields_are_counted_as_word_updates_them_not_read_from_the_file():
    """\\c repeats, \\r sets, \\h hides, anything else counts on; the stored results (all 9) are ignored."""
    dot, tab = "<w:r><w:t>.</w:t></w:r>", "<w:r><w:tab/></w:r>"
    rows = [
        _seq("SEQ Outline1 \\* ARABIC") + dot + _seq("SEQ Outline2 \\r 0 \\h") + tab,  # 1.
        _seq("SEQ Outline1 \\c \\* ARABIC") + dot + _seq("SEQ Outline2 \\* ARABIC") + tab,  # 1.1
        _seq("SEQ Outline1 \\c \\* ARABIC") + dot + _seq("SEQ Outline2 \\* ARABIC") + tab,  # 1.2
        _seq("SEQ Outline1 \\* ARABIC") + dot + _seq("SEQ Outline2 \\r 0 \\h") + tab,  # 2.
        _seq("SEQ Outline1 \\c \\* ARABIC") + dot + _seq("SEQ Outline2 \\* ARABIC") + tab,  # 2.1
        _seq("SEQ Outline1 \\r 1") + dot + _seq("SEQ Outline2 \\r 1") + tab,  # 1.1 again: set, not counted
        _seq("SEQ Table \\* ARABIC") + tab,  # not a paragraph number: no number
    ]
    document = etree.fromstring(f"<w:document {WORD}><w:body>"
                                + "".join(f"<w:p>{row}<w:r><w:t>Text {n}</w:t></w:r></w:p>" for n, row in enumerate(rows))
                                + "</w:body></w:document>")
    found = places(document)
    paragraphs = list(document.iter(f"{{{W_NS}}}p"))
    assert [found[p].number for p in paragraphs] == ["1.", "1.1", "1.2", "2.", "2.1", "1.1", ""]
    assert [paragraph_text(p)[0] for p in paragraphs][:2] == ["Text 0", "Text 1"]  # the number is not the words
    assert paragraph_text(paragraphs[-1])[0] == "9\tText 6"
