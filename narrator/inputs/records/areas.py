"""Records counted by area: which areas are big enough to compare, and police.uk's districts.

A police.uk street file gives each crime's LSOA (``LSOA name``, "Cambridge 007A"): some 500 small
areas in a force, with a dozen crimes each a month, too few to compare one with another or to
rate. ``area: district`` counts by the local authority district each LSOA name begins with
("Cambridge"), :data:`DISTRICT`. Whatever the column:

* an area with fewer than :data:`TINY` records a month on average (police.uk's anonymised points
  that fall outside the force area: a few in Barnet, Bedford…) is counted for the force only, with
  a note, as a record without an area is;
* when the areas left have a median below :data:`SMALL` records a month, they are refused, with the
  suggestion of a coarser column (for police.uk, ``area: district``);
* a rate's area-month with no records in its denominator is left empty (0 of 0), with a note.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence

from ...errors import InputError

__all__ = ["DISTRICT", "SMALL", "TINY", "district_sql", "empty_rates", "sized"]

DISTRICT = "district"  # inputs.records.area: the LSOA name without its code
TINY = 5  # records a month below which an area is counted for the force only
SMALL = 20  # the median records a month, over the areas, below which the areas are too small to compare
LSOA_CODE = " [0-9]{3}[A-Z]$"  # "Cambridge 007A" → "Cambridge"


def district_sql(column_sql: str) -> str:
    """The SQL (DuckDB's dialect, transpiled for PostgreSQL) of the district in an LSOA name."""
    return f"regexp_replace({column_sql}, '{LSOA_CODE}', '')"


def sized(areas: Mapping[str, list[tuple]], months: int, name: str, what: str, police_uk: bool,
          notify: Callable[[str], None] | None) -> dict[str, list[tuple]]:
    """The areas to report on: ``areas`` (name → its monthly result rows, the records counted in
    each row's second column) without the tiny ones; small areas are an InputError. ``what`` names
    the areas' column in messages; ``police_uk``: an LSOA column, whose districts are coarser."""
    per_month = {area: sum(int(row[1]) for row in rows) / months for area, rows in areas.items()}
    tiny = sorted(area for area, n in per_month.items() if n < TINY)
    kept = {area: rows for area, rows in areas.items() if area not in tiny}
    if tiny and len(tiny) < len(areas) and notify is not None:
        shown = ", ".join(tiny[:3]) + (f" and {len(tiny) - 3} more" if len(tiny) > 3 else "")
        notify(f"{name}: {len(tiny)} {'area' if len(tiny) == 1 else 'areas'} with fewer than {TINY} records a month, of "
               f"{what} ({shown}), counted for the force only, in no area")
    kept = kept or dict(areas)
    median = statistics.median(per_month[area] for area in kept)
    if median < SMALL:
        coarser = ("area: district, the local authority district each LSOA name begins with" if police_uk
                   else "a district or neighbourhood column of the records")
        raise InputError(
            f"{name}: {what} (inputs.records.area) splits the records into {len(kept):,} areas of a median "
            f"{median:.0f} records a month, too few to compare one area with another; count by a coarser column ({coarser})")
    return kept


def empty_rates(notes: Sequence[tuple[str, str, str]], name: str, notify: Callable[[str], None] | None) -> None:
    """A note per measure on its area-months without records in the rate's denominator (measure, month, area)."""
    if notify is None:
        return
    by_measure: dict[str, list[tuple[str, str]]] = {}
    for measure, month, area in notes:
        by_measure.setdefault(measure, []).append((month, area))
    for measure, where in by_measure.items():
        month, area = where[0]
        notify(f"{name}: measure '{measure}' has no records in its denominator in {len(where)} area-"
               f"{'month' if len(where) == 1 else 'months'} (such as {month} in '{area}'), so its rate there is left empty")
