"""The observations table: one row per measure per month (``measure, month, value, denominator``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import InputError
from .yamlfiles import suggestion

COLUMNS = ("measure", "month", "value", "denominator")
READERS = {".csv": "csv", ".xlsx": "excel"}


def read_observations(path: Path) -> pd.DataFrame:
    """The checked table, with ``month`` as a monthly ``pd.Period`` and numbers as floats.

    Rows are reported by their line in the file (the header is line 1).
    """
    path = Path(path)
    raw = _read(path)
    _check_columns(raw, path)
    frame = raw.loc[:, list(COLUMNS)].copy()
    frame.index = frame.index + 2  # the file's line numbers: header is line 1
    blank = frame.apply(lambda column: column.astype("string").fillna("").str.strip() == "").all(axis=1)
    frame = frame[~blank]  # blank lines and rows of empty cells are skipped, after numbering
    frame["measure"] = frame["measure"].astype("string").str.strip()
    frame["month"] = _months(frame, path)
    frame["value"] = _numbers(frame, "value", path, required=True)
    frame["denominator"] = _numbers(frame, "denominator", path, required=False)
    _check_rows(frame, path)
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
    for name in names:
        if name not in COLUMNS:
            raise InputError(
                f"{path}: unexpected column '{name}'{suggestion(name, COLUMNS)} (expected columns: {', '.join(COLUMNS)})"
            )
    for name in COLUMNS:
        if name not in names:
            raise InputError(f"{path}: missing column '{name}' (expected columns: {', '.join(COLUMNS)})")


def _months(frame: pd.DataFrame, path: Path) -> pd.Series:
    text = frame["month"].astype("string").str.strip()
    bad = ~text.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])")
    if bad.any():
        line = bad.idxmax()
        raise InputError(f"{path}, line {line}, column 'month': {text[line]!r} is not a month in the form YYYY-MM")
    return pd.PeriodIndex(text, freq="M").to_series(index=frame.index)


def _numbers(frame: pd.DataFrame, column: str, path: Path, *, required: bool) -> pd.Series:
    text = frame[column].astype("string").str.strip().str.replace(",", "", regex=False)
    empty = text == ""
    if required and empty.any():
        line = empty.idxmax()
        raise InputError(f"{path}, line {line}, column '{column}': empty; expected a number")
    numbers = pd.to_numeric(text.mask(empty), errors="coerce")
    bad = (numbers.isna() | numbers.isin([float("inf"), float("-inf")])) & ~empty
    if bad.any():
        line = bad.idxmax()
        raise InputError(f"{path}, line {line}, column '{column}': {frame[column][line]!r} is not a number")
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
    fail(frame.duplicated(["measure", "month"], keep="first"), "a second row for this measure and month")
