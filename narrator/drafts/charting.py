"""Charts are figures too: each chart's data recorded, checked against the data now, and refreshed.

Contract. A chart of a Word draft is a chart part (``c:chartSpace``) drawn in the body, named by
its drawing (``Chart 1``, ``Chart 2`` …, the ``wp:docPr`` name Narrator gives it), with its data
cached in the part and held again in an embedded workbook. :func:`chart_states` gives, for each
chart of a package, a state for the figure map (key ``chart:`` and the chart's name) with the
``series`` it plots (JSON: each series' name, categories and values, as cached) and their
``hash``; :mod:`.record` puts them in the map beside the measures' states.

:func:`check_charts` compares each chart the draft recorded with the same chart of a fresh build:

* **current**: the chart plots what the data give now;
* **stale**: it plots what Narrator wrote, and the data now give other values;
* **edited**: it plots neither (its data were edited in Word's "Edit Data"): kept, and listed;
* **missing**: the chart is no longer in the draft; **unknown**: the data no longer give it.

:func:`refresh_chart` updates a stale chart where it stands: the cached categories and values of
each series are replaced (everything else of the part, the analyst's styling too, is kept) and
the embedded workbook is replaced by the fresh build's. A chart whose series are not the
fresh chart's series (one added or taken away) is not updated, and says so.
"""

from __future__ import annotations

import copy
import hashlib
import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from ..word.existing import ExistingDocx
from ..zipfiles import rels_name

__all__ = ["ChartCheck", "Charts", "chart_states", "check_charts", "fresh_charts", "refresh_chart"]

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
DRAWING = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
KEY = "chart:"


@dataclass(frozen=True)
class ChartPart:
    name: str  # the drawing's name: "Chart 1"
    part: str  # word/charts/chart1.xml
    workbook: str | None  # word/embeddings/….xlsx


@dataclass(frozen=True)
class ChartCheck:
    name: str
    status: str  # current, stale, edited, missing, unknown
    summary: str  # for the analyst: which series and points changed
    part: str | None = None

    def record(self) -> dict[str, object]:
        """The chart as one JSON record (after the figures' records in ``check --format json``)."""
        return {"chart": self.name, "status": self.status, "summary": self.summary}


class Charts:
    """The charts of a package (an :class:`ExistingDocx`), by name, in document order."""

    def __init__(self, docx: ExistingDocx) -> None:
        self.docx = docx
        self.parts: dict[str, ChartPart] = {}
        targets = _relationships(docx, docx.main)
        for drawing in docx.tree(docx.main).iter(DRAWING):
            chart = next(drawing.iter(f"{C}chart"), None)
            described = next(drawing.iter(DOC_PR), None)
            target = targets.get(chart.get(R_ID)) if chart is not None else None
            if target is None or not docx.has(target[1]) or target[0] != CHART_REL:
                continue
            name = (described.get("name") if described is not None else None) or f"Chart {len(self.parts) + 1}"
            books = [part for kind, part in _relationships(docx, target[1]).values() if kind == PACKAGE_REL and docx.has(part)]
            self.parts.setdefault(name, ChartPart(name, target[1], books[0] if books else None))

    def series(self, name: str) -> list[dict]:
        return series_of(self.docx.tree(self.parts[name].part))


def _relationships(docx: ExistingDocx, source: str) -> dict[str, tuple[str, str]]:
    """The internal relationships of the part ``source``: id → (type, member name)."""
    blob = docx.parts.get(rels_name(source))
    found = {}
    if blob:
        for relationship in etree.fromstring(blob).iter(_RELATIONSHIP):
            target = relationship.get("Target", "")
            if relationship.get("TargetMode") == "External":
                continue
            member = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(source), target)
            found[relationship.get("Id")] = (relationship.get("Type", ""), posixpath.normpath(member))
    return found


def series_of(space: etree._Element) -> list[dict]:
    """Each series a chart part caches: its name, categories and values (None for a gap)."""
    found = []
    for series in space.iter(f"{C}ser"):
        found.append({
            "name": " ".join(_points(series.find(f"{C}tx")).values()),
            "categories": list(_points(series.find(f"{C}cat")).values()),
            "values": _values(series.find(f"{C}val")),
        })
    return found


def _points(element: etree._Element | None) -> dict[int, str]:
    """A cache's points by index (a point whose index is not a number is no point)."""
    if element is None:
        return {}
    return {int(pt.get("idx", "")): "".join(pt.itertext()).strip()
            for pt in element.iter(f"{C}pt") if pt.get("idx", "").isdigit() and len(pt.get("idx", "")) < 7}


