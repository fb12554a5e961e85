"""The Word writer, read back at the XML level: numbering, footnotes, tables, captions, bookmarks."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from datetime import date, datetime, timezone

import docx
import pytest
from docx.oxml.ns import qn

from narrator.document.numbering import format_number, number_blocks
from narrator.drafts.files import stamp_docx
from narrator.model import (
    Cell,
    Document,
    Figure,
    Footnote,
    FootnoteRef,
    Heading,
    Paragraph,
    Row,
    Table,
    Text,
)
from narrator.writers import WriterOptions, render_docx
from narrator.word import figure_bookmarks
from narrator.word.numbertext import number_prefix
from word.wordxml import out_of_order

from . import sample_document, t
from word.wordxml import (
    TYPED_NUMBER,
    Package,
    W,
    numbering_of,
    paragraph_style,
    text,
    top_paragraphs,
    word_numbers,
)

TONES = {"good": "C6EFCE", "bad": "FFC7CE", "neutral": ""}


@pytest.fixture(scope="module")
def data() -> bytes:
    return render_docx(sample_document(), WriterOptions(tone_colours=TONES))


@pytest.fixture(scope="module")
def package(data) -> Package:
    return Package(data)


@pytest.fixture(scope="module")
def word(data):
    return docx.Document(io.BytesIO(data))


def paragraphs_styled(package: Package, name: str) -> list[str]:
    return [text(p) for p in top_paragraphs(package) if paragraph_style(p) and package.style_name(paragraph_style(p)) == name]


def paragraph_starting(package: Package, start: str):
    (found,) = [p for p in package.body.iter(qn("w:p")) if text(p).startswith(start)]
    return found


def numbered_blocks(document: Document):
    return [b for b in document.blocks if isinstance(b, (Heading, Paragraph)) and b.numbered]


# --- the package ----------------------------------------------------------------------


def test_every_part_keeps_schema_order(package):
    for name in package.names():
        if name.startswith("word/") and name.endswith(".xml"):
            assert list(out_of_order(package.xml(name))) == [], name


def test_python_docx_reads_it(word):
    assert word.paragraphs[0].text == "Creating a safer\nCambridgeshire"
    assert len(word.tables) == 3


def test_identical_bytes_and_fixed_zip_timestamps(data):
    assert render_docx(sample_document(), WriterOptions(tone_colours=TONES)) == data
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_STORED}  # deflated once, as it is stamped
    stamped = zipfile.ZipFile(io.BytesIO(stamp_docx(data))).infolist()
    assert {info.compress_type for info in stamped} == {zipfile.ZIP_DEFLATED}
    assert {info.date_time for info in stamped} == {(1980, 1, 1, 0, 0, 0)}


def test_no_random_ids_and_nothing_says_python_docx(package):
    for name in package.names():
        content = package.zip.read(name)
        assert b"python-docx" not in content.lower(), name
        assert b"w:rsid" not in content and b"w14:paraId" not in content, name
    assert "docProps/thumbnail.jpeg" not in package.names()
    assert "docProps/custom.xml" not in package.names()  # custom properties belong to the fingerprint


def test_word_2013_mode_not_compatibility_mode(package):
    mode = [s for s in package.xml("word/settings.xml").iter(qn("w:compatSetting")) if s.get(qn("w:name")) == "compatibilityMode"]
    assert [s.get(qn("w:val")) for s in mode] == ["15"]


# --- front matter and properties -------------------------------------------------------


def test_front_matter(package, word):
    first, to, sender, when, title = top_paragraphs(package)[:5]
    assert package.style_name(paragraph_style(first)) == "Strapline"
    assert text(first) == "Creating a safer\nCambridgeshire"
    assert [text(p) for p in (to, sender, when)] == [
        "To:\tBusiness Coordination Board",
        "From:\tChief Constable",
        "Date:\t13 April 2021",
    ]
    label = to.find(f"{W}r")
    assert text(label) == "To:" and label.find(f"{W}rPr/{W}b") is not None
    assert to.findall(f"{W}r")[-1].find(f"{W}rPr/{W}b") is None
    assert package.style_name(paragraph_style(to)) == "Memo"
    assert package.style_name(paragraph_style(title)) == "Title"
    assert text(title) == "POLICE AND CRIME PLAN – ANNUAL PERFORMANCE REPORT"
    strapline = package.style_named("Strapline")
    assert strapline.find(f"{W}rPr/{W}i") is not None
    assert package.style_named("Title").find(f"{W}rPr/{W}b") is not None


def test_core_and_extended_properties(word, package):
    core = word.core_properties
    assert core.title == "Annual Performance Report 2020/21"
    assert core.subject == "Police and Crime Plan performance"
    assert core.author == core.last_modified_by == "Chief Constable"
    assert core.keywords == "performance; annual report"
    assert core.created == core.modified == datetime(2021, 4, 13, tzinfo=timezone.utc)
    assert core.revision == 1
    assert core.comments == ""
    app = package.xml("docProps/app.xml")
    assert [child.text for child in app if child.tag.endswith("Application")] == ["Narrator"]


def test_organisation_is_the_company():
    document = Document(title="T", properties={"organisation": "Cambridgeshire Constabulary"})
    app = Package(render_docx(document)).xml("docProps/app.xml")
    assert [c.text for c in app if c.tag.endswith("Company")] == ["Cambridgeshire Constabulary"]


def test_without_properties_dates_are_fixed_not_the_clock():
    document = Document(title="A Title", blocks=number_blocks((Heading(1, t("Purpose")),)))
    first = render_docx(document)
    assert render_docx(document) == first
    core = docx.Document(io.BytesIO(first)).core_properties
    assert core.created == core.modified == datetime(2000, 1, 1, tzinfo=timezone.utc)
    assert core.title == "A Title"
    assert core.author == ""


@pytest.mark.parametrize(
    "created",
    ["2021-04-13", "2021-04-13T00:00:00", "2021-04-13T01:00:00+01:00", date(2021, 4, 13)],
)
def test_created_accepts_iso_text_or_a_date(created):
    document = Document(title="T", properties={"created": created})
    core = docx.Document(io.BytesIO(render_docx(document))).core_properties
    assert core.created == core.modified == datetime(2021, 4, 13, tzinfo=timezone.utc)


# --- numbering --------------------------------------------------------------------------


def test_headings_use_word_heading_styles_and_hold_no_typed_number(package):
    assert paragraphs_styled(package, "heading 1") == [
        "Purpose",
        "VICTIMS Pillar – We will Safeguard the Vulnerable",
        "BIBLIOGRAPHY",
    ]
    assert paragraphs_styled(package, "heading 2") == ["Domestic Abuse"]
    for level in (1, 2):  # the navigation pane shows the outline
        outline = package.style(f"Heading{level}").find(f"{W}pPr/{W}outlineLvl")
        assert outline.get(qn("w:val")) == str(level - 1)


def test_every_numbered_block_opens_with_its_number_as_fields_then_its_words(package):
    blocks = numbered_blocks(sample_document())
    numbered = [p for p in top_paragraphs(package) if number_prefix(p)]
    assert [text(p) for p in numbered] == [
        "".join(r.text for r in b.runs if not isinstance(r, FootnoteRef)) for b in blocks
    ]
    for paragraph, block in zip(numbered, blocks):
        assert numbering_of(package, paragraph) is None  # no list numbers it as well
        instructions = [i.text.strip() for r in number_prefix(paragraph) for i in r.iter(qn("w:instrText"))]
        level = len(block.number)
        shown = [i for i in instructions if "\\h" not in i]
        assert shown == [f"SEQ Outline{n} \\c \\* ARABIC" for n in range(1, level)] + [f"SEQ Outline{level} \\* ARABIC"]
        assert [i for i in instructions if "\\h" in i] == [f"SEQ Outline{n} \\r 0 \\h" for n in range(level + 1, 4)]
        cached = "".join(t.text or "" for r in number_prefix(paragraph) for t in r.iter(qn("w:t")))
        assert cached == format_number(block.number)  # what Word and pandoc show before any update


def test_word_computes_the_numbers_number_blocks_computes(package):
    shown = [number for _, number in word_numbers(package) if number]
    assert shown == [format_number(b.number) for b in numbered_blocks(sample_document())]
    assert shown == ["1.", "1.1", "2.", "2.1", "2.2", "2.2.1", "2.2.2"]


def test_no_list_numbers_the_heading_and_paragraph_styles_they_hang_the_number(package):
    numbering = package.xml("word/numbering.xml")
    assert numbering.findall(qn("w:abstractNum")) == [] and list(numbering.iter(qn("w:pStyle"))) == []
    for style_id in ("Heading1", "Heading2", "NumberedParagraph2", "NumberedParagraph3"):
        ppr = package.style(style_id).find(f"{W}pPr")
        assert ppr.find(f"{W}numPr") is None
        assert (ppr.find(f"{W}ind").get(qn("w:left")), ppr.find(f"{W}ind").get(qn("w:hanging"))) == ("850", "850")
        assert ppr.find(f"{W}tabs/{W}tab").get(qn("w:pos")) == "850"


def test_numbered_paragraph_styles_continue_at_their_level(package):
    """Enter at the end of a numbered paragraph gives a paragraph of the same level (its number copied from one above)."""
    assert package.style("NumberedParagraph3").find(qn("w:next")).get(qn("w:val")) == "NumberedParagraph3"
    assert package.style("Heading2").find(qn("w:next")).get(qn("w:val")) == "NumberedParagraph3"


def test_inserting_a_paragraph_renumbers_the_rest(data):
    """A paragraph copied with its number: an update of the fields (F9; LibreOffice on opening) renumbers the rest."""
    root = Package(data).document
    (first,) = [p for p in root.iter(qn("w:p")) if text(p).startswith("The prosecution possible")]
    first.addnext(copy.deepcopy(first))
    edited = Package(_replace_part(data, "word/document.xml", root))
    numbers = {text(p)[:20]: n for p, n in word_numbers(edited) if n}
    assert [n for _, n in word_numbers(edited) if n][-3:] == ["2.2.1", "2.2.2", "2.2.3"]
    assert numbers["Partnership forums i"] == "2.2.3"


def test_unnumbered_heading_switches_numbering_off(package):
    heading = paragraph_starting(package, "BIBLIOGRAPHY")
    assert numbering_of(package, heading) is None
    assert heading.find(f"{W}pPr/{W}numPr/{W}numId").get(qn("w:val")) == "0"


def test_numbers_restart_after_an_unnumbered_heading_as_number_blocks_does():
    blocks = number_blocks(
        (
            Heading(1, t("One")),
            Paragraph(t("Text.")),
            Heading(1, t("Annex"), numbered=False),
            Heading(1, t("Again")),
            Paragraph(t("More.")),
            Heading(2, t("Sub")),
        )
    )
    package = Package(render_docx(Document(title="T", blocks=blocks)))
    shown = [n for _, n in word_numbers(package) if n]
    assert shown == [format_number(b.number) for b in numbered_blocks(Document(title="T", blocks=blocks))]
    assert shown == ["1.", "1.1", "1.", "1.1", "1.2"]


def test_the_default_draft_numbers_as_number_blocks_does(example_draft):
    package = Package(render_docx(example_draft.document))
    shown = [n for _, n in word_numbers(package) if n]
    expected = [format_number(b.number) for b in numbered_blocks(example_draft.document)]
    assert shown == expected
    assert "4.3.1" in shown and "4.3" in shown
    for paragraph, _ in word_numbers(package):
        if numbering_of(package, paragraph):
            assert not TYPED_NUMBER.match(text(paragraph))


def test_note_paragraph_is_italic_and_unnumbered(package):
    note = paragraph_starting(package, "Current month")
    assert text(note) == "Current month tested at 95% confidence level"
    assert package.style_name(paragraph_style(note)) == "Note"
    assert package.style(paragraph_style(note)).find(f"{W}rPr/{W}i") is not None
    assert numbering_of(package, note) is None
    assert note.find(f"{W}pPr/{W}keepNext") is not None or package.style(paragraph_style(note)).find(f"{W}pPr/{W}keepNext") is not None


# --- footnotes ----------------------------------------------------------------------------


def test_footnotes_live_in_the_footnotes_part_and_are_referenced(package):
    notes = package.xml("word/footnotes.xml")
    bodies = {n.get(qn("w:id")): n for n in notes.iter(qn("w:footnote"))}
    kinds = {i: n.get(qn("w:type")) for i, n in bodies.items()}
    assert kinds == {"-1": "separator", "0": "continuationSeparator", "1": None, "2": None}
    assert text(bodies["1"]) == "\tRecorded crime excludes fraud."
    assert text(bodies["2"]) == "\tMACE: Missing and Child Exploitation meetings."
    for body in (bodies["1"], bodies["2"]):
        assert body.find(f".//{W}footnoteRef") is not None
        assert package.style_name(paragraph_style(body.find(qn("w:p")))) == "footnote text"
    references = [r.get(qn("w:id")) for r in package.document.iter(qn("w:footnoteReference"))]
    assert references == ["1", "2"]
    cited = paragraph_starting(package, "Total recorded crime")
    assert text(cited) == "Total recorded crime was 11.8% lower than the 2019/20 total."
    mark = cited.find(f".//{W}footnoteReference").getparent()
    assert mark.find(f"{W}rPr/{W}rStyle").get(qn("w:val")) == "FootnoteReference"
    assert "Notes" not in [text(p) for p in top_paragraphs(package)]
    separators = [f.get(qn("w:id")) for f in package.xml("word/settings.xml").iter(qn("w:footnote"))]
    assert separators == ["-1", "0"]


def test_footnote_styles_are_defined(package):
    assert package.style_named("footnote text").get(qn("w:type")) == "paragraph"
    reference = package.style_named("footnote reference")
    assert reference.get(qn("w:type")) == "character"
    assert reference.find(f"{W}rPr/{W}vertAlign").get(qn("w:val")) == "superscript"


def test_a_second_reference_to_a_note_is_a_noteref_field_to_the_first():
    blocks = number_blocks(
        (
            Paragraph((Text("First"), FootnoteRef(1), Text(".")),),
            Paragraph((Text("Second"), FootnoteRef(2), Text(" and first again"), FootnoteRef(1), Text(".")),),
        )
    )
    document = Document(title="T", blocks=blocks, footnotes=(Footnote(1, t("One.")), Footnote(2, t("Two."))))
    package = Package(render_docx(document))
    assert [r.get(qn("w:id")) for r in package.document.iter(qn("w:footnoteReference"))] == ["1", "2"]
    (instruction,) = [i.text for i in package.document.iter(qn("w:instrText")) if "NOTEREF" in i.text]
    bookmark = instruction.split()[1]
    assert instruction.split() == ["NOTEREF", bookmark, "\\f", "\\h"]
    (start,) = [b for b in package.document.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")) == bookmark]
    assert start.getnext().find(qn("w:footnoteReference")).get(qn("w:id")) == "1"
    assert text(top_paragraphs(package)[2]) == "Second and first again1."  # the field shows the note's number


# --- tables and captions --------------------------------------------------------------------


def cells(table):
    return [[text(tc) for tc in tr.iter(qn("w:tc"))] for tr in table.iter(qn("w:tr"))]


def tables(package):
    return package.body.findall(qn("w:tbl"))


def test_tables_use_the_report_table_style(package):
    style = package.style_named("Report Table")
    assert style.get(qn("w:type")) == "table"
    first_row = [p for p in style.iter(qn("w:tblStylePr")) if p.get(qn("w:type")) == "firstRow"]
    assert first_row[0].find(f"{W}tcPr/{W}shd").get(qn("w:fill"))  # the header row is shaded
    assert first_row[0].find(f"{W}rPr/{W}b") is not None
    for table in tables(package):
        assert table.find(f"{W}tblPr/{W}tblStyle").get(qn("w:val")) == style.get(qn("w:styleId"))


def test_measure_table_cells_alignment_and_rows(package):
    table = tables(package)[0]
    assert cells(table) == [
        ["SAFEGUARDING", "Rolling 12 months", "Baseline", "Perf v Benchmark"],
        ["All Recorded Crime", "59,883", "67,882", "Lower"],
        ["DOMESTIC ABUSE"],
        ["Recorded Crime", "12,196", "10,660", "Higher"],
        ["Outcome Rate | Prosecution Possible", "11.5%", "10.3%", "Improved"],
    ]
    row = table.findall(qn("w:tr"))[1]
    alignments = [tc.find(f"{W}p/{W}pPr/{W}jc") for tc in row.iter(qn("w:tc"))]
    assert [None if a is None else a.get(qn("w:val")) for a in alignments] == [None, "right", "right", "center"]


def test_header_row_repeats_and_the_table_style_marks_it(package):
    table = tables(package)[0]
    rows = table.findall(qn("w:tr"))
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rows[1:])
    assert table.find(f"{W}tblPr/{W}tblLook").get(qn("w:firstRow")) == "1"
    bibliography = tables(package)[2]  # no header row: nothing repeats, no first-row look
    assert bibliography.find(f"{W}tr/{W}trPr/{W}tblHeader") is None
    assert bibliography.find(f"{W}tblPr/{W}tblLook").get(qn("w:firstRow")) == "0"


def fill(tc):
    shd = tc.find(f"{W}tcPr/{W}shd")
    return None if shd is None else shd.get(qn("w:fill"))


def test_group_row_is_one_bold_shaded_cell_across_the_table(package):
    rows = tables(package)[0].findall(qn("w:tr"))
    group = rows[2].findall(qn("w:tc"))
    assert len(group) == 1 and fill(group[0]) is not None
    assert group[0].find(f"{W}tcPr/{W}gridSpan").get(qn("w:val")) == "4"
    assert group[0].find(f".//{W}r/{W}rPr/{W}b") is not None
    assert group[0].find(f"{W}p/{W}pPr/{W}keepNext") is not None  # a group label stays with its first row
    assert fill(rows[1].findall(qn("w:tc"))[0]) is None


def test_judgement_cells_are_coloured_by_tone(package):
    rows = tables(package)[0].findall(qn("w:tr"))
    last = [tr.findall(qn("w:tc"))[-1] for tr in rows[1:] if len(tr.findall(qn("w:tc"))) > 1]  # not group rows
    judgement = {text(tc): fill(tc) for tc in last if text(tc)}
    assert judgement == {"Lower": "C6EFCE", "Higher": "FFC7CE", "Improved": "C6EFCE"}


def test_neutral_tone_and_no_colours_leave_cells_plain():
    row = Row((Cell(t("Measure")), Cell(t("Within usual variation"), "center", tone="neutral"), Cell(t("Higher"), tone="bad")))
    document = Document(title="T", blocks=(Table(id="x", rows=(row,)),))
    plain = Package(render_docx(document))
    assert [fill(tc) for tc in plain.body.iter(qn("w:tc"))] == [None, None, None]
    coloured = Package(render_docx(document, WriterOptions(tone_colours=TONES)))
    assert [fill(tc) for tc in coloured.body.iter(qn("w:tc"))] == [None, None, "FFC7CE"]


def test_tables_fill_the_text_width_with_fixed_columns(package, word):
    section = word.sections[0]
    text_width = round((section.page_width - section.left_margin - section.right_margin) / 635)
    for table in tables(package):
        grid = [int(c.get(qn("w:w"))) for c in table.iter(qn("w:gridCol"))]
        assert abs(sum(grid) - text_width) <= 1
        assert table.find(f"{W}tblPr/{W}tblLayout").get(qn("w:type")) == "fixed"
    measures = [int(c.get(qn("w:w"))) for c in tables(package)[0].iter(qn("w:gridCol"))]
    assert measures[0] > max(measures[1:])  # the label column is the widest


def test_caption_follows_its_table_with_a_seq_field(package):
    (caption,) = [p for p in top_paragraphs(package) if paragraph_style(p) == "TableCaption"]
    assert text(caption) == "Table 1: Median Prompt Response Times to Domestic Incidents"
    assert package.style_named("Table Caption").find(f"{W}basedOn").get(qn("w:val")) == "Caption"
    assert [i.text for i in caption.iter(qn("w:instrText"))] == [" SEQ Table \\* ARABIC "]
    kinds = [f.get(qn("w:fldCharType")) for f in caption.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert tables(package)[1].getnext() is caption
    assert package.style_named("caption") is not None


def test_a_paragraph_introducing_a_table_keeps_with_it(package):
    note = paragraph_starting(package, "Current month")
    assert note.getnext().tag == qn("w:tbl")
    last_rows = tables(package)[1].findall(qn("w:tr"))[-1]
    assert all(tc.find(f"{W}p/{W}pPr/{W}keepNext") is not None for tc in last_rows.iter(qn("w:tc")))


def test_adjacent_tables_are_kept_apart():
    table = Table(id="a", rows=(Row((Cell(t("x")), Cell(t("1"), "right"))),))
    after = Paragraph(t("After."), numbered=False)
    package = Package(render_docx(Document(title="T", blocks=number_blocks((table, table, after)))))
    tags = [child.tag for child in package.body if child.tag != qn("w:sectPr")]
    assert tags == [qn("w:p"), qn("w:tbl"), qn("w:p"), qn("w:tbl"), qn("w:p")]  # the title first
    last = top_paragraphs(package)[-1]
    assert text(last) == "After."
    assert int(last.find(f"{W}pPr/{W}spacing").get(qn("w:before"))) > 0


# --- figure bookmarks ------------------------------------------------------------------------


FACTS = {"all_crime.current", "all_crime.baseline", "da.current", "da.baseline", "da_rate.current",
         "da_rate.baseline", "all_crime.change"}


def test_each_figure_sits_in_a_bookmark_naming_an_existing_fact(package):
    marks = figure_bookmarks(package.data)
    assert {m.fact_id for m in marks.values()} == FACTS
    assert len(marks) == 8  # da_rate.current is printed twice
    for name, mark in marks.items():
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name)
        assert mark.text == mark.generated
    assert len({name.casefold() for name in marks}) == len(marks)
    twice = sorted(name for name, mark in marks.items() if mark.fact_id == "da_rate.current")
    assert twice == ["F_da_rate_current", "F_da_rate_current__2"]
    assert marks["F_all_crime_change"].text == "11.8%"


def test_every_bookmarked_text_is_a_figure(package):
    figures = {name for name in figure_bookmarks(package.data)}
    named = {b.get(qn("w:name")) for b in package.document.iter(qn("w:bookmarkStart"))}
    assert named == figures  # no footnote references repeat in the sample, so no other bookmarks


def test_fact_ids_stay_out_of_the_text(package):
    body = package.zip.read("word/document.xml")
    assert b"11.8%" in body
    assert b"all_crime.change" not in body and b"da.current" not in body
    item = [n for n in package.names() if re.fullmatch(r"customXml/item\d+\.xml", n)]
    assert len(item) == 1 and b"all_crime.change" in package.zip.read(item[0])


def test_the_reader_follows_edits(data):
    package = Package(data)
    root = package.document
    starts = {b.get(qn("w:name")): b for b in root.iter(qn("w:bookmarkStart"))}
    # the analyst retypes one figure and deletes another (Word drops its bookmark too)
    starts["F_all_crime_change"].getnext().find(qn("w:t")).text = "11.9%"
    gone = starts["F_da_current"]
    end = [e for e in root.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == gone.get(qn("w:id"))][0]
    for element in (gone.getnext(), gone, end):
        element.getparent().remove(element)
    marks = figure_bookmarks(_replace_part(data, "word/document.xml", root))
    assert marks["F_all_crime_change"].text == "11.9%"
    assert marks["F_all_crime_change"].generated == "11.8%"
    assert marks["F_da_current"].text is None
    assert marks["F_da_baseline"].text == "10,660"


def test_figures_in_the_default_draft_all_have_bookmarks(example_draft):
    from tests.conftest import figures

    data = render_docx(example_draft.document)
    marks = figure_bookmarks(data)
    printed = figures(example_draft.document)
    assert len(marks) == len(printed)
    assert [m.fact_id for m in marks.values()] == [f.fact_id for f in printed]
    assert all(m.fact_id in example_draft.facts for m in marks.values())
    assert all(m.text == m.generated for m in marks.values())
    assert all(len(name) <= 40 for name in marks)


def _replace_part(data: bytes, name: str, element) -> bytes:
    from lxml import etree

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True) if member.filename == name else source.read(member)
            target.writestr(member, content)
    return out.getvalue()


def test_a_document_not_yet_numbered_is_numbered_as_number_blocks_would():
    blocks = (Heading(1, t("One")), Paragraph(t("Text.")), Heading(2, t("Sub")), Paragraph(t("More.")))
    package = Package(render_docx(Document(title="T", blocks=blocks)))
    assert [n for _, n in word_numbers(package) if n] == ["1.", "1.1", "1.2", "1.2.1"]


def test_a_figure_s_minus_sign_never_ends_a_line():
    blocks = number_blocks((Paragraph((Text("A fall ("), Figure("-33.8%", "x.change_pct"), Text(")."))),))
    data = render_docx(Document(title="T", blocks=blocks))
    (paragraph,) = [p for p in top_paragraphs(Package(data)) if "33.8%" in text(p)]
    assert paragraph.find(f".//{W}noBreakHyphen") is not None
    assert figure_bookmarks(data)["F_x_change_pct"].text == "-33.8%"


def test_the_reader_takes_a_path(data, tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(data)
    assert figure_bookmarks(path) == figure_bookmarks(str(path)) == figure_bookmarks(data)


# --- page layout of tables ---------------------------------------------------------------


def keeps(tr) -> bool:
    return all(tc.find(f"{W}p/{W}pPr/{W}keepNext") is not None for tc in tr.iter(qn("w:tc")))


def long_table(rows: int) -> Table:
    header = Row((Cell(t("Measure")), Cell(t("Now"), "right")), kind="header")
    body = tuple(Row((Cell(t(f"Measure {i}")), Cell(t(str(i)), "right"))) for i in range(rows - 1))
    return Table(id="long", rows=(header, *body))


def test_a_long_table_may_break_but_never_leaves_a_lone_row():
    (table,) = tables(Package(render_docx(Document(title="T", blocks=(long_table(12),)))))
    kept = [keeps(tr) for tr in table.findall(qn("w:tr"))]
    # the header with the first two body rows, and the last two rows, stay together; between them it may break
    assert kept == [True, True, False, False, False, False, False, False, False, False, True, False]


def test_a_short_table_stays_on_one_page():
    (table,) = tables(Package(render_docx(Document(title="T", blocks=(long_table(8),)))))
    assert [keeps(tr) for tr in table.findall(qn("w:tr"))] == [True] * 7 + [False]


PILLARS = Table(id="pillars", rows=(
    Row((Cell(t("PCP Pillar")), Cell(t("Victims")), Cell(t("Offenders")), Cell(t("Communities"))), kind="header"),
    Row((Cell(t("Corporate Plan Priority")), Cell(t("We will safeguard the vulnerable")),
         Cell(t("We will combat acquisitive crime & We will improve public satisfaction")),
         Cell(t("We will reduce harm to communities & We will tackle serious and organised crime")))),
    Row((Cell(t("Focus for the Force")), Cell(t("Domestic Abuse")), Cell(t("Burglary")), Cell(t("Youth gangs")))),
    Row((Cell((), continues=True), Cell(t("Child Sexual Abuse / Exploitation")), Cell(t("Vehicle Crime")), Cell(t("Knife crime")))),
    Row((Cell((), continues=True), Cell(t("Modern Slavery & Human Trafficking")), Cell(()), Cell(t("Drugs")))),
))


@pytest.fixture(scope="module")
def pillars():
    (table,) = tables(Package(render_docx(Document(title="T", blocks=(PILLARS,)))))
    return table


def test_continuation_cells_merge_with_the_label_above(pillars):
    rows = pillars.findall(qn("w:tr"))
    merges = [[None if tc.find(f"{W}tcPr/{W}vMerge") is None else tc.find(f"{W}tcPr/{W}vMerge").get(qn("w:val"), "continue")
               for tc in tr.findall(qn("w:tc"))] for tr in rows]
    assert [row[0] for row in merges] == [None, None, "restart", "continue", "continue"]
    assert all(value is None for row in merges for value in row[1:])  # an empty cell elsewhere is just empty
    assert rows[2].find(f"{W}tc/{W}tcPr/{W}vAlign").get(qn("w:val")) == "top"  # the label heads its block


def test_column_widths_follow_their_content(example_draft):
    (map_,) = [b for b in example_draft.document.blocks if isinstance(b, Table) and b.id == "pillars"]
    (table,) = tables(Package(render_docx(Document(title="T", blocks=(map_,)))))
    grid = [int(c.get(qn("w:w"))) for c in table.iter(qn("w:gridCol"))]
    label, victims = grid[0], grid[1]
    assert label < victims  # the label column gives up room it does not use
    characters = (victims - 227) // 108  # as docx.py measures: 10 pt Arial, the cell's margins
    assert characters >= len("Child Sexual Abuse /")  # two lines, not three
    assert (label - 227) // 108 >= len("Priority")  # no word of a label is broken


def test_header_cells_have_no_seam_between_their_shading(pillars):
    fill = "D9D9D9"  # the default table style's first row
    for tc in pillars.find(qn("w:tr")).findall(qn("w:tc")):
        borders = tc.find(f"{W}tcPr/{W}tcBorders")
        assert [(b.get(qn("w:val")), b.get(qn("w:color"))) for b in borders] == [("single", fill), ("single", fill)]


def test_the_judgement_shading_is_explained_once_under_the_first_shaded_table():
    legend = "Shading: {good} better; {bad} worse."
    (measures,) = [b for b in sample_document().blocks if isinstance(b, Table) and b.id == "measures"]
    document = Document(title="T", blocks=(PILLARS, measures, measures))
    package = Package(render_docx(document, WriterOptions(tone_colours=TONES, tone_legend=legend)))
    notes = [p for p in top_paragraphs(package) if paragraph_style(p) and package.style_name(paragraph_style(p)) == "Note"]
    # each colour sample holds the words it shades, so the legend does not rest on colour alone
    assert [text(p) for p in notes] == ["Shading: \u00a0Lower / Improved\u00a0 better; \u00a0Higher\u00a0 worse."]
    (note,) = notes
    assert note.getprevious() is tables(package)[1]  # under the first table with shading, not the pillar map
    swatches = [r.find(f"{W}rPr/{W}shd").get(qn("w:fill")) for r in note.iter(qn("w:r")) if r.find(f"{W}rPr/{W}shd") is not None]
    assert swatches == ["C6EFCE", "FFC7CE"]
    assert Package(render_docx(document, WriterOptions(tone_colours=TONES))).data  # no legend text: no note
    assert not [p for p in top_paragraphs(Package(render_docx(document, WriterOptions(tone_colours=TONES))))
                if text(p).startswith("Shading")]


def test_tables_of_one_kind_share_their_column_widths(example_draft):
    """The pillar tables (the same column headings) line up, each a little wider or narrower than it would be alone."""
    package = Package(render_docx(example_draft.document))
    grids = {}
    for table in tables(package):
        heading = tuple(text(tc) for tc in table.find(qn("w:tr")).findall(qn("w:tc")))[1:]
        grids.setdefault(heading, set()).add(tuple(int(c.get(qn("w:w"))) for c in table.iter(qn("w:gridCol"))))
    pillars = grids[("Rolling 12 months", "Baseline", "Perf v Benchmark")]
    assert len(pillars) == 1
