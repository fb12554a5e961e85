"""Crime records in: ``inputs.records`` of report.yaml, aggregated into the monthly long table.

::

    inputs:
      records:
        files: ["crimes/*.csv"]          # globs, relative to report.yaml: CSV, Parquet or Excel
        layout: police-uk                # or columns: {id: CrimeRef, month: Recorded Date, …}
        area: District                   # optional: count by area too (a column, or the layout's area)
      # or, where the records live in a warehouse:
      # records: {table: crimes, connection: "postgresql://analyst@warehouse/force", layout: police-uk}

Each measure with a ``records:`` rule (see narrator.settings.records) is counted by one query per input (see
query), run by DuckDB over files (files) or inside the database (warehouse); only the
monthly table comes back. The rules for rows, documented once in docs/data.md:

* a row is a crime when it has an id; a row without one (police.uk's anti-social behaviour) is an
  incident, counted only by a measure with ``incidents: true``;
* a row is set aside when it has no month, or else when its force column (police.uk's "Falls
  within") names another force than ``report.force``; each rule's count is a note on stderr.
  Nothing else sets a row aside: a blank LSOA, or a point outside the force area, does not;
* a month is read from the month column as YYYY-MM, a date (YYYY-MM-DD, a time may follow) or
  DD/MM/YYYY; any other text is an error;
* every month from the first to the last with a counted row is in the table, a month with no
  matching records as 0;
* a value or pattern a rule names that matches no counted row is an error naming the measure and
  the nearest values that occur (a typo must never give a silent zero series);
* with ``area``, every measure is counted for each value of the area column (every month of each
  area, a month without records as 0) and for the force as a whole (area ``report.force``, every
  record of the force, including those with no area, which a note counts).
"""

from __future__ import annotations

import difflib
import glob
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ...errors import InputError, suggestion
from ...settings.catalogue import Measure, load_catalogue
from ...settings.layouts import POLICE_UK, RECORDS_KEYS, Layout, read_layout
from ..names import SUFFIX_WORDS, Choice, choose
from .areas import DISTRICT, empty_rates, sized
from .backend import Backend, RecordSource
from .query import FIXED, MONTH_FORMS, Check, plan, values_sql
from ...settings.records import RecordRule
from ...settings.reportfile import read_records_settings
from ...settings.yamlfiles import check_keys, describe

KEYS = RECORDS_KEYS
KINDS = {".csv": "csv", ".parquet": "parquet", ".xlsx": "excel"}
CONNECTIONS = ("postgresql", "postgres")

Notify = Callable[[str], None]


@dataclass(frozen=True)
class MonthlyTable:
    """The aggregated long table: (measure, month 'YYYY-MM', value, denominator or None, area or "")."""

    rows: tuple[tuple[str, str, int, int | None, str], ...]
    first: str
    last: str
    inputs: tuple[Path, ...] = field(default=(), compare=False)  # what it was counted from: report.yaml, the catalogue, the record files


def read_source(entry: object, folder: Path, where: str) -> RecordSource:
    """``inputs.records`` checked: globs expanded (each must match), a connection's scheme known."""
    entry = check_keys(entry, where=where, allowed=KEYS)
    area = entry.get("area")
    if area is not None and (not isinstance(area, str) or not area.strip()):
        raise InputError(f"{where}.area: expected the name of the column holding each record's area, such as District, found {describe(area)}")
    source = _source(entry, folder, where)
    if area is not None and area.strip() == DISTRICT and source.layout is POLICE_UK:
        return replace(source, area=source.layout.column("area"), district=True)  # police.uk: "Cambridge 007A" → "Cambridge"
    return source if area is None else replace(source, area=source.layout.column(area.strip()))


