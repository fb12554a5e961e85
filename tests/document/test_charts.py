"""Chart settings read from report.yaml, and chart blocks built from facts."""

import dataclasses

import pytest

from narrator.document.charts import axis_range
from narrator.settings.catalogue import Measure
from narrator.model import Chart
from narrator.pipeline import build_draft

MEASURES = {m: Measure(m, "Recorded Crime", "offences", "count", "neutral", "poisson") for m in ("da.recorded", "csa.recorded")}
WHERE = "report.yaml: charts"


def test_axis_ranges_are_round_and_counts_start_at_zero():
    assert axis_range([4142.0, 6018.0], from_zero=True) == (0.0, 8000.0, 2000.0)
    assert axis_range([92.6, 94.5], from_zero=False) == (92.5, 95.0, 0.5)  # rates far from zero keep their scale
    assert axis_range([10.3, 11.5, 29.0], from_zero=False) == (0.0, 30.0, 5.0)  # near zero: from zero
    assert axis_range([0.0, 100.0], from_zero=True) == (0.0, 120.0, 20.0)  # a line never runs along the top edge


@pytest.fixture(scope="module")
def charts(example_draft):
    return {b.id: b for b in example_draft.document.blocks if isinstance(b, Chart)}


def test_a_year_on_year_chart_draws_the_months_of_both_years_from_their_facts(charts, example_draft):
    chart = charts["all_crime.recorded"]
    assert chart.kind == "year_on_year" and chart.number == 1
    assert chart.categories == ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")
    previous, current = chart.series
    assert (previous.name, previous.role, current.name, current.role) == ("2019/20", "previous", "2020/21", "current")
    assert current.fact_ids[0] == "all_crime.recorded.month.2020-04" and previous.fact_ids[0] == "all_crime.recorded.month.2019-04"
    facts = example_draft.facts
    assert sum(current.values) == facts["all_crime.recorded.current"].value == 59883
    assert sum(previous.values) == facts["all_crime.recorded.baseline"].value == 67882
    assert chart.axis == (0.0, 8000.0, 2000.0) and chart.number_format == "#,##0"


def test_a_trend_chart_adds_the_rolling_figure_and_the_threshold(charts, example_draft):
    chart = charts["da.recorded"]
    assert (chart.kind, len(chart.categories), chart.categories[0], chart.categories[-1]) == ("trend", 60, "Apr 2016", "Mar 2021")
    assert chart.months[0] == "2016-04" and chart.months[-1] == "2021-03"
    monthly, rolling, threshold = chart.series
    assert [s.role for s in chart.series] == ["monthly", "rolling", "threshold"]
    assert rolling.values[-1] == pytest.approx(example_draft.facts["da.recorded.current"].value / 12)  # 12,196 a year
    assert threshold.name == "1,000 a month" and set(threshold.values) == {1000.0}
    assert threshold.fact_ids[0] == "da.recorded.threshold.1000.value"


@pytest.fixture(scope="module")
def spc_draft(example_project):
    """The example with recorded CSA judged by a control chart (it names none of its own)."""
    measures = dict(example_project.measures)
    measures["csa.recorded"] = dataclasses.replace(measures["csa.recorded"], method="spc", params={})
    return build_draft(dataclasses.replace(example_project, measures=measures))


def test_an_spc_measure_shows_its_mean_and_control_limits(spc_draft):
    chart = next(b for b in spc_draft.document.blocks if isinstance(b, Chart) and b.id == "csa.recorded")
    lines = [(s.name, s.role, s.legend) for s in chart.series]
    assert lines == [("2019/20", "previous", True), ("2020/21", "current", True),
                     ("Mean, April 2018 to March 2020", "mean", True),
                     ("Control limits", "limit", True), ("Control limits", "limit", False)]
    facts = spc_draft.facts
    assert chart.series[3].values[0] == facts["csa.recorded.spc.upper"].value
    assert chart.series[4].values[0] == facts["csa.recorded.spc.lower"].value
    assert "limits 28.32 to 100.93" in facts["csa.recorded.benchmark"].value  # the limits of the test itself
    assert chart.alt_text.endswith(
        "Dashed lines mark the mean from April 2018 to March 2020, 65, and its control limits, 28 and 101.")


def test_captions_and_alt_text_state_what_the_chart_shows_from_facts(charts):
    assert charts["burglary.recorded"].caption == "Recorded dwelling burglary offences each month, 2020/21 against 2019/20"
    assert charts["burglary.recorded"].alt_text == (
        "Line chart of recorded dwelling burglary offences in each month of 2020/21, against the same month of 2019/20. "
        "In all, 1,242 in 2020/21 against 2,058 in 2019/20; every month was lower than a year before."
    )
    assert charts["csa.recorded"].alt_text.endswith(
        "nine of the 12 months were higher than a year before and three lower."  # no control chart: no limits
    )
    assert charts["da.recorded"].alt_text == (
        "Line chart of recorded domestic abuse offences in each month from April 2016 to March 2021, with the monthly "
        "average over the 12 months to each month. The chart starts at 408 in April 2016 and ends at 979 in March 2021; "
        "in all, 12,196 in 2020/21 against 10,660 in 2019/20. A line marks 1,000 a month."
    )


@pytest.mark.parametrize("length, months", [("quarter", ("Jan", "Feb", "Mar")), (1, None)])
def test_a_year_on_year_chart_draws_the_months_its_words_name(length, months):
    from conftest import DATA

    from narrator.project import load_project

    draft = build_draft(load_project(DATA, length=length, commentary=False))
    if months is None:  # one month: one point a line shows nothing, and a rolling one-month figure is the month itself
        assert not [b for b in draft.document.blocks if isinstance(b, Chart)]
        return
    drawn = {b.id: b for b in draft.document.blocks if isinstance(b, Chart) and b.kind == "year_on_year"}
    chart = drawn["all_crime.recorded"]
    assert chart.categories == months and chart.months == ("2021-01", "2021-02", "2021-03")
    assert chart.series[1].name == "Q4 2020/21" and sum(chart.series[1].values) == draft.facts["all_crime.recorded.current"].value
