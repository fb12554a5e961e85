"""Real LibreOffice saves of a draft: as .docx with Word comments in it, and through .odt and .doc and back.

What each does to a draft (docs/updating.md): a .docx save keeps bookmarks and map but moves the bookmarks
after a Word comment's mark one character left; an .odt or .doc round trip keeps every bookmark and the
document's custom properties but drops the custom XML part (the map). Checked against unchanged data (no
false report) and revised data (every stale figure found), then refreshed and checked again.

Needs LibreOffice (``soffice``); skips with the reason when it is missing. ``.ci/run`` installs it.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from narrator.drafts.check import OpenedDraft, check_draft
from narrator.drafts.refresh import refresh_draft
from narrator.word.comments import add_comment
from narrator.word.existing import ExistingDocx
from narrator.word.figuremap import find_map
from narrator.zipfiles import read_zip

from .test_check import REVISED_STALE
from .test_libreoffice_edits import SOFFICE, _soffice

pytestmark = [pytest.mark.office,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (no soffice on PATH); "
                                 "install libreoffice-writer-nogui, as .ci/run does, to test LibreOffice round trips")]
WORD = "docx:MS Word 2007 XML"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    folder = tmp_path_factory.mktemp("round-trips")
    _soffice(folder / "profile", "--terminate_after_init")
    return folder


def saved(office, data: bytes, *formats: str) -> bytes:
    """``data`` saved by LibreOffice in each of ``formats`` in turn (a filter name after a colon), as .docx at the end."""
    source = office / "draft.docx"
    source.write_bytes(data)
    for number, fmt in enumerate(formats):
        out = office / f"step{number}"
        _soffice(office / "profile", "--convert-to", fmt, "--outdir", str(out), str(source))
        source = out / f"draft.{fmt.split(':')[0]}"
        assert source.exists(), f"LibreOffice wrote no {fmt}"
    return source.read_bytes()


def with_word_comments(data: bytes) -> bytes:
    """The draft with an analyst's Word comment on the first words of every paragraph holding figures, its mark
    right after the words it covers, where Word puts it."""
    opened = ExistingDocx(data, "draft.docx")
    root = opened.edit(opened.main)
    for paragraph in [p for p in root.iter(qn("w:p")) if p.find(qn("w:bookmarkStart")) is not None and p.find(qn("w:tblPr")) is None]:
        runs = [r for r in paragraph.findall(qn("w:r")) if r.find(qn("w:t")) is not None]
        if not runs or next(paragraph.iterancestors(qn("w:tbl")), None) is not None:
            continue
        add_comment(opened, runs[0], runs[0], "Analyst: check this.", author="Analyst", initials="A")
        mark = paragraph[-1]
        runs[0].getnext().addnext(mark)  # after the comment's range end, as Word writes it
    return opened.to_bytes()


def not_current(data: bytes, current) -> dict[str, str]:
    return {f.bookmark: f.status for f in check_draft(OpenedDraft(data, "saved.docx"), current).figures
            if f.status != "current" and f.found != "copy"}


@pytest.fixture(scope="module", params=["odt", "doc"])
def round_trip(request, office, built):
    return request.param, saved(office, built, request.param, WORD)


def test_an_odt_or_doc_round_trip_loses_the_map_part_and_the_copy_in_the_properties_reads(round_trip, now, revised, total):
    via, data = round_trip
    assert find_map(dict(read_zip(data))) is None  # LibreOffice dropped the custom XML part
    draft = OpenedDraft(data, f"via-{via}.docx")
    assert draft.map_source == "properties" and len(draft.map.figures) == total
    assert draft.notes == ["its figure map (a custom XML part) was lost, as an .odt or .doc round trip loses it; "
                           "it was read from the copy in the document's properties"]
    assert not_current(data, now) == {}
    expected = {name: "stale" for name in REVISED_STALE} | {"F_da_recorded_equal_month_1": "unknown"}
    assert not_current(data, revised) == expected
    draft = OpenedDraft(data, f"via-{via}.docx")
    refreshed = refresh_draft(draft, check_draft(draft, revised), revised)
    assert {f.bookmark for f in refreshed.updated} == set(REVISED_STALE)
    assert find_map(dict(read_zip(refreshed.data))) is not None  # the part is back
    assert not_current(refreshed.data, revised) == {"F_da_recorded_equal_month_1": "unknown"}


def test_a_libreoffice_save_of_a_draft_with_word_comments(office, built, now, revised):
    commented = with_word_comments(built)
    data = saved(office, commented, WORD)
    moved = [f for f in check_draft(OpenedDraft(data, "saved.docx"), now).figures if f.found == "shifted"]
    assert moved, "LibreOffice no longer moves bookmarks after a comment: docs/updating.md should say so"
    assert not_current(data, now) == {}
    expected = {name: "stale" for name in REVISED_STALE} | {"F_da_recorded_equal_month_1": "unknown"}
    assert not_current(data, revised) == expected
    draft = OpenedDraft(data, "saved.docx")
    refreshed = refresh_draft(draft, check_draft(draft, revised), revised)
    assert not_current(refreshed.data, revised) == {"F_da_recorded_equal_month_1": "unknown"}
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(refreshed.data)).paragraphs)
    assert "15.3%" in text and "rose by 14.4%" not in text
