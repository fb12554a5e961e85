"""Time `narrator build` end to end against Python importing the libraries it uses, the 44 force
reports of the Home Office table in one process, and `narrator measures` on millions of crime
records against a hand-written DuckDB group-by of the same file.

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
# What the default build imports of other libraries (scipy.special for the t and binomial tails; the
# judgement models are fitted in numpy): the time Python takes to import them is what a build is
# measured against.
IMPORTS = "import pandas, jinja2, docx, num2words, yaml, lxml.etree, scipy.special"
SHARED = next((folder / "shared" for folder in ROOT.parents if (folder / "shared").is_dir()), ROOT.parent / "shared")
HOME_OFFICE = SHARED / "public-data" / "police-uk" / "rec-crime-pfa.csv"
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
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def home_office_project(folder: Path) -> Path:
    """Every force's report from the real Home Office table (all crime, burglary, homicide),
    each compared with England and Wales."""
    (folder / "report.yaml").write_text(
        f'report: {{title: "Police recorded crime: {{area}}"}}\nperiod_end: 2018-12\n'
        f"inputs:\n  observations: {{file: {HOME_OFFICE}, layout: home-office-pfa}}\n"
        "areas: {report: all, parent: {name: England and Wales, sum_except: [British Transport Police]}, noun: forces}\n",
        encoding="utf-8")
    (folder / "measures.yaml").write_text(
        "measures:\n"
        "  - {id: all_crime, label: All recorded crime, name: police recorded crime, kind: count, polarity: lower_is_better, "
        "offences: {all_except: [Fraud offences]}}\n"
        "  - {id: burglary, label: Burglary, name: recorded burglaries, kind: count, polarity: lower_is_better, "
        "offences: [Domestic burglary, Non-domestic burglary, Residential burglary, Non-residential burglary], "
        "reclassified: [{month: 2017-04, before: [Domestic burglary, Non-domestic burglary], after: [Residential burglary, Non-residential burglary]}]}\n"
        "  - {id: homicide, label: Homicide, name: homicides, kind: count, polarity: lower_is_better, offences: [Homicide]}\n",
        encoding="utf-8")
    (folder / "commentary.yaml").write_text("period_end: 2018-12\nparagraphs: {}\n", encoding="utf-8")
    return folder


def side_by_side(cases: dict[str, list[str]], runs: int) -> dict[str, float]:
    """The median wall time of each command, the commands taking turns run by run (so a busy
    machine slows them alike)."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, command in cases.items():
            times[name].append(timed(command)[0])
    for name, found in times.items():
        print(f"{name:40} median {statistics.median(found):.2f} s over {runs} runs (min {min(found):.2f}, max {max(found):.2f})")
    return {name: statistics.median(found) for name, found in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, nargs="*", default=[2_000_000, 10_000_000], metavar="ROWS",
                        help="sizes of the record files to time narrator measures on (default: 2 and 10 million)")
    parser.add_argument("--no-records", action="store_true", help="time the build only")
    args = parser.parse_args()
    narrator = [sys.executable, "-m", "narrator.cli", "build"]
    # Byte-compiled first, as pip leaves an installed package (the libraries timed beside it are):
    # with PYTHONDONTWRITEBYTECODE set, Narrator's own modules would otherwise be compiled every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "narrator")], check=True)
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "report.docx")
        print("The default build (the example), against importing the libraries it uses:\n")
        found = side_by_side({
            "import libraries": [sys.executable, "-c", IMPORTS],
            "narrator build (docx)": [*narrator, "--out", out],
            "narrator build --format md": [*narrator, "--format", "md", "--out", out + ".md"],
        }, args.runs)
        for name in ("narrator build (docx)", "narrator build --format md"):
            print(f"{name}: {found[name] / found['import libraries']:.2f}× the imports")
        if HOME_OFFICE.is_file():
            project = home_office_project(Path(folder))
            print(f"\nThe 44 force reports from the Home Office table ({HOME_OFFICE.name}), one process:\n")
            data = ["--data", str(project)]
            batch = side_by_side({
                "one force (docx)": [*narrator, *data, "--area", "Kent", "--out", out],
                "all 44 forces (docx)": [*narrator, *data, "--all-areas", "--out-dir", str(Path(folder) / "docx")],
                "one force (md)": [*narrator, *data, "--area", "Kent", "--out", out + ".md"],
                "all 44 forces (md)": [*narrator, *data, "--all-areas", "--out-dir", str(Path(folder) / "md"), "--format", "md"],
            }, args.runs)
            for fmt in ("docx", "md"):
                each = (batch[f"all 44 forces ({fmt})"] - batch[f"one force ({fmt})"]) / 43
                print(f"{fmt}: {1000 * each:.0f} ms per report after the first")
        else:
            print(f"\n(no {HOME_OFFICE}: the batch of force reports is not timed)")
    if args.no_records:
        return
    print(f"\n20 measures from records, median of {args.runs} runs:\n")
    print("| records | DuckDB group-by (by hand) | `narrator measures` | ratio | peak memory, by hand | peak memory, narrator |")
    print("| --- | --- | --- | --- | --- | --- |")
    for rows in args.records:
        print(bench_records(rows, args.runs), flush=True)


if __name__ == "__main__":
    main()
