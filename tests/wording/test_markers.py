"""The invisible markers that carry a figure's fact id and a footnote from Jinja to the document."""

from narrator.model import Figure, Text
from narrator.wording import markers
from narrator.wording.markers import FootnoteKey


def test_a_marked_text_splits_into_runs():
    text = "Offences rose by " + markers.figure("da.recorded.change_pct", "14.4%") + markers.footnote("iquanta") + " in the year."
    assert markers.split(text) == [Text("Offences rose by "), Figure("14.4%", "da.recorded.change_pct"), FootnoteKey("iquanta"),
                                   Text(" in the year.")]


def test_words_are_kept_but_their_brackets_dropped():
    text = "See " + markers.words("Operation 7") + "."
    assert markers.split(text) == [Text("See Operation 7.")]
    assert markers.unmarked(text) == "See ."  # the analyst's words are not the template's own


def test_strip_leaves_what_a_reader_sees():
    text = markers.figure("a.current", "12,196") + " offences" + markers.footnote("note")
    assert markers.strip(text) == "12,196 offences"
    assert markers.unmarked(text) == " offences"


def test_every_marker_is_a_private_use_character():
    assert all(0xE000 <= ord(char) <= 0xF8FF for char in markers.MARKERS)
    assert len(set(markers.MARKERS)) == 6
