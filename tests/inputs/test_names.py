"""A force's full name found among a table's shorter names (inputs/names.py)."""

import pytest

from narrator.errors import InputError
from narrator.inputs.names import Choice, choose, key, the_one

TABLE = ["Kent", "Metropolitan Police", "City of London", "Avon and Somerset", "Dyfed-Powys", "British Transport Police",
         "North Yorkshire", "West Yorkshire"]


@pytest.mark.parametrize("given, found", [
    ("Kent Police", "Kent"), ("kent", "Kent"), ("Metropolitan Police Service", "Metropolitan Police"),
    ("City of London Police", "City of London"), ("Avon & Somerset Constabulary", "Avon and Somerset"),
    ("Dyfed Powys Police", "Dyfed-Powys"), ("British Transport Police", "British Transport Police"),
    ("The West Yorkshire Police", "West Yorkshire"),
    ("Cambridgeshire Constabulary", None), ("Yorkshire Police", None),  # not in the table; not one of two
    ("Dyfed–Powys", "Dyfed-Powys"),  # an en dash is punctuation too
])
def test_a_full_name_is_the_tables_short_one(given, found):
    assert the_one(given, TABLE) == found


def test_names_that_match_two_are_no_match():
    assert key("Kent Police") == key("Kent Constabulary") == "kent"
    assert the_one("Kent", ["Kent Police", "Kent Constabulary"]) is None


def test_punctuation_is_a_space():
    assert key("Dyfed-Powys") == key("Dyfed Powys Police") == key("dyfed–powys") == "dyfed powys"
    assert key("Avon & Somerset Constabulary") == "avon and somerset"


def test_a_name_that_could_be_several_lists_them_and_says_how_to_choose():
    with pytest.raises(InputError) as raised:
        choose("Yorkshire Police", TABLE, Choice("report.force 'Yorkshire Police'", "forces", "the table", "set report.force"))
    assert str(raised.value) == ("report.force 'Yorkshire Police' could be any of 'North Yorkshire', 'West Yorkshire' (the table); "
                                 "set report.force")
