"""The default draft's facts: the families every kind of measure gets, and their exact values
for one measure of each kind (a count, an administrative rate, a survey proportion, a level),
and the period's, the settings' and the tests' facts. A change to any of these is a change to
the draft's figures, which these assertions name one by one.
"""

from collections import Counter

SAME = object()  # a text fact whose value is its text

FACTS = {  # fact id: (as printed, value; floats to six decimals)
    'all_crime.outcome_rate.baseline': ('10.8%', 10.799623),
    'all_crime.outcome_rate.baseline_n': ('67,882', 67882.0),
    'all_crime.outcome_rate.benchmark': ("Quasi-binomial model of the monthly rates (month-of-year and period terms), 12-month rates 13.0% (n=59,883) v 10.8% (n=67,882); dispersion 2.09 from 44 degrees of freedom over 4 pairs of years, times 2.88 for the months' lag-1 autocorrelation 0.38: t = 4.94, p < 0.001, significant at the 95% confidence level.", SAME),
    'all_crime.outcome_rate.change': ('2.2 percentage points', 2.2),
    'all_crime.outcome_rate.current': ('13.0%', 13.000351),
    'all_crime.outcome_rate.current_end': ('March 2021', '2021-03'),
    'all_crime.outcome_rate.current_n': ('59,883', 59883.0),
    'all_crime.outcome_rate.current_start': ('April 2020', '2020-04'),
    'all_crime.outcome_rate.event.first_lockdown.change': ('2.1 percentage points', 2.142303),
    'all_crime.outcome_rate.event.second_lockdown.change': ('2.1 percentage points', 2.06878),
    'all_crime.outcome_rate.event.third_lockdown.change': ('2.4 percentage points', 2.357988),
    'all_crime.outcome_rate.judgement': ('Improved', SAME),
    'all_crime.outcome_rate.largest_rise.1.change': ('3.1 percentage points', 3.091034),
    'all_crime.outcome_rate.largest_rise.1.month': ('June 2020', '2020-06'),
    'all_crime.outcome_rate.largest_rise.2.change': ('2.7 percentage points', 2.652226),
    'all_crime.outcome_rate.largest_rise.2.month': ('March 2021', '2021-03'),
    'all_crime.outcome_rate.largest_rise.3.change': ('2.5 percentage points', 2.470898),
    'all_crime.outcome_rate.largest_rise.3.month': ('December 2020', '2020-12'),
    'all_crime.outcome_rate.longest_rise.end': ('March 2021', '2021-03'),
    'all_crime.outcome_rate.longest_rise.length': ('12', 12),
    'all_crime.outcome_rate.longest_rise.start': ('April 2020', '2020-04'),
    'all_crime.outcome_rate.method': ('quasi-binomial model', SAME),
    'all_crime.outcome_rate.months_equal': ('zero', 0),
    'all_crime.outcome_rate.months_higher': ('12', 12),
    'all_crime.outcome_rate.months_lower': ('zero', 0),
    'all_crime.outcome_rate.n_change_pct': ('−11.8%', -11.783683),
    'all_crime.outcome_rate.rolling.rise_from': ('May 2020', '2020-05'),
    'all_crime.outcome_rate.rolling.rise_months': ('11', 11),
    'all_crime.outcome_rate.test_kind': ('significance', SAME),
    'burglary.satisfaction.baseline': ('86.0%', 86.029412),
    'burglary.satisfaction.baseline_n': ('544', 544.0),
    'burglary.satisfaction.benchmark': ("Newcombe interval for the difference of two survey proportions, 90.4% (n=509) v 86.0% (n=544); allowing for the months' dispersion 1.35 from 44 degrees of freedom, each respondent counts as 0.74 of an independent one: difference 4.4 percentage points, 95% interval -0.3 to 9.0, which includes 0, not significant at the 95% confidence level.", SAME),
    'burglary.satisfaction.change': ('4.4 percentage points', 4.4),
    'burglary.satisfaction.current': ('90.4%', 90.373281),
    'burglary.satisfaction.current_end': ('March 2021', '2021-03'),
    'burglary.satisfaction.current_n': ('509', 509.0),
    'burglary.satisfaction.current_start': ('April 2020', '2020-04'),
    'burglary.satisfaction.dispersion': ('1', 1.348311),
    'burglary.satisfaction.equal_month.1': ('August 2020', '2020-08'),
    'burglary.satisfaction.event.first_lockdown.change': ('15.3 percentage points', 15.307948),
    'burglary.satisfaction.event.second_lockdown.change': ('5.5 percentage points', 5.454545),
    'burglary.satisfaction.event.third_lockdown.change': ('6.4 percentage points', 6.376812),
    'burglary.satisfaction.judgement': ('No significant change', SAME),
    'burglary.satisfaction.largest_fall.1.change': ('−9.5 percentage points', -9.52381),
    'burglary.satisfaction.largest_fall.1.month': ('July 2020', '2020-07'),
    'burglary.satisfaction.largest_fall.2.change': ('−7.9 percentage points', -7.863248),
    'burglary.satisfaction.largest_fall.2.month': ('September 2020', '2020-09'),
    'burglary.satisfaction.largest_fall.3.change': ('−2.0 percentage points', -1.993355),
    'burglary.satisfaction.largest_fall.3.month': ('October 2020', '2020-10'),
    'burglary.satisfaction.largest_rise.1.change': ('18.7 percentage points', 18.726415),
    'burglary.satisfaction.largest_rise.1.month': ('May 2020', '2020-05'),
    'burglary.satisfaction.largest_rise.2.change': ('15.8 percentage points', 15.800866),
    'burglary.satisfaction.largest_rise.2.month': ('February 2021', '2021-02'),
    'burglary.satisfaction.largest_rise.3.change': ('12.6 percentage points', 12.585812),
    'burglary.satisfaction.largest_rise.3.month': ('April 2020', '2020-04'),
    'burglary.satisfaction.longest_fall.end': ('October 2020', '2020-10'),
    'burglary.satisfaction.longest_fall.length': ('two', 2),
    'burglary.satisfaction.longest_fall.start': ('September 2020', '2020-09'),
    'burglary.satisfaction.longest_rise.end': ('February 2021', '2021-02'),
    'burglary.satisfaction.longest_rise.length': ('four', 4),
    'burglary.satisfaction.longest_rise.start': ('November 2020', '2020-11'),
    'burglary.satisfaction.method': ('Newcombe interval', SAME),
    'burglary.satisfaction.months_equal': ('one', 1),
    'burglary.satisfaction.months_higher': ('seven', 7),
    'burglary.satisfaction.months_lower': ('four', 4),
    'burglary.satisfaction.n_change_pct': ('−6.4%', -6.433824),
    'burglary.satisfaction.rolling.fall_from': ('March 2021', '2021-03'),
    'burglary.satisfaction.rolling.fall_months': ('one', 1),
    'burglary.satisfaction.test_kind': ('significance', SAME),
    'da.prompt_response.baseline': ('245 minutes', 245.25),
    'da.prompt_response.benchmark': ('Linear model of the monthly values (month-of-year and period terms), 12-month means 172.08 v 245.25 (difference -73.17); residual standard deviation 27.04 from 44 degrees of freedom over 4 pairs of years: t = -6.63, p < 0.001, significant at the 95% confidence level.', SAME),
    'da.prompt_response.change': ('−73 minutes', -73.166667),
    'da.prompt_response.change_pct': ('−29.8%', -29.833503),
    'da.prompt_response.current': ('172 minutes', 172.083333),
    'da.prompt_response.current_end': ('March 2021', '2021-03'),
    'da.prompt_response.current_start': ('April 2020', '2020-04'),
    'da.prompt_response.event.first_lockdown.change_pct': ('−4.1%', -4.115226),
    'da.prompt_response.event.second_lockdown.change_pct': ('−38.3%', -38.263666),
    'da.prompt_response.event.third_lockdown.change_pct': ('−66.4%', -66.428571),
    'da.prompt_response.judgement': ('Improved', SAME),
    'da.prompt_response.largest_fall.1.change_pct': ('−73.0%', -72.982456),
    'da.prompt_response.largest_fall.1.month': ('January 2021', '2021-01'),
    'da.prompt_response.largest_fall.2.change_pct': ('−69.7%', -69.709544),
    'da.prompt_response.largest_fall.2.month': ('February 2021', '2021-02'),
    'da.prompt_response.largest_fall.3.change_pct': ('−51.1%', -51.149425),
    'da.prompt_response.largest_fall.3.month': ('March 2021', '2021-03'),
    'da.prompt_response.largest_rise.1.change_pct': ('1.8%', 1.801802),
    'da.prompt_response.largest_rise.1.month': ('June 2020', '2020-06'),
    'da.prompt_response.longest_fall.end': ('March 2021', '2021-03'),
    'da.prompt_response.longest_fall.length': ('nine', 9),
    'da.prompt_response.longest_fall.start': ('July 2020', '2020-07'),
    'da.prompt_response.longest_rise.end': ('June 2020', '2020-06'),
    'da.prompt_response.longest_rise.length': ('one', 1),
    'da.prompt_response.longest_rise.start': ('June 2020', '2020-06'),
    'da.prompt_response.method': ('linear model', SAME),
    'da.prompt_response.month.2020-04': ('220', 220.0),
    'da.prompt_response.month.2021-03': ('85', 85.0),
    'da.prompt_response.months_equal': ('zero', 0),
    'da.prompt_response.months_higher': ('one', 1),
    'da.prompt_response.months_lower': ('11', 11),
    'da.prompt_response.rolling.fall_from': ('July 2020', '2020-07'),
    'da.prompt_response.rolling.fall_months': ('nine', 9),
    'da.prompt_response.test_kind': ('significance', SAME),
    'da.recorded.autocorrelation': ('0', 0.129422),
    'da.recorded.baseline': ('10,660', 10660.0),
    'da.recorded.benchmark': ("Quasi-Poisson model of the monthly counts (month-of-year and period terms), 12-month totals 12,196 v 10,660 (ratio 1.14); dispersion 1.06 from 33 degrees of freedom over 3 earlier pairs of years (the tested pair's own: 2.73), times 1.59 for the months' lag-1 autocorrelation 0.13: t = 7.84, p < 0.001, significant at the 95% confidence level.", SAME),
    'da.recorded.change': ('1,536', 1536.0),
    'da.recorded.change_pct': ('14.4%', 14.409006),
    'da.recorded.chart.end': ('March 2021', '2021-03'),
    'da.recorded.chart.start': ('April 2016', '2016-04'),
    'da.recorded.current': ('12,196', 12196.0),
    'da.recorded.current_end': ('March 2021', '2021-03'),
    'da.recorded.current_start': ('April 2020', '2020-04'),
    'da.recorded.dispersion': ('1', 1.059467),
    'da.recorded.equal_month.1': ('November 2020', '2020-11'),
    'da.recorded.event.first_lockdown.change_pct': ('10.9%', 10.918544),
    'da.recorded.event.second_lockdown.change_pct': ('0.0%', 0.0),
    'da.recorded.event.third_lockdown.change_pct': ('14.2%', 14.164515),
    'da.recorded.judgement': ('Higher', SAME),
    'da.recorded.largest_rise.1.change_pct': ('25.3%', 25.344037),
    'da.recorded.largest_rise.1.month': ('August 2020', '2020-08'),
    'da.recorded.largest_rise.2.change_pct': ('23.1%', 23.120729),
    'da.recorded.largest_rise.2.month': ('July 2020', '2020-07'),
    'da.recorded.largest_rise.3.change_pct': ('23.0%', 23.024831),
    'da.recorded.largest_rise.3.month': ('January 2021', '2021-01'),
    'da.recorded.longest_rise.end': ('October 2020', '2020-10'),
    'da.recorded.longest_rise.length': ('seven', 7),
    'da.recorded.longest_rise.start': ('April 2020', '2020-04'),
    'da.recorded.method': ('quasi-Poisson model', SAME),
    'da.recorded.month.2020-04': ('923', 923.0),
    'da.recorded.month.2021-03': ('979', 979.0),
    'da.recorded.months_equal': ('one', 1),
    'da.recorded.months_higher': ('11', 11),
    'da.recorded.months_lower': ('zero', 0),
    'da.recorded.record.checked_from': ('April 2010', '2010-04'),
    'da.recorded.record.checked_years': ('11', 11),
    'da.recorded.record.peak_month': ('December 2020', '2020-12'),
    'da.recorded.record.peak_value': ('1,101', 1101.0),
    'da.recorded.record.since_month': ('-', None),
    'da.recorded.rolling.rise_from': ('December 2020', '2020-12'),
    'da.recorded.rolling.rise_months': ('four', 4),
    'da.recorded.rolling_mean.2021-03': ('1,016', 1016.333333),
    'da.recorded.test_kind': ('significance', SAME),
    'da.recorded.tested_dispersion': ('3', 2.726098),
    'da.recorded.threshold.1000.doubling_years': ('three', 3),
    'da.recorded.threshold.1000.first_month': ('December 2019', '2019-12'),
    'da.recorded.threshold.1000.half_month': ('August 2016', '2016-08'),
    'da.recorded.threshold.1000.half_total': ('5,149', 5149.0),
    'da.recorded.threshold.1000.months_current': ('six', 6),
    'da.recorded.threshold.1000.total': ('10,403', 10403.0),
    'da.recorded.threshold.1000.value': ('1,000', 1000),
    'hate.satisfaction.change_low': ('\u221218.7 percentage points', -18.739747),
    'msht.recorded.change_high': ('104.1%', 104.119086),
    'msht.recorded.change_low': ('\u221212.3%', -12.26329),
    'period.baseline': ('2019/20', SAME),
    'period.baseline_end': ('March 2020', '2020-03'),
    'period.baseline_span': ('April 2019 to March 2020', SAME),
    'period.baseline_start': ('April 2019', '2019-04'),
    'period.current': ('2020/21', SAME),
    'period.end': ('March 2021', '2021-03'),
    'period.months': ('12', 12),
    'period.span': ('April 2020 to March 2021', SAME),
    'period.start': ('April 2020', '2020-04'),
    'report.date': ('13 April 2021', '2021-04-13'),
    'report.force': ('Cambridgeshire Constabulary', SAME),
    'report.force_short': ('the Constabulary', SAME),
    'settings.confidence_level': ('95', 95),
    'tests.expected_by_chance': ('two', 2.05),
    'tests.flagged': ('26', 26),
    'tests.nested': ('six', 6),
    'tests.run': ('41', 41),
    'tests.surviving': ('26', 26),
}


