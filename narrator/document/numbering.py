"""Paragraph and caption numbering: the only place numbers like 4.3.1 are made."""

from __future__ import annotations

from dataclasses import replace

from ..model import Block, Chart, Heading, Paragraph, Table


def number_blocks(blocks: tuple[Block, ...] | list[Block]) -> tuple[Block, ...]:
    """Return ``blocks`` with headings, numbered paragraphs and captions numbered.

    Headings and paragraphs share one counter per level, as in a memo: after
    paragraphs 4.1 and 4.2, the next level-2 heading is 4.3 and its paragraphs
    4.3.1, 4.3.2. A numbered paragraph sits one level below the last heading.
    Captioned tables are numbered 1, 2, … in order, and charts (figures) 1, 2, …
    separately. An unnumbered heading (a
    bibliography, say) closes the numbered sections.
    """
    position: list[int] = []  # the last number given, at every level
    depth = 0  # levels of the current heading
    table = figure = 0
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            if block.numbered:
                depth = block.level
                block = replace(block, number=_advance(position, depth))
            else:
                position, depth = [], 0
        elif isinstance(block, Paragraph) and block.numbered:
            block = replace(block, number=_advance(position, depth + 1))
        elif isinstance(block, Table) and block.caption:
            table += 1
            block = replace(block, number=table)
        elif isinstance(block, Chart):
            figure += 1
            block = replace(block, number=figure)
        out.append(block)
    return tuple(out)


def _advance(position: list[int], level: int) -> tuple[int, ...]:
    del position[level:]
    position.extend([0] * (level - len(position)))
    position[level - 1] += 1
    return tuple(position)


def format_number(number: tuple[int, ...]) -> str:
    """"4.3.1" for (4, 3, 1); a lone level-1 number keeps its full stop: "4."."""
    text = ".".join(str(n) for n in number)
    return text + "." if len(number) == 1 else text
