"""Areas: the ``area`` of each observation, which areas a report is about, and their parent.

report.yaml may say::

    areas:
      report: all                       # or a list: [North Area, South Area]
      parent: England and Wales         # the area each is compared with
      # or, when the data have no rows for the parent, which areas add up to it:
      # parent: {name: England and Wales, sum_except: [British Transport Police]}   # or sum_of: [...]
      compare: [all_crime, burglary]    # the measures of the area comparison tables (default: all)
      noun: forces                      # what the text calls the areas (default: areas)

Without ``areas:`` every area in the data is reported on and the parent is the sum of all of them,
named as report.yaml's ``report.force`` (else "all areas"). The parent is *given* when the data
hold rows for its name, else *summed* from its areas: counts and a proportion's numerators and
denominators add up, month by month, over the months every one of its areas has; a level (a median,
a mean) does not add up, so a summed parent of a level is an error. A row with an empty area is a
series every area shares (a national comparator), and only a comparator may have one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..errors import InputError, suggestion
from ..settings.catalogue import Measure
from ..settings.yamlfiles import check_keys, describe

KEYS = ("report", "parent", "compare", "noun")
PARENT_KEYS = ("name", "sum_of", "sum_except")
ALL_AREAS = "all areas"


@dataclass(frozen=True)
class Areas:
    """The areas a report is about, and the parent they are compared with."""

    reported: tuple[str, ...]  # in the order of the data (first appearance)
    parent: str
    members: tuple[str, ...]  # the areas the parent adds up (when it is summed)
    given: bool  # the data hold the parent's own rows
    compare: tuple[str, ...] = ()  # the measures the comparison tables and rankings show
    noun: str = "areas"  # what the text calls them: "Of the 44 forces, …"

    def __contains__(self, name: object) -> bool:
        return name in self.reported or name == self.parent


def read_areas(entry: object, observations: pd.DataFrame, measures: Mapping[str, Measure], force: str | None,
               where: str, data: object) -> Areas | None:
    """The checked ``areas:`` settings over the observations' areas; None when the data have none."""
    names = [a for a in pd.unique(observations["area"]) if a != ""]
    if not names:
        if entry is not None:
            raise InputError(f"{where}: areas: the observations in {data} have no area column (or no area in it), so there are no areas to report on")
        return None
    _check_shared(observations, measures, data)
    entry = check_keys({} if entry is None else entry, where=f"{where}: areas", allowed=KEYS)
    parent_entry = entry.get("parent", force or ALL_AREAS)
    if isinstance(parent_entry, str):
        parent_entry = {"name": parent_entry}
    parent_entry = check_keys(parent_entry, where=f"{where}: areas.parent", allowed=PARENT_KEYS, required=("name",))
    parent = parent_entry["name"]
    if not isinstance(parent, str) or not parent.strip():
        raise InputError(f"{where}: areas.parent: the name must be text, such as England and Wales, found {describe(parent)}")
    parent = parent.strip()
    given = parent in names
    areas = [a for a in names if a != parent]
    reported = entry.get("report", "all")
    if reported == "all":
        reported = areas
    else:
        reported = _names(reported, areas, f"{where}: areas.report", data)
    if given and ({"sum_of", "sum_except"} & set(parent_entry)):
        raise InputError(f"{where}: areas.parent: {data} has rows for '{parent}', so it is not summed; drop sum_of and sum_except")
    if "sum_of" in parent_entry and "sum_except" in parent_entry:
        raise InputError(f"{where}: areas.parent: give sum_of or sum_except, not both")
    if "sum_of" in parent_entry:
        members = _names(parent_entry["sum_of"], areas, f"{where}: areas.parent.sum_of", data)
    else:
        left_out = _names(parent_entry.get("sum_except", []), areas, f"{where}: areas.parent.sum_except", data, empty=True)
        members = [a for a in areas if a not in left_out]
    if not given:
        level = next((m for m in measures.values() if m.kind == "level" and not m.comparator), None)
        if level is not None:
            raise InputError(
                f"{where}: areas.parent: measure '{level.id}' is a level (such as a median), which does not add up across "
                f"areas; give the rows of '{parent}' itself in {data}"
            )
    compare = entry.get("compare", [m.id for m in measures.values() if not m.comparator])
    if not isinstance(compare, list) or not compare or not all(isinstance(m, str) for m in compare):
        raise InputError(f"{where}: areas.compare: expected a list of measure ids, such as [burglary], found {describe(compare)}")
    for measure in compare:
        if measure not in measures:
            raise InputError(f"{where}: areas.compare: measure '{measure}' is not in the catalogue{suggestion(measure, measures)}")
    noun = entry.get("noun", "areas")
    if not isinstance(noun, str) or not noun.strip():
        raise InputError(f"{where}: areas.noun: expected a plural noun such as forces, found {describe(noun)}")
    return Areas(tuple(reported), parent, tuple(members) if not given else (), given, tuple(compare), noun.strip())


def _names(value: object, areas: list[str], where: str, data: object, *, empty: bool = False) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not (value or empty) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: expected all or a list of area names, found {describe(value)}")
    for name in value:
        if name.strip() not in areas:
            raise InputError(f"{where}: no area '{name}' in {data}{suggestion(name, areas)}")
    return [v.strip() for v in value]


def _check_shared(observations: pd.DataFrame, measures: Mapping[str, Measure], data: object) -> None:
    """Only a comparator's rows may leave the area empty (one series shared by every area)."""
    shared = observations.loc[observations["area"] == "", "measure"]
    own = next((m for m in pd.unique(shared) if not measures[m].comparator), None)
    if own is not None:
        raise InputError(
            f"{data}: measure '{own}' has rows with no area; only a comparator (a national series every area "
            "shares) may leave the area empty"
        )


def area_rows(observations: pd.DataFrame, areas: Areas, name: str) -> pd.DataFrame:
    """The observations of one area (or the parent, given or summed), with the shared series."""
    shared = observations[observations["area"] == ""]
    if name != areas.parent or areas.given:
        own = observations[observations["area"] == name]
    else:
        own = summed(observations, areas.members)
    return pd.concat([own, shared], ignore_index=True) if len(shared) else own


def summed(observations: pd.DataFrame, members: tuple[str, ...]) -> pd.DataFrame:
    """The areas' rows added up, by measure and month, where every one of them has the month."""
    rows = observations[observations["area"].isin(members)]
    totals = rows.groupby(["measure", "month"], sort=False).agg(
        value=("value", "sum"), denominator=("denominator", "sum"), given=("denominator", "count"), areas=("area", "size"))
    totals = totals[totals["areas"] == len(members)]
    totals["denominator"] = totals["denominator"].where(totals["given"] > 0)  # a count has none
    totals = totals.drop(columns=["areas", "given"]).reset_index()
    totals["area"] = ""
    return totals
