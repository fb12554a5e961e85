"""Offence groups and their reclassifications, as measures.yaml gives them."""

import pandas as pd
import pytest

from narrator.errors import InputError
from narrator.settings.offences import read_offences

WHERE = "measures.yaml: measure 'burglary'"
BURGLARY = ["Domestic burglary", "Non-domestic burglary", "Residential burglary", "Non-residential burglary"]
CHANGE = [{"month": "2017-04", "before": BURGLARY[:2], "after": BURGLARY[2:]}]


def test_a_list_of_offences_and_its_reclassification():
    group = read_offences(BURGLARY, CHANGE, WHERE)
    assert group.names == tuple(BURGLARY) and group.changes[0].month == "2017-04"
    assert group.matches(pd.Series(["Residential burglary", "Robbery"])).tolist() == [True, False]


def test_every_offence_but_some():
    group = read_offences({"all_except": ["Fraud offences"]}, None, WHERE)
    assert group.every and group.matches(pd.Series(["Robbery", "Fraud offences"])).tolist() == [True, False]


@pytest.mark.parametrize("offences, changes, message", [
    ([], None, "offences: expected a list of offence names as the table writes them, such as [Robbery], found a list"),
    (["Robbery", "Robbery"], None, "offences: 'Robbery' is named twice"),
    ({"all_excpet": ["Fraud offences"]}, None, "offences: unknown key 'all_excpet'; did you mean 'all_except'?"),
    (BURGLARY, {"month": "2017-04"}, "reclassified must be a list of changes, each {month, before, after}, found a mapping"),
    (BURGLARY, [{"month": "2017-04", "before": ["Burglary"], "after": BURGLARY[2:]}],
     "reclassified 1: 'Burglary' is not one of the measure's offences; a reclassification is within its offence group"),
    (BURGLARY, [{"month": "April 2017", "before": BURGLARY[:2], "after": BURGLARY[2:]}],
     "reclassified 1.month: 'April 2017' is not a month in the form YYYY-MM (for example 2017-04)"),
])
def test_bad_offence_groups(offences, changes, message):
    with pytest.raises(InputError) as error:
        read_offences(offences, changes, WHERE)
    assert str(error.value) == f"{WHERE}: {message}"