def test_the_default_draft_has_every_fact_it_had(example_project, example_draft):
    """2,252 facts (with the intervals of the 41 tested changes, the dispersions and autocorrelations the
    tests set them against, the note's Benjamini–Hochberg and nested counts, and the years since each count's
    earlier month as high as its highest, and the months in a rolling figure), and every measure of the catalogue has its own."""
    facts = example_draft.facts
    assert len(facts) == 2252
    assert facts["drugs.trafficking.recorded.record.since_years"].value == 0  # May 2020, highest since March 2020
    assert {f"{m}.current" for m in example_project.measures} <= set(facts)
    assert len(example_project.measures) == 49


def test_the_curated_facts_print_and_hold_their_values(example_project, example_draft):
    style = example_project.style
    for fact_id, (text, value) in FACTS.items():
        fact = example_draft.facts[fact_id]
        assert style.format(fact.value, fact.unit) == text, fact_id
        held = round(fact.value, 6) if isinstance(fact.value, float) else fact.value
        assert held == (text if value is SAME else value), fact_id


def test_every_measure_of_a_kind_has_the_same_families_of_facts(example_project, example_draft):
    """A count of the example has every family a monthly count can have (the largest changes,
    thresholds, records, runs); what varies between measures of a kind is only what their
    data hold (a threshold crossed, an event)."""
    import re

    families: dict[str, Counter] = {}
    for fact_id in example_draft.facts:
        for measure in example_project.measures.values():
            if fact_id.startswith(measure.id + ".") and fact_id[len(measure.id) + 1:].split(".")[0] not in ("parent",):
                family = re.sub(r"\d{4}-\d{2}", "YYYY-MM", re.sub(r"\.\d+(\.|$)", r".N\1", fact_id[len(measure.id) + 1:]))
                families.setdefault(measure.kind, Counter())[family] += 1
    for kind in ("count", "proportion", "level"):
        assert {"current", "baseline", "change", "judgement", "method", "test_kind", "benchmark"} <= set(families[kind]), kind
    assert {"change_pct", "months_higher", "months_lower", "largest_rise.N.month"} <= set(families["count"])
