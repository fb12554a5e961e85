from __future__ import annotations

from narrator.document.numbering import number_blocks
from narrator.model import (
    Cell,
    Document,
    Figure,
    Footnote,
    FootnoteRef,
    Heading,
    MemoField,
    Paragraph,
    Row,
    Table,
    Text,
)
from narrator.writers import WRITERS, WriterOptions, render_docx, render_markdown

from . import sample_document, t


def render_blocks(*blocks, **fields) -> str:
    """The Markdown of a titled document holding ``blocks``, numbered."""
    return render_markdown(Document(title="T", blocks=number_blocks(blocks), **fields))


def test_writers_registry():
    assert set(WRITERS) == {"md", "docx", "html", "pdf"}
    document = sample_document()
    assert WRITERS["md"](document, WriterOptions()).main == render_markdown(document).encode("utf-8")
    assert WRITERS["docx"](document, WriterOptions()).main == render_docx(document)
    assert WRITERS["docx"](document, WriterOptions()).attachments == {}


def test_front_matter():
    document = Document(
        title="ANNUAL REPORT",
        strapline="Creating a safer\nplace",
        memo=(MemoField("To", t("The Board")), MemoField("Date", t("13 April 2021"))),
    )
    assert render_markdown(document) == (
        "*Creating a safer place*\n"
        "\n"
        "**To:** The Board\n"
        "\n"
        "**Date:** 13 April 2021\n"
        "\n"
        "# ANNUAL REPORT\n"
    )


def test_headings_numbered_and_unnumbered():
    assert render_blocks(
        Heading(1, t("Purpose")),
        Heading(1, t("Victims")),
        Heading(2, t("Domestic Abuse")),
        Heading(1, t("BIBLIOGRAPHY"), numbered=False),
        Heading(2, t("Sources"), numbered=False),
    ) == (
        "# T\n"
        "\n"
        "## 1. Purpose\n"
        "\n"
        "## 2. Victims\n"
        "\n"
        "### 2.1 Domestic Abuse\n"
        "\n"
        "## BIBLIOGRAPHY\n"
        "\n"
        "### Sources\n"
    )


def test_paragraphs_numbered_unnumbered_and_notes():
    assert render_blocks(
        Heading(1, t("Victims")),
        Heading(2, t("Domestic Abuse")),
        Paragraph(t("First point.")),
        Paragraph(t("Tested at 95% confidence."), numbered=False, role="note"),
        Paragraph(t("Plain words."), numbered=False),
        Paragraph(t("Second point.")),
    ) == (
        "# T\n"
        "\n"
        "## 1. Victims\n"
        "\n"
        "### 1.1 Domestic Abuse\n"
        "\n"
        "1.1.1 First point.\n"
        "\n"
        "*Tested at 95% confidence.*\n"
        "\n"
        "Plain words.\n"
        "\n"
        "1.1.2 Second point.\n"
    )


def test_paragraph_with_figure_and_footnote():
    text = render_markdown(
        Document(
            title="T",
            blocks=number_blocks(
                (
                    Heading(1, t("Background")),
                    Paragraph(
                        (
                            Text("Crime fell by "),
                            Figure("11.8%", "crime.change"),
                            Text("."),
                            FootnoteRef(1),
                        )
                    ),
                )
            ),
            footnotes=(Footnote(1, t("Excluding fraud.")), Footnote(2, t("Second note."))),
        )
    )
    assert text == (
        "# T\n"
        "\n"
        "## 1. Background\n"
        "\n"
        "1.1 Crime fell by 11.8%.[^1]\n"
        "\n"
        "[^1]: Excluding fraud.\n"
        "[^2]: Second note.\n"
    )
    assert "crime.change" not in text


def test_pipe_table_alignment_group_row_and_escaping():
    table = Table(
        id="t",
        rows=(
            Row(
                (Cell(t("Measure")), Cell(t("Now"), "right"), Cell(t("Verdict"), "center")),
                kind="header",
            ),
            Row((Cell(t("GROUP")), Cell(()), Cell(())), kind="group"),
            Row(
                (
                    Cell(t("Rate | outcome")),
                    Cell((Figure("11.5%", "rate"), FootnoteRef(1)), "right"),
                    Cell(t("Improved"), "center", tone="good"),
                )
            ),
            Row((Cell(t("Count")), Cell(t("7"), "right"))),  # a short row is padded
        ),
        caption="Rates | counts",
    )
    assert render_blocks(table) == (
        "# T\n"
        "\n"
        "| Measure         |       Now | Verdict  |\n"
        "| --------------- | --------: | :------: |\n"
        "| **GROUP**       |           |          |\n"
        "| Rate \\| outcome | 11.5%[^1] | Improved |\n"
        "| Count           |         7 |          |\n"
        "\n"
        "*Table 1: Rates | counts*\n"
    )


def test_table_without_header_row_uses_first_row_as_header():
    table = Table(id="t", rows=(Row((Cell(t("Source")), Cell(t("Plan"))),),))
    assert render_blocks(Heading(1, t("SOURCES"), numbered=False), table) == (
        "# T\n"
        "\n"
        "## SOURCES\n"
        "\n"
        "| Source | Plan |\n"
        "| ------ | ---- |\n"
    )


def test_alignment_comes_from_first_body_row():
    table = Table(
        id="t",
        rows=(
            Row((Cell(t("Label")), Cell(t("Value"))), kind="header"),
            Row((Cell(t("GROUP")), Cell(())), kind="group"),
            Row((Cell(t("a")), Cell(t("1"), "right"))),
            Row((Cell(t("b"), "right"), Cell(t("2"), "center"))),
        ),
    )
    assert render_blocks(table).splitlines()[3] == "| --------- | ----: |"


def test_representative_document(file_regression):
    text = render_markdown(sample_document())
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.splitlines())
    assert "\n\n\n" not in text
    file_regression.check(text, extension=".md")


def test_a_chart_is_an_image_beside_the_draft_with_its_alt_text_and_caption():
    from narrator.model import Chart, ChartSeries
    from narrator.writers.markdown import render_markdown_files

    chart = Chart(
        id="da.recorded", measure="da.recorded", kind="year_on_year", categories=("Apr",), months=("2020-04",),
        series=(ChartSeries("2020/21", "current", (5.0,), ("da.recorded.month.2020-04",)),),
        axis=(0.0, 10.0, 2.0), number_format="#,##0", caption="Offences each month",
        alt_text="Line chart [of] offences:\nfive in April.",
    )
    document = Document(title="T", blocks=number_blocks((chart,)))
    files = render_markdown_files(document, WriterOptions(name="my draft"))
    assert list(files.attachments) == ["my draft-da.recorded.svg"]
    assert files.attachments["my draft-da.recorded.svg"].startswith(b"<svg ")
    assert files.main.decode() == (
        "# T\n\n![Line chart \\[of\\] offences: five in April.](my%20draft-da.recorded.svg)\n\n*Figure 1: Offences each month*\n"
    )
