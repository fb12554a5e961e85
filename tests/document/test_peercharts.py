"""document/peercharts.py: the dot chart of a measure against the force's peers, every value a fact."""

from __future__ import annotations

import pytest

from conftest import ROOT
from narrator.analysis.factset import Fact, FactSet
from narrator.document.peercharts import peer_chart, ranked_rows
from narrator.settings.catalogue import Measure
from narrator.wording.charts import ChartRules, ChartWords
from narrator.wording.environment import make_environment
from narrator.wording.style import HouseStyle

MEASURE = Measure("drugs", "Drug offences", "drug offences", "count", "lower_is_better", None)
P = "drugs.peer.force"


def peer_facts(*, tested: bool = False) -> FactSet:
    facts = []
    for key, name, role, change in (("essex", "Essex", "peer", -5.0), ("cambs", "Cambridgeshire", "force", 12.5),
                                    ("herts", "Hertfordshire", "peer", 12.5), ("beds", "Bedfordshire", "peer", None),
                                    ("ew", "England and Wales", "national", 3.0)):
        facts += [Fact(f"{P}.{key}.name", "Name", name, "text"), Fact(f"{P}.{key}.role", "Role", role, "text")]
        if change is not None:
            facts.append(Fact(f"{P}.{key}.change_pct", "Change", change, "percent"))
    facts.append(Fact("drugs.peer.national.change_pct", "England and Wales", 3.0, "percent"))
    if tested:
        facts += [Fact("drugs.peer.test.upper_pct", "Upper", 20.0, "percent"), Fact("drugs.peer.test.lower_pct", "Lower", -14.0, "percent")]
    return FactSet(facts)


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    own = tmp_path_factory.mktemp("peercharts") / "charts.yaml"
    own.write_text("peers: {caption: Drug offences against the peers, alt: Each force's change, peer: Peers, force: The force, "
                   "national: England and Wales, limit: Usual variation}\n", encoding="utf-8")
    return ChartRules.load([ROOT / "rules" / "charts.yaml", own], make_environment())


def test_the_rows_are_the_forces_by_change_largest_rise_first_then_by_name_then_england_and_wales():
    assert ranked_rows(peer_facts(), "drugs") == ([f"{P}.cambs", f"{P}.herts", f"{P}.essex", f"{P}.beds"], [f"{P}.ew"])


def test_the_force_is_set_off_from_its_peers_with_england_and_wales_across(rules):
    facts = peer_facts()
    chart = peer_chart(MEASURE, facts, ChartWords(rules, facts, HouseStyle()))
    assert (chart.id, chart.kind, chart.categories, chart.months) == (
        "peers.drugs", "dots", ("Cambridgeshire", "Hertfordshire", "Essex", "Bedfordshire"), ())
    assert [(s.name, s.role, s.values, s.legend) for s in chart.series] == [
        ("Peers", "peer", (None, 12.5, -5.0, None), True),
        ("The force", "force", (12.5, None, None, None), True),
        ("England and Wales", "national", (3.0, 3.0, 3.0, 3.0), True)]
    assert chart.series[1].fact_ids == (f"{P}.cambs.change_pct", None, None, None)
    assert (chart.axis, chart.number_format, chart.caption, chart.alt_text) == (
        (-5.0, 15.0, 5.0), '0.0"%"', "Drug offences against the peers", "Each force's change")


def test_a_force_tested_against_its_peers_has_the_usual_variations_lines_named_once(rules):
    facts = peer_facts(tested=True)
    chart = peer_chart(MEASURE, facts, ChartWords(rules, facts, HouseStyle()))
    assert [(s.role, s.values[0], s.legend) for s in chart.series[3:]] == [("limit", 20.0, True), ("limit", -14.0, False)]
    assert chart.axis[0] <= -14.0 and chart.axis[1] >= 20.0
