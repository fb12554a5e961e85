"""word/layout.py: a Word table's column widths from the words of its cells, and what makes tables one kind."""

from __future__ import annotations

from narrator.model import Cell, Row, Table, Text
from narrator.word.layout import CELL_PADDING, CHAR_WIDTH, column_widths, table_kind


def row(*texts: str, kind: str = "body") -> Row:
    return Row(tuple(Cell((Text(text),)) for text in texts), kind)


ROWS = (
    row("Measure", "2019/20", "2020/21", "Change", kind="header"),
    row("Recorded crime", "10,660", "12,196", "+14.4%"),
    row("Prosecution Possible Outcome Rate of all serious sexual offences", "7.1%", "6.5%", "-0.6 points"),
)


def test_tables_are_one_kind_when_their_columns_but_the_first_are_headed_alike():
    assert table_kind(Table("a", ROWS)) == ("2019/20", "2020/21", "Change")
    assert table_kind(Table("b", ROWS[1:])) is None  # no header row
    assert table_kind(Table("c", (row("Measure", kind="header"),))) is None and table_kind(Table("d", ())) is None


def test_the_widths_fill_the_page_and_the_long_labels_take_the_room_the_figures_do_not_use():
    widths = column_widths(ROWS, 4, 9000)
    assert widths == [5619, 983, 983, 1415] and sum(widths) == 9000
    assert widths[1] >= len("2019/20") * CHAR_WIDTH + CELL_PADDING  # no figure column narrower than its longest word
    assert sum(column_widths(ROWS, 4, 4000)) == 4000
    assert column_widths((row("A", "B"),), 2, 2000) == [1000, 1000]
