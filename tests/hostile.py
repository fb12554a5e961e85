"""Running narrator on a hostile file in a process of its own: its exit code, its stderr, and
its peak memory, with a timeout so that a command that would block fails the test instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The peak is this process's own high-water mark (VmHWM), not getrusage's ru_maxrss, which on Linux
# also counts the forked copy of the (large) test process that ran before exec.
HIGH_WATER = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])"
PEAK = ("import sys\nfrom narrator.cli import main\ncode = main(sys.argv[1:])\n"
        "print('peak-kb', " + HIGH_WATER + ", file=sys.stderr)\nsys.exit(code)")
MEMORY_MB = 300


def run_narrator(*args: str, cwd: Path, timeout: float = 120, env: dict | None = None) -> tuple[int, str, float]:
    """(exit code, stderr without the peak line, peak memory in MB) of ``narrator ARGS``."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run([sys.executable, "-c", PEAK, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=environment, stdin=subprocess.DEVNULL)
    lines = done.stderr.splitlines()
    peak = next((int(line.split()[1]) / 1024 for line in lines if line.startswith("peak-kb ")), float("nan"))
    return done.returncode, "\n".join(line for line in lines if not line.startswith("peak-kb ")), peak
