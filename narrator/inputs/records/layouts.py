"""Record layouts: which column of a crime extract holds what.

A layout names the columns a rule speaks of: ``id`` (a row without one is an incident, not a
crime), ``month`` (a month or a date, read as its month), ``force`` (rows of another force are
set aside), ``offence``, ``outcome`` and ``area``. ``layout: police-uk`` is data.police.uk's
street (and outcomes) files; a ``columns`` mapping names a force's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ...errors import InputError, suggestion
from ..yamlfiles import check_keys, expect

NAMES = ("id", "month", "force", "offence", "outcome", "area")


@dataclass(frozen=True)
class Layout:
    name: str  # for messages: "the police-uk layout" or "inputs.records.columns"
    columns: Mapping[str, str] = field(hash=False)  # name a rule uses → the column in the records
    outcome_note: str | None = None  # the footnote of an outcome rate counted in this layout

    def column(self, name: str) -> str:
        """The records' column for a rule's column name; a name not in the layout is its own."""
        return self.columns.get(name, name)


POLICE_UK = Layout(
    "the police-uk layout",
    {
        "id": "Crime ID",
        "month": "Month",
        "force": "Falls within",
        "offence": "Crime type",
        "outcome": "Last outcome category",
        "area": "LSOA name",
    },
    outcome_note=(
        "Outcome rates here are counted from the \u201cLast outcome category\u201d of data.police.uk, a "
        "snapshot of each crime\u2019s latest outcome when the data were published; they are not the "
        "Home Office outcome rate, and a crime\u2019s outcome may change after publication."
    ),
)
LAYOUTS = {"police-uk": POLICE_UK}


def read_layout(entry: Mapping[str, object], where: str) -> Layout:
    """The layout of one records input: ``layout: police-uk`` or ``columns: {month: …, …}``."""
    if ("layout" in entry) == ("columns" in entry):
        raise InputError(f"{where}: give either layout (such as police-uk) or a columns mapping, not {'both' if 'layout' in entry else 'neither'}")
    if "layout" in entry:
        name = entry["layout"]
        if name not in LAYOUTS:
            raise InputError(f"{where}.layout: '{name}' is not a layout; layouts: {', '.join(LAYOUTS)}{suggestion(str(name), LAYOUTS)}")
        return LAYOUTS[name]
    columns = check_keys(entry["columns"], where=f"{where}.columns", allowed=NAMES, required=("month",))
    for key, value in columns.items():
        expect(value, str, where=f"{where}.columns.{key}", what="a column name")
    return Layout(f"{where}.columns", dict(columns))
