"""Chart specs: report.yaml's charts, checked."""

import pytest

from narrator.errors import InputError
from narrator.settings.catalogue import Measure
from narrator.settings.charts import ChartSpec, read_chart_settings

MEASURES = {m: Measure(m, "Recorded Crime", "offences", "count", "neutral", "poisson") for m in ("da.recorded", "csa.recorded")}
WHERE = "report.yaml: charts"


def test_no_charts_unless_asked():
    assert read_chart_settings(None, WHERE, MEASURES).specs == {}
    assert read_chart_settings({"type": "trend"}, WHERE, MEASURES).specs == {}


def test_placing_charts_with_no_list_charts_every_measure():
    settings = read_chart_settings({"place": "section", "type": "trend", "months": 48}, WHERE, MEASURES)
    assert settings.place == "section"
    assert list(settings.specs.values()) == [ChartSpec("da.recorded", "trend", 48), ChartSpec("csa.recorded", "trend", 48)]


def test_a_listed_measure_may_name_its_own_chart():
    entry = {"measures": ["csa.recorded", {"measure": "da.recorded", "type": "trend", "months": 60}]}
    settings = read_chart_settings(entry, WHERE, MEASURES)
    assert settings.place == "none"
    assert list(settings.specs) == ["csa.recorded", "da.recorded"]
    assert settings.needs() == {"csa.recorded": ("year_on_year", 36), "da.recorded": ("trend", 60)}


@pytest.mark.parametrize("entry, message", [
    ({"place": "everywhere"}, "report.yaml: charts: place 'everywhere' is not one of none, section, measure"),
    ({"type": "bars"}, "report.yaml: charts: type 'bars' is not one of year_on_year, trend"),
    ({"months": 6}, "report.yaml: charts: months must be a whole number from 13 to 120, found 6"),
    ({"measures": "da.recorded"}, "report.yaml: charts: measures must be a list of measure ids, such as [da.recorded, burglary.recorded]"),
    ({"measures": ["da.recordd"]}, "report.yaml: charts: measure 'da.recordd' is not in the catalogue; did you mean 'da.recorded'?"),
    ({"measures": ["da.recorded", "da.recorded"]}, "report.yaml: charts: measure 'da.recorded' is listed twice"),
    ({"measures": [{"measure": "da.recorded", "type": "trend", "months": True}]},
     "report.yaml: charts: measures, item 1: months must be a whole number from 13 to 120, found True"),
    ({"palce": "measure"}, "report.yaml: charts: unknown key 'palce'; did you mean 'place'?"),
])
def test_bad_chart_settings(entry, message):
    with pytest.raises(InputError) as error:
        read_chart_settings(entry, WHERE, MEASURES)
    assert str(error.value) == message
