"""Paragraphs the analyst never touched, written again from the data now when their words no longer fit.

Contract. At build, :func:`paragraph_states` records, for every paragraph of running text that
holds figures, the hash of its text as written, keyed by where it stands in the build: ``para:``,
the heading above it without its number ("Serious Sexual Offences (SSO)": a build without the
analyst's commentary numbers its sections otherwise) and its place among the paragraphs with
figures under headings of that text (``#2``). :func:`fresh_paragraphs` gives the same
paragraphs of a fresh build as XML, by the same keys. A draft's paragraph is known by its text:
the one whose hash a key recorded (so paragraphs the analyst inserted or moved change nothing),
and its counterpart is the fresh paragraph of that key when the two state figures of a measure
in common (or, in a paragraph of no measure, the same facts).

At refresh, :func:`reword` takes each such paragraph the analyst never touched — its text is
still what Narrator wrote, it holds no comment and no tracked change — whose words the fresh
build writes otherwise (a change that turned, a verdict that moved, a sentence the rules now add
or drop; not only its figures), and puts in the fresh build's paragraph of the same key:
figures, direction and verdict then agree with the tables. Its paragraph properties (style, numbering) stay; its figures'
bookmarks are those of the fresh paragraph, numbered anew, and renamed where the draft already
uses the name elsewhere (names number a fact's occurrences, which shift as wording changes). It is not rewritten (and refresh
comments on it instead) when it was edited, when it holds the analyst's commentary (the fresh
build is made without it: :func:`commentary_probes` knows each commentary paragraph by its first
words; an unreadable commentary.yaml stops all rewriting), when the fresh build has no such paragraph, or when
the fresh paragraph would bring a footnote or a link (which belong to the fresh build's other parts).
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from ..errors import NarratorError
from ..settings.yamlfiles import read_yaml
from ..word.existing import ExistingDocx
from ..word.figuremap import MappedFigure
from ..word.numbertext import number_prefix
from ..word.outline import Place, places
from ..word.ranges import paragraph_text
from .opened import OpenedDraft

# Change, Current and DraftCheck (in annotations only) are drafts.check's, which records through this module:
# it is not imported here, so that the stage has no circle of imports.

__all__ = ["Rewritten", "commentary_probes", "fresh_paragraphs", "paragraph_states", "reword"]

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
NAME_MAX = 40  # Word's longest bookmark name

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KEY = "para:"
_EDITED = {W + tag for tag in ("ins", "del", "moveFrom", "moveTo", "commentRangeStart", "commentReference")}
_WORD = re.compile(r"[A-Za-z]+")
_NUMBER = re.compile(r"^(?:[0-9.]+\s+)+")  # "4.5 ", and a typed number after Word's: "4.5 4.5 "
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


def _running_paragraphs(body: etree._Element, names: Mapping[str, str]) -> Iterable[etree._Element]:
    """Every paragraph outside tables holding a figure bookmark."""
    for paragraph in body.iter(W + "p"):
        if next(paragraph.iterancestors(W + "tbl"), None) is None and _first_figure(paragraph, names) is not None:
            yield paragraph


def _keyed(docx: ExistingDocx, figures: Iterable[MappedFigure]) -> dict[str, etree._Element]:
    """The running paragraphs with figures of a draft Narrator built, by key: heading above, then place under it."""
    names = {figure.bookmark.casefold(): figure.bookmark for figure in figures}
    parts = [docx.related(_R + kind) for kind in ("numbering", "styles")]
    body = docx.tree(docx.main)
    where = places(body, *(docx.tree(part) if part and docx.has(part) else None for part in parts))
    keyed: dict[str, etree._Element] = {}
    counts: dict[str, int] = {}
    for paragraph in _running_paragraphs(body, names):
        section = _NUMBER.sub("", where.get(paragraph, Place()).section)  # the build's numbers shift with its commentary
        counts[section] = counts.get(section, 0) + 1
        keyed[f"{KEY}{section}#{counts[section]}"] = paragraph
    return keyed


def paragraph_states(docx: ExistingDocx, figures: Iterable[MappedFigure]) -> dict[str, dict[str, str]]:
    """A state per paragraph of running text holding figures: the hash of its text as written."""
    return {key: {"hash": _hash(paragraph_text(paragraph)[0])} for key, paragraph in _keyed(docx, figures).items()}


def fresh_paragraphs(docx: ExistingDocx, figures: Iterable[MappedFigure]) -> dict[str, bytes]:
    """The paragraphs of running text holding figures of a fresh build, by key, as XML."""
    return {key: etree.tostring(paragraph) for key, paragraph in _keyed(docx, figures).items()}


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
    facts = {figure.bookmark.casefold(): figure.fact_id for figure in draft.map.figures}
    original = {paragraph.element: paragraph.text for paragraph in draft.paragraphs}
    wanted: dict[etree._Element, list[Change]] = {}
    for checked in result.figures:
        if checked.change is not None and checked.located is not None and checked.located.paragraph is not None:
            changes = wanted.setdefault(checked.located.paragraph, [])
            if checked.change not in changes:
                changes.append(checked.change)
    fresh_figures = current.figures.by_bookmark()
    keys = _keys_by_hash(draft.map.states)
    taken = set(draft.occurrence_names())
    rewritten = []
    for paragraph in list(_running_paragraphs(draft.docx.tree(draft.docx.main), names)):
        key = keys.get(_hash(original.get(paragraph, "")))
        fresh = current.paragraphs.get(key) if key is not None else None
        if fresh is None or _touched(paragraph):
            continue
        if current.commentary is None or _holds_commentary(original[paragraph], current.commentary):
            continue  # the analyst's own paragraph shares it (the fresh build has no commentary): never dropped
        new = etree.fromstring(fresh)
        if paragraph_text(new)[0] == original.get(paragraph):
            continue  # the data give the same words
        removed = {(s.get(W + "name") or "").casefold() for s in paragraph.iter(W + "bookmarkStart")}
        added = [s.get(W + "name") or "" for s in new.iter(W + "bookmarkStart")]
        if _foreign(new) or not all(n in fresh_figures for n in added):
            continue
        if not _same_paragraph({facts[n] for n in removed if n in facts}, {fresh_figures[n].fact_id for n in added}):
            continue  # the fresh build's paragraph there says something else (a paragraph came or went above it)
        renamed = _unique_names(new, taken - removed)
        taken |= {name.casefold() for name in renamed.values()}
        draft.docx.edit(draft.docx.main)
        _replace_content(paragraph, new, draft.docx.tree(draft.docx.main))
        figures = tuple(replace(fresh_figures[n], bookmark=renamed.get(n, n)) for n in added)
        rewritten.append(Rewritten(draft.place(draft.docx.main, paragraph), paragraph_text(paragraph)[0], tuple(wanted.get(paragraph, ())),
                                   paragraph, frozenset(removed), figures))
    return tuple(rewritten)


def _keys_by_hash(states: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The key of each paragraph hash the draft's map recorded; a hash two keys share names neither (which is which?)."""
    seen: dict[str, list[str]] = {}
    for key, state in states.items():
        if key.startswith(KEY) and "hash" in state:
            seen.setdefault(state["hash"], []).append(key)
    return {digest: keys[0] for digest, keys in seen.items() if len(keys) == 1}


