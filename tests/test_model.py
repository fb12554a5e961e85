"""model.py: the document model's types; what a document's runs are and what a reader sees of them."""

from __future__ import annotations

import dataclasses

import pytest

from narrator.model import (
    MARKER_ROLES, Cell, Chart, ChartSeries, Document, Figure, Footnote, FootnoteRef, Heading, MemoField, Paragraph, Row, Table, Text,
    plain_text,
)


def test_plain_text_is_what_a_reader_sees_footnote_references_aside():
    assert plain_text((Text("fell by "), Figure("14.4%", "da.recorded.change_pct"), FootnoteRef(1), Text("."))) == "fell by 14.4%."
    assert plain_text(()) == ""


def test_a_documents_runs_are_its_memo_headings_paragraphs_and_cells_in_order_and_never_a_chart():
    chart = Chart("c1", "da.recorded", "trend", ("Apr",), ("2020-04",), (ChartSeries("Monthly", "monthly", (1.0,), ("x",)),),
                  (0.0, 10.0, 2.0), "#,##0", "Figure", "Alt")
    document = Document(
        "Title",
        memo=(MemoField("To", (Text("Board"),)),),
        blocks=(Heading(1, (Text("Heading"),)), chart, Paragraph((Text("Body"),)),
                Table("t", (Row((Cell((Text("a"),)), Cell((Figure("12", "x.current"),)))),))),
        footnotes=(Footnote(1, (Text("A note"),)),),
    )
    assert [plain_text(runs) for runs in document.runs()] == ["Board", "Heading", "Body", "a", "12"]
    assert [plain_text(runs) for runs in document.runs(footnotes=True)] == ["Board", "Heading", "Body", "a", "12", "A note"]


def test_every_object_is_immutable_with_its_defaults():
    paragraph = Paragraph((Text("Body"),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        paragraph.runs = ()  # type: ignore[misc]
    assert (paragraph.numbered, paragraph.number, paragraph.role) == (True, (), "body")
    assert (Cell(()).align, Cell(()).tone, Cell(()).continues, Row(()).kind) == ("left", None, False, "body")
    assert (Table("t", ()).caption, Table("t", ()).number) == (None, None)
    assert Document("T").properties == {} and Document("T").properties is not Document("T").properties
    assert MARKER_ROLES == ("peer", "force")
