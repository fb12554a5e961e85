"""What ``narrator check`` and ``narrator refresh`` print: plain text an analyst can read in a terminal.

Contract. :func:`check_table` gives the check as a table grouped by section, in document
order, each row the figure's paragraph number (or table and row), status, text and fact
id; current figures only with ``everything``; deleted figures last. :func:`refresh_summary`
gives the counts of figures updated, kept, flagged and missing, then lists the kept,
flagged, missing and unknown ones. Neither holds any logic of its own about statuses.
"""

from __future__ import annotations

from collections import Counter

from .check import STATUSES, DraftCheck, FigureCheck, MarkdownCheck
from .colours import colour_name
from .refresh import Refreshed

CHART_STATUSES = ("current", "stale", "edited", "missing", "unknown")

__all__ = ["check_table", "markdown_summary", "refresh_summary"]


def _where(figure: FigureCheck) -> str:
    place = figure.place
    if place is None:
        return "-"
    if place.table is not None:
        return f"table {place.table} row {place.row}"
    return place.number or "-"


_HOW = {
    "text": " (bookmark lost, figure still in the text)",
    "shifted": " (its bookmark had moved off it)",
    "copy": " (a copy: a second bookmark of this figure's name)",
}


def _what(figure: FigureCheck) -> str:
    return _status_words(figure) + _HOW.get(figure.found, "")


def _status_words(figure: FigureCheck) -> str:
    shading = ""
    if figure.fill is not None and figure.new_fill is not None and figure.fill != figure.new_fill:
        shading = f" (shading {colour_name(figure.fill)} → {colour_name(figure.new_fill)})"
    if figure.status == "current":
        return figure.text + shading
    if figure.status == "stale":
        return f"{figure.text} → {figure.new}{shading}"
    if figure.status == "hand-edited":
        return f"“{figure.text}” (Narrator wrote {figure.written}; the data give {figure.new})"
    if figure.status == "missing":
        return f"(deleted; Narrator wrote {figure.written}" + (f", the data give {figure.new})" if figure.new else ")")
    if figure.status == "lost":
        places = figure.located.found.places if figure.located is not None and figure.located.found is not None else 2
        return (f"{figure.text} (bookmark lost; the figure's text stands in {places} places that fit, so it was not "
                f"updated: the data give {figure.new})")
    return f"{figure.text} (the fact is no longer in the data)"


def _counts(check: DraftCheck) -> str:
    counts = check.counts()
    total = sum(counts.values())
    parts = [f"{counts[status]} {status}" for status in STATUSES if counts[status]]
    copies = check.copies
    edited = sum(1 for copy in copies if copy.status != "current")
    also = (f"; {len(copies)} cop{'y' if len(copies) == 1 else 'ies'} of figures' bookmarks"
            + (f" ({edited} not current)" if edited else "")) if copies else ""
    charts = Counter(chart.status for chart in check.charts)
    drawn = (f"; {sum(charts.values())} chart{'' if sum(charts.values()) == 1 else 's'}: "
             + ", ".join(f"{charts[s]} {s}" for s in CHART_STATUSES if charts[s])) if charts else ""
    return f"{check.source}: {total} figure{'' if total == 1 else 's'}: " + ", ".join(parts or ["none"]) + also + drawn


