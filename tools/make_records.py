#!/usr/bin/env python3
"""Make large crime record files by resampling the real data.police.uk street rows (the five
Cambridgeshire months in ../shared/public-data/police-uk/) over more months and areas.

    python tools/make_records.py --rows 2000000 --out /tmp/narrator-records/records-2m.csv
    python tools/make_records.py --rows 10000000 --out /tmp/narrator-records/records-10m.csv

Never commit the output (write it under /tmp). How it works: the real rows are copied, each copy
shifted to later months and to another area, and thinned to the number of rows asked for:

* copy ``c`` of a real row from the real month ``j`` (0 to 4) lands in month
  ``start + 5 * (c % blocks) + j`` and in area ``c // blocks`` (its LSOA code and name get the
  area's number, so there are more areas), so every five months repeat the real months' mix of
  offences and outcomes and the real month-to-month movements;
* a copy keeps a row when an arithmetic hash of (row, copy) falls below the fraction that gives
  the number of rows asked for, so counts vary from copy to copy, and two runs give the same file.

Every other column (Crime ID, Falls within, Crime type, Last outcome category…) is the real
row's. :func:`resample` is also what the tests use to make a small record set of 24+ months.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_MONTHS = 5  # the shared street files: 2018-10 to 2019-02


def shared_street_files() -> list[Path]:
    """The real street files in the nearest ../shared above the repository (a worktree's too)."""
    for folder in ROOT.parents:
        found = sorted((folder / "shared" / "public-data" / "police-uk").glob("*-street.csv"))
        if found:
            return found
    return []


def resample(sources: list[Path], out: Path, *, rows: int, months: int, start: str = "2015-01", threads: int | None = None) -> int:
    """Write about ``rows`` resampled records over ``months`` months (a multiple of 5) to ``out``
    (.csv or .parquet); return the number written."""
    import duckdb

    if months % REAL_MONTHS:
        raise ValueError(f"months must be a multiple of {REAL_MONTHS}")
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {threads}")
    files = "[" + ", ".join(f"'{p}'" for p in sources) + "]"
    con.execute(
        "CREATE TABLE real AS SELECT row_number() OVER (ORDER BY Month, \"Crime ID\" NULLS FIRST, Longitude, Latitude, "
        "Location, \"LSOA code\", \"Crime type\", \"Last outcome category\", Context) - 1 AS k, "
        "dense_rank() OVER (ORDER BY Month) - 1 AS j, * "
        f"FROM read_csv({files}, header = true, all_varchar = true)"
    )
    real = con.execute("SELECT count(*) FROM real").fetchall()[0][0]
    blocks = months // REAL_MONTHS
    copies = max(blocks, blocks * math.ceil(rows / (real * blocks)))
    keep = round(1_000_000 * rows / (real * copies))  # per million
    year, month = int(start[:4]), int(start[5:7])
    first = year * 12 + month - 1
    shifted = f"{first} + {REAL_MONTHS} * (c % {blocks}) + j"
    area = f"c // {blocks}"
    query = f"""
        SELECT "Crime ID",
               printf('%04d-%02d', ({shifted}) // 12, ({shifted}) % 12 + 1) AS "Month",
               "Reported by", "Falls within", Longitude, Latitude, Location,
               CASE WHEN "LSOA code" IS NULL OR {area} = 0 THEN "LSOA code" ELSE "LSOA code" || '-' || ({area}) END AS "LSOA code",
               CASE WHEN "LSOA name" IS NULL OR {area} = 0 THEN "LSOA name" ELSE "LSOA name" || ' area ' || ({area}) END AS "LSOA name",
               "Crime type", "Last outcome category", Context
        FROM range({copies}) AS copies(c), real
        WHERE (k * 2654435761 + c * 40503 + (k * c) % 7919) % 1000000 < {keep}
        ORDER BY c, k
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    fmt = "parquet" if out.suffix == ".parquet" else "csv"
    return con.execute(f"COPY ({query}) TO '{out}' (FORMAT {fmt}{', HEADER' if fmt == 'csv' else ''})").fetchall()[0][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True, help="about how many rows to write")
    parser.add_argument("--months", type=int, default=120, help="months to spread them over (a multiple of 5; default 120)")
    parser.add_argument("--start", default="2010-01", help="first month (default 2010-01)")
    parser.add_argument("--out", type=Path, required=True, help="the .csv or .parquet file to write (under /tmp: never commit it)")
    args = parser.parse_args()
    sources = shared_street_files()
    if not sources:
        raise SystemExit("make_records: no ../shared/public-data/police-uk/*-street.csv found")
    began = time.perf_counter()
    written = resample(sources, args.out, rows=args.rows, months=args.months, start=args.start)
    print(f"wrote {written:,} rows to {args.out} in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
