"""The records: rules of measures.yaml and its outcome_groups, read and checked."""

from __future__ import annotations

import pytest

from narrator.errors import InputError
from narrator.settings.catalogue import load_catalogue
from narrator.settings.records import Condition, RecordRule

GROUPS = "outcome_groups:\n  charged: [Offender sent to prison, Offender fined]\n"


def catalogue(tmp_path, records: str, kind: str = "count", groups: str = GROUPS):
    benchmark = "poisson" if kind == "count" else "two_proportion" if kind == "proportion" else "none"
    path = tmp_path / "measures.yaml"
    path.write_text(f"{groups}measures:\n  - {{id: b.x, label: x, name: x, kind: {kind}, polarity: neutral, benchmark: {benchmark}, "
                    f"records: {records}}}\n", encoding="utf-8")
    return path


def test_a_rule_with_values_patterns_and_a_group_resolved(tmp_path):
    path = catalogue(tmp_path, '{where: {offence: [Burglary, 7], "LSOA name": {like: "Cambridge%"}}, numerator: {outcome: charged}, '
                               "denominator: {area: [North]}}", "proportion")
    assert load_catalogue(path)["b.x"].records == RecordRule(
        where=(Condition("offence", ("Burglary", "7")), Condition("LSOA name", like="Cambridge%")),
        numerator=(Condition("outcome", ("Offender sent to prison", "Offender fined"), part="numerator"),),
        denominator=(Condition("area", ("North",), part="denominator"),),
    )


def test_every_crime_and_no_rule(tmp_path):
    assert load_catalogue(catalogue(tmp_path, "{}"))["b.x"].records == RecordRule()
    (tmp_path / "plain.yaml").write_text("measures:\n  - {id: a, label: x, name: x, kind: count, polarity: neutral, benchmark: poisson}\n")
    assert load_catalogue(tmp_path / "plain.yaml")["a"].records is None


@pytest.mark.parametrize("records, kind, message", [
    ("{wher: {offence: [Burglary]}}", "count", "records: unknown key 'wher'; did you mean 'where'?"),
    ("{where: {offence: Burglary}}", "count", "records.where.offence: expected a list of values, such as [Burglary], or {like: pattern}"),
    ("{where: {offence: []}}", "count", "records.where.offence: expected a non-empty list of values, found a list"),
    ("{where: {offence: {like: 3}}}", "count", "records.where.offence.like: expected a pattern such as \"Theft%\", found the number 3"),
    ("{where: {offence: {lik: x}}}", "count", "records.where.offence: unknown key 'lik'; did you mean 'like'?"),
    ("{where: {month: [2019-01]}}", "count",
     "records.where.month: the month column cannot be filtered; every rule counts records by month, and by id tells crimes from incidents"),
    ("{where: [Burglary]}", "count", "records.where: expected a mapping of columns to values, such as {offence: [Burglary]}, found a list"),
    ("{numerator: {outcome: charged}}", "count", "records: numerator and denominator are for proportions; a count counts the records matching where"),
    ("{where: {offence: [Burglary]}}", "proportion", "records: a proportion needs a numerator, such as {outcome: charged_or_summonsed}"),
    ("{numerator: {outcome: chargd}}", "proportion", "records.numerator.outcome: no outcome group 'chargd'; did you mean 'charged'?"),
    ("{}", "level", "records: a level (such as a median) cannot be counted from records; use kind count or proportion"),
    ("{incidents: yes please}", "count", "records.incidents: expected true or false, found the text 'yes please'"),
])
def test_a_bad_rule_is_one_message_naming_the_measure(tmp_path, records, kind, message):
    path = catalogue(tmp_path, records, kind)
    with pytest.raises(InputError) as raised:
        load_catalogue(path)
    assert str(raised.value) == f"{path}: measure 'b.x': {message}"


def test_outcome_groups_must_be_lists(tmp_path):
    path = catalogue(tmp_path, "{}", groups="outcome_groups:\n  charged: Offender fined\n")
    with pytest.raises(InputError) as raised:
        load_catalogue(path)
    assert str(raised.value) == f"{path}: outcome group 'charged': expected a non-empty list of values, found the text 'Offender fined'"
