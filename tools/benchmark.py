"""Time `narrator build` end to end against two floors (Python importing the design's own libraries,
and importing everything a build imports), the 44 force reports of the Home Office table in one
process, `narrator facts` on catalogues of 1,000 to 15,000 measures, and `narrator measures` on
millions of crime records against a hand-written DuckDB group-by of the same file.

    python tools/benchmark.py [--runs 5] [--measures 1000 5000 15000] [--facts-runs 3]
                              [--records 2000000 10000000] [--no-records] [--no-facts] [--before CHECKOUT]

Prints the median wall time of each over the runs (fresh processes, so start-up is included, as
an analyst sees it), the commands taking turns so that a busy machine slows them alike (with
``--before``, another checkout's build and batch taking their turns beside them), and each
process's peak memory (maximum resident set, ru_maxrss of the child). The scale projects are made
by tools/make_scale_data.py under /tmp/narrator-scale, the record files by tools/make_records.py
under /tmp/narrator-records (both kept for the next run, never committed).
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
# The design's own libraries (the brief names them): the floor a build is measured against.
DESIGN = "import pandas, jinja2, docx, num2words, yaml"
# What a build imports of other libraries, found by building in a child process (the second floor):
# every module of a package outside the standard library, in the order the build imported them.
BUILD_IMPORTS = """import sys
from narrator import cli
cli.main(['build', '--out', sys.argv[1]])
stdlib = set(sys.stdlib_module_names) | {'narrator', '__main__', 'cython_runtime'}
print('MODULES', *(m for m in list(sys.modules) if m.split('.')[0] not in stdlib and not m.startswith('_')))"""
# Import those modules (each as the build did; a module that cannot be imported alone is skipped).
IMPORT_ALL = """import importlib, sys
for name in open(sys.argv[1]).read().split():
    try:
        importlib.import_module(name)
    except Exception:
        pass"""
SCALE = Path("/tmp/narrator-scale")
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


def timed(command: list[str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """Wall time (s), peak memory (MB) and processor time (user + system, s) of one fresh process
    (run in ``cwd``: ``python -m narrator.cli`` there runs that checkout's Narrator).
    On a machine shared with other work the wall time stretches; the processor time much less."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"benchmark: {' '.join(command)} failed")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


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
    raw_s, ours_s = statistics.median(t for t, _, _ in raw), statistics.median(t for t, _, _ in ours)
    return (f"| {rows / 1e6:g} million rows ({records.stat().st_size / 1e9:.1f} GB CSV) | {raw_s:.2f} s | {ours_s:.2f} s | "
            f"{ours_s / raw_s:.2f}× | {max(m for _, m, _ in raw):.0f} MB | {max(m for _, m, _ in ours):.0f} MB |")


def build_imports(out: str, listing: Path) -> list[str]:
    """The top-level libraries (not the standard library's) a build of the example imports; every
    module of theirs it imported is written to ``listing`` for the second floor."""
    done = subprocess.run([sys.executable, "-c", BUILD_IMPORTS, out], cwd=ROOT, capture_output=True, text=True, check=True)
    modules = next(line for line in done.stdout.splitlines() if line.startswith("MODULES ")).split()[1:]
    listing.write_text("\n".join(modules), encoding="utf-8")
    return sorted({m.split(".")[0] for m in modules})


def bench_facts(measures: int, runs: int) -> str:
    """One row of the facts table: the design's import floor, facts --match judgement and the full
    JSON (written to /dev/null), each the median of ``runs`` fresh processes taking turns."""
    project = SCALE / f"measures-{measures}"
    if not (project / "report.yaml").exists():
        subprocess.run([sys.executable, str(ROOT / "tools" / "make_scale_data.py"), str(project), "--measures", str(measures)], check=True)
    facts = [sys.executable, "-m", "narrator.cli", "facts", "--data", str(project), "--format", "json"]
    commands = {"floor": [sys.executable, "-c", DESIGN], "judgement": [*facts, "--match", "judgement"], "full": facts}
    found: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            found[name].append(timed(command))
    wall = {n: statistics.median(t for t, _, _ in found[n]) for n in commands}
    cpu = {n: statistics.median(c for _, _, c in found[n]) for n in commands}
    peak = {n: max(m for _, m, _ in found[n]) for n in commands}
    return (f"| {measures:,} | {wall['floor']:.2f} s ({cpu['floor']:.2f} s) | {wall['judgement']:.2f} s ({cpu['judgement']:.2f} s) | "
            f"{wall['judgement'] / wall['floor']:.1f}× ({cpu['judgement'] / cpu['floor']:.1f}×) | {peak['judgement']:.0f} MB | "
            f"{wall['full']:.2f} s ({cpu['full']:.2f} s) | {peak['full']:.0f} MB |")


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


def side_by_side(cases: dict[str, list[str]], runs: int, before: Path | None = None) -> dict[str, float]:
    """The median wall time of each command, the commands taking turns run by run (so a busy
    machine slows them alike). With ``before`` (another checkout), each Narrator command is also
    run there, as "… (before)", taking its turn beside this one's."""
    cases = {name: (command, ROOT) for name, command in cases.items()}
    if before is not None:
        cases.update({f"{name} (before)": (command, before) for name, (command, _) in list(cases.items())
                      if command[1:3] == ["-m", "narrator.cli"]})
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (command, cwd) in cases.items():
            times[name].append(timed(command, cwd)[0])
    for name, found in times.items():
        print(f"{name:40} median {statistics.median(found):.2f} s over {runs} runs (min {min(found):.2f}, max {max(found):.2f})")
    return {name: statistics.median(found) for name, found in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, nargs="*", default=[2_000_000, 10_000_000], metavar="ROWS",
                        help="sizes of the record files to time narrator measures on (default: 2 and 10 million)")
    parser.add_argument("--no-records", action="store_true", help="leave out the records")
    parser.add_argument("--measures", type=int, nargs="*", default=[1000, 5000, 15000],
                        help="catalogue sizes to time narrator facts on (default: 1,000, 5,000 and 15,000)")
    parser.add_argument("--facts-runs", type=int, default=3, help="runs of each facts command (default 3)")
    parser.add_argument("--no-facts", action="store_true", help="leave out facts at scale")
    parser.add_argument("--before", type=Path, metavar="CHECKOUT",
                        help="another checkout of Narrator (git worktree add, or git archive of a commit) whose build and batch "
                             "are timed beside this one's, taking turns, as '… (before)'")
    args = parser.parse_args()
    if args.before is not None:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.before / "narrator")], check=True)
    narrator = [sys.executable, "-m", "narrator.cli", "build"]
    # Byte-compiled first, as pip leaves an installed package (the libraries timed beside it are):
    # with PYTHONDONTWRITEBYTECODE set, Narrator's own modules would otherwise be compiled every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "narrator")], check=True)
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "report.docx")
        listing = Path(folder) / "modules.txt"
        imports = build_imports(out, listing)
        print(f"The default build (the example), against importing the design's libraries ({DESIGN[7:]}) and "
              f"everything the build imports ({', '.join(imports)}):\n")
        found = side_by_side({
            "import the design's libraries": [sys.executable, "-c", DESIGN],
            "import everything the build does": [sys.executable, "-c", IMPORT_ALL, str(listing)],
            "narrator build (docx)": [*narrator, "--out", out],
            "narrator build --format md": [*narrator, "--format", "md", "--out", out + ".md"],
        }, args.runs, args.before)
        design, everything = found["import the design's libraries"], found["import everything the build does"]
        for name in (n for n in found if n.startswith("narrator build")):
            print(f"{name}: {found[name] / design:.2f}× the design's libraries, {found[name] / everything:.2f}× everything it imports")
        if HOME_OFFICE.is_file():
            project = home_office_project(Path(folder))
            print(f"\nThe 44 force reports from the Home Office table ({HOME_OFFICE.name}), one process:\n")
            data = ["--data", str(project)]
            batch = side_by_side({
                "one force (docx)": [*narrator, *data, "--area", "Kent", "--out", out],
                "all 44 forces (docx)": [*narrator, *data, "--all-areas", "--out-dir", str(Path(folder) / "docx")],
                "one force (md)": [*narrator, *data, "--area", "Kent", "--out", out + ".md"],
                "all 44 forces (md)": [*narrator, *data, "--all-areas", "--out-dir", str(Path(folder) / "md"), "--format", "md"],
            }, args.runs, args.before)
            for fmt in ("docx", "md"):
                for when in ("", " (before)") if args.before else ("",):
                    each = (batch[f"all 44 forces ({fmt}){when}"] - batch[f"one force ({fmt}){when}"]) / 43
                    print(f"{fmt}{when}: {1000 * each:.0f} ms per report after the first")
        else:
            print(f"\n(no {HOME_OFFICE}: the batch of force reports is not timed)")
    if not args.no_facts:
        print(f"\n`narrator facts --format json --match judgement` (and the full JSON) on catalogues of counts, "
              f"rates and surveys (60 months; tools/make_scale_data.py), median of {args.facts_runs} runs:\n")
        print("wall time (processor time, user + system), peak memory:\n")
        print("| measures | design's libraries | `--match judgement` | × the libraries | peak memory | full JSON | peak memory |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for measures in args.measures:
            print(bench_facts(measures, args.facts_runs), flush=True)
    if args.no_records:
        return
    print(f"\n20 measures from records, median of {args.runs} runs:\n")
    print("| records | DuckDB group-by (by hand) | `narrator measures` | ratio | peak memory, by hand | peak memory, narrator |")
    print("| --- | --- | --- | --- | --- | --- |")
    for rows in args.records:
        print(bench_records(rows, args.runs), flush=True)


if __name__ == "__main__":
    main()
