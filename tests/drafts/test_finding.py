"""drafts/finding.py: a figure found by its text and neighbours when its bookmark no longer marks it."""

from __future__ import annotations

from lxml import etree

from narrator.drafts.finding import CONTEXT, Paragraph, cell_labels, lost, shifted
from narrator.word.figuremap import MappedFigure

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraph(*runs: str) -> Paragraph:
    inner = "".join(f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' for text in runs)
    return Paragraph.of("word/document.xml", etree.fromstring(f'<w:p xmlns:w="{W}">{inner}</w:p>'))


def figure(text: str, before: str | None, after: str | None, **cell) -> MappedFigure:
    return MappedFigure("F_da_recorded_change_pct", "da.recorded.change_pct", text, before=before, after=after, **cell)


CHANGE = figure("14.4%", "abuse rose by ", " to 12,196 crim")


def test_a_paragraphs_text_and_the_span_of_each_run():
    found = paragraph("Domestic abuse rose by ", "14.4%", ".")
    assert found.text == "Domestic abuse rose by 14.4%."
    assert [(start, end) for _, start, end in found.spans] == [(0, 23), (23, 28), (28, 29)]
    assert CONTEXT == 16


def test_a_bookmark_moved_a_character_off_its_figure_finds_it_nearby():
    text = paragraph("Domestic abuse rose by 14.4% to 12,196 crimes.")
    found = shifted(CHANGE, ["14.4%", "15.3%"], text, (22, 27))  # one character left of the figure
    assert (found.start, found.end, found.text, found.how) == (23, 28, "14.4%", "shifted")
    assert shifted(CHANGE, ["15.3%"], text, (22, 27)) is None  # neither as written nor as the data give it now
    assert shifted(CHANGE, ["14.4%"], text, (23, 28)) is None  # the bookmark is on it: nothing moved


def test_a_lost_bookmarks_figure_is_found_by_its_text_between_its_neighbours():
    paragraphs = [paragraph("Burglary rose by 14.4% in the year."), paragraph("Domestic abuse rose by 14.4% to 12,196 crimes.")]
    found = lost(CHANGE, paragraphs, {})
    assert (found.paragraph is paragraphs[1], found.text, found.how, found.places) == (True, "14.4%", "text", 1)


def test_a_retyped_figure_is_what_stands_between_its_neighbours():
    paragraphs = [paragraph("Domestic abuse rose by about 14% to 12,196 crimes.")]
    found = lost(CHANGE, paragraphs, {})
    assert (found.text, found.how) == ("about 14%", "text")


def test_two_places_that_fit_equally_are_ambiguous_and_taken_text_is_never_used_again():
    same = [paragraph("Domestic abuse rose by 14.4% to 12,196 crimes."), paragraph("Domestic abuse rose by 14.4% to 12,196 crimes.")]
    found = lost(CHANGE, same, {})
    assert (found.how, found.places, found.paragraph is same[0]) == ("ambiguous", 2, True)
    alone = lost(CHANGE, same, {same[0].element: [(23, 28)]})  # another figure's bookmark holds the first
    assert (alone.how, alone.paragraph is same[1]) == ("text", True)


def test_without_neighbours_enough_a_figure_is_not_found_by_text():
    assert lost(figure("14.4%", "by ", ""), [paragraph("rose by 14.4%")], {}) is None  # under six characters of context
    assert lost(figure("14.4%", None, None), [paragraph("rose by 14.4%")], {}) is None  # a draft that recorded none


def table(*rows: list[str]) -> etree._Element:
    cells = "".join("<w:tr>" + "".join(f'<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>' for text in row) + "</w:tr>" for row in rows)
    return etree.fromstring(f'<w:tbl xmlns:w="{W}">{cells}</w:tbl>')


def test_a_figure_alone_in_a_cell_is_found_by_its_row_label_and_column_heading():
    grid = table(["Measure", "2019/20", "2020/21"], ["Recorded Crime", "10,660", "12,196"], ["Outcome rate", "7.1%", "6.5%"])
    cells = [tc for tc in grid.iter(f"{{{W}}}tc")]
    assert cell_labels(cells[5]) == ("Recorded Crime", "2020/21")
    assert cell_labels(cells[1]) is None and cell_labels(cells[3]) is None  # the heading row; a row's own label
    paragraphs = [Paragraph.of("word/document.xml", p) for p in grid.iter(f"{{{W}}}p")]
    found = lost(figure("12,196", None, None, row="Recorded Crime", column="2020/21"), paragraphs, {})
    assert (found.text, found.how, found.paragraph is paragraphs[5]) == ("12,196", "text", True)
    assert lost(figure("12,196", None, None, row="Recorded Crime", column="2021/22"), paragraphs, {}) is None
