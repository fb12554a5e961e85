"""Paragraphs the analyst never touched, written again from the data now when their words no longer fit.

Contract. At build, :func:`paragraph_states` records, for every paragraph of running text that
holds figures, the hash of its text as written, keyed ``para:`` and the name of the first figure
bookmark in it (names are deterministic). :func:`fresh_paragraphs` gives the same paragraphs of a
fresh build as XML.

At refresh, :func:`reword` takes each such paragraph the analyst never touched — its text is
still what Narrator wrote, it holds no comment and no tracked change — whose words the fresh
build writes otherwise (a change that turned, a verdict that moved, a sentence the rules now add
or drop; not only its figures), and puts in the fresh build's paragraph of the same key:
figures, direction and verdict then agree with the tables. Its paragraph properties (style, numbering) stay; its figures'
bookmarks are those of the fresh paragraph, numbered anew. It is not rewritten (and refresh
comments on it instead) when it was edited, when it holds the analyst's commentary (the fresh
build is made without it: :func:`commentary_probes` knows each commentary paragraph by its first
words; an unreadable commentary.yaml stops all rewriting), when the fresh build has no such paragraph, or when
the fresh paragraph would bring a bookmark name the draft already uses elsewhere, a footnote or
a link (which belong to the fresh build's other parts).
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import NarratorError
from ..settings.yamlfiles import read_yaml
from ..word.figuremap import MappedFigure
from ..word.outline import Place
from ..word.numbertext import number_prefix
from ..word.ranges import paragraph_text
from .opened import OpenedDraft

# Change, Current and DraftCheck (in annotations only) are drafts.check's, which records through this module:
# it is not imported here, so that the stage has no circle of imports.

__all__ = ["Rewritten", "commentary_probes", "fresh_paragraphs", "paragraph_states", "reword"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KEY = "para:"
_EDITED = {W + tag for tag in ("ins", "del", "moveFrom", "moveTo", "commentRangeStart", "commentReference")}
_WORD = re.compile(r"[A-Za-z]+")
_FOREIGN = {W + tag for tag in ("footnoteReference", "endnoteReference", "drawing", "object", "pict")}


@dataclass(frozen=True, eq=False)
class Rewritten:
    place: Place
    text: str  # the paragraph as it reads now
    changes: tuple[Change, ...]
    paragraph: etree._Element
    removed: frozenset[str]  # bookmark names (lower case) it held
    added: tuple[MappedFigure, ...]  # the figures it holds now, as the fresh build wrote them


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _first_figure(paragraph: etree._Element, names: Mapping[str, str]) -> str | None:
    """The first figure bookmark of ``paragraph`` (``names``: lower case → name), as named in the map."""
    for start in paragraph.iter(W + "bookmarkStart"):
        name = names.get((start.get(W + "name") or "").casefold())
        if name is not None:
            return name
    return None


def _running_paragraphs(body: etree._Element, names: Mapping[str, str]) -> Iterable[tuple[str, etree._Element]]:
    """Every paragraph outside tables holding a figure bookmark, with its key."""
    for paragraph in body.iter(W + "p"):
        if next(paragraph.iterancestors(W + "tbl"), None) is not None:
            continue
        first = _first_figure(paragraph, names)
        if first is not None:
            yield KEY + first, paragraph


def paragraph_states(body: etree._Element, figures: Iterable[MappedFigure]) -> dict[str, dict[str, str]]:
    """A state per paragraph of running text holding figures: the hash of its text as written."""
    names = {figure.bookmark.casefold(): figure.bookmark for figure in figures}
    return {key: {"hash": _hash(paragraph_text(paragraph)[0])} for key, paragraph in _running_paragraphs(body, names)}


def fresh_paragraphs(body: etree._Element, figures: Iterable[MappedFigure]) -> dict[str, bytes]:
    """The paragraphs of running text holding figures of a fresh build, by key, as XML."""
    names = {figure.bookmark.casefold(): figure.bookmark for figure in figures}
    return {key: etree.tostring(paragraph) for key, paragraph in _running_paragraphs(body, names)}


def commentary_probes(path: Path | None) -> tuple[str, ...] | None:
    """The first six words of each of the analyst's paragraphs in ``path`` (commentary.yaml), by which a
    paragraph holding them is known; None when the file cannot be read (then nothing is rewritten)."""
    if path is None or not Path(path).is_file():
        return ()
    try:
        data = read_yaml(Path(path)) or {}
    except (NarratorError, OSError):
        return None
    entries = data.get("paragraphs") if isinstance(data, Mapping) else None
    if not isinstance(entries, Mapping):
        return ()
    texts = [text for value in entries.values() for text in ([value] if isinstance(value, str) else value or [])
             if isinstance(text, str)]
    return tuple(" ".join(_WORD.findall(re.sub(r"\[\^[^\]]*\]", "", text))[:6]) for text in texts if _WORD.search(text))


def _holds_commentary(text: str, probes: tuple[str, ...]) -> bool:
    words = " ".join(_WORD.findall(text))
    return any(probe and probe in words for probe in probes)


def reword(draft: OpenedDraft, result: DraftCheck, current: Current) -> tuple[Rewritten, ...]:
    """Every untouched paragraph whose words no longer fit, written again from the fresh build (see the contract)."""
    names = {figure.bookmark.casefold(): figure.bookmark for figure in draft.map.figures}
    original = {paragraph.element: paragraph.text for paragraph in draft.paragraphs}
    wanted: dict[etree._Element, list[Change]] = {}
    for checked in result.figures:
        if checked.change is not None and checked.located is not None and checked.located.paragraph is not None:
            changes = wanted.setdefault(checked.located.paragraph, [])
            if checked.change not in changes:
                changes.append(checked.change)
    fresh_figures = current.figures.by_bookmark()
    rewritten = []
    for key, paragraph in list(_running_paragraphs(draft.docx.tree(draft.docx.main), names)):
        recorded, fresh = draft.map.states.get(key, {}), current.paragraphs.get(key)
        if fresh is None or recorded.get("hash") != _hash(original.get(paragraph, "")) or _touched(paragraph):
            continue
        if current.commentary is None or _holds_commentary(original[paragraph], current.commentary):
            continue  # the analyst's own paragraph shares it (the fresh build has no commentary): never dropped
        new = etree.fromstring(fresh)
        if paragraph_text(new)[0] == original.get(paragraph):
            continue  # the data give the same words
        removed = {(s.get(W + "name") or "").casefold() for s in paragraph.iter(W + "bookmarkStart")}
        added = [s.get(W + "name") or "" for s in new.iter(W + "bookmarkStart")]
        elsewhere = {key for key in draft.occurrence_names() if key not in removed}
        if _foreign(new) or any(name.casefold() in elsewhere for name in added) or not all(n in fresh_figures for n in added):
            continue
        draft.docx.edit(draft.docx.main)
        _replace_content(paragraph, new, draft.docx.tree(draft.docx.main))
        rewritten.append(Rewritten(draft.place(draft.docx.main, paragraph), paragraph_text(paragraph)[0], tuple(wanted.get(paragraph, ())),
                                   paragraph, frozenset(removed), tuple(fresh_figures[n] for n in added)))
    return tuple(rewritten)


def _touched(paragraph: etree._Element) -> bool:
    return any(element.tag in _EDITED for element in paragraph.iter())


def _foreign(paragraph: etree._Element) -> bool:
    """Whether the fresh paragraph holds what belongs to the fresh build's other parts (a note, a link, a picture)."""
    return any(element.tag in _FOREIGN or any(name.startswith(f"{{{R_NS}}}") for name in element.attrib)
               for element in paragraph.iter())


