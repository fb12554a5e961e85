"""report.yaml's events: named months, each checked with one message naming the event."""

import pytest

from narrator.errors import InputError
from narrator.settings.events import Event, read_events

WHERE = "report.yaml"


def test_events_are_read_in_order():
    given = [{"id": "first_lockdown", "name": "the first lockdown", "months": ["2020-04", "2020-05"]},
             {"id": "second", "name": "the second lockdown", "months": ["2020-11"]}]
    assert read_events(given, WHERE) == (Event("first_lockdown", "the first lockdown", ("2020-04", "2020-05")),
                                         Event("second", "the second lockdown", ("2020-11",)))


@pytest.mark.parametrize("entries, message", [
    ({"id": "x"}, "report.yaml: events must be a list"),
    ([{"id": "First", "name": "n", "months": ["2020-04"]}],
     "report.yaml: event 1: id must be one lower-case word (letters, digits, _), such as second_lockdown, found 'First'"),
    ([{"id": "a", "name": "n", "months": ["2020-04"]}, {"id": "a", "name": "m", "months": ["2020-05"]}],
     "report.yaml: event 2: id 'a' is used twice"),
    ([{"id": "a", "name": "n", "months": []}], "report.yaml: event 1: months must be a list such as [2020-04, 2020-05]"),
    ([{"id": "a", "name": "n", "months": ["2020-13"]}],
     "report.yaml: event 1: month '2020-13' is not a month in the form YYYY-MM (for example 2021-03)"),
])
def test_a_bad_event_is_one_message(entries, message):
    with pytest.raises(InputError) as error:
        read_events(entries, WHERE)
    assert str(error.value) == message
