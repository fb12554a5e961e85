"""The observations table: one row per measure per month (``measure, month, value, denominator``),
and per area when the table has an ``area`` column.

What is accepted, beyond the plain form:

* numbers with commas grouping thousands (``12,196``), and only such commas (``1,2,3`` is refused);
* in an Excel workbook, a ``month`` cell that Excel has turned into a date: the first day of a
  month (Excel's reading of a typed ``2021-01``) stands for that month; any other day is refused;
* blank lines and rows of empty cells, which are skipped (line numbers still count them);
* in a workbook of several sheets, the data is the sheet whose first row is the header (or the
  sheet named by ``sheet``); a formula's value is the one Excel calculated and saved.

What is refused, beyond malformed cells: a month of year 0000 (no calendar has it), and a
value or denominator too large or too close to zero to be a figure (see :data:`LARGEST`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..reading import character_problem, check_members, read_bytes, shown, utf16_problem, xml_problem
from ..numbers import LARGEST, SMALLEST
from ..settings.months import MONTH, month_problem
from ..settings.yamlfiles import suggestion

COLUMNS = ("measure", "month", "value", "denominator")
OPTIONAL = ("area",)  # the area a row is about (a district, a force); empty: a series every area shares
EMPTY = "empty; its line 1 must be the header: measure, month, value, denominator"
READERS = {".csv": "csv", ".xlsx": "excel"}
# A plain number, or one whose commas group thousands: 12196, 12,196, 12,196.5, 0.25, 1e-05
NUMBER = re.compile(r"[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?([eE][+-]?\d+)?|[+-]?\.\d+")
# An Excel date cell as pandas gives it as text
EXCEL_DATE = re.compile(r"(\d{4}-(?:0[1-9]|1[0-2]))-(\d{2}) 00:00:00")


def read_observations(path: Path, kinds: Mapping[str, str] | None = None, *, sheet: str | None = None) -> pd.DataFrame:
    """The checked table, with ``month`` as a monthly ``pd.Period`` and numbers as floats.

    Rows are reported by their line in the file (the header is line 1). With ``kinds``
    (measure id → count, proportion or level, from the catalogue), each row is also checked
    against its measure's kind: a proportion needs a denominator, a count or level has none,
    and a count is a whole number. Measures not in ``kinds`` are left to the caller. ``sheet``
    names the worksheet of a workbook (by default, the one whose first row is the header).
    """
    path = Path(path)
    raw = _read(path, sheet)
    _check_columns(raw, path)
    frame = raw.loc[:, [*COLUMNS, *(c for c in OPTIONAL if c in raw.columns)]].copy()
    frame.index = frame.index + 2  # the file's line numbers: header is line 1
    cells = {column: _cells(frame[column]) for column in frame.columns}  # each distinct cell stripped once
    blank = np.logical_and.reduce([np.array([t == "" for t in texts], dtype=bool)[codes] for codes, texts in cells.values()])
    frame, cells = frame[~blank], {c: (codes[~blank], texts) for c, (codes, texts) in cells.items()}  # after numbering
    frame["measure"] = _texts(cells["measure"], frame.index).astype("string")
    frame["area"] = _texts(cells["area"], frame.index) if "area" in frame else ""
    frame["month"] = _months(frame, cells["month"], path, excel=READERS[path.suffix.lower()] == "excel")
    frame["value"] = _numbers(frame, cells["value"], "value", path, required=True)
    frame["denominator"] = _numbers(frame, cells["denominator"], "denominator", path, required=False)
    _check_characters(frame, path)
    _check_rows(frame, path)
    if kinds is not None:
        _check_kinds(frame, path, kinds)
    return frame.sort_values(["measure", "month"]).reset_index(drop=True)


Cells = tuple[np.ndarray, np.ndarray]  # a column as codes into its distinct cells, stripped


def _cells(column: pd.Series) -> Cells:
    """The column's cells as codes into its distinct texts, each stripped of spaces: a table of a
    million rows holds a few thousand distinct months, measures and counts, each checked once."""
    codes, distinct = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=False)
    return codes, np.array(["" if text is None else str(text).strip() for text in distinct], dtype=object)


def _texts(cells: Cells, index: pd.Index) -> pd.Series:
    codes, texts = cells
    return pd.Series(texts[codes], index=index, dtype=object)


def _first(mask: np.ndarray, index: pd.Index) -> int:
    """The line of the first row ``mask`` marks."""
    return int(index[int(np.argmax(mask))])


def _read(path: Path, sheet: str | None = None) -> pd.DataFrame:
    kind = READERS.get(path.suffix.lower())
    if not path.exists() and not path.is_symlink():
        raise InputError(f"{path}: file not found")
    if kind is None:
        raise InputError(f"{path}: observations must be a .csv or .xlsx file, not '{path.suffix or 'no extension'}'")
    data = read_bytes(path, expected="observations must be a .csv or .xlsx file")  # never a pipe or device; bounded
    if sheet is not None and kind == "csv":
        raise InputError(f"{path}: a sheet ('{sheet}') is named in the report settings, but a CSV file has no sheets")
    _check_content(data, path, kind)
    if kind == "excel":
        return _read_workbook(data, path, sheet)
    try:
        # blank lines are kept (and dropped later) so that row numbers stay file line numbers
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8", skip_blank_lines=False)
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {_bad_byte(data, error)}); save the CSV as UTF-8") from None
    except pd.errors.ParserError as error:
        raise InputError(_csv_problem(data, path) or f"{path}: cannot be read as CSV: {_first_line(error)}") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: {EMPTY}") from None
    except (ValueError, OSError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(f"{path}: cannot be read as CSV: {first}") from None
    if not isinstance(frame.index, pd.RangeIndex):
        # pandas takes the first column(s) as an index when line 2 has more fields than the header
        raise InputError(_csv_problem(data, path) or f"{path}, line 2: more fields than the header has columns (an extra comma?)")
    return frame


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the container of old .xls workbooks and of encrypted .xlsx ones


def _check_content(data: bytes, path: Path, kind: str) -> None:
    """The file's first bytes agree with its name: a workbook is a zip package, a CSV is text."""
    start = data[:4]
    if kind == "csv" and b"\0" in data[:4096] and start not in (ZIP_MAGIC, OLE_MAGIC):
        raise InputError(f"{path}: {utf16_problem()}")  # UTF-16 (without its byte-order mark, NUL after each letter)
    if kind == "csv" and start in (ZIP_MAGIC, OLE_MAGIC):
        raise InputError(f"{path}: is an Excel workbook, not CSV text; name it with .xlsx (and in report.yaml), or save it from Excel as CSV")
    if kind == "excel" and start == OLE_MAGIC:
        raise InputError(f"{path}: is an old-style .xls workbook or a password-protected one; save it from Excel as an unprotected .xlsx workbook")
    if kind == "excel" and start != ZIP_MAGIC:
        what = "empty" if not start else "text (CSV?), not an Excel workbook" if _looks_like_text(data) else "not an Excel workbook"
        raise InputError(f"{path}: is {what}; save the data from Excel as .xlsx, or give a CSV file a .csv name")


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(head) - 4  # cut through a character at the end of the sample
    return b"\0" not in head


