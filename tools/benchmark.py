"""Time `narrator build` end to end, and Python importing the libraries it uses.

    python tools/benchmark.py [--runs 5]

Prints the median wall time of each over the runs (fresh processes, so start-up is
included, as an analyst sees it).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = "import pandas, jinja2, docx, num2words, yaml"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "report.docx")
        cases = {
            "import libraries": [sys.executable, "-c", IMPORTS],
            "narrator build (docx)": [sys.executable, "-m", "narrator.cli", "build", "--out", out],
            "narrator build --format md": [sys.executable, "-m", "narrator.cli", "build", "--format", "md", "--out", out + ".md"],
        }
        for name, command in cases.items():
            times = [timed(command) for _ in range(args.runs)]
            print(f"{name:28} median {statistics.median(times):.2f} s over {args.runs} runs (min {min(times):.2f}, max {max(times):.2f})")


if __name__ == "__main__":
    main()
