"""Which project made a Word draft, so that ``check`` and ``refresh`` never mix two forces.

Contract. :class:`Provenance` is what a draft records of the project that built it: the force
(``report.force``), the area of the draft (for data with areas), the catalogue's identity (a short
hash of its measures' ids, kinds and series) and how many measures it holds, and the period's
length (12, 3, ``year_to_date``…) and end. It is stored in the figure map as the state under the
key :data:`KEY` (:mod:`narrator.word.figuremap` keeps states it does not interpret), so a
draft and its refreshed copy carry it as Word saves them.

:func:`check_same` compares a draft's provenance with the project's now. The same project is the
same force (in any case, with or without "Police"/"Constabulary"/"Service"), the same area, the
same period length and a catalogue that is the same or keeps at least half of the draft's
measures: revised data, a later period end and a measure added or renamed in the catalogue are the
same project. Anything else is another project, refused with one line naming both, unless the
analyst says ``--other-project``. A draft written before provenance was recorded has none: it is
checked as before, with a note saying it could not be told apart.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import InputError
from ..inputs.names import key

__all__ = ["KEY", "Provenance", "catalogue_identity", "check_same", "markdown_line", "read_markdown_provenance",
           "read_provenance"]

MARKDOWN = re.compile(rb"^<!-- narrator-project: (\{[^\n]{0,4000}\}) -->$", re.MULTILINE)  # a Markdown draft's line
KEY = "@project"  # the figure map state that holds it; not a measure id (ids start with a letter)
FIELDS = ("force", "area", "catalogue", "measures", "period", "end")


@dataclass(frozen=True)
class Provenance:
    force: str  # report.force ("" when report.yaml names none)
    area: str  # the draft's area ("" for data without areas)
    catalogue: str  # catalogue_identity()
    measures: str  # how many measures the catalogue holds
    period: str  # the period's length: 12, 3, year_to_date, …
    end: str  # the period's last month, YYYY-MM

    def attributes(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIELDS}

    def named(self) -> str:
        """"Kent Police (catalogue 3f2a9c01d2e4, 2 measures; 12 months to 2018-12)"."""
        who = self.force or "a report naming no force"
        if self.area and self.area != self.force:
            who += f", area {self.area}"
        length = "the year to date" if self.period == "year_to_date" else f"{self.period} months"
        return f"{who} (catalogue {self.catalogue}, {self.measures} measures; {length} to {self.end})"


def catalogue_identity(measures: Mapping[str, tuple[str, str]]) -> str:
    """A short hash of the catalogue: each measure's id, kind and series (``measures``: id → (kind, series))."""
    text = "\n".join(f"{mid}\t{kind}\t{series}" for mid, (kind, series) in sorted(measures.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_provenance(states: Mapping[str, Mapping[str, str]]) -> Provenance | None:
    """The provenance a figure map's states hold; None for a draft written before it was recorded."""
    found = states.get(KEY)
    if found is None or not set(FIELDS) <= set(found):
        return None
    return Provenance(*(found[name] for name in FIELDS))


def markdown_line(provenance: Provenance) -> bytes:
    """The line a Markdown draft carries (an HTML comment, hidden when it is read), above its fingerprint."""
    return b"<!-- narrator-project: " + json.dumps(provenance.attributes(), ensure_ascii=True).encode() + b" -->\n"


def read_markdown_provenance(data: bytes) -> Provenance | None:
    """The provenance a Markdown draft's line holds; None when it has none (or not one Narrator wrote)."""
    found = MARKDOWN.search(data)
    try:
        fields = json.loads(found.group(1)) if found else None
    except ValueError:
        return None
    if not isinstance(fields, dict) or not all(isinstance(fields.get(name), str) for name in FIELDS):
        return None
    return read_provenance({KEY: fields})


def check_same(recorded: Provenance | None, now: Provenance, drafted_measures: set[str], measures: set[str], *,
               source: str, command: str, other_project: bool, notify: Callable[[str], None] | None) -> None:
    """Refuse (an InputError) to check or refresh a draft another project made, unless ``other_project``."""
    if recorded is None:
        if notify is not None:
            notify(f"{source}: records no project (it was written before Narrator recorded one), so it cannot be told "
                   f"whether this project made it; {command} goes on")
        return
    kept = len(drafted_measures & measures) * 2 >= len(drafted_measures)
    project = (key(recorded.force) == key(now.force) and recorded.period == now.period
               and (recorded.catalogue == now.catalogue or kept))
    if (project and key(recorded.area) == key(now.area)) or other_project:
        return
    what = "check its figures against" if command == "check" else "refresh its figures from"
    if project and recorded.area:  # the same project, another of its areas
        raise InputError(f"{source}: this draft is about {recorded.area}, not {now.area or 'the whole of ' + now.force}; "
                         f"run narrator {command} with --area '{recorded.area}'")
    raise InputError(
        f"{source}: this draft was made for {recorded.named()}, this project reports on {now.named()}; "
        f"run narrator {command} in the project that made it, "
        f"or use --other-project to {what} this project anyway"
    )
