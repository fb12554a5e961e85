"""word/numbertext.py: a paragraph's number held as SEQ fields, counted as Word counts them when it updates."""

from __future__ import annotations

from lxml import etree

from narrator.word.numbertext import Sequences, number_prefix

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TAB = "<w:r><w:tab/></w:r>"


def field(instruction: str, stored: str = "7") -> str:
    """A complex field whose stored result (``stored``) Word replaces when it updates."""
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{stored}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def text(words: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{words}</w:t></w:r>'


def paragraph(inner: str) -> etree._Element:
    return etree.fromstring(f'<w:p xmlns:w="{W}">{inner}</w:p>')


def numbered(*levels: str) -> etree._Element:
    """A paragraph opened by one field per level, full stops between them, then a tab and its words."""
    return paragraph(text(".").join(field(instruction) for instruction in levels) + TAB + text("Recorded crime rose by 12."))


def test_each_paragraph_is_numbered_as_word_shows_it_after_an_update_not_as_stored():
    paragraphs = [
        numbered(r"SEQ Outline1 \r 4"),  # \r sets the count
        numbered(r"SEQ Outline1 \c", "SEQ Outline2"),  # \c repeats it
        numbered(r"SEQ Outline1 \c", r"SEQ Outline2 \c", "SEQ Outline3"),
        numbered(r"SEQ Outline1 \c", r"SEQ Outline2 \c", "SEQ Outline3"),
        paragraph(text("An analyst's paragraph without a number.")),
        numbered(r"SEQ Outline1 \c", "SEQ Outline2"),
        numbered(r"SEQ Outline1 \h"),  # counted, not shown
        paragraph(field("SEQ Table", "1") + TAB + text("a caption's field is not a paragraph number")),
        numbered(r"SEQ Outline1 \c"),
    ]
    sequences = Sequences()
    assert [sequences.number(p) for p in paragraphs] == ["4", "4.1", "4.1.1", "4.1.2", "", "4.2", "", "", "5"]
    assert sequences.counts == {"outline1": 5, "outline2": 2, "outline3": 2, "table": 1}


def test_the_number_prefix_is_the_runs_through_the_tab_and_only_ours():
    assert len(number_prefix(numbered(r"SEQ Outline1 \c", "SEQ Outline2"))) == 12  # two fields of five runs, a full stop, the tab
    assert number_prefix(paragraph(text("4.1") + TAB + text("typed by hand"))) == []
    assert number_prefix(paragraph(field("SEQ Figure") + TAB)) == []  # a field, but not an outline sequence
    assert number_prefix(paragraph(field("SEQ Outline1"))) == []  # no tab: not a number opening a paragraph
    assert number_prefix(paragraph(f'<w:hyperlink>{text("x")}</w:hyperlink>' + field("SEQ Outline1") + TAB)) == []
