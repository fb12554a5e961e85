"""writers/legend.py: the judgement legend's words and colour samples, shared by the Word and web writers."""

from __future__ import annotations

from narrator.model import Cell, Document, Figure, Heading, Row, Table, Text
from narrator.writers.legend import LegendPiece, colour_name, legend_pieces, tone_words

DOCUMENT = Document("Title", blocks=(
    Heading(1, (Text("Heading"),)),
    Table("t", (
        Row((Cell((Text("Judgement"),)),), "header"),
        Row((Cell((Text("Improved"),), tone="good"), Cell((Text("Lower"),), tone="good"), Cell((Text(" Improved "),), tone="good"))),
        Row((Cell((Text("Deteriorated"),), tone="bad"), Cell((Text(""),), tone="bad"), Cell((Figure("12", "x.current"),)))),
    )),
))
COLOURS = {"good": "C6EFCE", "bad": "FFC7CE", "neutral": "", "other": "1F4E79"}


def test_the_words_of_shaded_cells_by_tone_each_once_in_order():
    assert tone_words(DOCUMENT) == {"good": ["Improved", "Lower"], "bad": ["Deteriorated"]}
    assert tone_words(Document("Empty")) == {}


def test_each_sample_holds_the_words_its_colour_shades():
    assert legend_pieces("Shading:  {good} good,\n {bad} bad; {neutral} none {other}", COLOURS, DOCUMENT) == [
        LegendPiece("Shading: "),
        LegendPiece("Improved / Lower", "good", "C6EFCE"),
        LegendPiece(" good, "),
        LegendPiece("Deteriorated", "bad", "FFC7CE"),
        LegendPiece(" bad; "),
        LegendPiece(" none "),  # the neutral tone has no colour: no sample
        LegendPiece("blue", "other", "1F4E79"),  # no cell uses it: the colour's own name
    ]
    assert legend_pieces("", COLOURS, DOCUMENT) == []


def test_a_colour_is_named_plainly():
    assert [colour_name(fill) for fill in ("C6EFCE", "FFC7CE", "FFFFFF", "808080", "1F4E79", "FFEB9C", "F4B183", "7030A0", "FF0000")] == [
        "green", "red", "grey", "grey", "blue", "yellow", "orange", "purple", "red"]
