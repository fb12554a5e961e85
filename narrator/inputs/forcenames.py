"""A force's name as a published table writes it: "Kent Police" is the table's "Kent".

One function, shared by every reader of a table with a force column (the peers table of
narrator.inputs.peers; a published table read as a force's own observations): the names match
when they agree after case, punctuation, "and"/"&" and the words a force's full name adds
("Police", "Constabulary", "Service", "Force", a leading "the") are set aside. "Metropolitan
Police Service" matches the table's "Metropolitan Police"; "City of London Police" matches
"City of London".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["match_force", "name_key"]

# Words a force's full name adds to the name of its area.
FILLER = {"police", "constabulary", "service", "force", "the", "of", "and"}


def name_key(name: str) -> str:
    """The words that identify a force: lower case, no punctuation, no filler words."""
    words = re.findall(r"[a-z0-9]+", name.lower().replace("&", " and "))
    kept = [w for w in words if w not in FILLER]
    return " ".join(kept or words)


def match_force(name: str, names: Iterable[str]) -> str | None:
    """The one name of ``names`` that is ``name`` (exactly, else by :func:`name_key`); None when
    none is, or more than one is."""
    names = list(names)
    if name in names:
        return name
    key = name_key(name)
    found = [n for n in names if name_key(n) == key]
    return found[0] if len(found) == 1 else None
