"""drafts/opened.py: a Word draft opened as it is now: its map (kept, from the properties, or adopted), stories and places."""

from __future__ import annotations

import io

import docx
import pytest

from narrator.drafts.opened import OpenedDraft
from narrator.errors import InputError
from narrator.word.figuremap import find_map
from narrator.zipfiles import read_zip, write_zip

from .editing import figure_map

LOST_PART = ("its figure map (a custom XML part) was lost, as an .odt or .doc round trip loses it; "
             "it was read from the copy in the document's properties")


def without(data: bytes, *names: str) -> bytes:
    return write_zip([(name, part) for name, part in read_zip(data) if name not in names])


def map_part(data: bytes) -> str:
    return find_map(dict(read_zip(data)))


def test_a_built_draft_has_its_map_stories_and_places(built, total):
    draft = OpenedDraft(built, "report.docx")
    assert (draft.map_source, draft.notes, len(draft.map.figures)) == ("part", [], total)
    assert draft.story_names == {"word/document.xml": "", "word/footnotes.xml": "footnotes", "word/footer1.xml": "headers and footers"}
    story, found = draft.locate("F_DA_recorded_change_pct")  # names in any case, as Word reads them
    assert (story, found.text) == ("word/document.xml", "14.4%")
    place = draft.place(story, found.paragraph)
    assert (place.number, place.section, place.table) == ("4.3.1", "4.3 Domestic Abuse", None)
    assert draft.place("word/footnotes.xml", None).section == "footnotes"
    assert "f_da_recorded_change_pct" in draft.occurrence_names() and draft.locate("F_no_such_figure") is None


def test_a_lost_map_part_is_read_from_the_properties_and_said(built, total):
    draft = OpenedDraft(without(built, map_part(built)), "report.docx")
    assert (draft.map_source, draft.notes, len(draft.map.figures)) == ("properties", [LOST_PART], total)


def test_with_both_copies_lost_the_map_is_adopted_from_the_bookmarks_names(built, total):
    draft = OpenedDraft(without(built, map_part(built), "docProps/custom.xml"), "report.docx")
    assert (draft.map_source, draft.map.figures) == ("none", ())
    draft.adopt(figure_map(built))
    assert draft.map_source == "names" and len(draft.map.figures) == total and {f.text for f in draft.map.figures} == {""}
    assert draft.notes == [f"its figure map was lost (no custom XML part, no copy in the document's properties); {total} figures were "
                           "found by their bookmarks' names, but what Narrator wrote in them is not known, so a figure that differs "
                           "from the data is listed as hand-edited and kept"]


def test_a_document_narrator_did_not_write_is_one_line():
    stream = io.BytesIO()
    docx.Document().save(stream)
    with pytest.raises(InputError) as caught:
        OpenedDraft(stream.getvalue(), "letter.docx")
    assert str(caught.value) == ("letter.docx: holds no Narrator figure map, so its figures cannot be checked "
                                 "(it was not written by narrator build, or its custom XML parts were removed)")
