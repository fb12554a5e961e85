from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone

import docx
import pytest
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from narrator.document import Cell, Document, Heading, Paragraph, Row, Table
from narrator.numbering import number_blocks
from narrator.writers import render_docx

from . import sample_document, t


@pytest.fixture(scope="module")
def data() -> bytes:
    return render_docx(sample_document())


@pytest.fixture(scope="module")
def word(data):
    return docx.Document(io.BytesIO(data))


def styled(word, style: str) -> list[str]:
    return [p.text for p in word.paragraphs if p.style.name == style]


def paragraph(word, starting: str):
    (found,) = [p for p in word.paragraphs if p.text.startswith(starting)]
    return found


def test_front_matter(word):
    first, to, sender, date = word.paragraphs[:4]
    assert first.text == "Creating a safer\nCambridgeshire"
    assert all(run.italic for run in first.runs)
    assert [to.text, sender.text, date.text] == [
        "To:\tBusiness Coordination Board",
        "From:\tChief Constable",
        "Date:\t13 April 2021",
    ]
    assert to.runs[0].text == "To:" and to.runs[0].bold
    assert not to.runs[-1].bold
    assert styled(word, "Title") == ["POLICE AND CRIME PLAN – ANNUAL PERFORMANCE REPORT"]
    assert word.paragraphs[4].style.name == "Title"


def test_headings_use_built_in_styles_with_literal_numbers(word):
    assert styled(word, "Heading 1") == [
        "1. Purpose",
        "2. VICTIMS Pillar – We will Safeguard the Vulnerable",
        "BIBLIOGRAPHY",
    ]
    assert styled(word, "Heading 2") == ["2.2 Domestic Abuse"]


def test_paragraphs_number_tab_text(word):
    assert paragraph(word, "1.1").text == "1.1\tThe purpose of this report is to update the Board."
    assert paragraph(word, "2.2.1").text == (
        "2.2.1\tThe prosecution possible outcome rate stands at 11.5%."
    )
    numbered = paragraph(word, "1.1").paragraph_format
    assert numbered.left_indent == -numbered.first_line_indent > 0  # text hangs after the number


def test_note_paragraph_is_italic_and_unnumbered(word):
    note = paragraph(word, "Current month")
    assert note.text == "Current month tested at 95% confidence level"
    assert note.runs and all(run.italic for run in note.runs)
    assert not any(run.italic for run in paragraph(word, "1.1").runs)


def test_footnote_references_are_superscript_and_listed_as_notes(word):
    cited = paragraph(word, "2.1\t")
    assert cited.text == "2.1\tTotal recorded crime was 11.8% lower than the 2019/20 total.1"
    assert cited.runs[-1].text == "1" and cited.runs[-1].font.superscript
    assert not any(run.font.superscript for run in cited.runs[:-1])
    mace = paragraph(word, "2.2.2")
    assert [r.text for r in mace.runs if r.font.superscript] == ["2"]
    texts = [p.text for p in word.paragraphs]
    notes = texts.index("Notes")
    assert texts[notes + 1 :] == [
        "1\tRecorded crime excludes fraud.",
        "2\tMACE: Missing and Child Exploitation meetings.",
    ]


def test_figure_fact_ids_stay_out_of_the_document(data):
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert b"11.8%" in body
    assert b"all_crime.change" not in body and b"da.current" not in body


def test_measure_table_cells_alignment_and_rows(word):
    table = word.tables[0]
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["SAFEGUARDING", "Rolling 12 months", "Baseline", "Perf v Benchmark"],
        ["All Recorded Crime", "59,883", "67,882", "Lower"],
        ["DOMESTIC ABUSE", "", "", ""],
        ["Recorded Crime", "12,196", "10,660", "Higher"],
        ["Outcome Rate | Prosecution Possible", "11.5%", "10.3%", "Improved"],
    ]
    alignments = [p.paragraphs[0].alignment for p in table.rows[1].cells]
    assert alignments == [
        WD_PARAGRAPH_ALIGNMENT.LEFT,
        WD_PARAGRAPH_ALIGNMENT.RIGHT,
        WD_PARAGRAPH_ALIGNMENT.RIGHT,
        WD_PARAGRAPH_ALIGNMENT.CENTER,
    ]


