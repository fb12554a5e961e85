"""A chart as an SVG image: the picture a Markdown draft links to.

Contract: :func:`render_chart_svg` draws a :class:`~narrator.model.Chart` as the Word writer's
native chart draws it: the same value axis (``Chart.axis``), lines in the house colours, weights
and dashes, light grid lines, the legend below; its ``<title>`` and ``<desc>`` carry the caption
and the alt text. SVG rather than a bitmap: it is crisp at any size, needs no drawing library,
and is text, so the same chart always gives the same bytes and a change diffs line by line.
"""

from __future__ import annotations

from ..model import Chart
from ..word.xml import escape, quoteattr
from .options import WriterOptions

__all__ = ["render_chart_svg"]

WIDTH, HEIGHT = 640, 250  # px; about the Word chart's 16 × 6 cm
LEFT, RIGHT, TOP = 52, 12, 10
AXIS_LABELS, LEGEND_ROW = 22, 18
DOT_LABELS = 84  # px below a dot chart's axis: its forces' names, at a slant
FONT_SIZE = 11
GRID, AXIS_LINE, TEXT = "#D9D9D9", "#A6A6A6", "#404040"
# A line's weight (px) and dashes by what it shows (as the Word writer's LINE_STYLES, in pixels).
STYLES = {
    "current": (3.0, ""), "previous": (2.0, ""), "monthly": (1.3, ""), "rolling": (3.0, ""),
    "mean": (1.3, "6 4"), "limit": (1.3, "2 3"), "threshold": (1.7, "6 4"), "national": (1.7, "6 4"),
    "peer": (0.0, ""), "force": (0.0, ""),
}
DOTS = {"peer": 4.0, "force": 6.0}  # px: the radius of a dot chart's dots (the Word writer's MARKERS)
CHAR = 6.2  # px: the width of a character of 11 px Arial, for laying out the legend


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _label(value: float, number_format: str, step: float) -> str:
    decimals = 0 if float(step).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    return text + "%" if number_format.endswith('"%"') else text


def render_chart_svg(chart: Chart, options: WriterOptions | None = None, *, ids: str = "") -> str:
    """``chart`` as the text of an SVG file (one final newline).

    ``ids`` prefixes the ids of its title and description, so that several charts placed in one
    web page (:mod:`.html`) keep their ids unique.
    """
    options = options or WriterOptions()
    font = options.chart_font or "Arial"
    shown = [s for s in chart.series if s.legend]
    legend_rows = _legend_rows([s.name for s in shown])
    labels = DOT_LABELS if chart.kind == "dots" else AXIS_LABELS  # a dot chart's forces are named at a slant
    height = HEIGHT + labels - AXIS_LABELS
    bottom = height - labels - LEGEND_ROW * len(legend_rows) - 6
    low, high, step = chart.axis
    count = len(chart.categories)
    band = (WIDTH - LEFT - RIGHT) / count

    def x(index: int) -> float:
        return LEFT + band * (index + 0.5)

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - TOP)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{ids}title {ids}desc" font-family={quoteattr(font + ", Liberation Sans, sans-serif")} '
        f'font-size="{FONT_SIZE}" fill="{TEXT}">',
        f'<title id="{ids}title">{escape(chart.caption)}</title>',
        f'<desc id="{ids}desc">{escape(chart.alt_text)}</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="#FFFFFF"/>',
    ]
    ticks = round((high - low) / step)
    for k in range(ticks + 1):
        value = low + k * step
        out.append(f'<line x1="{LEFT}" y1="{_n(y(value))}" x2="{WIDTH - RIGHT}" y2="{_n(y(value))}" stroke="{GRID}" stroke-width="0.7"/>')
        out.append(f'<text x="{LEFT - 6}" y="{_n(y(value) + 4)}" text-anchor="end">{escape(_label(value, chart.number_format, step))}</text>')
    out.append(f'<line x1="{LEFT}" y1="{_n(bottom)}" x2="{WIDTH - RIGHT}" y2="{_n(bottom)}" stroke="{AXIS_LINE}" stroke-width="1"/>')
    for index in _labelled(chart):
        out.append(f'<line x1="{_n(x(index))}" y1="{_n(bottom)}" x2="{_n(x(index))}" y2="{_n(bottom + 4)}" stroke="{AXIS_LINE}"/>')
        if chart.kind == "dots":
            out.append(f'<text x="{_n(x(index))}" y="{_n(bottom + 14)}" text-anchor="end" '
                       f'transform="rotate(-35 {_n(x(index))} {_n(bottom + 14)})">{escape(chart.categories[index])}</text>')
        else:
            out.append(f'<text x="{_n(x(index))}" y="{_n(bottom + 16)}" text-anchor="middle">{escape(chart.categories[index])}</text>')
    for series in chart.series:
        colour = options.chart_colours.get(series.role) or "404040"
        width, dashes = STYLES[series.role]
        dash = f' stroke-dasharray="{dashes}"' if dashes else ""
        if series.role in DOTS:
            out.extend(f'<circle cx="{_n(x(i))}" cy="{_n(y(v))}" r="{_n(DOTS[series.role])}" fill="#{colour}"/>'
                       for i, v in enumerate(series.values) if v is not None)
            continue
        for run in _runs(series.values):
            points = " ".join(f"{_n(x(i))},{_n(y(v))}" for i, v in run)
            out.append(f'<polyline points="{points}" fill="none" stroke="#{colour}" stroke-width="{width}"'
                       f' stroke-linejoin="round" stroke-linecap="round"{dash}/>')
    top = bottom + labels + 4
    names = {s.name: s for s in shown}
    for row, items in enumerate(legend_rows):
        width = sum(_item_width(name) for name in items)
        left = (WIDTH - width) / 2
        line_y = top + row * LEGEND_ROW + 4
        for name in items:
            series = names[name]
            colour = options.chart_colours.get(series.role) or "404040"
            stroke, dashes = STYLES[series.role]
            dash = f' stroke-dasharray="{dashes}"' if dashes else ""
            if series.role in DOTS:
                out.append(f'<circle cx="{_n(left + 12)}" cy="{_n(line_y)}" r="{_n(DOTS[series.role])}" fill="#{colour}"/>')
            else:
                out.append(f'<line x1="{_n(left)}" y1="{_n(line_y)}" x2="{_n(left + 24)}" y2="{_n(line_y)}" stroke="#{colour}"'
                           f' stroke-width="{stroke}"{dash}/>')
            out.append(f'<text x="{_n(left + 30)}" y="{_n(line_y + 4)}">{escape(name)}</text>')
            left += _item_width(name)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _labelled(chart: Chart) -> list[int]:
    """The categories that get a label: all of a year; over a longer span, every 12 (or 6) months from the first."""
    count = len(chart.categories)
    if count <= 24:
        return list(range(count))
    every = 12 if count > 36 else 6
    return list(range(0, count, every))


def _runs(values: tuple[float | None, ...]) -> list[list[tuple[int, float]]]:
    """The stretches of a line between gaps, as (index, value) points."""
    runs: list[list[tuple[int, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((index, value))
    return [run for run in runs if run]


def _item_width(name: str) -> float:
    return 30 + len(name) * CHAR + 18


def _legend_rows(names: list[str]) -> list[list[str]]:
    rows: list[list[str]] = [[]]
    used = 0.0
    for name in names:
        width = _item_width(name)
        if rows[-1] and used + width > WIDTH - LEFT:
            rows.append([])
            used = 0.0
        rows[-1].append(name)
        used += width
    return [row for row in rows if row]
