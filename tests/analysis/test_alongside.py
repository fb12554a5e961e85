"""Comparators like for like (issue 16, item 7): a national series' latest 12 months against the same
months a year before, and the force's own change over those months, recomputed here with the csv module."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest
from conftest import DATA

from narrator.analysis.alongside import paired_measure
from narrator.settings.catalogue import load_catalogue
from narrator.pipeline import render


@pytest.fixture(scope="module")
def months():
    table = defaultdict(dict)
    with (DATA / "observations.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            table[row["measure"]][row["month"]] = (float(row["value"]), float(row["denominator"] or "nan"))
    return table


def window(end_year: int, end_month: int) -> list[str]:
    ordinal = end_year * 12 + end_month - 1
    return [f"{o // 12}-{o % 12 + 1:02d}" for o in range(ordinal - 11, ordinal + 1)]


def test_a_national_count_is_compared_with_the_same_months_a_year_before(example_draft, months):
    facts = example_draft.facts
    now, before = window(2021, 1), window(2020, 1)
    national = months["national.drugs.recorded"]
    current, baseline = sum(national[m][0] for m in now), sum(national[m][0] for m in before)
    assert (facts["national.drugs.recorded.current"].value, facts["national.drugs.recorded.baseline"].value) == (current, baseline)
    assert facts["national.drugs.recorded.change_pct"].value == pytest.approx((current - baseline) / baseline * 100, rel=1e-12)
    assert round(facts["national.drugs.recorded.change_pct"].value, 1) == 12.5  # not 11.1, against 2019/20
    assert facts["national.drugs.recorded.baseline_end"].value == "2020-01"
    own = months["drugs.recorded"]
    mine = (sum(own[m][0] for m in before), sum(own[m][0] for m in now))
    assert (facts["national.drugs.recorded.force.baseline"].value, facts["national.drugs.recorded.force.current"].value) == mine
    assert facts["national.drugs.recorded.force.change_pct"].value == pytest.approx((mine[1] - mine[0]) / mine[0] * 100, rel=1e-12)


def test_a_national_rate_and_the_forces_rate_over_the_same_months(example_draft, months):
    facts = example_draft.facts
    now, before = window(2021, 1), window(2020, 1)
    def rate(series, span):
        return sum(series[m][0] for m in span) / sum(series[m][1] for m in span) * 100
    national = months["national.drugs.outcome_rate"]
    assert facts["national.drugs.outcome_rate.baseline"].value == pytest.approx(rate(national, before), rel=1e-12)
    assert facts["national.drugs.outcome_rate.change"].value == 5.3
    own = months["all_crime.outcome_rate"]
    assert facts["national.all_crime.outcome_rate.force.current"].value == pytest.approx(rate(own, now), rel=1e-12)
    assert facts["national.all_crime.outcome_rate.force.baseline"].value == pytest.approx(rate(own, before), rel=1e-12)
    assert "national.drugs.outcome_rate.force.current" not in facts  # no force measure drugs.outcome_rate to pair with
    text = render(example_draft.document, "md").decode()
    assert ("Nationally[^3], recorded drugs offences for the 43 forces rose by 12.5% in the 12 months to January 2021, against "
            "the same months a year before. Over the same months, the Constabulary's figure rose by 31.6%, from 1,593 to 2,096.") in text
    assert "Most Forces" not in text


def test_a_comparator_pairs_with_the_longest_measure_id_it_ends_with():
    measures = load_catalogue(DATA / "measures.yaml")
    assert paired_measure(measures["national.drugs.recorded"], measures).id == "drugs.recorded"
    assert paired_measure(measures["national.all_crime.outcome_rate"], measures).id == "all_crime.outcome_rate"
    assert paired_measure(measures["national.drugs.outcome_rate"], measures) is None


def test_a_quarters_comparator_is_set_beside_the_forces_same_quarter(months):
    from narrator.pipeline import compute_facts
    from narrator.project import load_project

    _, facts = compute_facts(load_project(DATA, "2021-03", commentary=False, length="quarter"))
    assert (facts["national.drugs.recorded.current_start"].value, facts["national.drugs.recorded.current_end"].value) == ("2020-11", "2021-01")
    own = months["drugs.recorded"]
    assert facts["national.drugs.recorded.force.current"].value == sum(own[m][0] for m in ("2020-11", "2020-12", "2021-01"))
    assert facts["national.drugs.recorded.force.baseline"].value == sum(own[m][0] for m in ("2019-11", "2019-12", "2020-01"))
