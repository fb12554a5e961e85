"""Editing a Word draft as an analyst (or python-docx) would, and reading it back run by run: for the draft tests."""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from narrator.word.figuremap import FigureMap, find_map
from narrator.word.ranges import find_ranges, paragraph_text
from narrator.zipfiles import read_zip, write_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Revised data: late-recorded crimes, a turned change, a moved verdict, a corrected survey wave.
REVISIONS = (
    ("da.recorded", "2020-11", "986", None),  # +100 late-recorded offences: figures move, the words still fit
    ("sso.recorded", "2021-03", "190", None),  # +79: the fall becomes a rise, as does the third lockdown's change
    ("knife.recorded", "2021-02", "200", None),  # +76: Lower (p = 0.017) becomes Within usual variation (p = 0.16)
    ("sso.ppo_rate", "2021-03", "2", None),  # four outcomes corrected: Improved (shaded) becomes Within usual variation (p = 0.053)
    ("hate.satisfaction", "2020-11", "14", "16"),  # a corrected survey wave: the rate moves, the verdict stays
    ("hate.satisfaction", "2020-07", "12", "14"),
)


def revise(observations: Path, revisions=REVISIONS) -> None:
    """Put each (measure, month, value, denominator) into the observations CSV (None keeps the denominator)."""
    text = observations.read_text(encoding="utf-8")
    for measure, month, value, denominator in revisions:
        pattern = re.compile(rf"^{re.escape(measure)},{month},[^,\n]*,([^\n]*)$", re.M)
        assert pattern.search(text), (measure, month)
        text = pattern.sub(lambda m: f"{measure},{month},{value},{denominator if denominator is not None else m.group(1)}", text, count=1)
    observations.write_text(text, encoding="utf-8")


def with_python_docx(data: bytes, change: Callable[[docx.document.Document], None]) -> bytes:
    """``data`` opened in python-docx, changed, saved."""
    document = docx.Document(io.BytesIO(data))
    change(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def body(document) -> etree._Element:
    return document.element.body


def marks(document, name: str) -> tuple[etree._Element, etree._Element]:
    start = next(e for e in body(document).iter(qn("w:bookmarkStart")) if e.get(qn("w:name")) == name)
    end = next(e for e in body(document).iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == start.get(qn("w:id")))
    return start, end


def runs_of(document, name: str) -> list[etree._Element]:
    start, end = marks(document, name)
    runs, element = [], start.getnext()
    while element is not end:
        if element.tag == qn("w:r"):
            runs.append(element)
        element = element.getnext()
    return runs


def set_run_text(run: etree._Element, text: str) -> None:
    for child in [c for c in run if c.tag != qn("w:rPr")]:
        run.remove(child)
    etree.SubElement(run, qn("w:t")).text = text
    run[-1].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def type_over(document, name: str, text: str) -> None:
    """Select the figure and type ``text`` over it (Word keeps the bookmark around the new text)."""
    runs = runs_of(document, name)
    set_run_text(runs[0], text)
    for run in runs[1:]:
        run.getparent().remove(run)


def type_inside(document, name: str, before: str) -> None:
    """Type ``before`` just inside the bookmark, in front of the figure."""
    first = runs_of(document, name)[0]
    added = copy.deepcopy(first)
    set_run_text(added, before)
    first.addprevious(added)


def delete_figure(document, name: str, *, keep_bookmark: bool = False) -> None:
    """Delete the figure's text; Word deletes the bookmark with it unless told to keep it empty."""
    start, end = marks(document, name)
    for run in runs_of(document, name):
        run.getparent().remove(run)
    if not keep_bookmark:
        start.getparent().remove(start)
        end.getparent().remove(end)


def split_run(document, name: str, at: int) -> None:
    """Split the figure's run in two at character ``at`` (as Word does after a partial edit or spell check)."""
    run = runs_of(document, name)[0]
    text = "".join(t.text or "" for t in run.iter(qn("w:t")))
    second = copy.deepcopy(run)
    set_run_text(run, text[:at])
    set_run_text(second, text[at:])
    run.addnext(second)


def reformat(document, name: str) -> None:
    """Make the figure bold and highlighted."""
    for run in runs_of(document, name):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = etree.SubElement(run, qn("w:rPr"))
            run.insert(0, rpr)
        etree.SubElement(rpr, qn("w:b"))
        etree.SubElement(rpr, qn("w:highlight")).set(qn("w:val"), "yellow")


def paragraph_starting(document, opening: str):
    """The paragraph whose words (its number, held as text, left out) start with ``opening``."""
    return next(p for p in document.paragraphs if paragraph_text(p._p)[0].startswith(opening))


def move_paragraph(document, opening: str, before: str) -> None:
    paragraph_starting(document, before)._p.addprevious(paragraph_starting(document, opening)._p)


def copy_paragraph(document, opening: str, before: str) -> None:
    """A copy of a paragraph, bookmarks and all, pasted outside Word (python-docx keeps the names)."""
    paragraph_starting(document, before)._p.addprevious(copy.deepcopy(paragraph_starting(document, opening)._p))


def delete_paragraph(document, opening: str) -> None:
    element = paragraph_starting(document, opening)._p
    element.getparent().remove(element)


def rewrite(document, old: str, new: str) -> None:
    """Rewrite words in a run that holds no figure."""
    for run in body(document).iter(qn("w:r")):
        for t in run.iter(qn("w:t")):
            if t.text and old in t.text:
                t.text = t.text.replace(old, new)
                return
    raise AssertionError(f"{old!r} is not in the draft")


def figure_map(data: bytes) -> FigureMap:
    parts = dict(read_zip(data))
    return FigureMap.from_xml(parts[find_map(parts)])


def without_states(data: bytes) -> bytes:
    """The draft as Narrator wrote it before fills and states were recorded."""
    parts = read_zip(data)
    name = find_map(dict(parts))
    old = figure_map(data)
    plain = FigureMap(tuple(type(f)(f.bookmark, f.fact_id, f.text) for f in old.figures))
    return write_zip((n, plain.to_xml() if n == name else content) for n, content in parts)


def document_root(data: bytes) -> etree._Element:
    return etree.fromstring(dict(read_zip(data))["word/document.xml"])


def runs_outside_figures(data: bytes, figures: set[str] | None = None) -> list[tuple[bytes, str]]:
    """Every run of the body with text that is not in a figure bookmark (of ``figures``, else any in the map): its properties and text."""
    root = document_root(data)
    names = figures if figures is not None else {f.bookmark for f in figure_map(data).figures}
    wanted = {n.casefold() for n in names}
    inside = {run for key, bookmark in find_ranges(root).items() if key in wanted for run in bookmark.runs}
    out = []
    for run in root.iter(qn("w:r")):
        if run in inside:
            continue
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if text:
            rpr = run.find(qn("w:rPr"))
            out.append((etree.tostring(rpr) if rpr is not None else b"", text))
    return out


def paragraph_count(data: bytes) -> int:
    return sum(1 for _ in document_root(data).iter(qn("w:p")))
