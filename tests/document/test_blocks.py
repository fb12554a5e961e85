import pytest

from narrator.document.blocks import parse_blocks
from narrator.errors import TemplateProblem
from narrator.model import Figure, FootnoteRef, Heading, Paragraph, Table, Text
from narrator.wording import markers

TABLE = Table("t", ())


def test_markup_becomes_numbered_blocks():
    markup = "\n".join([
        "# Purpose",
        "",
        "First line",
        "continues here.",
        "",
        "Second paragraph.",
        "## Sub",
        "::note A note.",
        "::table t",
        "Third " + markers.figure("x.current", "12,196") + " offences" + markers.footnote("n1") + ".",
        "::heading BIBLIOGRAPHY",
    ])
    blocks, notes = parse_blocks(markup, {"t": TABLE}, {"n1": "A footnote."})
    assert blocks[0] == Heading(1, (Text("Purpose"),), number=(1,))
    assert blocks[1] == Paragraph((Text("First line continues here."),), number=(1, 1))
    assert blocks[2].number == (1, 2)
    assert blocks[3] == Heading(2, (Text("Sub"),), number=(1, 3))
    assert blocks[4] == Paragraph((Text("A note."),), numbered=False, role="note")
    assert blocks[5] is TABLE
    assert blocks[6].runs == (Text("Third "), Figure("12,196", "x.current"), Text(" offences"), FootnoteRef(1), Text("."))
    assert blocks[6].number == (1, 3, 1)
    assert blocks[7] == Heading(1, (Text("BIBLIOGRAPHY"),), numbered=False)
    assert [(n.number, n.runs) for n in notes] == [(1, (Text("A footnote."),))]


def test_same_footnote_key_gets_the_same_number():
    markup = f"a{markers.footnote('b')} c{markers.footnote('a')} d{markers.footnote('b')}."
    blocks, notes = parse_blocks(markup, {}, {"a": "A", "b": "B"})
    refs = [r.number for r in blocks[0].runs if isinstance(r, FootnoteRef)]
    assert refs == [1, 2, 1]
    assert [n.runs[0].text for n in notes] == ["B", "A"]


def test_a_figure_in_words_at_a_sentence_start_gets_a_capital():
    markup = markers.figure("x.months", "six") + " months. " + markers.figure("y.months", "two") + " more."
    blocks, _ = parse_blocks(markup, {}, {})
    assert [r.text for r in blocks[0].runs] == ["Six", " months. ", "Two", " more."]


def test_a_numeral_at_a_sentence_start_is_refused():
    with pytest.raises(TemplateProblem, match=r"a sentence starts with the figure '2020/21' \(fact period.current\)"):
        parse_blocks("Done. " + markers.figure("period.current", "2020/21") + " saw more.", {}, {})


def test_unknown_directive_is_refused():
    with pytest.raises(TemplateProblem, match=r"unknown directive '::tabel'"):
        parse_blocks("::tabel t", {}, {})


def test_a_table_note_is_said_once_and_again_only_where_it_differs():
    markup = "\n".join([
        "::note Rolling 12 months.", "::table t", "Text.", "",
        "::note Rolling 12 months.", "::table t", "",
        "::note Current month tested.", "::table t", "",
        "::note Rolling 12 months.", "::table t", "",
        "::note Rolling 12 months.", "A note that introduces no table stays.",
    ])
    blocks, _ = parse_blocks(markup, {"t": TABLE}, {})
    notes = [plain(b) for b in blocks if isinstance(b, Paragraph) and b.role == "note"]
    assert notes == ["Rolling 12 months.", "Current month tested.", "Rolling 12 months.", "Rolling 12 months."]
    assert sum(1 for b in blocks if b is TABLE) == 4


def plain(block):
    return "".join(r.text for r in block.runs)


def test_words_a_helper_places_never_become_headings_or_directives():
    markup = f"{markers.words('# Not a heading')}\n\n{markers.words('::table victims')} and {markers.words('2020/21')}\n"
    blocks, _ = parse_blocks(markup, {}, {})
    assert [(type(b).__name__, "".join(r.text for r in b.runs)) for b in blocks] == [
        ("Paragraph", "# Not a heading"),
        ("Paragraph", "::table victims and 2020/21"),
    ]


def test_a_table_id_placed_as_words_is_read():
    table = Table("t2", ())
    blocks, _ = parse_blocks(f"::table {markers.words('t2')}\n", {"t2": table}, {})
    assert blocks == (table,)