def _csv_problem(data: bytes, path: Path) -> str | None:
    """The first line of a CSV file that breaks its shape, found with the csv module (pandas
    counts rows, not the lines a quoted value spreads over)."""
    limit = csv.field_size_limit(2**31 - 1)  # an unclosed quote makes one value of the rest of the file
    with io.StringIO(data.decode("utf-8-sig", "replace"), newline="") as stream:
        reader = csv.reader(stream, strict=True)
        start, width = 1, None
        try:
            for row in reader:
                if width is None:
                    width = len(row)
                    if width == 1 and ";" in row[0]:  # "12,5" in a semicolon export splits at its decimal comma
                        return _semicolons(path, row[0].strip())
                elif len(row) > width:
                    return (f"{path}, line {start}: {len(row)} fields where the header has {width} (an extra comma? "
                            "a value holding a comma must be in double quotes)")
                start = reader.line_num + 1
        except csv.Error as error:
            if "end of data" in str(error):
                return f"{path}, line {start}: a double quote (\") opens a value that is never closed"
            return f"{path}, line {reader.line_num}: {error} (a double quote may only begin and end a value)"
        finally:
            csv.field_size_limit(limit)
    return None


def _read_workbook(data: bytes, path: Path, sheet: str | None) -> pd.DataFrame:
    """The data sheet's cells as text (pandas' reading of them), with formulas' calculated values."""
    import openpyxl  # only workbooks need it
    from openpyxl.utils.exceptions import InvalidFileException

    check_members(data, str(path), what="an Excel workbook (.xlsx)")  # bounded as it inflates; no DTD in any part
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        chosen = _choose_sheet(book, path, sheet)
        rows = [list(row) for row in book[chosen].iter_rows()]
        formulas = [(r, c, cell.value) for r, row in enumerate(rows) for c, cell in enumerate(row) if cell.data_type == "f"]
        values = [[cell.value for cell in row] for row in rows]
        book.close()
        if formulas:  # the value Excel calculated is saved beside the formula; only a second reading gives it
            calculated = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            saved = [list(row) for row in calculated[chosen].iter_rows(values_only=True)]
            calculated.close()
            for r, c, formula in formulas:
                values[r][c] = saved[r][c] if r < len(saved) and c < len(saved[r]) else None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as error:
        raise InputError(f"{path}: cannot be read as an Excel workbook ({_first_line(error)}); open it in Excel and save it as .xlsx") from None
    width = max((c + 1 for row in values for c, v in enumerate(row) if v is not None), default=0)
    header = [_cell_text(v) for v in (values[0] if values else [])] + [""] * width
    names = _column_names(header[:width])
    for r, c, formula in formulas:
        if values[r][c] is None and r > 0 and c < width:
            raise InputError(
                f"{path}, line {r + 1}, column '{names[c]}': the formula {formula} has no calculated value (the workbook "
                "was saved by a program that does not calculate formulas); open it in Excel or LibreOffice and save it, "
                "or paste the values in place of the formulas"
            )
    body = [[_cell_text(v) for v in row[:width]] + [""] * (width - len(row[:width])) for row in values[1:]]
    return pd.DataFrame(body, columns=names, dtype=object) if names else pd.DataFrame()


