"""Twelve-month totals as published (series: rolling_year): no invented months, and clear errors for
anything that would need them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import edit, own_rule

from narrator.errors import InputError, TemplateProblem
from narrator.pipeline import build_draft, render
from narrator.project import load_project

# 12-month totals at quarter ends, 2015-03 .. 2018-12, as a published table gives them
ENDS = [f"{y}-{m:02d}" for y in range(2015, 2019) for m in (3, 6, 9, 12)]
TOTALS = {"robbery": [700 + 3 * i for i in range(len(ENDS))], "arrests": [(300 + i, 1000 + 10 * i) for i in range(len(ENDS))]}
TOTALS["robbery"][ENDS.index("2018-06")] = 689  # the year to June 2018
TOTALS["robbery"][ENDS.index("2017-06")] = 713


@pytest.fixture()
def project(tmp_path) -> Path:
    folder = tmp_path / "p"
    folder.mkdir()
    lines = ["measure,month,value,denominator"]
    lines += [f"robbery,{end},{value}," for end, value in zip(ENDS, TOTALS["robbery"])]
    lines += [f"arrests.rate,{end},{v},{d}" for end, (v, d) in zip(ENDS, TOTALS["arrests"])]
    (folder / "observations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "measures.yaml").write_text(
        "measures:\n"
        "  - {id: robbery, label: Robbery, name: recorded robberies, kind: count, polarity: lower_is_better, series: rolling_year, benchmark: poisson}\n"
        "  - {id: arrests.rate, label: Arrest rate, name: the arrest rate, kind: proportion, polarity: higher_is_better, series: rolling_year, benchmark: two_proportion}\n",
        encoding="utf-8")
    (folder / "report.yaml").write_text("report: {title: Published totals}\nperiod_end: 2018-06\n", encoding="utf-8")
    (folder / "commentary.yaml").write_text("period_end: 2018-06\nparagraphs: {}\n", encoding="utf-8")
    return folder


def test_current_and_baseline_are_the_rows_at_the_period_end_and_a_year_before(project):
    draft = build_draft(load_project(project))
    facts = draft.facts
    assert facts["robbery.current"].value == 689 and facts["robbery.baseline"].value == 713
    (v1, n1), (v0, n0) = TOTALS["arrests"][ENDS.index("2018-06")], TOTALS["arrests"][ENDS.index("2017-06")]
    assert facts["arrests.rate.current"].value == pytest.approx(v1 / n1 * 100)
    assert facts["arrests.rate.baseline_n"].value == n0 == 1090
    assert facts["robbery.current_start"].value == "2017-07" and facts["robbery.current_end"].value == "2018-06"
    made_from_months = [k for k in facts if k.startswith("robbery.") and k.split(".")[1] in (
        "months_higher", "largest_fall", "largest_rise", "longest_rise", "rolling", "record", "month", "threshold")]
    assert made_from_months == []
    text = render(draft.document, "md").decode()
    assert "2.1 Recorded robberies decreased by 3.4% relative to the year to June 2017, from 713 to 689; this is within the usual variation from year to year" in text
    paragraphs = text.split("| Arrest rate |")[1]
    assert "month" not in paragraphs.replace("the year to June", "")  # nothing is said of months


def test_a_template_asking_for_a_month_fact_gets_a_clear_error(project):
    (project / "templates").mkdir()
    (project / "templates" / "report.md.j2").write_text("# Robbery\n\n{{ robbery.months_higher }}\n", encoding="utf-8")
    with pytest.raises(TemplateProblem) as error:
        build_draft(load_project(project))
    assert str(error.value).endswith(
        "report.md.j2, line 3: no fact 'robbery.months_higher': 'robbery' is a rolling_year series (12-month totals), "
        "so it has no facts made from months; use its current, baseline, change and change_pct")


def test_a_rule_printing_a_month_fact_gets_the_same_error(project):
    rules = own_rule(project, "movements.yaml")
    edit(rules, '      - "fell by {{ size }}{{ against }}, from {{ baseline }} to {{ current }}{{ finding }}"',
         '      - "fell in {{ months_lower }} months"')
    edit(rules, '      - "decreased by {{ size }}{{ against }}, from {{ baseline }} to {{ current }}{{ finding }}"',
         '      - "fell in {{ months_lower }} months"')
    with pytest.raises(InputError) as error:
        build_draft(load_project(project))
    assert "movement rule 'fall': no fact 'robbery.months_lower': 'robbery' is a rolling_year series (12-month totals)" in str(error.value)


@pytest.mark.parametrize("change, message", [
    (("period_end: 2018-06\n", "period_end: 2018-06\nperiod: quarter\n"),
     "report.yaml: measure 'robbery' is a rolling_year series (12-month totals), so it cannot be compared over 3 months; "
     "build the year (period: year) or leave it out"),
    (("period_end: 2018-06\n", "period_end: 2018-05\n"),
     "observations.csv: measure 'robbery' has no row for 2018-05, the end of the current 12 months "
     "(a rolling_year series: each row is the 12-month total to its month); its rows are for 2015-03 to 2018-12, every "
     "3 months; give --period-end one of those months, such as 2018-12"),
    (("period_end: 2018-06\n", "period_end: 2018-06\ntables:\n  m: {type: monthly, measure: robbery, months: 12, caption: C}\n"),
     "report.yaml: table 'm': measure 'robbery' is a rolling_year series (12-month totals), so it has no months to tabulate"),
    (("period_end: 2018-06\n", "period_end: 2018-06\ncharts: {place: measure, measures: [robbery]}\n"),
     "report.yaml: charts: measure 'robbery' is a rolling_year series (12-month totals), so it has no months to chart"),
])
def test_what_would_need_months_is_refused(project, change, message):
    edit(project / "report.yaml", *change)
    with pytest.raises(InputError) as error:
        load_project(project)
    assert str(error.value).endswith(message)
    assert str(error.value).startswith(str(project))


def test_a_rolling_year_series_has_no_thresholds_or_records(project):
    edit(project / "measures.yaml", "series: rolling_year, benchmark: poisson}", "series: rolling_year, benchmark: poisson, thresholds: [700]}")
    with pytest.raises(InputError) as error:
        load_project(project)
    assert str(error.value) == (f"{project / 'measures.yaml'}: measure 'robbery': thresholds (months above a level) needs months, "
                                "but robbery is a rolling_year series (12-month totals)")