def test_header_row_repeats_and_is_bold(word):
    rows = word.tables[0].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])
    assert all(run.bold for cell in rows[0].cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in rows[1].cells for run in cell.paragraphs[0].runs)
    # a table with no header row has no repeating row
    bibliography = word.tables[2]
    assert bibliography.rows[0]._tr.trPr.find(qn("w:tblHeader")) is None


def test_group_row_is_bold_and_shaded(word):
    rows = word.tables[0].rows

    def fill(row):
        shd = row.cells[0]._tc.tcPr.find(qn("w:shd"))
        return None if shd is None else shd.get(qn("w:fill"))

    assert rows[2].cells[0].paragraphs[0].runs[0].bold
    assert fill(rows[2]) is not None
    assert fill(rows[1]) is None and fill(rows[3]) is None


def test_label_column_is_widest_and_tables_fill_the_text_width(word):
    section = word.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in word.tables:
        widths = [column.width for column in table.columns]
        assert widths[0] >= max(widths[1:])
        assert abs(sum(widths) - text_width) < Cm(0.01)
        assert [cell.width for cell in table.rows[0].cells] == widths
    measures = [column.width for column in word.tables[0].columns]
    assert measures[0] > max(measures[1:])


def test_caption_follows_its_table(word):
    text = "Table 1: Median Prompt Response Times to Domestic Incidents"
    assert styled(word, "Caption") == [text]
    (caption,) = [p for p in word.paragraphs if p.style.name == "Caption"]
    assert word.tables[1]._tbl.getnext() is caption._p
    assert [c.text for c in word.tables[1].rows[1].cells] == ["2019/20", "241", "174"]


def test_page_and_body_font(word):
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert word.styles["Normal"].font.size == Pt(11)
    fonts = word.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == "Arial" and fonts.get(qn("w:asciiTheme")) is None
    heading = word.styles["Heading 1"].element.rPr
    assert heading.find(qn("w:rFonts")) is None  # no theme font overriding Arial


def test_core_properties(word):
    core = word.core_properties
    assert core.title == "Annual Performance Report 2020/21"
    assert core.subject == "Police and Crime Plan performance"
    assert core.author == core.last_modified_by == "Chief Constable"
    assert core.keywords == "performance; annual report"
    assert core.created == core.modified == datetime(2021, 4, 13, tzinfo=timezone.utc)
    assert core.revision == 1
    assert core.comments == ""


def test_no_python_docx_in_properties(data):
    package = zipfile.ZipFile(io.BytesIO(data))
    for name in ("docProps/core.xml", "docProps/app.xml"):
        assert b"python-docx" not in package.read(name).lower()
    assert "docProps/thumbnail.jpeg" not in package.namelist()


def test_identical_bytes_and_fixed_zip_timestamps(data):
    assert render_docx(sample_document()) == data
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}


def test_without_properties_dates_are_fixed_not_the_clock():
    document = Document(title="A Title", blocks=number_blocks((Heading(1, t("Purpose")),)))
    first = render_docx(document)
    assert render_docx(document) == first
    core = docx.Document(io.BytesIO(first)).core_properties
    assert core.created == core.modified == datetime(2000, 1, 1, tzinfo=timezone.utc)
    assert core.title == "A Title"
    assert core.author == ""


def test_adjacent_tables_are_kept_apart():
    table = Table(id="a", rows=(Row((Cell(t("x")), Cell(t("1"), "right"))),))
    after = Paragraph(t("After."), numbered=False)
    document = Document(title="T", blocks=number_blocks((table, table, after)))
    body = docx.Document(io.BytesIO(render_docx(document))).element.body
    tags = [child.tag for child in body if child.tag != qn("w:sectPr")]
    assert tags == [qn("w:p"), qn("w:tbl"), qn("w:p"), qn("w:tbl"), qn("w:p")]
    paragraphs = docx.Document(io.BytesIO(render_docx(document))).paragraphs
    assert paragraphs[-1].text == "After."
    assert paragraphs[-1].paragraph_format.space_before > 0


@pytest.mark.parametrize(
    "created",
    ["2021-04-13", "2021-04-13T00:00:00", "2021-04-13T01:00:00+01:00", date(2021, 4, 13)],
)
def test_created_accepts_iso_text_or_a_date(created):
    document = Document(title="T", properties={"created": created})
    core = docx.Document(io.BytesIO(render_docx(document))).core_properties
    assert core.created == core.modified == datetime(2021, 4, 13, tzinfo=timezone.utc)
