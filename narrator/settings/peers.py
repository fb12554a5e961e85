"""``peers:`` of report.yaml: the published table with a force column, the force's peers as the table
names them, the force's own name there, and what the text calls the group::

    peers:
      table: {file: rec-crime-pfa.csv, layout: home-office-pfa}   # or just the file name
      # any other table with a force column: which column holds what (narrator.inputs.forcetable)
      # table: {file: forces.csv, columns: {force: Force, period_end: Year ending, offence: Offence, value: Count}}
      forces: [Bedfordshire, Essex, Hertfordshire]  # the force's most similar group, as the table names them
      force: Cambridgeshire          # the force as the table names it (default: report.force, matched)
      group: most similar group      # what the text calls the peers (the default)

Checked here as written; the names are checked against the table by narrator.inputs.peers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, suggestion
from .yamlfiles import check_keys, describe, expect

KEYS = ("table", "forces", "force", "group")
TABLE_KEYS = ("file", "layout", "columns")
COLUMN_ROLES = ("force", "period_end", "offence", "value")  # another table's columns: which holds what
LAYOUT = "home-office-pfa"
LAYOUTS = (LAYOUT,)
DEFAULT_GROUP = "most similar group"


@dataclass(frozen=True)
class PeerSettings:
    """``peers:`` of report.yaml, checked as written (names not yet checked against the table)."""

    file: Path
    layout: str
    forces: tuple[str, ...]
    force: str | None  # the force's name in the table, when report.yaml gives it
    group: str = DEFAULT_GROUP
    columns: Mapping[str, str] | None = None  # another table's columns by role (COLUMN_ROLES); None: the layout's


def read_peer_settings(entry: object, folder: Path, where: str) -> PeerSettings | None:
    """The checked ``peers:`` entry of report.yaml; None when there is none."""
    if entry is None:
        return None
    here = f"{where}: peers"
    entry = check_keys(entry, where=here, allowed=KEYS, required=("table", "forces"))
    table = entry["table"]
    if isinstance(table, str):
        table = {"file": table, "layout": LAYOUT}
    table = check_keys(table, where=f"{here}.table", allowed=TABLE_KEYS, required=("file",))
    expect(table["file"], str, where=f"{here}.table.file", what="the published table's file name")
    columns = _columns(table, f"{here}.table")
    layout = table.get("layout", LAYOUT if columns is None else "columns")
    if columns is None and layout not in LAYOUTS:
        raise InputError(f"{here}.table.layout: '{layout}' is not a layout of a published table with a force column"
                         f"{suggestion(str(layout), LAYOUTS)}; layouts: {', '.join(LAYOUTS)} (or name the table's columns with columns:)")
    forces = entry["forces"]
    if not isinstance(forces, list) or not forces or not all(isinstance(f, str) and f.strip() for f in forces):
        raise InputError(f"{here}.forces: expected a list of forces as the table names them, such as [Essex, Kent], found {describe(forces)}")
    forces = tuple(f.strip() for f in forces)
    twice = next((f for f in forces if forces.count(f) > 1), None)
    if twice is not None:
        raise InputError(f"{here}.forces: '{twice}' is named twice")
    force = entry.get("force")
    if force is not None:
        force = str(expect(force, str, where=f"{here}.force", what="the force as the table names it, such as Kent")).strip()
    group = str(expect(entry.get("group", DEFAULT_GROUP), str, where=f"{here}.group", what="words such as most similar group")).strip()
    return PeerSettings(folder / table["file"], layout, forces, force, group, columns)


def _columns(table: Mapping[str, object], here: str) -> dict[str, str] | None:
    """``columns:`` of another table: which of its columns holds the force, period end, offence and value."""
    if "columns" not in table:
        return None
    if "layout" in table:
        raise InputError(f"{here}: give either layout (a published table's own columns) or columns, not both")
    columns = check_keys(table["columns"], where=f"{here}.columns", allowed=COLUMN_ROLES, required=COLUMN_ROLES)
    for role, name in columns.items():
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"{here}.columns.{role}: expected the name of a column of the table, found {describe(name)}")
    return {role: str(name).strip() for role, name in columns.items()}
