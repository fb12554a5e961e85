"""wording/charts.py: a chart's caption, alt text and legend names from rules/charts.yaml, with the draft's facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from narrator.analysis.factset import Fact, FactSet
from narrator.errors import InputError
from narrator.settings.catalogue import Measure
from narrator.wording.charts import ChartRules, ChartText, ChartWords
from narrator.wording.environment import make_environment
from narrator.wording.style import HouseStyle

DEFAULT = ROOT / "rules" / "charts.yaml"
OWN = """\
year_on_year: {caption: "{{ label }}: {{ period.current }} against {{ period.baseline }}", alt: "{{ name | cap }}   rose to {{ current }}\\n in {{ period.current }}."}
trend: {caption: "{{ label }} by month", alt: "{{ name }} by month"}
legend: {previous: "{{ period.baseline }}", current: "{{ period.current }}", monthly: Monthly, rolling: Rolling year, mean: Mean,
         limit: Control limits, threshold: "{{ threshold }} a month"}
"""
FACTS = FactSet([Fact("da.recorded.current", "Current", 12196, "count"), Fact("period.current", "Period", "2020/21", "text"),
                 Fact("period.baseline", "Baseline", "2019/20", "text"), Fact("da.recorded.threshold.1000.value", "Threshold", 1000, "count")])
MEASURE = Measure("da.recorded", "Recorded Crime", "recorded domestic abuse crimes", "count", "lower_is_better", None, thresholds=(1000,))
LEGEND = {"previous": "2019/20", "current": "2020/21", "monthly": "Monthly", "rolling": "Rolling year", "mean": "Mean", "limit": "Control limits"}


def words(tmp_path: Path, own: str, kind: str) -> ChartText:
    (tmp_path / "charts.yaml").write_text(own, encoding="utf-8")
    rules = ChartRules.load([DEFAULT, tmp_path / "charts.yaml"], make_environment())
    return ChartWords(rules, FACTS, HouseStyle()).words(MEASURE, kind)


def test_a_projects_phrases_give_plain_words_with_the_facts_in_house_style(tmp_path):
    assert words(tmp_path, OWN, "year_on_year") == ChartText(
        "Recorded Crime: 2020/21 against 2019/20", "Recorded domestic abuse crimes rose to 12,196 in 2020/21.", LEGEND, ("1,000 a month",))
    assert words(tmp_path, OWN, "trend") == ChartText("Recorded Crime by month", "recorded domestic abuse crimes by month", LEGEND, ("1,000 a month",))


@pytest.mark.parametrize(("own", "message"), [
    ("trend: {caption: x}\n", "{own}: trend: missing key 'alt'"),
    ("colour: red\n", "{own}: unknown key 'colour'"),
    ("trend: {caption: '{{ x', alt: y}\n", "{own}: trend.caption: unexpected end of template, expected 'end of print statement'."),
    ("trend: {caption: 'Rolling 12 months', alt: y}\n",
     "{own}: trend.caption: '12' is a figure typed into the phrase; figures come only from facts: print one, such as "
     "{{{{ change_pct }}}} (narrator facts lists them all)"),
])
def test_a_wrong_phrase_file_is_one_line_naming_it(tmp_path, own, message):
    with pytest.raises(InputError) as caught:
        words(tmp_path, own, "trend")
    assert str(caught.value) == message.format(own=tmp_path / "charts.yaml")


def test_a_phrase_that_prints_a_number_of_its_own_is_refused_as_it_renders(tmp_path):
    with pytest.raises(InputError) as caught:
        words(tmp_path, OWN.replace('alt: "{{ name }} by month"', 'alt: "{{ thresholds | length }}"'), "trend")
    assert str(caught.value) == (f"{tmp_path / 'charts.yaml'}: trend.alt: prints the number 1, which is not a fact; a template prints "
                                 "facts, such as {{ da.recorded.current }}, never a fact's .value or a number of its own")


def test_a_phrase_the_rules_lack_is_named():
    with pytest.raises(InputError, match="^x/charts.yaml: no 'legend.previous' phrase for charts$"):
        ChartWords(ChartRules({}, Path("x/charts.yaml")), FACTS, HouseStyle()).words(MEASURE, "trend")


@pytest.mark.parametrize(("phrase", "said"), [
    ("{{ period.rolling_month }}", "'rolling_month' is not a fact or word a chart phrase can use; did you mean 'period.rolling_months'?"),
    ("{{ chrt.start }}", "'chrt' is not a fact or word a chart phrase can use; did you mean 'chart'?"),
])
def test_a_phrase_naming_a_fact_the_measure_lacks_is_said_in_the_analysts_terms(tmp_path, phrase, said):
    facts = FactSet([*(FACTS[fact_id] for fact_id in FACTS), Fact("period.rolling_months", "Months", 12, "count")])
    (tmp_path / "charts.yaml").write_text(OWN.replace('alt: "{{ name }} by month"', f'alt: "{phrase}"'), encoding="utf-8")
    rules = ChartRules.load([DEFAULT, tmp_path / "charts.yaml"], make_environment())
    with pytest.raises(InputError) as caught:
        ChartWords(rules, facts, HouseStyle()).words(MEASURE, "trend")
    assert str(caught.value) == f"{tmp_path / 'charts.yaml'}: trend.alt: {said}"  # never "'dict object' has no attribute"
