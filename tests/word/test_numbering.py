"""word/numbering.py: paragraph numbers as SEQ fields, which Word counts back to the numbers Narrator computed."""

from __future__ import annotations

import pytest

from narrator.word.numbering import number_runs
from narrator.word.numbertext import Sequences
from narrator.word.xml import w

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraph(runs):
    element = w("p")
    for run in runs:
        element.append(run)
    words = w("r")
    words.append(w("t", text="Recorded crime rose."))
    element.append(words)
    return element


def instructions(element) -> list[str]:
    return [i.text.strip() for i in element.iter(W + "instrText")]


def test_word_counts_the_fields_back_to_the_numbers_narrator_computed():
    blocks = [((4,), True), ((4, 1), False), ((4, 1, 1), False), ((4, 1, 2), False), ((5,), False), ((5, 1), False), ((5, 1, 1), False)]
    sequences = Sequences()
    shown = [sequences.number(paragraph(number_runs(number, 3, restart=restart))) for number, restart in blocks]
    assert shown == ["4.", "4.1", "4.1.1", "4.1.2", "5.", "5.1", "5.1.1"]  # 4.1.2 is followed by 5., then 5.1


def test_the_parts_above_repeat_the_own_part_counts_and_the_deeper_are_set_back_hidden():
    assert instructions(paragraph(number_runs((4, 1), 3))) == [
        "SEQ Outline1 \\c \\* ARABIC", "SEQ Outline2 \\* ARABIC", "SEQ Outline3 \\r 0 \\h"]
    assert instructions(paragraph(number_runs((4,), 3, restart=True))) == [
        "SEQ Outline1 \\r 4 \\* ARABIC", "SEQ Outline2 \\r 0 \\h", "SEQ Outline3 \\r 0 \\h"]


def test_word_has_nine_levels():
    assert len(instructions(paragraph(number_runs((1,) * 9, 9)))) == 9
    with pytest.raises(ValueError, match="^Word numbers have 9 levels; cannot number a block at level 10$"):
        number_runs((1,) * 10, 10)
