"""The Home Office's published police recorded crime table by Police Force Area, read as it is.

``inputs.observations: {file: rec-crime-pfa.csv, layout: home-office-pfa}`` in report.yaml. The
open-data table has one row per force, offence and period end, with exactly these columns::

    12 months ending, PFA, Region, Offence, Rolling year total number of offences

Each row's figure is the 12-month total to its date, so every measure read from it is a
``rolling_year`` series. How it is read:

* the date is ``dd-mm-yyyy`` and stands for its month: ``31-12-2018`` is December 2018. The table's
  known slip ``30-12-2017`` is December 2017 too; a date that is not a month's last day is noted;
* the force (``PFA``) is the area;
* a measure adds up the rows of its offence group (``offences:`` in measures.yaml, see
  narrator.settings.offences) for each force and period end; every offence a group names must occur
  in the table;
* a total is a whole number; the few negative ones the table holds (adjustments) are added as
  published, but a measure's sum below 0 is an error;
* the rows of the national fraud bodies (Action Fraud, CIFAS, UK Finance: a ``Region`` of
  ``Fraud: …``) count fraud reported nationally, in no force's area, and are set aside with a note.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..reading import read_bytes
from ..settings.catalogue import Measure
from ..settings.reportfile import LAYOUT

DATE, AREA, REGION, OFFENCE, VALUE = COLUMNS = (
    "12 months ending", "PFA", "Region", "Offence", "Rolling year total number of offences",
)
DATE_FORM = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
NATIONAL_FRAUD = "Fraud:"  # the Region of the national fraud bodies' rows


def read_home_office(path: Path, measures: Mapping[str, Measure], catalogue: Path,
                     notify: Callable[[str], None] | None = None) -> pd.DataFrame:
    """The observations (``measure, month, value, denominator, area``) of every measure, by force."""
    return table_rows(_read(path), path, measures, catalogue, notify)


def table_rows(raw: pd.DataFrame, path: Path, measures: Mapping[str, Measure], catalogue: Path,
               notify: Callable[[str], None] | None = None, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """:func:`read_home_office` of a table already read, its columns named as the published table's;
    ``names`` gives another table's own names of them for messages, and ``forms`` its date forms."""
    names = names or {}
    DATE_, VALUE_, forms = names.get(DATE, DATE), names.get(VALUE, VALUE), names.get("forms", "dd-mm-yyyy")
    lines = raw.index + 2  # the file's line numbers: the header is line 1
    dates = raw[DATE].str.strip().str.extract(DATE_FORM)
    bad = dates[0].isna()
    if bad.any():
        row = int(bad.argmax())
        raise InputError(f"{path}, line {int(lines[row])}, column '{DATE_}': {raw[DATE].iloc[row]!r} is not a date in the form {forms}")
    months_of_year, days = dates[1].astype(int), dates[0].astype(int)
    impossible = ~months_of_year.between(1, 12) | (days < 1)
    if not impossible.any():
        ordinals = (dates[2].astype(int) - 1970) * 12 + months_of_year - 1  # months since January 1970
        months = pd.PeriodIndex.from_ordinals(ordinals.to_numpy(), freq="M")
        impossible = days > months.days_in_month
    if impossible.any():
        row = int(impossible.argmax())
        raise InputError(f"{path}, line {int(lines[row])}, column '{DATE_}': {raw[DATE].iloc[row]!r} is not a real date")
    slipped = days != months.days_in_month
    if slipped.any() and notify is not None:
        shown = sorted(set(raw[DATE][slipped]))
        notify(f"{path}: {int(slipped.sum()):,} rows dated {', '.join(shown[:3])}{' …' if len(shown) > 3 else ''}, "
               "not the last day of a month, read as the 12 months to that month")
    text = raw[VALUE].str.strip().str.replace(",", "", regex=False)
    whole = text.str.fullmatch(r"-?\d+")  # the table holds a few negative totals (adjustments): added as published
    if not whole.all():
        row = int((~whole).argmax())
        raise InputError(f"{path}, line {int(lines[row])}, column '{VALUE_}': {raw[VALUE].iloc[row]!r} is not a whole number of offences")
    table = pd.DataFrame({
        "area": raw[AREA].str.strip(), "offence": raw[OFFENCE].str.strip(), "month": months,
        "value": text.astype("int64"), "fraud": raw[REGION].str.strip().str.startswith(NATIONAL_FRAUD),
    })
    if table["fraud"].any() and notify is not None:
        bodies = ", ".join(sorted(set(table.loc[table["fraud"], "area"])))
        notify(f"{path}: {int(table['fraud'].sum()):,} rows of the national fraud bodies ({bodies}) set aside: they count fraud in no force's area")
    table = table[~table["fraud"]]
    return _measures(table, measures, path, catalogue, names.get(OFFENCE, OFFENCE))


def _read(path: Path) -> pd.DataFrame:
    raw = read_text_table(path)
    found = list(raw.columns)
    if found != list(COLUMNS):
        missing = next((c for c in COLUMNS if c not in found), None)
        what = f"no column '{missing}'" if missing else f"the columns are {', '.join(found)}"
        raise InputError(f"{path}: {what}; the {LAYOUT} layout reads the published table's columns: {', '.join(COLUMNS)}")
    if raw.empty:
        raise InputError(f"{path}: no rows of data below the header")
    return raw


def read_text_table(path: Path) -> pd.DataFrame:
    """A CSV file as text, its column names stripped; a file not found or unreadable is one InputError."""
    data = read_bytes(path, expected="expected a CSV file")  # never a pipe or device; bounded (reading.py)
    try:
        raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the CSV as UTF-8") from None
    except (ValueError, OSError, pd.errors.ParserError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(f"{path}: cannot be read as CSV: {first}") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    return raw


def _measures(table: pd.DataFrame, measures: Mapping[str, Measure], path: Path, catalogue: Path, column: str = OFFENCE) -> pd.DataFrame:
    present = set(table["offence"])
    frames = []
    for measure in measures.values():
        if measure.offences is None:
            raise InputError(
                f"{catalogue}: measure '{measure.id}' has no offences: the {LAYOUT} layout adds up each measure's offences, "
                "such as offences: [Robbery]"
            )
        for name in measure.offences.named():
            if name not in present:
                near = difflib.get_close_matches(name, sorted(present), n=3, cutoff=0.6) or sorted(present)[:3]
                raise InputError(
                    f"{catalogue}: measure '{measure.id}': offence '{name}' occurs nowhere in column '{column}' of {path}; "
                    f"the nearest offences that occur: {', '.join(repr(n) for n in near)}"
                )
        rows = table[measure.offences.matches(table["offence"])]
        summed = rows.groupby(["area", "month"], sort=True)["value"].sum().reset_index()
        negative = summed["value"] < 0
        if negative.any():
            row = summed[negative].iloc[0]
            raise InputError(f"{path}: measure '{measure.id}' adds up to {row['value']} offences for {row['area']} in the 12 months to {row['month']}; a count cannot be below 0")
        summed.insert(0, "measure", measure.id)
        frames.append(summed)
    frame = pd.concat(frames, ignore_index=True)
    frame["value"] = frame["value"].astype(float)
    frame["denominator"] = float("nan")
    frame["area"] = frame["area"].astype(object)
    return frame[["measure", "month", "value", "denominator", "area"]]
