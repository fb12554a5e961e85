"""Charts as SVG images for Markdown drafts: the same chart as the Word writer's, as text."""

from __future__ import annotations

import pytest
from lxml import etree

from narrator.model import Chart, ChartSeries
from narrator.writers import WriterOptions
from narrator.writers.svg import render_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
COLOURS = {"previous": "A6A6A6", "current": "1F4E79", "limit": "7F7F7F"}


def chart(**fields) -> Chart:
    values = dict(
        id="m", measure="m", kind="year_on_year", categories=("Apr", "May", "Jun"), months=("2020-04", "2020-05", "2020-06"),
        series=(
            ChartSeries("2019/20", "previous", (10.0, 20.0, 30.0), ("m.month.2019-04", "m.month.2019-05", "m.month.2019-06")),
            ChartSeries("2020/21", "current", (15.0, None, 25.0), ("m.month.2020-04", None, "m.month.2020-06")),
            ChartSeries("Limit", "limit", (40.0, 40.0, 40.0), ("m.spc.upper",) * 3, legend=False),
        ),
        axis=(0.0, 50.0, 10.0), number_format="#,##0", caption="Offences each month", alt_text="Line chart of offences.",
    )
    return Chart(**{**values, **fields})


@pytest.fixture(scope="module")
def svg():
    return etree.fromstring(render_chart_svg(chart(), WriterOptions(chart_colours=COLOURS, chart_font="Verdana")).encode())


def test_the_image_says_what_it_shows(svg):
    assert svg.find(f"{SVG}title").text == "Offences each month"
    assert svg.find(f"{SVG}desc").text == "Line chart of offences."
    assert svg.get("role") == "img"
    assert svg.get("font-family").startswith("Verdana")


def test_lines_in_house_colours_broken_at_gaps(svg):
    lines = [(p.get("stroke"), len(p.get("points").split())) for p in svg.iter(f"{SVG}polyline")]
    assert lines == [("#A6A6A6", 3), ("#1F4E79", 1), ("#1F4E79", 1), ("#7F7F7F", 3)]  # 2020/21 has no May


def test_axis_labels_and_legend(svg):
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts[:6] == ["0", "10", "20", "30", "40", "50"]
    assert ["Apr", "May", "Jun"] == texts[6:9]
    assert texts[9:] == ["2019/20", "2020/21"]  # the limit line is not in the legend


def test_percentages_label_their_axis():
    rates = render_chart_svg(chart(axis=(90.0, 95.0, 2.5), number_format='0.0"%"'))
    assert ">92.5%<" in rates and ">95.0%<" in rates


def test_the_same_chart_gives_the_same_text():
    assert render_chart_svg(chart()) == render_chart_svg(chart())
    assert render_chart_svg(chart()).endswith("</svg>\n")


def test_a_dot_chart_draws_dots_with_the_force_larger_and_names_at_a_slant():
    dots = chart(
        kind="dots", categories=("Kent", "Essex", "Surrey"), months=(),
        series=(
            ChartSeries("Peers", "peer", (None, 15.0, 2.0), (None, "m.peer.force.essex.change_pct", "m.peer.force.surrey.change_pct")),
            ChartSeries("Kent", "force", (18.0, None, None), ("m.peer.force.kent.change_pct", None, None)),
            ChartSeries("England and Wales", "national", (7.0, 7.0, 7.0), ("m.peer.national.change_pct",) * 3),
        ),
        axis=(0.0, 20.0, 5.0), number_format='0.0"%"',
    )
    root = etree.fromstring(render_chart_svg(dots, WriterOptions(chart_colours={"peer": "7F7F7F", "force": "C00000"})).encode())
    circles = root.findall(f"{SVG}circle")
    drawn = [(c.get("fill"), c.get("r")) for c in circles]
    assert drawn.count(("#7F7F7F", "4")) == 3 and drawn.count(("#C00000", "6")) == 2  # two peers and the force, and the legend's dots
    assert len(root.findall(f"{SVG}polyline")) == 1  # England and Wales is a line; the dots are not joined
    names = [t for t in root.findall(f"{SVG}text") if t.text in ("Kent", "Essex", "Surrey") and t.get("transform")]
    assert [t.text for t in names] == ["Kent", "Essex", "Surrey"] and all(t.get("transform").startswith("rotate(-35") for t in names)
    assert int(root.get("height")) > 250  # room below the axis for the slanted names


def test_text_is_escaped_as_saxutils_escapes_it():
    """narrator.word.xml's escape and quoteattr (xml.sax.saxutils imports urllib.request, http and ssl)."""
    from xml.sax import saxutils

    from narrator.word.xml import escape, quoteattr

    for text in ("a&b<c>d", 'x"y', "x'y", "x'\"y\n\t\r", "", "&amp;", '#,##0.0"%"'):
        assert escape(text) == saxutils.escape(text) and quoteattr(text) == saxutils.quoteattr(text)
        assert escape(text, {'"': "&quot;"}) == saxutils.escape(text, {'"': "&quot;"})
