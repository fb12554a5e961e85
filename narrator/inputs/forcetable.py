"""Any published table with a force column, read as the Home Office's is (narrator.inputs.homeoffice):
``peers.table.columns`` in report.yaml names which of its columns holds what::

    peers:
      table: {file: forces.csv, columns: {force: Force, period_end: Year ending, offence: Offence, value: Offences}}

Each row is one force's 12-month total of one offence to a period end, written ``dd-mm-yyyy`` (the
Home Office's form), ``YYYY-MM-DD`` or ``YYYY-MM`` (each the 12 months to that month). Values are
whole numbers (commas grouping thousands allowed); messages name the table's own columns.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from ..errors import InputError, suggestion
from ..settings.catalogue import Measure
from ..settings.peers import COLUMN_ROLES
from .homeoffice import AREA, DATE, OFFENCE, REGION, VALUE, read_text_table, table_rows

__all__ = ["read_force_table"]

FORMS = "dd-mm-yyyy, YYYY-MM-DD or YYYY-MM"


def read_force_table(path: Path, columns: Mapping[str, str], measures: Mapping[str, Measure], catalogue: Path,
                     where: str, notify: Callable[[str], None] | None = None) -> pd.DataFrame:
    """The observations (``measure, month, value, denominator, area``) of ``measures``, by force."""
    raw = read_text_table(path)
    for role in COLUMN_ROLES:
        if columns[role] not in raw.columns:
            raise InputError(f"{where}: peers.table.columns.{role}: '{columns[role]}' is not a column of {path}"
                             f" (its columns: {', '.join(raw.columns)}){suggestion(columns[role], list(raw.columns))}")
    if raw.empty:
        raise InputError(f"{path}: no rows of data below the header")
    frame = pd.DataFrame({
        DATE: raw[columns["period_end"]].map(_day_month_year), AREA: raw[columns["force"]], REGION: "",
        OFFENCE: raw[columns["offence"]], VALUE: raw[columns["value"]],
    })
    names = {DATE: columns["period_end"], VALUE: columns["value"], OFFENCE: columns["offence"], "forms": FORMS}
    return table_rows(frame, path, measures, catalogue, notify, names)


def _day_month_year(text: str) -> str:
    """``YYYY-MM`` (the month's last day) or ``YYYY-MM-DD`` as ``dd-mm-yyyy``; anything else as it is."""
    text = text.strip()
    found = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if found is None:
        return text
    year, month, day = found.groups()
    if day is None:
        if not 1 <= int(month) <= 12:
            return text
        day = f"{calendar.monthrange(int(year), int(month))[1]:02d}"
    return f"{day}-{month}-{year}"