def check_table(check: DraftCheck, *, everything: bool = False) -> str:
    lines = [_counts(check)]
    shown = [f for f in check.figures if everything or f.status != "current"]
    rows: list[tuple[str, list[str]]] = []  # (section, cells)
    for figure in shown:
        section = figure.place.section if figure.place is not None else "Deleted from the draft"
        if figure.place is not None and figure.place.table is not None and figure.place.row_label:
            section_row = f"{_what(figure)}  [{figure.place.row_label}]"
        else:
            section_row = _what(figure)
        rows.append((section or "Before the first heading", [_where(figure), figure.status, figure.fact_id, section_row]))
    if rows:
        widths = [max(len(cells[i]) for _, cells in rows) for i in range(3)]
        last_section = None
        for section, cells in rows:
            if section != last_section:
                lines += ["", section]
                last_section = section
            lines.append("  " + "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + "  " + cells[3])
    elif not everything and not any(chart.status != "current" for chart in check.charts):
        lines += ["", "Every figure is what the data give now."]
    charts = [chart for chart in check.charts if everything or chart.status != "current"]
    if charts:
        lines += ["", "Charts"]
        width = max(len(chart.name) for chart in charts)
        lines += [f"  {chart.name:<{width}}  {chart.status:<11}  {chart.summary}".rstrip() for chart in charts]
    changed = [f for f in check.figures if f.change is not None]
    if changed:
        lines += ["", "The words around these figures may no longer fit (a change turned, or a test's verdict moved):"]
        seen = set()
        width = max(len(_where(figure)) for figure in changed)
        for figure in changed:
            key = (_where(figure), figure.change.key)
            if key not in seen:
                seen.add(key)
                lines.append(f"  {_where(figure):<{width}}  {figure.change.said}")
    return "\n".join(lines)


def markdown_summary(check: MarkdownCheck) -> str:
    said = {
        "current": "unchanged since Narrator wrote it, and the data give the same draft now",
        "stale": f"unchanged since Narrator wrote it, but the data now give {check.lines} line"
                 f"{'' if check.lines == 1 else 's'} differently; build it again (narrator build --out {check.source})",
        "hand-edited": "edited since Narrator wrote it, so its figures cannot be told from the edits",
    }[check.status]
    return (f"{check.source}: {check.status}: {said}. A Markdown draft is checked as a whole, by its fingerprint: "
            "its figures carry no bookmarks (the Word draft's do).")


def refresh_summary(out: str, refreshed: Refreshed, backup: str | None = None) -> str:
    def many(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    lines = [
        f"wrote {out}: {many(len(refreshed.updated), 'figure')} updated, {len(refreshed.kept)} kept as you edited them, "
        + (f"{many(len(refreshed.rewritten), 'paragraph')} rewritten, " if refreshed.rewritten else "")
        + f"{many(len(refreshed.flagged), 'sentence')} flagged with a comment, {len(refreshed.missing)} missing "
        f"({refreshed.current} already current" + (f", {len(refreshed.unknown)} unknown" if refreshed.unknown else "") + ")"
        + (f"; {many(len(refreshed.charts_updated), 'chart')} updated" if refreshed.charts_updated else "")
    ]
    if backup:
        lines.append(f"the draft as it was is kept in {backup}")
    lines += _listed("kept as you edited them (hand-edited):", refreshed.kept, lambda f: f"“{f.text}” (the data give {f.new})")
    if refreshed.rewritten:
        lines += ["", "rewritten from the data now (you had not edited these paragraphs):"]
        width = max(len(r.place.number or "-") for r in refreshed.rewritten)
        for rewritten in refreshed.rewritten:
            text = rewritten.text if len(rewritten.text) <= 90 else rewritten.text[:87] + "…"
            said = "; ".join(c.said for c in rewritten.changes) or "the data now give these words"
            lines.append(f"  {(rewritten.place.number or '-'):<{width}}  “{text}”: {said}")
    if refreshed.flagged:
        lines += ["", "flagged with a comment (check the words):"]
        for flagged in refreshed.flagged:
            where = (flagged.place.number if flagged.place and flagged.place.number else "-").ljust(
                max(len(f.place.number or "-") for f in refreshed.flagged))
            sentence = flagged.sentence if len(flagged.sentence) <= 90 else flagged.sentence[:87] + "…"
            lines.append(f"  {where}  “{sentence}”: " + "; ".join(change.said for change in flagged.changes))
    if refreshed.charts_updated or refreshed.charts_kept:
        lines += ["", "charts:"]
        lines += [f"  {c.name}: updated, your styling kept ({c.summary})" for c in refreshed.charts_updated]
        lines += [f"  {c.name}: {c.status}, {c.summary}" for c in refreshed.charts_kept]
    lines += _listed("found by their text (their bookmarks lost or moved off them), and bookmarked again:", refreshed.found_again,
                     lambda f: f.new if f.status == "stale" else f.text)
    lines += _listed("not updated: bookmark lost, and the figure's text stands in several places (update it by hand):",
                     refreshed.lost, lambda f: f"{f.text} (the data give {f.new})")
    lines += _listed("copies of a figure's bookmark, edited by you (kept):", refreshed.copies,
                     lambda f: f"“{f.text}” (the data give {f.new})")
    if refreshed.missing:
        lines += ["", "missing (deleted from the draft; left so):"]
        lines += [f"  {f.fact_id}: Narrator wrote {f.written}" for f in refreshed.missing]
    lines += _listed("unknown (no such fact in the data now; left as they were):", refreshed.unknown, lambda f: f.text)
    return "\n".join(lines)


def _listed(title: str, figures: tuple[FigureCheck, ...], said) -> list[str]:
    """A titled list of figures, each where it stands, its fact id and ``said(figure)``; nothing if none."""
    if not figures:
        return []
    width = max(len(_where(f)) for f in figures)
    return ["", title, *(f"  {_where(f):<{width}}  {f.fact_id}: {said(f)}" for f in figures)]
