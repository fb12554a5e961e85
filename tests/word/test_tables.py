"""The parts of a Word table the writer lays out: merges, the row cache (the legend's pieces: tests/writers/test_html.py, writers/legend.py)."""

from narrator.model import Cell, Row, Text
from narrator.word.tables import RowCache, vertical_merges
from narrator.word.xml import w


def cell(text: str, continues: bool = False) -> Cell:
    return Cell((Text(text),) if text else (), continues=continues)


def test_a_continued_cell_merges_with_the_one_above():
    rows = (Row((cell("Focus"), cell("a")), "body"), Row((cell("", True), cell("b")), "body"),
            Row((cell("", True), cell("c")), "body"), Row((cell("Other"), cell("d")), "body"))
    assert vertical_merges(rows, 2) == [["restart", None], ["continue", None], ["continue", None], [None, None]]


def test_a_cell_never_continues_a_row_of_another_kind():
    rows = (Row((cell("Head"),), "header"), Row((cell("", True),), "body"))
    assert vertical_merges(rows, 1) == [[None], [None]]


def test_the_row_cache_keeps_what_it_was_given_up_to_its_size():
    cache = RowCache(size=1)
    first, second = w("tr"), w("tr")
    cache.put(("a",), first, [("F_a", "a.current")])
    cache.put(("b",), second, [])
    assert cache.get(("a",)) == (first, [("F_a", "a.current")])
    assert cache.get(("b",)) is None
