"""The observations table: one row per measure per month (``measure, month, value, denominator``),
and per area when the table has an ``area`` column.

What is accepted, beyond the plain form:

* numbers with commas grouping thousands (``12,196``), and only such commas (``1,2,3`` is refused);
* in an Excel workbook, a ``month`` cell that Excel has turned into a date: the first day of a
  month (Excel's reading of a typed ``2021-01``) stands for that month; any other day is refused;
* blank lines and rows of empty cells, which are skipped (line numbers still count them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .yamlfiles import suggestion

COLUMNS = ("measure", "month", "value", "denominator")
OPTIONAL = ("area",)  # the area a row is about (a district, a force); empty: a series every area shares
READERS = {".csv": "csv", ".xlsx": "excel"}
# A plain number, or one whose commas group thousands: 12196, 12,196, 12,196.5, 0.25, 1e-05
NUMBER = re.compile(r"[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?([eE][+-]?\d+)?|[+-]?\.\d+")
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
# An Excel date cell as pandas gives it as text
EXCEL_DATE = re.compile(r"(\d{4}-(?:0[1-9]|1[0-2]))-(\d{2}) 00:00:00")


def read_observations(path: Path, kinds: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The checked table, with ``month`` as a monthly ``pd.Period`` and numbers as floats.

    Rows are reported by their line in the file (the header is line 1). With ``kinds``
    (measure id → count, proportion or level, from the catalogue), each row is also checked
    against its measure's kind: a proportion needs a denominator, a count or level has none,
    and a count is a whole number. Measures not in ``kinds`` are left to the caller.
    """
    path = Path(path)
    raw = _read(path)
    _check_columns(raw, path)
    frame = raw.loc[:, [*COLUMNS, *(c for c in OPTIONAL if c in raw.columns)]].copy()
    frame.index = frame.index + 2  # the file's line numbers: header is line 1
    blank = frame.apply(lambda column: column.astype("string").fillna("").str.strip() == "").all(axis=1)
    frame = frame[~blank]  # blank lines and rows of empty cells are skipped, after numbering
    frame["measure"] = frame["measure"].astype("string").str.strip()
    frame["area"] = frame["area"].astype("string").fillna("").str.strip().astype(object) if "area" in frame else ""
    frame["month"] = _months(frame, path, excel=READERS[path.suffix.lower()] == "excel")
    frame["value"] = _numbers(frame, "value", path, required=True)
    frame["denominator"] = _numbers(frame, "denominator", path, required=False)
    _check_rows(frame, path)
    if kinds is not None:
        _check_kinds(frame, path, kinds)
    return frame.sort_values(["measure", "month"]).reset_index(drop=True)


