"""Tests of the output writers, and the representative document they share."""

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


def t(text: str) -> tuple[Text]:
    return (Text(text),)


def sample_document() -> Document:
    """A small report with every kind of block the writers must carry."""
    measures = Table(
        id="measures",
        rows=(
            Row(
                (
                    Cell(t("SAFEGUARDING")),
                    Cell(t("Rolling 12 months"), "right"),
                    Cell(t("Baseline"), "right"),
                    Cell(t("Perf v Benchmark"), "center"),
                ),
                kind="header",
            ),
            Row(
                (
                    Cell(t("All Recorded Crime")),
                    Cell((Figure("59,883", "all_crime.current"),), "right"),
                    Cell((Figure("67,882", "all_crime.baseline"),), "right"),
                    Cell(t("Lower"), "center", tone="good"),
                )
            ),
            Row((Cell(t("DOMESTIC ABUSE")), Cell(()), Cell(()), Cell(())), kind="group"),
            Row(
                (
                    Cell(t("Recorded Crime")),
                    Cell((Figure("12,196", "da.current"),), "right"),
                    Cell((Figure("10,660", "da.baseline"),), "right"),
                    Cell(t("Higher"), "center", tone="bad"),
                )
            ),
            Row(
                (
                    Cell(t("Outcome Rate | Prosecution Possible")),
                    Cell((Figure("11.5%", "da_rate.current"),), "right"),
                    Cell((Figure("10.3%", "da_rate.baseline"),), "right"),
                    Cell(t("Improved"), "center", tone="good"),
                )
            ),
        ),
    )
    months = Table(
        id="response_times",
        caption="Median Prompt Response Times to Domestic Incidents",
        rows=(
            Row(
                (Cell(t("Month")), Cell(t("Feb"), "right"), Cell(t("Mar"), "right")),
                kind="header",
            ),
            Row((Cell(t("2019/20")), Cell(t("241"), "right"), Cell(t("174"), "right"))),
            Row((Cell(t("2020/21")), Cell(t("73"), "right"), Cell(t("85"), "right"))),
        ),
    )
    sources = Table(
        id="bibliography",
        rows=(
            Row(
                (
                    Cell(t("Source Document(s)")),
                    Cell(t("Police and Crime Plan https://www.example.org/plan/")),
                )
            ),
        ),
    )
    blocks = number_blocks(
        (
            Heading(1, t("Purpose")),
            Paragraph(t("The purpose of this report is to update the Board.")),
            Heading(1, t("VICTIMS Pillar – We will Safeguard the Vulnerable")),
            Paragraph(
                t("Current month tested at 95% confidence level"), numbered=False, role="note"
            ),
            measures,
            Paragraph(
                (
                    Text("Total recorded crime was "),
                    Figure("11.8%", "all_crime.change"),
                    Text(" lower than the 2019/20 total."),
                    FootnoteRef(1),
                )
            ),
            Heading(2, t("Domestic Abuse")),
            Paragraph(
                (
                    Text("The prosecution possible outcome rate stands at "),
                    Figure("11.5%", "da_rate.current"),
                    Text("."),
                )
            ),
            months,
            Paragraph(
                (
                    Text("Partnership forums include MACE"),
                    FootnoteRef(2),
                    Text(" and MARAC."),
                )
            ),
            Heading(1, t("BIBLIOGRAPHY"), numbered=False),
            sources,
        )
    )
    return Document(
        title="POLICE AND CRIME PLAN – ANNUAL PERFORMANCE REPORT",
        strapline="Creating a safer\nCambridgeshire",
        memo=(
            MemoField("To", t("Business Coordination Board")),
            MemoField("From", t("Chief Constable")),
            MemoField("Date", t("13 April 2021")),
        ),
        blocks=blocks,
        footnotes=(
            Footnote(1, t("Recorded crime excludes fraud.")),
            Footnote(2, t("MACE: Missing and Child Exploitation meetings.")),
        ),
        properties={
            "title": "Annual Performance Report 2020/21",
            "subject": "Police and Crime Plan performance",
            "author": "Chief Constable",
            "created": "2021-04-13",
            "keywords": "performance; annual report",
        },
    )
