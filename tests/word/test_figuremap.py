"""The figure map part: what it holds, read back, and found among a package's parts."""

from __future__ import annotations

from narrator.word.figuremap import FigureMap, MappedFigure, find_map, is_figure_map

MAP = FigureMap(
    (
        MappedFigure("F_da_recorded_current", "da.recorded.current", "12,196"),
        MappedFigure("F_da_recorded_judgement", "da.recorded.judgement", "Higher", "C6EFCE"),
        MappedFigure("F_period_months", "period.months", "12", ""),
    ),
    {"da.recorded": {"direction": "up", "verdict": "up", "judgement": "Higher"}, "da.recorded.change_pct": {"sign": "+"}},
)


def test_the_map_reads_back_as_written():
    assert FigureMap.from_xml(MAP.to_xml()) == MAP


def test_the_map_is_plain_xml_in_its_own_namespace():
    assert MAP.to_xml() == (
        b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        b'<figures xmlns="urn:narrator:figures:1">'
        b'<figure bookmark="F_da_recorded_current" fact="da.recorded.current" text="12,196"/>'
        b'<figure bookmark="F_da_recorded_judgement" fact="da.recorded.judgement" text="Higher" fill="C6EFCE"/>'
        b'<figure bookmark="F_period_months" fact="period.months" text="12" fill=""/>'
        b'<state key="da.recorded" direction="up" verdict="up" judgement="Higher"/>'
        b'<state key="da.recorded.change_pct" sign="+"/></figures>'
    )


def test_a_map_written_before_fills_and_states_reads_without_them():
    old = b'<figures xmlns="urn:narrator:figures:1"><figure bookmark="F_a" fact="a" text="1"/></figures>'
    assert FigureMap.from_xml(old) == FigureMap((MappedFigure("F_a", "a", "1", None),), {})


def test_the_map_is_found_whatever_its_item_number():
    parts = {"customXml/item1.xml": b"<other xmlns='urn:someone'/>", "customXml/item2.xml": MAP.to_xml(),
             "customXml/itemProps2.xml": b"<x/>", "word/document.xml": b"<w/>"}
    assert find_map(parts) == "customXml/item2.xml"
    assert find_map({"customXml/item1.xml": b"not xml"}) is None
    assert not is_figure_map(b"<other xmlns='urn:someone'/>")


def test_the_map_is_written_as_lxml_writes_it():
    """to_xml puts the part together as text (quicker for a map of hundreds of figures): the same bytes as
    lxml's, whatever the characters, and text XML cannot hold is refused as lxml refuses it."""
    import pytest

    odd = "<>&\"'\n\r\t é\u2011 ]]> \u00a0 \U0001F600"
    maps = [MAP, FigureMap(()), FigureMap((), {"@project": {}}),
            FigureMap((MappedFigure("F_x", "x.current", odd, "", odd, "", odd, "Rate (%)"),), {odd: {"hash": odd}})]
    for figure_map in maps:
        assert figure_map.to_xml() == figure_map._lxml_xml()
        assert FigureMap.from_xml(figure_map.to_xml()) == figure_map
    for bad in (FigureMap((MappedFigure("F_x", "x", "a\x01b"),)), FigureMap((), {"k": {"two words": "x"}})):
        with pytest.raises(ValueError):
            bad.to_xml()