def _read(path: Path) -> pd.DataFrame:
    kind = READERS.get(path.suffix.lower())
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if kind is None:
        raise InputError(f"{path}: observations must be a .csv or .xlsx file, not '{path.suffix or 'no extension'}'")
    try:
        if kind == "csv":
            # blank lines are kept (and dropped later) so that row numbers stay file line numbers
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", skip_blank_lines=False)
        else:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {_bad_byte(path, error)}); save the CSV as UTF-8") from None
    except (ValueError, OSError, pd.errors.ParserError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(f"{path}: cannot be read as {'CSV' if kind == 'csv' else 'an Excel workbook'}: {first}") from None
    if not isinstance(frame.index, pd.RangeIndex):
        # pandas takes the first column(s) as an index when line 2 has more fields than the header
        raise InputError(f"{path}, line 2: more fields than the header has columns (an extra comma?)")
    return frame


def _bad_byte(path: Path, error: UnicodeDecodeError) -> int:
    """The offset in the file of the first byte that is not UTF-8 (pandas's is within a chunk)."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as whole:
        return whole.start
    return error.start


def _check_columns(raw: pd.DataFrame, path: Path) -> None:
    names = [str(c).strip() for c in raw.columns]
    raw.columns = names
    expected = f"(expected columns: {', '.join(COLUMNS)})"
    if len(names) == 1 and ";" in names[0]:
        raise InputError(f"{path}: the header {names[0]!r} is separated by semicolons; save the file with commas {expected}")
    if not set(names) & set(COLUMNS) and all(n.lower() not in COLUMNS for n in names):
        raise InputError(f"{path}: line 1 must be the header: measure, month, value, denominator (found {', '.join(_shown(n) for n in names)})")
    for name in names:
        if name not in COLUMNS + OPTIONAL:
            raise InputError(
                f"{path}: unexpected column '{name}'{suggestion(name, COLUMNS + OPTIONAL)} (expected columns: {', '.join(COLUMNS)}, and area if the rows are by area)"
            )
    for name in COLUMNS:
        if name not in names:
            raise InputError(f"{path}: missing column '{name}' (expected columns: {', '.join(COLUMNS)})")


def _shown(name: str) -> str:
    """A column name as the user wrote it: pandas calls an empty header cell 'Unnamed: 3'."""
    return "''" if re.fullmatch(r"Unnamed: \d+", name) else name


def _months(frame: pd.DataFrame, path: Path, *, excel: bool) -> pd.Series:
    text = frame["month"].astype("string").str.strip()
    if excel:
        # Excel stores a typed 2021-01 as the date 1 January 2021
        dates = text.str.extract(EXCEL_DATE)
        first_day = dates[1] == "01"
        other_day = dates[1].notna() & ~first_day
        if other_day.any():
            line = other_day.idxmax()
            raise InputError(
                f"{path}, line {line}, column 'month': the date {text[line][:10]} is not a month; "
                "write the month as YYYY-MM (a date on the 1st of a month is read as that month)"
            )
        text = text.mask(first_day.fillna(False), dates[0])
    bad = ~text.str.fullmatch(MONTH)
    if bad.any():
        line = bad.idxmax()
        raise InputError(f"{path}, line {line}, column 'month': {text[line]!r} is not a month in the form YYYY-MM")
    return pd.PeriodIndex(text, freq="M").to_series(index=frame.index)


def _numbers(frame: pd.DataFrame, column: str, path: Path, *, required: bool) -> pd.Series:
    text = frame[column].astype("string").str.strip()
    empty = text == ""
    if required and empty.any():
        line = empty.idxmax()
        raise InputError(f"{path}, line {line}, column '{column}': empty; expected a number")
    bad = ~text.str.fullmatch(NUMBER) & ~empty
    if bad.any():
        line = bad.idxmax()
        cell = frame[column][line]
        hint = ""
        if "," in cell and re.fullmatch(r"[+-]?[\d,]+(\.\d+)?", cell.strip()):
            hint = " (commas may only group thousands, as in 12,345)"
        elif cell.strip().endswith("%"):
            hint = " (give the count and its denominator, not a percentage)"
        raise InputError(f"{path}, line {line}, column '{column}': {cell!r} is not a number{hint}")
    numbers = pd.to_numeric(text.mask(empty).str.replace(",", "", regex=False), errors="coerce")
    return numbers.astype(float)


def _check_rows(frame: pd.DataFrame, path: Path) -> None:
    def fail(mask: pd.Series, message: str) -> None:
        if mask.any():
            line = mask.idxmax()
            row = frame.loc[line]
            raise InputError(f"{path}, line {line} ({row['measure']}, {row['month']}): {message}")

    fail(frame["measure"] == "", "empty measure id")
    fail(frame["value"] < 0, "value is negative; counts and rates cannot be below 0")
    fail(frame["denominator"] <= 0, "denominator must be above 0 (leave it empty for counts and levels)")
    fail(frame["value"] > frame["denominator"], "value is above its denominator")
    fail(frame.duplicated(["area", "measure", "month"], keep="first"),
         "a second row for this measure and month" + (" in this area" if frame["area"].ne("").any() else ""))


def _check_kinds(frame: pd.DataFrame, path: Path, kinds: Mapping[str, str]) -> None:
    kind = frame["measure"].map(kinds)

    def fail(mask: pd.Series, column: str, message: str) -> None:
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            line = mask.idxmax()
            row = frame.loc[line]
            words = message.format(measure=row["measure"], value=row["value"], kind=kind[line])
            raise InputError(f"{path}, line {line} ({row['measure']}, {row['month']}), column '{column}': {words}")

    fail((kind == "proportion") & frame["denominator"].isna(), "denominator",
         "empty; {measure} is a proportion, so each month needs its denominator (respondents, calls, offences)")
    fail(kind.isin(["count", "level"]) & frame["denominator"].notna(), "denominator",
         "{measure} is a {kind}, so leave the denominator empty (only proportions have one)")
    fail((kind == "count") & (frame["value"] % 1 != 0), "value",
         "{value:g} is not a whole number, but {measure} is a count")
