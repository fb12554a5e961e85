"""report.yaml's ``events:``: named months the text may single out (lockdowns)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from .months import parse_month
from .yamlfiles import check_keys, expect

EVENT_ID = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Event:
    """A named stretch of months (a lockdown, say) that the text may single out."""

    id: str
    name: str
    months: tuple[str, ...]


def read_events(entries: object, where: str) -> tuple[Event, ...]:
    """The checked events; every problem is one InputError naming the event and key."""
    if not isinstance(entries, list):
        raise InputError(f"{where}: events must be a list")
    events: list[Event] = []
    for i, entry in enumerate(entries, start=1):
        here = f"{where}: event {i}"
        entry = check_keys(entry, where=here, allowed=("id", "name", "months"), required=("id", "name", "months"))
        if not isinstance(entry["id"], str) or not EVENT_ID.fullmatch(entry["id"]):
            raise InputError(f"{here}: id must be one lower-case word (letters, digits, _), such as second_lockdown, found {entry['id']!r}")
        if any(event.id == entry["id"] for event in events):
            raise InputError(f"{here}: id '{entry['id']}' is used twice")
        expect(entry["name"], str, where=here, what="a name in words, such as the second lockdown")
        months = entry["months"]
        if not isinstance(months, list) or not months:
            raise InputError(f"{here}: months must be a list such as [2020-04, 2020-05]")
        for month in months:
            parse_month(str(month), where=here)
        events.append(Event(str(entry["id"]), str(entry["name"]), tuple(str(m).strip() for m in months)))
    return tuple(events)
