"""Time `narrator build` end to end, Python importing the libraries it uses, and `narrator
measures` on millions of crime records against a hand-written DuckDB group-by of the same file.

    python tools/benchmark.py [--runs 5] [--records 2000000 10000000] [--no-records]

Prints the median wall time of each over the runs (fresh processes, so start-up is
included, as an analyst sees it). For records, the files are made by tools/make_records.py under
/tmp/narrator-records (kept for the next run, never committed); the two processes take turns, so
a busy machine slows both alike, and each one's peak memory (maximum resident set) is reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = "import pandas, jinja2, docx, num2words, yaml"
RECORDS = Path("/tmp/narrator-records")
# What an analyst would write by hand: every (month, offence, outcome) count in one group-by.
RAW = """import duckdb, sys
duckdb.sql(f\"SELECT Month, \\"Crime type\\", \\"Last outcome category\\", count(*) FROM read_csv('{sys.argv[1]}') GROUP BY ALL\").fetchall()"""
OFFENCES = (
    "Violence and sexual offences", "Criminal damage and arson", "Vehicle crime", "Other theft", "Burglary", "Shoplifting",
    "Bicycle theft", "Public order", "Other crime", "Drugs", "Theft from the person", "Robbery", "Possession of weapons",
)
CHARGED = (
    "Offender sent to prison", "Offender given community sentence", "Offender given suspended prison sentence",
    "Offender fined", "Offender given conditional discharge", "Offender ordered to pay compensation",
    "Offender otherwise dealt with", "Offender deprived of property",
)


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"benchmark: {' '.join(command)} failed")
    return elapsed, usage.ru_maxrss / 1024


def records_project(folder: Path, records: Path) -> Path:
    """A project of 20 measures over the records: all crime, anti-social behaviour, 13 offences, 5 outcome rates."""
    (folder / "report.yaml").write_text(
        f"report: {{title: Benchmark, force: Cambridgeshire Constabulary}}\nperiod_end: 2019-12\n"
        f"inputs:\n  records: {{files: [\"{records}\"], layout: police-uk}}\n", encoding="utf-8")
    lines = ["outcome_groups:", f"  charged: [{', '.join(CHARGED)}]", "  no_suspect: [\"Investigation complete; no suspect identified\"]", "measures:"]

    def measure(identifier: str, rule: str, kind: str = "count") -> None:
        benchmark = "poisson" if kind == "count" else "two_proportion"
        lines.append(f"  - {{id: {identifier}, label: x, name: x, kind: {kind}, polarity: neutral, benchmark: {benchmark}, records: {rule}}}")

    measure("all_crime.recorded", "{}")
    measure("asb.recorded", "{where: {offence: [Anti-social behaviour]}, incidents: true}")
    for offence in OFFENCES:
        measure(offence.lower().replace(" ", "_") + ".recorded", f'{{where: {{offence: ["{offence}"]}}}}')
    measure("all_crime.charged", "{numerator: {outcome: charged}}", "proportion")
    for name, offence in (("burglary", "Burglary"), ("violence", "Violence and sexual offences"), ("drugs", "Drugs")):
        measure(f"{name}.charged", f'{{where: {{offence: ["{offence}"]}}, numerator: {{outcome: charged}}}}', "proportion")
    measure("theft.no_suspect", '{where: {offence: {like: "%theft%"}}, numerator: {outcome: no_suspect}}', "proportion")
    assert sum(line.startswith("  - ") for line in lines) == 20
    (folder / "measures.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def bench_records(rows: int, runs: int) -> str:
    records = RECORDS / f"records-{rows // 1_000_000}m.csv" if rows % 1_000_000 == 0 else RECORDS / f"records-{rows}.csv"
    if not records.exists():
        subprocess.run([sys.executable, str(ROOT / "tools" / "make_records.py"), "--rows", str(rows), "--out", str(records)], check=True)
    with tempfile.TemporaryDirectory() as folder:
        project = records_project(Path(folder), records)
        raw_command = [sys.executable, "-c", RAW, str(records)]
        ours_command = [sys.executable, "-m", "narrator.cli", "measures", "--data", str(project), "--out", str(project / "o.csv"), "--force"]
        raw, ours = [], []
        for _ in range(runs):
            raw.append(timed(raw_command))
            ours.append(timed(ours_command))
    raw_s, ours_s = statistics.median(t for t, _ in raw), statistics.median(t for t, _ in ours)
    return (f"| {rows / 1e6:g} million rows ({records.stat().st_size / 1e9:.1f} GB CSV) | {raw_s:.2f} s | {ours_s:.2f} s | "
            f"{ours_s / raw_s:.2f}× | {max(m for _, m in raw):.0f} MB | {max(m for _, m in ours):.0f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, nargs="*", default=[2_000_000, 10_000_000], metavar="ROWS",
                        help="sizes of the record files to time narrator measures on (default: 2 and 10 million)")
    parser.add_argument("--no-records", action="store_true", help="time the build only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "report.docx")
        cases = {
            "import libraries": [sys.executable, "-c", IMPORTS],
            "narrator build (docx)": [sys.executable, "-m", "narrator.cli", "build", "--out", out],
            "narrator build --format md": [sys.executable, "-m", "narrator.cli", "build", "--format", "md", "--out", out + ".md"],
        }
        for name, command in cases.items():
            times = [timed(command)[0] for _ in range(args.runs)]
            print(f"{name:28} median {statistics.median(times):.2f} s over {args.runs} runs (min {min(times):.2f}, max {max(times):.2f})")
    if args.no_records:
        return
    print(f"\n20 measures from records, median of {args.runs} runs:\n")
    print("| records | DuckDB group-by (by hand) | `narrator measures` | ratio | peak memory, by hand | peak memory, narrator |")
    print("| --- | --- | --- | --- | --- | --- |")
    for rows in args.records:
        print(bench_records(rows, args.runs), flush=True)


if __name__ == "__main__":
    main()
