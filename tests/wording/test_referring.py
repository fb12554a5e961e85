"""wording/referring.py: the force as the analyst names it; a name in full once a paragraph (issue 18)."""

from __future__ import annotations

import pytest

from narrator.wording.referring import Mentions, force_name


@pytest.mark.parametrize("report_force, area, named", [
    ("Kent Police", "Kent", "Kent Police"), ("Kent Police", None, "Kent Police"), ("Kent Police", "Essex", "Essex"),
    (None, "North Area", "North Area"), ("Metropolitan Police Service", "Metropolitan Police", "Metropolitan Police Service"),
])
def test_the_force_is_named_as_the_analyst_names_it(report_force, area, named):
    assert force_name(report_force, area) == named


def test_a_name_is_said_in_full_once_a_paragraph():
    mentions = Mentions()
    assert mentions.refer("force", "Kent Police", "the force") == "Kent Police"
    assert mentions.refer("force", "Kent Police", "the force") == "the force"
    mentions.new_paragraph()
    assert mentions.refer("force", "Kent Police", "the force") == "Kent Police"


def test_without_a_force_in_report_yaml_a_draft_with_no_area_names_nothing():
    assert force_name(None, None) == ""


def test_mentions_are_kept_apart_by_key():
    mentions = Mentions()
    assert mentions.refer("force", "Kent Police", "the force") == "Kent Police"
    assert mentions.refer("burglary", "recorded burglaries", "burglaries") == "recorded burglaries"
    assert mentions.refer("burglary", "recorded burglaries", "burglaries") == "burglaries"
    assert mentions.said == {"force", "burglary"}
