"""wording/placing.py: the tables, charts, commentary and footnotes a template places, and the record of
what it placed (every slot and footnote must be placed somewhere)."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrator.errors import TemplateProblem
from narrator.settings.commentary import Commentary
from narrator.wording import markers
from narrator.wording.placing import Placing

COMMENTARY = Commentary({"da.plan": ("Our plan [^iquanta] works.", "Second.")}, {"iquanta": "iQuanta data"}, Path("commentary.yaml"))


def placing(commentary: Commentary = COMMENTARY, chart_place: str = "measure") -> Placing:
    return Placing(commentary, {"victims": object()}, {"da.recorded": "A measure's note"}, (), {"da.recorded": object()},
                   frozenset({"hs.recorded"}), chart_place, None, {"victims"})


def test_a_table_and_a_chart_are_block_markup_lines():
    place = placing()
    assert place.table("victims") == f"\n::table {markers.words('victims')}\n"
    chart = f"\n::chart {markers.words('da.recorded')}\n"
    assert place.chart("da.recorded") == chart
    assert place.chart(["hs.recorded", "da.recorded"]) == chart  # hs.recorded has nothing to draw: placed nowhere
    assert place.chart("da.recorded", at="measure") == chart and place.chart("da.recorded", at="section") == ""
    assert placing(chart_place="none").chart("da.recorded", at="measure") == ""
    assert place.small_base("victims") is True


def test_commentary_is_the_analysts_words_with_footnote_markers_and_is_recorded_as_used():
    place = placing()
    assert place.commentary("da.plan") == (markers.words(f"Our plan {markers.footnote('iquanta')} works.") + "\n\n"
                                           + markers.words("Second."))
    assert (place.used_slots, place.used_footnotes) == (["da.plan"], {"iquanta"})
    assert place.commentary_if("da.other") == "" and place.offered_slots == {"da.plan", "da.other"}
    off = placing(Commentary({"da.plan": ("x",)}, {}, Path("c.yaml"), enabled=False))
    assert off.commentary("da.plan") == "" and off.used_slots == [] and off.offered_slots == {"da.plan"}  # --no-commentary


def test_a_footnote_is_a_marker_its_text_one_per_key():
    place = placing()
    assert place.footnote("da.recorded") == markers.footnote("da.recorded")  # a measure's note
    assert place.footnote("own", "A template's own note") == markers.footnote("own")
    assert place.footnote_texts == {"da.recorded": "A measure's note", "iquanta": "iQuanta data", "own": "A template's own note"}
    assert place.used_footnotes == {"da.recorded", "own"}


@pytest.mark.parametrize(("call", "message"), [
    (lambda p: p.table("victim"), "no table 'victim' in the report settings; did you mean 'victims'?"),
    (lambda p: p.chart("burglary"), "no chart of 'burglary'; list it under charts: measures: in report.yaml"),
    (lambda p: p.chart("da.recorded", at="page"), "chart(…, at='page'): 'at' is 'measure' or 'section'"),
    (lambda p: p.commentary("da.plna"), "no commentary slot 'da.plna' in commentary.yaml; did you mean 'da.plan'?"),
    (lambda p: p.footnote("nothere"), "no footnote 'nothere' (define it in the commentary's footnotes or a measure's footnote)"),
    (lambda p: p.small_base("x"), "no table 'x' in the report settings"),
    (lambda p: p.methods("victimz"), "methods() expects the id of a table in the report settings; no table 'victimz'; did you mean 'victims'?"),
])
def test_a_wrong_placement_is_one_problem_in_template_terms(call, message):
    with pytest.raises(TemplateProblem) as caught:
        call(placing())
    assert str(caught.value) == message


def test_one_footnote_key_has_one_text():
    place = placing()
    place.footnote("own", "A template's own note")
    with pytest.raises(TemplateProblem, match="^footnote 'own' is given two different texts$"):
        place.footnote("own", "Another text")