def _measures(fact_ids: Iterable[str]) -> set[str]:
    """The measures whose figures these are (a measure's facts are ``<measure id>.<what>``: "sso.recorded.change_pct")."""
    return {".".join(fact.split(".")[:2]) for fact in fact_ids
            if fact.count(".") >= 2 and not fact.startswith(("period.", "settings.", "report.", "tests."))}


def _same_paragraph(old: set[str], new: set[str]) -> bool:
    """Whether a fresh paragraph (facts ``new``) is the draft's (facts ``old``) written again."""
    before, after = _measures(old), _measures(new)
    return bool(before & after) if before or after else old == new


def _unique_names(paragraph: etree._Element, taken: set[str]) -> dict[str, str]:
    """Rename the bookmarks of ``paragraph`` whose names (lower case) are ``taken``; returns old → new name."""
    renamed: dict[str, str] = {}
    for start in paragraph.iter(W + "bookmarkStart"):
        name = start.get(W + "name") or ""
        if name.casefold() not in taken:
            continue
        count = 1
        while (candidate := f"{name[:NAME_MAX - 2 - len(str(count))]}_r{count}").casefold() in taken:
            count += 1
        renamed[name] = candidate
        taken = taken | {candidate.casefold()}
        start.set(W + "name", candidate)
    return renamed


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
