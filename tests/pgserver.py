"""A private PostgreSQL server for the tests: initdb in a temporary folder, a free port on
127.0.0.1, trust authentication, stopped afterwards. As root (initdb refuses root) the server
runs as the ``postgres`` user that Debian's package creates. :func:`start` returns None (and the
tests skip) only when no server can be started here."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    url: str
    folder: Path
    bin: Path
    user: str | None

    def stop(self) -> None:
        subprocess.run([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"],
                       user=self.user, capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _bin() -> Path | None:
    """Debian's newest server binaries (not on PATH there), else initdb's folder on PATH."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if versions:
        return Path(versions[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start() -> tuple[Server | None, str]:
    """A running server, or None and why not."""
    bin = _bin()
    if bin is None:
        return None, "no PostgreSQL server binaries (Debian's postgresql package) on this machine"
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return None, "running as root, and no postgres user to run the server as"
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="narrator-pg-"))
    if user:
        os.chown(folder, pwd.getpwnam(user).pw_uid, -1)
    port = _free_port()
    data = folder / "data"
    steps = [
        [str(bin / "initdb"), "-D", str(data), "-U", "narrator", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
        [str(bin / "pg_ctl"), "-D", str(data), "-w", "-t", "30", "-l", str(folder / "log"),
         "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
    ]
    for step in steps:
        done = subprocess.run(step, user=user, capture_output=True, text=True, check=False)
        if done.returncode:
            shutil.rmtree(folder, ignore_errors=True)
            return None, f"{Path(step[0]).name} failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}"
    return Server(f"postgresql://narrator@127.0.0.1:{port}/postgres", folder, bin, user), ""
