"""Record layouts: which column of a crime extract holds what.

A layout names the columns a rule speaks of: ``id`` (a row without one is an incident, not a
crime), ``month`` (a month or a date, read as its month), ``force`` (rows of another force are
set aside), ``offence``, ``outcome`` and ``area``. ``layout: police-uk`` is data.police.uk's
street (and outcomes) files; a ``columns`` mapping names a force's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..errors import InputError, suggestion
from .catalogue import Measure
from .yamlfiles import check_keys, expect

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
RECORDS_KEYS = ("files", "layout", "columns", "table", "connection", "area")  # inputs.records


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


def records_layout(entry: object, where: str) -> Layout | None:
    """The layout ``inputs.records`` gives (None when it is not a mapping: narrator.inputs.records.source says why)."""
    if not isinstance(entry, Mapping):
        return None
    return read_layout(check_keys(entry, where=where, allowed=RECORDS_KEYS), where)


def with_layout_notes(measures: Mapping[str, Measure], layout: Layout) -> dict[str, Measure]:
    """Each outcome rate (a records proportion whose rule reads the outcome) without a footnote of
    its own takes the layout's note on what its outcomes are (police.uk's: a snapshot)."""
    def outcome_rate(m: Measure) -> bool:
        return m.kind == "proportion" and m.records is not None and any(c.column == "outcome" for c in m.records.conditions())

    if layout.outcome_note is None:
        return dict(measures)
    return {k: replace(m, footnote=layout.outcome_note) if outcome_rate(m) and m.footnote is None else m for k, m in measures.items()}
