"""Offence groups: which offences of a published table a measure adds together (``offences:`` in
measures.yaml), and the classification changes inside the group (``reclassified:``).

::

    offences: [Domestic burglary, Non-domestic burglary, Residential burglary, Non-residential burglary]
    reclassified:              # the Home Office split burglary differently from April 2017
      - {month: 2017-04, before: [Domestic burglary, Non-domestic burglary],
         after: [Residential burglary, Non-residential burglary]}
    # or every offence of the table but some:
    offences: {all_except: [Fraud offences]}

A measure's figure for an area and period end is the sum of its offences' rows. A change of
classification named in ``reclassified`` is what a reader must be told when it falls inside the
years a report compares (a footnote; see the ``reclassified`` facts in narrator.analysis.facts).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import InputError
from .yamlfiles import check_keys, describe

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")  # no pandas here: `narrator measures` reads the catalogue too

ALL_EXCEPT = "all_except"


@dataclass(frozen=True)
class Reclassification:
    """From ``month`` on, the offences ``after`` replace the offences ``before``."""

    month: str  # YYYY-MM
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class OffenceGroup:
    """The offences a measure adds up: ``names``, or (``every``) all of the table's but ``excluded``."""

    names: tuple[str, ...] = ()
    every: bool = False
    excluded: tuple[str, ...] = ()
    changes: tuple[Reclassification, ...] = ()

    def named(self) -> tuple[str, ...]:
        """Every offence name the group gives (each must occur in the table)."""
        return self.names + self.excluded

    def matches(self, offences):
        """Which of the table's ``offences`` (a pandas column) belong to the group: a mask."""
        if self.every:
            return ~offences.isin(self.excluded)
        return offences.isin(self.names)


def read_offences(entry: object, changes: object, where: str) -> OffenceGroup:
    """A measure's ``offences`` (and ``reclassified``) entries, checked."""
    here = f"{where}: offences"
    if isinstance(entry, Mapping):
        entry = check_keys(entry, where=here, allowed=(ALL_EXCEPT,), required=(ALL_EXCEPT,))
        group = OffenceGroup(every=True, excluded=_names(entry[ALL_EXCEPT], f"{here}.{ALL_EXCEPT}", empty=True))
    else:
        group = OffenceGroup(names=_names(entry, here))
    if changes is None:
        return group
    if not isinstance(changes, list) or not changes:
        raise InputError(f"{where}: reclassified must be a list of changes, each {{month, before, after}}, found {describe(changes)}")
    found = []
    for i, change in enumerate(changes, start=1):
        there = f"{where}: reclassified {i}"
        change = check_keys(change, where=there, allowed=("month", "before", "after"), required=("month", "before", "after"))
        before, after = _names(change["before"], f"{there}.before"), _names(change["after"], f"{there}.after")
        for name in before + after:
            if not group.every and name not in group.names or group.every and name in group.excluded:
                raise InputError(f"{there}: '{name}' is not one of the measure's offences; a reclassification is within its offence group")
        month = str(change["month"]).strip()
        if not MONTH.fullmatch(month):
            raise InputError(f"{there}.month: {change['month']!r} is not a month in the form YYYY-MM (for example 2017-04)")
        found.append(Reclassification(month, before, after))
    return OffenceGroup(group.names, group.every, group.excluded, tuple(found))


def _names(value: object, where: str, *, empty: bool = False) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not (value or empty) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: expected a list of offence names as the table writes them, such as [Robbery], found {describe(value)}")
    names = tuple(v.strip() for v in value)
    twice = next((n for n in names if names.count(n) > 1), None)
    if twice is not None:
        raise InputError(f"{where}: '{twice}' is named twice")
    return names
