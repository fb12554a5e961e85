"""Running narrator on a hostile file in a process of its own: its exit code, its stderr, and
its peak memory, with a timeout so that a command that would block fails the test instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEAK = ("import resource, sys\nfrom narrator.cli import main\ncode = main(sys.argv[1:])\n"
        "print(f'peak-kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\nsys.exit(code)")
MEMORY_MB = 300


def run_narrator(*args: str, cwd: Path, timeout: float = 120, env: dict | None = None) -> tuple[int, str, float]:
    """(exit code, stderr without the peak line, peak memory in MB) of ``narrator ARGS``."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run([sys.executable, "-c", PEAK, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=environment, stdin=subprocess.DEVNULL)
    lines = done.stderr.splitlines()
    peak = next((int(line.split()[1]) / 1024 for line in lines if line.startswith("peak-kb ")), float("nan"))
    return done.returncode, "\n".join(line for line in lines if not line.startswith("peak-kb ")), peak
