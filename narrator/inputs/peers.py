"""Peers: the force's most similar group of forces and England and Wales, from a published table.

report.yaml says::

    peers:
      table: {file: rec-crime-pfa.csv, layout: home-office-pfa}   # or just the file name
      forces: [Bedfordshire, Essex, Hertfordshire]  # the force's most similar group, as the table names them
      force: Cambridgeshire          # the force as the table names it (default: report.force, matched)
      group: most similar group      # what the text calls the peers (the default)

and each measure compared names its offence group in the table (``peer_group:`` in measures.yaml,
written as ``offences:`` is: ``peer_group: Drug offences`` or a list). A measure's figure for a
force and period end is the sum of its group's rows (narrator.inputs.homeoffice reads the table).

England and Wales is formed by one rule, stated in the draft's notes: the sum of every force of the
table but British Transport Police (:data:`NOT_TERRITORIAL`), that is the 43 territorial forces of
England and Wales (the national fraud bodies' rows are set aside by the table's reader). British
Transport Police polices the railways across every force's area, so its crimes are not a territorial
force's and it is left out of England and Wales, the national ranking and the peer groups' totals
unless it is named as a peer.

The settings are parsed by narrator.settings.peers (``PeerSettings``); here the table is read and
every name checked against it (:func:`read_peers`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from ..errors import InputError, suggestion
from ..settings.catalogue import Measure
from ..settings.peers import DEFAULT_GROUP, PeerSettings
from .forcetable import read_force_table
from .homeoffice import read_home_office
from .names import Choice, choose, the_one

NATIONAL = "England and Wales"
NOT_TERRITORIAL = ("British Transport Police",)


@dataclass(frozen=True)
class Peers:
    """The force, its peers and England and Wales, with their rows of the published table."""

    force: str  # the force as the table names it
    forces: tuple[str, ...]  # its peers, as the table names them, in the order given
    national: tuple[str, ...]  # the forces that add up to England and Wales
    excluded: tuple[str, ...]  # the table's forces left out of England and Wales (British Transport Police)
    rows: pd.DataFrame  # measure, month, value, area: every force's 12-month totals of each compared measure
    measures: tuple[str, ...]  # the measures compared (those with peer_group), in catalogue order
    group: str = DEFAULT_GROUP
    file: Path | None = None
    name: str = NATIONAL


def read_peers(settings: PeerSettings | None, measures: Mapping[str, Measure], report_force: str | None, where: str,
               catalogue: Path, notify: Callable[[str], None] | None = None) -> Peers | None:
    """The peers' rows of the published table, every name checked against it; None without ``peers:``."""
    if settings is None:
        return None
    compared = {m.id: replace(m, offences=m.peer_group) for m in measures.values() if m.peer_group is not None}
    if not compared:
        raise InputError(f"{catalogue}: no measure has peer_group, so {where}: peers has nothing to compare; "
                         "name a measure's offence group in the table, such as peer_group: Drug offences")
    if settings.columns is None:
        rows = read_home_office(settings.file, compared, catalogue, notify)
    else:
        rows = read_force_table(settings.file, settings.columns, compared, catalogue, where, notify)
    names = list(pd.unique(rows["area"]))
    force = _the_force(settings, report_force, names, where)
    for name in settings.forces:
        if name not in names:
            close = the_one(name, names)
            hint = f"; did you mean '{close}'?" if close else suggestion(name, names)
            raise InputError(f"{where}: peers.forces: '{name}' is not a force of {settings.file}{hint}")
        if name == force:
            raise InputError(f"{where}: peers.forces: '{name}' is the force itself; list its peers only")
    national = tuple(n for n in names if n not in NOT_TERRITORIAL)
    excluded = tuple(n for n in names if n in NOT_TERRITORIAL)
    return Peers(force, settings.forces, national, excluded, rows, tuple(compared), settings.group, settings.file)


def _the_force(settings: PeerSettings, report_force: str | None, names: list[str], where: str) -> str:
    if settings.force is not None:
        if settings.force not in names:
            close = the_one(settings.force, names)
            hint = f"; did you mean '{close}'?" if close else suggestion(settings.force, names)
            raise InputError(f"{where}: peers.force: '{settings.force}' is not a force of {settings.file}{hint}")
        return settings.force
    if not report_force:
        raise InputError(f"{where}: peers: the report names no force (report.force), and it is not a force of {settings.file}; "
                         "name it as the table does with peers.force, such as force: Kent")
    how = "name it as the table does with peers.force, such as force: Kent"
    try:
        return choose(report_force, names, Choice(f"peers: the force '{report_force}' (report.force)", "forces", settings.file, how))
    except InputError as error:
        raise InputError(f"{where}: {error}") from None