def _source(entry: Mapping[str, object], folder: Path, where: str) -> RecordSource:
    layout = read_layout(entry, where)
    if ("files" in entry) == ("table" in entry or "connection" in entry):
        raise InputError(f"{where}: give either files (globs of CSV, Parquet or Excel files) or a table and its connection")
    if "files" not in entry:
        return _warehouse(entry, layout, where)
    patterns = entry["files"]
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise InputError(f"{where}.files: expected a list of file names or globs, such as [\"crimes/*.csv\"], found {describe(entry['files'])}")
    files: list[Path] = []
    for pattern in patterns:
        matched = sorted(Path(p) for p in glob.glob(str(folder / pattern), recursive=True) if Path(p).is_file())
        if not matched:
            raise InputError(f"{where}.files: '{pattern}' matches no file in {folder}")
        files += [f for f in matched if f not in files]
    kinds = {KINDS.get(f.suffix.lower()) for f in files}
    if None in kinds:
        other = next(f for f in files if f.suffix.lower() not in KINDS)
        raise InputError(f"{other}: records must be .csv, .parquet or .xlsx files, not '{other.suffix or 'no extension'}'")
    if len(kinds) > 1:
        raise InputError(f"{where}.files: the files of one input must be of one kind (all CSV, all Parquet or all Excel)")
    name = ", ".join(str(folder / p) for p in patterns)
    return RecordSource(name, layout, files=tuple(files), kind=kinds.pop())


