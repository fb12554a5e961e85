"""Records that live in a SQL warehouse, aggregated inside it: the query narrator.inputs.records.query writes in
DuckDB's dialect is transpiled by SQLGlot to the server's (PostgreSQL now), run there, and only
the monthly table comes back. Why SQLGlot rather than ibis or SQLAlchemy: docs/records.md.

psycopg and SQLGlot are imported only for a warehouse input (``pip install 'narrator[postgres]'``).
"""

from __future__ import annotations

from ...errors import InputError
from ...settings.layouts import Layout
from .query import bad_month_sql, ident
from .backend import RecordSource

DIALECT = "postgres"  # SQLGlot's name for the server's dialect


class WarehouseRecords:
    def __init__(self, records: RecordSource) -> None:
        try:
            import psycopg
            import sqlglot
        except ImportError as error:
            raise InputError(f"{records.name}: reading a PostgreSQL table needs {error.name}; install it with pip install 'narrator[postgres]'") from None
        self.records = records
        self._transpile = sqlglot.transpile
        self._error = psycopg.Error
        self.source = ".".join(ident(part) for part in records.table.split("."))
        try:
            self.connection = psycopg.connect(records.connection, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise InputError(f"{records.name}: cannot connect: {_first_line(error)}") from None

    def columns(self) -> list[str]:
        return [column.name for column in self._cursor(f"SELECT * FROM {self.source} LIMIT 0").description]

    def run(self, sql: str) -> list[tuple]:
        return self._cursor(sql).fetchall()

    def first_bad_month(self, layout: Layout) -> tuple[str, str]:
        return self.records.name, self.run(bad_month_sql(self.source, layout, None))[0][0]

    def _cursor(self, sql: str):
        statement = self._transpile(sql, read="duckdb", write=DIALECT)[0]
        try:
            return self.connection.execute(statement)
        except self._error as error:
            raise InputError(f"{self.records.name}: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
