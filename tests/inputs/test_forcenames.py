"""A force's full name found among a table's shorter names."""

import pytest

from narrator.inputs.forcenames import match_force, name_key

TABLE = ["Kent", "Metropolitan Police", "City of London", "Avon and Somerset", "Dyfed-Powys", "British Transport Police",
         "North Yorkshire", "West Yorkshire"]


@pytest.mark.parametrize("given, found", [
    ("Kent Police", "Kent"), ("kent", "Kent"), ("Metropolitan Police Service", "Metropolitan Police"),
    ("City of London Police", "City of London"), ("Avon & Somerset Constabulary", "Avon and Somerset"),
    ("Dyfed Powys Police", "Dyfed-Powys"), ("British Transport Police", "British Transport Police"),
    ("The West Yorkshire Police", "West Yorkshire"),
    ("Cambridgeshire Constabulary", None), ("Yorkshire Police", None),  # not in the table; not one of two
])
def test_a_full_name_is_the_tables_short_one(given, found):
    assert match_force(given, TABLE) == found


def test_names_that_match_two_are_no_match():
    assert name_key("Kent Police") == name_key("Kent Constabulary") == "kent"
    assert match_force("Kent", ["Kent Police", "Kent Constabulary"]) is None
