"""Where the records' query runs: one records input (:class:`RecordSource`) and the
:class:`Backend` contract that DuckDB over files (:mod:`.files`) and the warehouse
(:mod:`.warehouse`) fulfil; :func:`narrator.inputs.records.source.open_backend` picks one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ...settings.layouts import Layout


@dataclass(frozen=True)
class RecordSource:
    """One records input: files (of one kind) or a warehouse table, with its layout."""

    name: str  # for messages: the globs, or the table and connection (without a password)
    layout: Layout
    files: tuple[Path, ...] = ()
    kind: str = ""  # csv, parquet or excel, for files
    table: str = ""
    connection: str = ""
    area: str | None = None  # the column of the area, when the records are counted by area too


class Backend(Protocol):
    """Where the query runs: ``source`` is the FROM item the query reads."""

    source: str

    def columns(self) -> list[str]: ...

    def run(self, sql: str) -> list[tuple]: ...

    def first_bad_month(self, layout: Layout) -> tuple[str, str]:
        """(where, the text) of a record whose month cannot be read."""
        ...