def _replace_content(paragraph: etree._Element, new: etree._Element, story: etree._Element) -> None:
    """``paragraph`` with the content of ``new`` (its own properties and number kept), bookmarks numbered anew in ``story``.

    A number held as text stays the draft's own (Word may have renumbered it); the fresh build's is
    left out, and so is any from a draft that numbers by a Word list (made before numbers were text).
    """
    own, fresh_number = number_prefix(paragraph), number_prefix(new)
    for child in [c for c in paragraph if c.tag != W + "pPr" and not any(c is n for n in own)]:
        paragraph.remove(child)
    taken = [int(e.get(W + "id")) for e in story.iter(W + "bookmarkStart", W + "bookmarkEnd") if (e.get(W + "id") or "").isdigit()]
    next_id = max(taken, default=0) + 1
    renumbered: dict[str, str] = {}
    for child in new:
        if child.tag == W + "pPr" or any(child is n for n in fresh_number):
            continue
        child = copy.deepcopy(child)
        for mark in child.iter(W + "bookmarkStart", W + "bookmarkEnd"):  # the child itself too, if it is one
            old = mark.get(W + "id")
            if old not in renumbered:
                renumbered[old] = str(next_id)
                next_id += 1
            mark.set(W + "id", renumbered[old])
        paragraph.append(child)