def _choose_sheet(book, path: Path, sheet: str | None) -> str:
    """``sheet`` if given; else the only sheet, or the first whose first row names the columns."""
    names = book.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise InputError(f"{path}: no sheet '{sheet}' (its sheets: {', '.join(names)}){suggestion(sheet, names)}")
        return sheet
    if len(names) == 1:
        return names[0]
    for name in names:
        first = next(book[name].iter_rows(max_row=1, values_only=True), ())
        if len({str(v).strip() for v in first if v is not None} & set(COLUMNS)) >= 2:
            return name
    raise InputError(
        f"{path}: no sheet begins with the header {', '.join(COLUMNS)} (its sheets: {', '.join(names)}); "
        "put the header in the first row of the data sheet, or name the sheet with inputs.sheet in report.yaml"
    )


def _cell_text(value: object) -> str:
    """A cell as pandas reads it as text: 12.0 is '12', a date '2021-01-01 00:00:00', nothing ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.isoformat()} 00:00:00"
    return str(value)


def _column_names(header: list[str]) -> list[str]:
    """Header cells as pandas names them: an empty one 'Unnamed: 3', a repeated one 'value.1'."""
    names: list[str] = []
    for i, name in enumerate(header):
        name = name or f"Unnamed: {i}"
        base, k = name, 0
        while name in names:
            k += 1
            name = f"{base}.{k}"
        names.append(name)
    return names


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _bad_byte(data: bytes, error: UnicodeDecodeError) -> int:
    """The offset in the file of the first byte that is not UTF-8 (pandas's is within a chunk)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as whole:
        return whole.start
    return error.start


def _check_characters(frame: pd.DataFrame, path: Path) -> None:
    """No text that reaches the draft (a measure id, an area's name) holds a character Word cannot."""
    for column in ("measure", "area"):
        if column in frame:
            bad = [text for text in pd.unique(frame[column].to_numpy(dtype=object))
                   if isinstance(text, str) and xml_problem(text)]  # each distinct name once
            if bad:
                line = int(frame.index[int(np.argmax(frame[column].isin(bad).to_numpy()))])
                raise InputError(f"{path}, line {line}, column '{column}': {character_problem(xml_problem(str(frame[column][line])).group())}")


def _semicolons(path: Path, header: str) -> str:
    return (f"{path}: the header {shown(header)} is separated by semicolons; save the file with commas "
            f"(expected columns: {', '.join(COLUMNS)})")


def _check_columns(raw: pd.DataFrame, path: Path) -> None:
    names = [str(c).strip() for c in raw.columns]
    raw.columns = names
    if not names:
        raise InputError(f"{path}: {EMPTY}")
    expected = f"(expected columns: {', '.join(COLUMNS)})"
    if len(names) == 1 and ";" in names[0]:
        raise InputError(_semicolons(path, names[0]))
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


def _months(frame: pd.DataFrame, cells: Cells, path: Path, *, excel: bool) -> pd.Series:
    codes, texts = cells
    if excel:
        # Excel stores a typed 2021-01 as the date 1 January 2021
        dates = [EXCEL_DATE.fullmatch(text) for text in texts]
        other_day = np.array([d is not None and d.group(2) != "01" for d in dates], dtype=bool)
        if other_day[codes].any():
            line, date = _first(other_day[codes], frame.index), texts[codes[int(np.argmax(other_day[codes]))]]
            raise InputError(
                f"{path}, line {line}, column 'month': the date {date[:10]} is not a month; "
                "write the month as YYYY-MM (a date on the 1st of a month is read as that month)"
            )
        texts = np.array([d.group(1) if d is not None else text for d, text in zip(dates, texts)], dtype=object)
    bad = np.array([MONTH.fullmatch(text) is None for text in texts], dtype=bool)
    if bad[codes].any():
        line = _first(bad[codes], frame.index)
        text = texts[codes[int(np.argmax(bad[codes]))]]
        raise InputError(f"{path}, line {line}, column 'month': {text!r} {month_problem(text)}")
    # the month's ordinal (months since January 1970) straight from the checked text: parsing each as a date is slower
    ordinals = np.array([(int(t[:4]) - 1970) * 12 + int(t[5:7]) - 1 if not b else 0 for t, b in zip(texts, bad)], dtype=np.int64)
    return pd.PeriodIndex.from_ordinals(ordinals[codes], freq="M").to_series(index=frame.index)


def _numbers(frame: pd.DataFrame, cells: Cells, column: str, path: Path, *, required: bool) -> pd.Series:
    codes, texts = cells
    empty = np.array([text == "" for text in texts], dtype=bool)
    if required and empty[codes].any():
        line = _first(empty[codes], frame.index)
        raise InputError(f"{path}, line {line}, column '{column}': empty; expected a number")
    bad = np.array([NUMBER.fullmatch(text) is None for text in texts], dtype=bool) & ~empty
    if bad[codes].any():
        line = _first(bad[codes], frame.index)
        cell = frame[column][line]
        hint = ""
        if "," in cell and re.fullmatch(r"[+-]?[\d,]+(\.\d+)?", cell.strip()):
            hint = " (commas may only group thousands, as in 12,345)"
        elif cell.strip().endswith("%"):
            hint = " (give the count and its denominator, not a percentage)"
        elif re.fullmatch(r"#(N/A|[A-Z0-9/]+[!?])", cell.strip()):
            hint = " (an Excel error: correct the formula that gives it)"
        raise InputError(f"{path}, line {line}, column '{column}': {cell!r} is not a number{hint}")
    values = np.array([float(text.replace(",", "")) if not (e or b) else np.nan for text, e, b in zip(texts, empty, bad)], dtype=float)
    numbers = pd.Series(values[codes], index=frame.index, dtype=float)
    for mask, words in (
        (numbers.abs() >= LARGEST, f"is too large; a figure must be below {LARGEST:,} (a million million), so that totals add up exactly"),
        ((numbers != 0) & (numbers.abs() < SMALLEST), f"is too close to zero; a figure other than 0 must be at least {SMALLEST:f}"),
    ):
        if mask.any():
            line = mask.idxmax()
            raise InputError(f"{path}, line {line}, column '{column}': {frame[column][line].strip()} {words}")
    return numbers


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
