"""Record files aggregated by DuckDB (embedded, in this process): CSV and Parquet read by DuckDB
itself, in parallel and without loading them whole; Excel workbooks read by pandas and handed to
DuckDB as one table. DuckDB is imported here only, so a project without records never loads it."""

from __future__ import annotations

from ...errors import InputError
from ...settings.layouts import Layout
from .query import bad_month_sql, literal
from .backend import RecordSource

FILE_COLUMN = "narrator_file"  # the file a row came from, asked for only to name a bad row's file


class FileRecords:
    def __init__(self, records: RecordSource) -> None:
        import duckdb

        self.records = records
        self.connection = duckdb.connect()
        self.connection.execute("SET enable_progress_bar = false")  # stderr is for Narrator's lines
        self._error = duckdb.Error
        files = "[" + ", ".join(literal(str(f)) for f in records.files) + "]"
        self._columns: list[str] | None = None
        if records.kind == "csv":
            # the header, read here, gives every column as text, so DuckDB need not sniff the file
            self._columns = _csv_header(records)
            types = "{" + ", ".join(f"{literal(c)}: 'VARCHAR'" for c in self._columns) + "}"
            options = f"header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = {types}"
            self.source = f"read_csv({files}, {options})"
            self.named_source = f"read_csv({files}, {options}, filename = {literal(FILE_COLUMN)})"
        elif records.kind == "parquet":
            self.source = f"read_parquet({files})"
            self.named_source = f"read_parquet({files}, filename = {literal(FILE_COLUMN)})"
        else:
            self.connection.register("records_with_files", _workbooks(records))
            self.source = f"(SELECT * EXCLUDE ({FILE_COLUMN}) FROM records_with_files) AS records"
            self.named_source = "records_with_files"

    def columns(self) -> list[str]:
        if self._columns is None:
            self._columns = list(self._sql(f"SELECT * FROM {self.source} LIMIT 0").columns)
        return self._columns

    def run(self, sql: str) -> list[tuple]:
        return self._sql(sql).fetchall()

    def first_bad_month(self, layout: Layout) -> tuple[str, str]:
        file, text = self.run(bad_month_sql(self.named_source, layout, FILE_COLUMN))[0]
        return str(file), text

    def _sql(self, sql: str):
        try:
            return self.connection.sql(sql)
        except self._error as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise InputError(f"{self.records.name}: cannot be read: {first}") from None


def _csv_header(records: RecordSource) -> list[str]:
    """The header every CSV file of the input shares (UTF-8, a byte-order mark allowed)."""
    import csv

    first: list[str] | None = None
    for path in records.files:
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                header = next(csv.reader(stream), None)
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text; save the CSV as UTF-8") from None
        except OSError as error:
            raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
        if not header:
            raise InputError(f"{path}: empty; expected a header line naming the columns")
        header = [name.strip() for name in header]
        if len(header) == 1 and ";" in header[0]:
            raise InputError(f"{path}: the header is separated by semicolons; save the file with commas")
        if first is None:
            first = header
        elif header != first:
            raise InputError(f"{path}: its columns differ from those of {records.files[0]}; the files of one input need the same columns")
    return first


def _workbooks(records: RecordSource):
    import pandas as pd

    frames = []
    for path in records.files:
        try:
            frame = pd.read_excel(path, dtype=str)
        except (ValueError, OSError) as error:
            raise InputError(f"{path}: cannot be read as an Excel workbook: {str(error).strip().splitlines()[0]}") from None
        frame[FILE_COLUMN] = str(path)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