def _values(element: etree._Element | None) -> list[float | None]:
    """A cache's values in order, a gap as None: as many as its points reach (its stated count only up to that)."""
    if element is None:
        return []
    points = _points(element)
    count = element.find(f".//{C}ptCount")
    stated = count.get("val", "") if count is not None else ""
    length = max(points, default=-1) + 1
    if stated.isdigit():
        length = max(length, min(int(stated), length + 1000))  # trailing gaps, but never a count out of all measure
    return [_number(points.get(index)) for index in range(length)]


def _number(text: str | None) -> float | None:
    try:
        return round(float(text), 9) if text not in (None, "") else None
    except ValueError:
        return None


def _hash(series: list[dict]) -> str:
    return hashlib.sha256(json.dumps(series, sort_keys=True).encode()).hexdigest()[:16]


def fresh_charts(data: bytes) -> dict[str, tuple[bytes, bytes | None]]:
    """Each chart of a freshly built .docx, by name: the chart part's bytes and its workbook's."""
    charts = Charts(ExistingDocx(data, "the fresh draft"))
    parts = charts.docx.parts
    return {name: (parts[chart.part], parts.get(chart.workbook) if chart.workbook else None) for name, chart in charts.parts.items()}


def chart_states(docx: ExistingDocx) -> dict[str, dict[str, str]]:
    """A state per chart of the package, for the figure map: its series (JSON) and their hash."""
    charts = Charts(docx)
    states = {}
    for name in charts.parts:
        series = charts.series(name)
        states[KEY + name] = {"hash": _hash(series), "series": json.dumps(series, separators=(",", ":"))}
    return states


def check_charts(docx: ExistingDocx, written: Mapping[str, Mapping[str, str]], fresh: Mapping[str, Mapping[str, str]]) -> list[ChartCheck]:
    """Each chart the draft's map recorded (``written``: its states), against a fresh build's (``fresh``)."""
    charts = Charts(docx)
    checks = []
    for key, state in written.items():
        if not key.startswith(KEY) or "hash" not in state:
            continue
        name = key[len(KEY):]
        new = fresh.get(key)
        if name not in charts.parts:
            checks.append(ChartCheck(name, "missing", "(deleted from the draft)"))
            continue
        part = charts.parts[name].part
        now = charts.series(name)
        if new is None:
            checks.append(ChartCheck(name, "unknown", "the data no longer give this chart", part))
        elif _hash(now) == new["hash"]:
            checks.append(ChartCheck(name, "current", "", part))
        elif _hash(now) == state["hash"]:
            checks.append(ChartCheck(name, "stale", _differences(now, json.loads(new["series"])), part))
        else:
            checks.append(ChartCheck(name, "edited", "its data were edited (Edit Data); kept as you left them", part))
    return checks


def _differences(old: list[dict], new: list[dict]) -> str:
    """What changed, in words: "2019/20: 3 of 12 points" …"""
    if [s["name"] for s in old] != [s["name"] for s in new]:
        return "its series are now " + ", ".join(s["name"] for s in new)
    said = []
    for before, after in zip(old, new):
        moved = sum(1 for a, b in zip(before["values"], after["values"]) if a != b) + abs(len(before["values"]) - len(after["values"]))
        if moved or before["categories"] != after["categories"]:
            said.append(f"{after['name']}: {moved} of {len(after['values'])} points")
    return "values changed: " + "; ".join(said)


def refresh_chart(docx: ExistingDocx, part: str, fresh_chart: bytes, fresh_workbook: bytes | None, workbook: str | None) -> bool:
    """Put the fresh chart's cached series names, categories and values into the chart ``part`` (all else, its
    styling, kept), and the fresh workbook in place of its embedded one; False (nothing changed) when the fresh
    chart draws another number of series. Only a stale chart comes here (its data as Narrator wrote them), so
    its series' names are Narrator's too: a later period renames them ("2020/21" → "Q4 2020/21")."""
    space = docx.edit(part)
    mine, theirs = list(space.iter(f"{C}ser")), list(etree.fromstring(fresh_chart).iter(f"{C}ser"))
    if len(mine) != len(theirs):
        return False
    for series, fresh in zip(mine, theirs):
        for tag in ("tx", "cat", "val"):
            old, new = series.find(f"{C}{tag}"), fresh.find(f"{C}{tag}")
            if old is not None and new is not None:
                old.getparent().replace(old, copy.deepcopy(new))
    if workbook is not None and fresh_workbook is not None:
        docx.set(workbook, fresh_workbook)
    return True
