"""Word fields: the runs of a complex field (``SEQ``, ``NOTEREF``, ``PAGE``).

Contract: :func:`field_runs` returns the five runs Word itself writes for a field::

    begin · instruction · separate · result · end

The result is the value Word shows until it next updates fields; Narrator writes the
value Word would compute, so the file reads right before any update. LibreOffice
recomputes ``SEQ``, ``PAGE`` and ``NOTEREF`` on load. ``rpr`` (a ``w:rPr``) formats every
run of the field, so the result keeps its style when Word updates it.
"""

from __future__ import annotations

import copy

from lxml import etree

from .xml import w

__all__ = ["field_runs", "noteref", "page", "seq"]


def field_runs(instruction: str, result: str, rpr: etree._Element | None = None) -> list[etree._Element]:
    """The runs of the field ``instruction`` (for example ``SEQ Table \\* ARABIC``) showing ``result``."""

    def run(*children: etree._Element) -> etree._Element:
        element = w("r")
        if rpr is not None:
            element.append(copy.deepcopy(rpr))
        for child in children:
            element.append(child)
        return element

    return [
        run(w("fldChar", fldCharType="begin")),
        run(w("instrText", text=f" {instruction} ", xml_space="preserve")),
        run(w("fldChar", fldCharType="separate")),
        run(w("t", text=result)),
        run(w("fldChar", fldCharType="end")),
    ]


def seq(label: str, number: int) -> list[etree._Element]:
    """A caption number: ``SEQ Table \\* ARABIC`` counts the captions labelled ``label``."""
    return field_runs(f"SEQ {label} \\* ARABIC", str(number))


def noteref(bookmark: str, number: int, rpr: etree._Element | None = None) -> list[etree._Element]:
    """The number of the footnote whose reference mark ``bookmark`` encloses, as a reference mark.

    ``\\f`` formats the result like a footnote reference; ``\\h`` makes it a link.
    """
    return field_runs(f"NOTEREF {bookmark} \\f \\h", str(number), rpr)


def page() -> list[etree._Element]:
    """The current page number."""
    return field_runs("PAGE", "1")
