"""Column widths of a Word table: the widths that make a table as short as it can be, from the
words of its cells (no renderer is asked: a character is an average 10 pt Arial character); and
what makes tables one kind, whose columns line up (:func:`table_kind`).
"""

from __future__ import annotations

import functools
import itertools

from ..model import Row, Table, plain_text

CHAR_WIDTH, CELL_PADDING = 108, 227  # twips: a character of 10 pt Arial, a cell's side margins
BOLD_WIDTH = 1.08  # a bold character is this much wider


def table_kind(table: Table) -> tuple[str, ...] | None:
    """What makes tables one kind: the headings of every column but the first (which names the table)."""
    if not table.rows or table.rows[0].kind != "header" or len(table.rows[0].cells) < 2:
        return None
    return tuple(plain_text(cell.runs) for cell in table.rows[0].cells[1:])


def column_widths(rows: tuple[Row, ...], columns: int, total: int) -> list[int]:
    """The widths :func:`_best_widths` gives, worked out once per set of rows in a process (the
    drafts of a batch share their area tables, whose layout is the slow part)."""
    return list(_best_widths(tuple(rows), columns, total))


@functools.lru_cache(maxsize=256)
def _best_widths(rows: tuple[Row, ...], columns: int, total: int) -> tuple[int, ...]:
    """Widths in twips that fill ``total`` and make the table as short as it can be.

    A first guess (:func:`_first_widths`) is improved by moving width from one column to
    another, a character at a time up to half a line, whenever the move makes the table
    take fewer lines in all (each row as tall as its tallest cell; group rows, which span
    the table, left out); no column gets narrower than its longest word. So a label column
    gives up room it does not use to a column whose cells wrap onto three lines.
    """
    widths = _first_widths(rows, columns, total)
    if columns == 1:
        return tuple(widths)
    texts = [
        [(plain_text(cell.runs).split(), row.kind == "header") for cell in row.cells[:columns]]
        for row in rows
        if row.kind != "group"
    ]
    least = [max((_chars_width(len(word)) for row in texts if c < len(row) for word in row[c][0]), default=_chars_width(1))
             for c in range(columns)]
    cache: dict[tuple[int, int, int], int] = {}

    def lines(r: int, c: int, width: int) -> int:
        key = (r, c, width)
        if key not in cache:
            words, bold = texts[r][c]
            cache[key] = _wrapped_lines(words, int((width - CELL_PADDING) / CHAR_WIDTH / (BOLD_WIDTH if bold else 1)))
        return cache[key]

    def height(trial: list[int]) -> int:
        return sum(max((lines(r, c, trial[c]) for c in range(len(row))), default=1) for r, row in enumerate(texts))

    def moved_height(gain: int, loss: int, others: list[int], trial: list[int]) -> int:
        """height(trial) when only columns ``gain`` and ``loss`` differ from ``widths``: each row's
        other columns are ``others`` (their tallest, at ``widths``), so only two are wrapped anew."""
        total = 0
        for r, row in enumerate(texts):
            n = len(row)
            if not n:
                total += 1
                continue
            tallest = others[r]
            if gain < n:
                tallest = max(tallest, lines(r, gain, trial[gain]))
            if loss < n:
                tallest = max(tallest, lines(r, loss, trial[loss]))
            total += tallest
        return total

    best = height(widths)
    improved = True
    while improved:
        improved = False
        for gain, loss in itertools.permutations(range(columns), 2):
            others = [max((lines(r, c, widths[c]) for c in range(len(row)) if c not in (gain, loss)), default=0)
                      for r, row in enumerate(texts)]
            for chars in range(1, 41):
                moved = chars * CHAR_WIDTH
                if widths[loss] - moved < min(least[loss], widths[loss]):
                    break
                trial = list(widths)
                trial[gain] += moved
                trial[loss] -= moved
                found = moved_height(gain, loss, others, trial)
                if found < best:
                    best, widths, improved = found, trial, True
                    break
    return tuple(widths)


def _chars_width(chars: int) -> int:
    return min(chars, 80) * CHAR_WIDTH + CELL_PADDING


def _wrapped_lines(words: list[str], per_line: int) -> int:
    """Lines the words take, wrapped at ``per_line`` characters (a longer word is broken)."""
    per_line = max(per_line, 1)
    count, used = 1, 0
    for word in words:
        if used and used + 1 + len(word) <= per_line:
            used += 1 + len(word)
            continue
        if used:
            count += 1
        count += (len(word) - 1) // per_line
        used = (len(word) - 1) % per_line + 1
    return count


def _first_widths(rows: tuple[Row, ...], columns: int, total: int) -> list[int]:
    """Widths in twips that fill ``total``, much as a browser lays out an automatic table.

    Each column has a least width (its longest word: nothing narrower avoids breaking
    a word) and a most width (its longest cell on one line). Group rows are left out:
    their label is the only text in the row. If every column can have its most width,
    each does, and the room left is shared in proportion. Otherwise header cells may
    take two lines, so ask for half their length; columns whose most width is at most
    a third of the table then get it (short labels and figures do not wrap); the others
    get their least width and share the room left in proportion to how much more they
    want.
    """
    if columns == 1:
        return [total]
    width = _chars_width

    def measure(wrap_headers: bool) -> tuple[list[int], list[int]]:
        least, most = [0] * columns, [0] * columns
        for row in rows:
            if row.kind == "group":
                continue
            for index, cell in enumerate(row.cells[:columns]):
                words = plain_text(cell.runs).split()
                length = len(" ".join(words))
                longest_word = max((len(word) for word in words), default=0)
                if wrap_headers and row.kind == "header":
                    length = max(-(-length // 2), longest_word)
                least[index] = max(least[index], longest_word)
                most[index] = max(most[index], length)
        return [width(n) for n in least], [width(n) for n in most]

    low, high = measure(wrap_headers=False)
    if sum(high) <= total:
        return _fill([h * total / sum(high) for h in high], total)
    low, high = measure(wrap_headers=True)
    short = [h <= total / 3 for h in high]
    fixed = sum(h for h, s in zip(high, short) if s)
    flexible_low = sum(lo for lo, s in zip(low, short) if not s)
    flexible_high = sum(h for h, s in zip(high, short) if not s)
    if any(short) and not all(short) and fixed + flexible_low <= total < fixed + flexible_high:
        share = (total - fixed - flexible_low) / (flexible_high - flexible_low)
        return _fill([h if s else lo + (h - lo) * share for lo, h, s in zip(low, high, short)], total)
    if sum(high) <= total:
        return _fill([h * total / sum(high) for h in high], total)
    if sum(low) < total:
        share = (total - sum(low)) / (sum(high) - sum(low))
        return _fill([lo + (h - lo) * share for lo, h in zip(low, high)], total)
    return _fill([lo * total / sum(low) for lo in low], total)


def _fill(widths: list[float], total: int) -> list[int]:
    """Whole twips adding up to ``total`` exactly (the first column takes the rounding)."""
    whole = [int(width) for width in widths]
    whole[0] += total - sum(whole)
    return whole