def _warehouse(entry: Mapping[str, object], layout: Layout, where: str) -> RecordSource:
    for key in ("table", "connection"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise InputError(f"{where}: a warehouse input needs {key} (text), found {describe(entry.get(key))}")
    url = urlsplit(entry["connection"])
    if url.scheme not in CONNECTIONS:
        raise InputError(f"{where}.connection: '{url.scheme or entry['connection']}' is not a database Narrator can reach; use postgresql://user@host:port/database")
    user, at, host = url.netloc.rpartition("@")
    if url.password is not None:  # never shown in a message
        user = user.split(":", 1)[0] + ":***"
    shown = urlunsplit(url._replace(netloc=f"{user}{at}{host}"))
    return RecordSource(f"table {entry['table']} at {shown}", layout, table=entry["table"], connection=entry["connection"])


def open_backend(source: RecordSource) -> Backend:
    if source.files:
        from .files import FileRecords

        return FileRecords(source)
    from .warehouse import WarehouseRecords

    return WarehouseRecords(source)


def aggregate(source: RecordSource, measures: Mapping[str, Measure], catalogue: Path, force: str | None,
              notify: Notify | None = None, *, settings: str = "report.yaml") -> MonthlyTable:
    """Every measure with a records rule, by month, from one query; problems are InputErrors.

    ``catalogue`` and ``settings`` name measures.yaml and report.yaml in messages; ``notify``
    receives the notes of rows set aside.
    """
    rules = [(m.id, m.records) for m in measures.values() if m.records is not None]
    if not rules:
        raise InputError(f"{catalogue}: no measure has a records: entry saying how it is counted, so the records input {source.name} is not used")
    layout = source.layout
    if "force" in layout.columns and not force:
        raise InputError(f"{settings}: report.force is needed: {layout.name} sets aside rows whose '{layout.column('force')}' names another force")
    backend = open_backend(source)
    _check_columns(backend.columns(), source, rules, catalogue)
    if source.area is not None and not force:
        raise InputError(f"{settings}: report.force is needed: records counted by area are also counted for the force as a whole, named as report.force")
    query, result, totals = _count(backend, layout, rules, force if "force" in layout.columns else None, source)
    kept, bad_month, no_month, other_force = totals[1:len(FIXED)]
    if not kept and other_force and not bad_month:  # the force as the analyst writes it ("Kent Police" for "Kent")
        column = layout.column("force")
        names = sorted(str(row[0]).strip() for row in backend.run(values_sql(backend.source, column)) if row[0] is not None and str(row[0]).strip())
        how = f"set report.force to one of them (the name may end in {SUFFIX_WORDS})"
        chosen = choose(force, names, Choice(f"{settings}: report.force '{force}'", "forces", f"column '{column}' of {source.name}", how))
        query, result, totals = _count(backend, layout, rules, chosen, source)
        kept, bad_month, no_month, other_force = totals[1:len(FIXED)]
    if bad_month:
        place, text = backend.first_bad_month(layout)
        raise InputError(
            f"{place}: column '{layout.column('month')}': {text!r} is not a month or a date ({MONTH_FORMS}); "
            f"{bad_month} {'row has' if bad_month == 1 else 'rows have'} such a month"
        )
    if not kept and other_force:
        raise InputError(f"{settings}: report.force '{force}' occurs nowhere in column '{layout.column('force')}' of {source.name}{_nearest(backend, layout.column('force'), force)}")
    if not kept:
        raise InputError(f"{source.name}: no records with a month")
    for check in query.checks:
        _check_value(check, totals, rules, source, backend, catalogue)
    if notify is not None:
        for count, why in ((no_month, "with no month"), (other_force, f"of another force ('{layout.column('force')}' is not {force})")):
            if count:
                notify(f"{source.name}: {count:,} {'row' if count == 1 else 'rows'} {why} set aside")
    if source.area is not None:
        return _by_area(result, query.outputs, source, force, notify)
    return _table(result, query.outputs, source)


def _count(backend: Backend, layout: Layout, rules: Sequence[tuple[str, RecordRule]], force: str | None,
           source: RecordSource) -> tuple:
    """The query counting every rule (the rows of ``force`` only), its result and the result's column totals."""
    query = plan(backend.source, layout, rules, force, source.area, district=source.district)
    result = backend.run(query.sql)
    width = (len(result[0]) - (source.area is not None)) if result else len(FIXED)  # the area column is no total
    totals = [0] + [sum(int(row[i] or 0) for row in result) for i in range(1, width)]  # by result column; 0 is the month
    return query, result, totals


def _check_columns(present: Sequence[str], source: RecordSource, rules: Sequence[tuple[str, RecordRule]], catalogue: Path) -> None:
    layout = source.layout
    for name in ("month", "id", "force"):
        if name in layout.columns and layout.column(name) not in present:
            column = layout.column(name)
            raise InputError(f"{source.name}: no column '{column}' (the {name} column of {layout.name}); columns found: {', '.join(present)}")
    if source.area is not None and source.area not in present:
        raise InputError(f"{source.name}: no column '{source.area}' (inputs.records.area){suggestion(source.area, present)}; columns found: {', '.join(present)}")
    for measure_id, rule in rules:
        for condition in rule.conditions():
            column = layout.column(condition.column)
            if column not in present:
                # a layout's column missing is the file's fault: list what it has; a name of the analyst's may be a typo
                mapped = condition.column in layout.columns
                raise InputError(
                    f"{catalogue}: measure '{measure_id}': records.{condition.part}.{condition.column}: no column '{column}'"
                    + (f" (the {condition.column} column of {layout.name}) in {source.name}; columns found: {', '.join(present)}"
                       if mapped else f" in {source.name}{suggestion(column, present)}")
                )


def _check_value(check: Check, totals: Sequence[int], rules: Sequence[tuple[str, RecordRule]], source: RecordSource,
                 backend: Backend, catalogue: Path) -> None:
    """A value or pattern must match some row a measure naming it counts."""
    for measure_id, rule in rules:
        for condition in rule.conditions():
            if source.layout.column(condition.column) != check.column or (check.value, check.like) not in condition.named():
                continue
            if totals[check.rows if rule.incidents else check.crimes]:
                continue
            here = f"{catalogue}: measure '{measure_id}': records.{condition.part}.{condition.column}"
            what = f"the pattern {check.value!r} matches nothing" if check.like else f"{check.value!r} occurs nowhere"
            if not rule.incidents and totals[check.rows]:
                raise InputError(
                    f"{here}: {check.value!r} occurs in column '{check.column}' of {source.name} only in rows without "
                    f"a '{source.layout.column('id')}' (incidents, not crimes); add incidents: true to the measure's records to count them"
                )
            raise InputError(f"{here}: {what} in column '{check.column}' of {source.name}{_nearest(backend, check.column, check.value)}")


def _nearest(backend: Backend, column: str, value: str) -> str:
    """"; the nearest values that occur: 'a', 'b', 'c'" from the column's distinct values."""
    values = sorted(str(row[0]) for row in backend.run(values_sql(backend.source, column)) if row[0] is not None and str(row[0]).strip())
    if not values:
        return f"; the column '{column}' is empty"
    near = difflib.get_close_matches(value, values, n=3, cutoff=0.0) or values[:3]
    return "; the nearest values that occur: " + ", ".join(repr(v) for v in near)


def _table(result: Sequence[tuple], outputs: Sequence, source: RecordSource, area: str = "",
           months: Sequence[str] | None = None, empty: list | None = None) -> MonthlyTable:
    """The rows of ``result`` (one per month) as the long table, over ``months`` (default: from the
    first to the last month with a counted row), a month with no row as 0. In an area (``empty``
    given), a rate's month without records in its denominator is left empty, 0 of 0, and listed in ``empty``."""
    by_month = {str(row[0]): row for row in result if row[0] is not None and row[1]}
    months = list(months) if months is not None else _months(min(by_month), max(by_month))
    rows = []
    for output in outputs:
        for month in months:
            row = by_month.get(month)
            value = int(row[output.value] or 0) if row else 0
            if output.denominator is None:
                rows.append((output.measure, month, value, None, area))
                continue
            denominator = int(row[output.denominator] or 0) if row else 0
            if not denominator and empty is not None:
                empty.append((output.measure, month, area))
            elif not denominator:
                raise InputError(
                    f"{source.name}: measure '{output.measure}' has no records in its denominator in {month}"
                    f"{f' in area {area!r}' if area else ''}, so its rate that month is undefined; widen its where or its denominator"
                )
            rows.append((output.measure, month, value, denominator, area))
    return MonthlyTable(tuple(rows), months[0], months[-1])


def _by_area(result: Sequence[tuple], outputs: Sequence, source: RecordSource, force: str, notify: Notify | None) -> MonthlyTable:
    """Each area's table and the force's (which counts every record, with an area or not), over
    the months from the first to the last with a counted record anywhere."""
    kept = [row for row in result if row[0] is not None and row[1]]
    months = _months(min(str(r[0]) for r in kept), max(str(r[0]) for r in kept))
    areas: dict[str, list[tuple]] = {}
    for row in kept:
        areas.setdefault((row[-1] or "").strip(), []).append(row)
    no_area = sum(int(row[1]) for row in areas.pop("", []))
    if not areas:
        raise InputError(f"{source.name}: column '{source.area}' (inputs.records.area) is empty in every record counted")
    if force in areas:
        raise InputError(f"{source.name}: '{force}' is both an area in column '{source.area}' and the force (report.force); rename one")
    if no_area and notify is not None:
        notify(f"{source.name}: {no_area:,} {'record' if no_area == 1 else 'records'} with no '{source.area}' counted for the force only, in no area")
    what = f"the districts of column '{source.area}'" if source.district else f"column '{source.area}'"
    areas = sized(areas, len(months), source.name, what, source.layout is POLICE_UK and not source.district, notify)
    totals: dict[str, list] = {}
    for row in kept:  # the force: every record counted, by month
        total = totals.setdefault(str(row[0]), [row[0], *([0] * (len(row) - 1))])
        for i in range(1, len(row) - 1):
            total[i] += int(row[i] or 0)
    rows = list(_table([tuple(t) for t in totals.values()], outputs, source, force, months).rows)
    empty: list[tuple[str, str, str]] = []
    for name in sorted(areas):
        rows += _table(areas[name], outputs, source, name, months, empty).rows
    empty_rates(empty, source.name, notify)
    return MonthlyTable(tuple(rows), months[0], months[-1])


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while (current := f"{year:04d}-{month:02d}") <= last:
        months.append(current)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def measure_table(folder: Path, notify: Notify | None = None) -> MonthlyTable:
    """The records input of the report in ``folder`` aggregated, without the rest of the project.

    ``narrator measures`` uses this light path (no pandas, no templates); ``narrator build`` reads
    the same entries through narrator.project and the same :func:`aggregate`. report.yaml is read
    by the settings stage (:func:`narrator.settings.reportfile.read_records_settings`).
    """
    settings = read_records_settings(Path(folder))
    settings_path, catalogue = settings.path, settings.catalogue
    source = read_source(settings.records, Path(folder), f"{settings_path}: inputs.records")
    table = aggregate(source, load_catalogue(catalogue), catalogue, settings.force, notify, settings=str(settings_path))
    return replace(table, inputs=(settings_path, catalogue, *source.files))
