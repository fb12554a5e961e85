"""Bookmark ranges in an existing story: what a reader sees in them, and replacing it in place."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from lxml import etree

from narrator.word.ranges import cell_fill, find_ranges, paragraph_text, set_cell_fill, text_elements
from narrator.word.xml import W_NS
from word.wordxml import out_of_order

WORD = f'xmlns:w="{W_NS}"'


def story(body: str) -> etree._Element:
    return etree.fromstring(f"<w:document {WORD}><w:body>{body}</w:body></w:document>".encode())


def xml(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode").replace(f" {WORD}", "")


FIGURE = '<w:p><w:r><w:t xml:space="preserve">rose by </w:t></w:r>{}<w:r><w:t>.</w:t></w:r></w:p>'


def marked(runs: str, name: str = "F_a", ident: str = "1") -> str:
    return f'<w:bookmarkStart w:id="{ident}" w:name="{name}"/>{runs}<w:bookmarkEnd w:id="{ident}"/>'


def test_the_text_a_reader_sees():
    root = story(FIGURE.format(marked('<w:r><w:t>(</w:t><w:noBreakHyphen/><w:t>3.2%)</w:t><w:tab/></w:r>')))
    assert find_ranges(root)["f_a"].text == "(-3.2%)\t"


def test_split_runs_and_formatting_do_not_change_the_text():
    runs = '<w:r><w:rPr><w:b/></w:rPr><w:t>12,</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>196</w:t></w:r>'
    assert find_ranges(story(FIGURE.format(marked(runs))))["f_a"].text == "12,196"


def test_deleted_and_moved_away_text_is_not_seen_inserted_text_is():
    runs = ('<w:del w:id="9" w:author="A"><w:r><w:delText>12,196</w:delText></w:r></w:del>'
            '<w:ins w:id="10" w:author="A"><w:r><w:t>12,200</w:t></w:r></w:ins>'
            '<w:moveFrom w:id="11" w:author="A"><w:r><w:t>gone</w:t></w:r></w:moveFrom>')
    assert find_ranges(story(FIGURE.format(marked(runs))))["f_a"].text == "12,200"


def test_names_are_compared_without_case_and_a_later_copy_is_ignored():
    body = FIGURE.format(marked("<w:r><w:t>first</w:t></w:r>", "F_A")) + FIGURE.format(marked("<w:r><w:t>copy</w:t></w:r>", "f_a", "1"))
    ranges = find_ranges(story(body))
    assert list(ranges) == ["f_a"]
    assert ranges["f_a"].name == "F_A" and ranges["f_a"].text == "first"


def test_a_start_without_an_end_is_no_range():
    assert find_ranges(story('<w:p><w:bookmarkStart w:id="1" w:name="F_a"/><w:r><w:t>x</w:t></w:r></w:p>')) == {}


def test_a_range_over_two_paragraphs_reads_the_paragraph_mark_as_a_line_break():
    body = ('<w:p><w:bookmarkStart w:id="1" w:name="F_a"/><w:r><w:t>12,</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>196</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>'
            '<w:p><w:bookmarkStart w:id="2" w:name="F_b"/><w:r><w:t>six</w:t></w:r></w:p><w:p><w:bookmarkEnd w:id="2"/></w:p>')
    ranges = find_ranges(story(body))
    assert ranges["f_a"].text == "12,\n196"
    assert ranges["f_b"].text == "six"  # an end that slipped into the next, empty paragraph adds nothing


def test_an_emptied_bookmark_reads_as_empty():
    assert find_ranges(story(FIGURE.format(marked(""))))["f_a"].text == ""


def test_replace_keeps_the_first_runs_formatting_and_drops_the_emptied_runs():
    runs = ('<w:r><w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr><w:t>12,</w:t></w:r>'
            '<w:r><w:rPr><w:i/></w:rPr><w:t>196</w:t></w:r>')
    root = story(FIGURE.format(marked(runs)))
    bookmark = find_ranges(root)["f_a"]
    bookmark.replace_text("-1,250")
    paragraph = root.find(f".//{qn('w:p')}")
    assert xml(paragraph) == (
        '<w:p><w:r><w:t xml:space="preserve">rose by </w:t></w:r><w:bookmarkStart w:id="1" w:name="F_a"/>'
        '<w:r><w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr><w:noBreakHyphen/><w:t>1,250</w:t></w:r>'
        '<w:bookmarkEnd w:id="1"/><w:r><w:t>.</w:t></w:r></w:p>'
    )
    assert find_ranges(root)["f_a"].text == "-1,250"


def test_replace_leaves_what_is_not_text_in_a_run():
    runs = '<w:r><w:t>six</w:t><w:footnoteReference w:id="2"/></w:r>'
    root = story(FIGURE.format(marked(runs)))
    find_ranges(root)["f_a"].replace_text("seven")
    run = root.find(f".//{qn('w:bookmarkStart')}").getnext()
    assert xml(run) == '<w:r><w:t>seven</w:t><w:footnoteReference w:id="2"/></w:r>'


def test_replace_inside_a_tracked_insertion_leaves_the_deletion():
    runs = ('<w:del w:id="9" w:author="A"><w:r><w:delText>old</w:delText></w:r></w:del>'
            '<w:ins w:id="10" w:author="A"><w:r><w:t>12,196</w:t></w:r></w:ins>')
    root = story(FIGURE.format(marked(runs)))
    find_ranges(root)["f_a"].replace_text("12,250")
    assert root.find(f".//{qn('w:delText')}").text == "old"
    assert find_ranges(root)["f_a"].text == "12,250"


def test_nothing_to_replace_is_an_error():
    with pytest.raises(ValueError, match="F_a holds no text"):
        find_ranges(story(FIGURE.format(marked(""))))["f_a"].replace_text("x")


def test_text_elements_write_figures_as_the_writer_does():
    assert [xml(e) for e in text_elements("(-3.2%)")] == ["<w:t>(</w:t>", "<w:noBreakHyphen/>", "<w:t>3.2%)</w:t>"]
    assert [xml(e) for e in text_elements("a b\tc\nd ")] == [
        "<w:t>a b</w:t>", "<w:tab/>", "<w:t>c</w:t>", "<w:br/>", '<w:t xml:space="preserve">d </w:t>',
    ]


def test_paragraph_and_cell():
    body = f"<w:tbl><w:tr><w:tc><w:tcPr><w:tcW w:w='1' w:type='dxa'/></w:tcPr>{FIGURE.format(marked('<w:r><w:t>Higher</w:t></w:r>'))}</w:tc></w:tr></w:tbl>"
    root = story(body)
    bookmark = find_ranges(root)["f_a"]
    assert bookmark.paragraph is root.find(f".//{qn('w:p')}")
    assert bookmark.cell is root.find(f".//{qn('w:tc')}")
    assert find_ranges(story(FIGURE.format(marked("<w:r><w:t>x</w:t></w:r>"))))["f_a"].cell is None


def test_cell_shading_read_set_and_taken_away():
    root = story("<w:tbl><w:tr><w:tc><w:tcPr><w:tcW w:w='1' w:type='dxa'/><w:vAlign w:val='center'/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>")
    cell = root.find(f".//{qn('w:tc')}")
    assert cell_fill(cell) == ""
    set_cell_fill(cell, "FFC7CE")
    assert cell_fill(cell) == "FFC7CE"
    assert [etree.QName(c).localname for c in cell.find(qn("w:tcPr"))] == ["tcW", "shd", "vAlign"]
    assert not list(out_of_order(root))
    set_cell_fill(cell, "C6EFCE")
    assert xml(cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}")) == '<w:shd w:val="clear" w:color="auto" w:fill="C6EFCE"/>'
    set_cell_fill(cell, "")
    assert cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is None and cell_fill(cell) == ""


def test_a_cell_without_properties_gets_them_and_auto_is_no_shading():
    root = story("<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:shd w:val='clear' w:fill='auto'/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>")
    first, second = root.iter(qn("w:tc"))
    set_cell_fill(first, "d9d9d9")
    assert cell_fill(first) == "D9D9D9" and first[0].tag == qn("w:tcPr")
    assert cell_fill(second) == ""


def test_paragraph_text_with_offsets_leaves_out_a_text_box():
    body = ('<w:p><w:r><w:t>One. </w:t></w:r><w:hyperlink><w:r><w:t>Two</w:t></w:r></w:hyperlink>'
            '<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r>'
            '<w:r><w:t>.</w:t></w:r></w:p>')
    paragraph = story(body).find(f".//{qn('w:p')}")
    text, spans = paragraph_text(paragraph)
    assert text == "One. Two."
    assert [(start, end) for _, start, end in spans] == [(0, 5), (5, 8), (8, 9)]
