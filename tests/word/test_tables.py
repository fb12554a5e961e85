"""The parts of a Word table the writer lays out: merges, the legend's swatches, the row cache."""

from narrator.model import Cell, Row, Text
from narrator.word.tables import RowCache, legend_pieces, swatch, vertical_merges
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


def test_the_legend_splits_into_words_and_swatches():
    assert legend_pieces("Shaded  {good}: better;\n{bad}: worse") == [
        ("Shaded ", None), ("", "good"), (": better; ", None), ("", "bad"), (": worse", None)]
    assert swatch("C6EFCE").find(".//{*}shd").get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill") == "C6EFCE"


def test_the_row_cache_keeps_what_it_was_given_up_to_its_size():
    cache = RowCache(size=1)
    first, second = w("tr"), w("tr")
    cache.put(("a",), first, [("F_a", "a.current")])
    cache.put(("b",), second, [])
    assert cache.get(("a",)) == (first, [("F_a", "a.current")])
    assert cache.get(("b",)) is None
